"""Applications: apply once, withdraw, stages with emails, privacy, access, saved items."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts.services import delete_account
from jobs.models import Application, ApplicationEvent, SavedRole, SavedSearch, Stage
from jobs.services.saved import send_saved_search_emails
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    EmployerFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db


def test_seeker_applies_once_with_friendly_message(client):
    role = RoleFactory()
    seeker = CandidateProfileFactory().user
    client.force_login(seeker)
    url = reverse("jobs:role_apply", args=[role.pk])
    response = client.post(url, {"cover_note": "I love robots."}, follow=True)
    assert "was sent" in response.text
    response = client.post(url, {"cover_note": "Again"}, follow=True)
    assert response.status_code == 200
    assert "already applied" in response.text
    assert Application.objects.get().cover_note == "I love robots."


def test_one_application_per_role_is_a_database_constraint():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError):
        Application.objects.create(
            role=application.role, candidate=application.candidate
        )


def test_the_role_comes_from_the_url_never_the_form(client):
    role, other = RoleFactory(), RoleFactory()
    client.force_login(SeekerFactory())
    client.post(
        reverse("jobs:role_apply", args=[role.pk]),
        {"role": other.pk, "cover_note": "x"},
    )
    assert list(Application.objects.values_list("role", flat=True)) == [role.pk]


def test_employers_cannot_apply(client):
    role = RoleFactory()
    client.force_login(EmployerFactory())
    assert client.post(reverse("jobs:role_apply", args=[role.pk])).status_code == 403
    assert not Application.objects.exists()


def test_my_applications_and_withdraw(client):
    application = ApplicationFactory(role__title="Chip designer")
    ApplicationFactory(role__title="Someone else's")
    client.force_login(application.candidate)
    response = client.get(reverse("jobs:my_applications"))
    assert "Chip designer" in response.text
    assert "Someone else" not in response.text
    client.post(reverse("jobs:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN


def test_seeker_cannot_withdraw_anothers_application(client):
    application = ApplicationFactory()
    client.force_login(SeekerFactory())
    url = reverse("jobs:application_withdraw", args=[application.pk])
    assert client.post(url).status_code == 404
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_employer_moves_applicant_and_candidate_is_emailed(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory()
    application = ApplicationFactory(role__company=membership.company)
    client.force_login(membership.user)
    url = reverse("jobs:application_detail", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "stage": "interview",
                "note": "Strong on ROS",
                "message": "Tuesday 10:00?",
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    event = ApplicationEvent.objects.get(to_stage=Stage.INTERVIEW)
    assert event.note == "Strong on ROS"
    assert event.by == membership.user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.candidate.email]
    assert "Interview" in mail.outbox[0].subject
    assert "Tuesday 10:00?" in mail.outbox[0].body
    assert "Strong on ROS" not in mail.outbox[0].body  # internal notes stay internal

    client.force_login(application.candidate)
    assert "Interview" in client.get(reverse("jobs:my_applications")).text


def test_stage_email_is_sent_only_after_commit(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory()
    application = ApplicationFactory(role__company=membership.company)
    client.force_login(membership.user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("jobs:application_detail", args=[application.pk]),
            {"stage": "offer"},
        )
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_applicant_page_never_shows_birth_date_or_email(client, private_media):
    membership = MembershipFactory()
    profile = CandidateProfileFactory(
        given_name="Ada", date_of_birth=datetime.date(1990, 12, 10)
    )
    profile.cv.save("cv-1.pdf", ContentFile(b"%PDF-1.4 cv"), save=False)
    profile.cv_filename = "ada.pdf"
    profile.save()
    application = ApplicationFactory(
        role__company=membership.company, candidate=profile.user
    )
    ApplicationEvent.objects.create(
        application=application, to_stage="applied", by=profile.user
    )
    client.force_login(membership.user)
    text = client.get(reverse("jobs:application_detail", args=[application.pk])).text
    assert "Ada" in text
    assert "1990" not in text
    assert profile.user.email not in text
    cv = client.get(reverse("jobs:application_cv", args=[application.pk]))
    assert b"".join(cv.streaming_content) == b"%PDF-1.4 cv"


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("jobs:application_detail", "get"),
        ("jobs:application_detail", "post"),
        ("jobs:application_cv", "get"),
    ],
)
def test_recruiter_gets_404_for_another_companys_applicant(client, url_name, method):
    application = ApplicationFactory()
    client.force_login(MembershipFactory().user)
    response = getattr(client, method)(
        reverse(url_name, args=[application.pk]), {"stage": "rejected"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_seekers_cannot_open_employer_applicant_pages(client):
    application = ApplicationFactory()
    client.force_login(SeekerFactory())
    response = client.get(reverse("jobs:application_detail", args=[application.pk]))
    assert response.status_code == 403


def test_deleting_the_seeker_keeps_an_anonymous_application():
    application = ApplicationFactory(cover_note="My phone is 123")
    ApplicationEvent.objects.create(
        application=application, to_stage="reviewing", note="Called them at 123"
    )
    delete_account(user=application.candidate)
    application.refresh_from_db()
    assert application.candidate is None
    assert application.cover_note == ""
    assert ApplicationEvent.objects.get().note == ""
    assert Application.objects.filter(role=application.role).count() == 1


def test_saved_roles_toggle(client):
    role = RoleFactory()
    seeker = SeekerFactory()
    client.force_login(seeker)
    client.post(reverse("jobs:role_save", args=[role.pk]))
    assert SavedRole.objects.filter(user=seeker, role=role).exists()
    assert role.title in client.get(reverse("jobs:saved")).text
    client.post(reverse("jobs:role_save", args=[role.pk]))
    assert not SavedRole.objects.exists()


def test_saved_search_stores_the_query_and_emails_new_matches(client):
    seeker = SeekerFactory()
    client.force_login(seeker)
    client.post(
        f"{reverse('jobs:saved_search_create')}?q=robot&city=Shenzhen&page=3",
        {"name": "Robots in Shenzhen"},
    )
    saved = SavedSearch.objects.get(user=seeker)
    assert saved.query == "city=Shenzhen&q=robot"
    assert saved.name == "Robots in Shenzhen"

    later = timezone.now() + datetime.timedelta(minutes=1)
    RoleFactory(title="Robot arm engineer", city="Shenzhen", published_at=later)
    RoleFactory(title="Robot arm engineer", city="Beijing", published_at=later)
    RoleFactory(
        title="Robot draft", city="Shenzhen", status="draft", published_at=later
    )
    now = later + datetime.timedelta(minutes=1)
    assert send_saved_search_emails(now=now) == 1
    assert mail.outbox[0].to == [seeker.email]
    assert mail.outbox[0].body.count("Robot arm engineer") == 1
    assert "Robot draft" not in mail.outbox[0].body
    # Nothing new since: no second email.
    assert send_saved_search_emails(now=now + datetime.timedelta(days=1)) == 0
