"""Issue 11, defect 13 (part): Support cannot take over an account, and the admin
log forgets a deleted account."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import CandidateProfile, Education, User
from accounts.services import delete_account
from tests.factories import (
    CandidateProfileFactory,
    EducationFactory,
    SeekerFactory,
    StaffFactory,
    staff_in_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_client(client):
    client.force_login(staff_in_group("Support", email="support@example.com"))
    return client


def test_support_cannot_set_a_seekers_password(support_client):
    seeker = SeekerFactory()
    old_hash = seeker.password
    url = reverse("admin:auth_user_password_change", args=[seeker.pk])
    assert support_client.get(url).status_code == 403
    response = support_client.post(
        url,
        {
            "password1": "new-pass-Support-1",
            "password2": "new-pass-Support-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    assert User.objects.get(pk=seeker.pk).password == old_hash


def test_support_change_form_has_no_password_link_and_keeps_the_email(
    support_client,
):
    seeker = SeekerFactory(email="seeker@example.com")
    url = reverse("admin:accounts_user_change", args=[seeker.pk])
    response = support_client.get(url)
    assert response.status_code == 200
    shown = {
        name
        for _, opts in response.context["adminform"].fieldsets
        for name in opts["fields"]
    }
    assert "password" not in shown
    assert 'href="../password/"' not in response.content.decode()
    # Read-only: a new email would let Support reset the password into it.
    assert "email" not in response.context["adminform"].form.fields
    response = support_client.post(
        url,
        {
            "email": "support-mailbox@example.com",
            "name": "Changed",
            "account_type": "seeker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.email == "seeker@example.com"
    assert seeker.name == "Changed"  # Support still helps with the rest


def test_support_cannot_move_a_profile_to_another_account(support_client):
    profile = CandidateProfileFactory()
    url = reverse("admin:accounts_candidateprofile_change", args=[profile.pk])
    form = support_client.get(url).context["adminform"].form
    assert "user" not in form.fields


def test_superuser_still_sets_passwords(client):
    client.force_login(StaffFactory())
    seeker = SeekerFactory()
    url = reverse("admin:auth_user_password_change", args=[seeker.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "password1": "new-pass-Admin-1",
            "password2": "new-pass-Admin-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=seeker.pk).check_password("new-pass-Admin-1")


def _log(obj, user, *, message="[]") -> LogEntry:
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        action_flag=CHANGE,
        change_message=message,
    )


def test_account_deletion_scrubs_the_admin_log():
    staff = StaffFactory()
    profile = CandidateProfileFactory(
        user=SeekerFactory(email="ada.lovelace@example.com"),
        given_name="Ada",
        family_name="Lovelace",
    )
    degree = EducationFactory(profile=profile, institution="Analytical College")
    user_entry = _log(
        profile.user, staff, message='[{"changed": {"fields": ["Name"]}}]'
    )
    profile_entry = _log(
        profile,
        staff,
        message=json.dumps([{"added": {"name": "education", "object": str(degree)}}]),
    )
    degree_entry = _log(degree, staff)
    other = _log(SeekerFactory(email="grace@example.com"), staff)

    delete_account(user=profile.user)

    scrubbed = LogEntry.objects.filter(
        pk__in=[user_entry.pk, profile_entry.pk, degree_entry.pk]
    )
    assert scrubbed.count() == 3
    for entry in scrubbed:
        assert entry.object_repr == "deleted account"
        text = entry.object_repr + entry.change_message
        assert "ada.lovelace" not in text
        assert "Lovelace" not in text
        assert "Analytical College" not in text
    # What changed is kept, without names.
    assert LogEntry.objects.get(pk=user_entry.pk).get_change_message() != ""
    assert LogEntry.objects.get(pk=other.pk).object_repr == "grace@example.com"
    assert not CandidateProfile.objects.filter(pk=profile.pk).exists()
    assert not Education.objects.filter(pk=degree.pk).exists()


def test_account_deletion_scrubs_log_rows_of_other_objects_naming_the_email():
    staff = StaffFactory()
    seeker = SeekerFactory(email="linus@example.com")
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(candidate=seeker)
    entry = _log(application, staff)  # "linus@example.com → Robotics engineer 3"
    assert "linus@example.com" in entry.object_repr
    delete_account(user=seeker)
    entry.refresh_from_db()
    assert "linus" not in entry.object_repr
