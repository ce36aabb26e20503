""" "My data" exports everything the portal holds about the person (PIPL's right
of access), and nothing about anyone else.

The first test walks every installed model: each relation to a person (a user, a
candidate profile, an application, an email address) must be exported by a
registered section or declared not exported with a reason, so a new personal
model fails here until someone decides which it is.
"""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.exports import not_exported, sections
from accounts.models import Visibility
from accounts.services import export_data
from jobs.models import Application, Invitation, ScreeningChange
from jobs.services.applications import (
    apply_to_role,
    move_application,
    withdraw_application,
)
from jobs.services.matching import (
    invite_to_apply,
    record_profile_view,
    refresh_cards,
    refresh_role_matches,
)
from jobs.services.saved import save_search, toggle_saved_role
from jobs.services.screening import screen_candidates
from tests.factories import (
    CandidateProfileFactory,
    EducationFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

PERSON_MODELS = (
    "accounts.User",
    "accounts.CandidateProfile",
    "jobs.Application",
    "account.EmailAddress",
)


def _relations_to_a_person() -> set[str]:
    targets = {apps.get_model(label) for label in PERSON_MODELS}
    found = set()
    for model in apps.get_models():
        fields = [
            *model._meta.concrete_fields,
            *model._meta.local_many_to_many,
        ]
        for field in fields:
            if field.is_relation and field.related_model in targets:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def _declared() -> tuple[set[str], dict[str, str]]:
    covered = {relation for s in sections() for relation in s.covers}
    return covered, not_exported()


def test_every_relation_to_a_person_is_exported_or_documented():
    covered, excluded = _declared()
    undecided = _relations_to_a_person() - covered - set(excluded)
    assert not undecided, (
        "Personal data neither exported nor documented as not exported: "
        f"{sorted(undecided)}. Register an export section (accounts/exports.py) "
        "or declare_not_exported() with the reason."
    )
    assert not covered & set(excluded)
    assert all(len(why) > 40 for why in excluded.values())


def test_declarations_name_real_models_and_fields():
    covered, excluded = _declared()
    for entry in covered | set(excluded):
        app_label, model_name, *field = entry.split(".")
        model = apps.get_model(app_label, model_name)
        if field:
            model._meta.get_field(field[0])


def test_the_walk_finds_what_it_should():
    # Guards the guard: if the walk found nothing it would pass vacuously.
    found = _relations_to_a_person()
    assert {
        "jobs.ApplicationEvent.application",  # via Application
        "accounts.Skill.profiles",  # a many-to-many
        "jobs.HistoricalApplication.candidate",  # simple_history's copy
        "mfa.Authenticator.user",
    } <= found


@pytest.fixture
def world(private_media):
    """A seeker with everything the portal can hold about them, and a recruiter."""
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
        desired_cities="Shanghai",
    )
    EducationFactory(profile=profile, field="Robotics")
    profile.cv.save("cv-1.pdf", ContentFile(b"%PDF-1.4 cv\n%%EOF"), save=False)
    profile.cv_filename = "résumé.svg"
    profile.save()
    seeker = profile.user
    recruiter = MembershipFactory(
        role="recruiter", user__email="recruiter.wang@labs.example"
    ).user
    recruiter.name = "Wang Recruiter"
    recruiter.save()
    company = recruiter.membership.company
    role = RoleFactory(company=company, title="Robot whisperer", city="Shanghai")
    other_role = RoleFactory(company=company, title="Second role")

    application = apply_to_role(role=role, user=seeker, cover_note="I build robots.")
    move_application(
        application=application,
        stage="interview",
        note="INTERNAL: strong but pricey",
        message="Please come on Monday.",
        by=recruiter,
    )
    withdraw_application(
        application=apply_to_role(role=other_role, user=seeker, cover_note="")
    )
    toggle_saved_role(user=seeker, role=role)
    save_search(user=seeker, data=QueryDict("q=robots&city=Shanghai"), name="Robots")
    screen_candidates(profile_ids=[profile.pk])
    refresh_cards(profile_ids=[profile.pk])
    refresh_role_matches(role_id=role.pk)
    invite_to_apply(
        role=other_role, profile=profile, message="Join us!", user=recruiter
    )
    record_profile_view(profile=profile, company=company, viewer=recruiter, role=role)
    Invitation.objects.create(
        company=company, email=seeker.email, token="t" * 40, invited_by=recruiter
    )
    TOTP.activate(seeker, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    # Someone else applying to the same role must not appear in the seeker's export.
    stranger = CandidateProfileFactory(given_name="Stranger")
    apply_to_role(role=role, user=stranger.user, cover_note="STRANGER'S NOTE")
    return {"seeker": seeker, "recruiter": recruiter, "role": role, "profile": profile}


@pytest.mark.django_db
def test_export_holds_every_section_of_the_seekers_data(client, world):
    client.force_login(world["seeker"])
    response = client.post(reverse("accounts:my_data_export"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("data.json"))
        # The CV under its label with the content's extension, never `.svg`.
        assert archive.read("cv/résumé.pdf") == b"%PDF-1.4 cv\n%%EOF"

    applied, withdrawn = data["applications"]
    assert applied["role"] == "Robot whisperer"
    assert applied["cover_note"] == "I build robots."
    assert applied["stage"] == "interview"
    assert [c["to_stage"] for c in applied["stage_changes"]] == ["applied", "interview"]
    assert applied["stage_changes"][1]["message"] == "Please come on Monday."
    assert applied["stage_changes"][1]["by"] == world["role"].company.name
    assert withdrawn["stage_changes"][-1] == {
        **withdrawn["stage_changes"][-1],
        "to_stage": "withdrawn",
        "by": "you",
    }
    assert [s["role"] for s in data["saved_roles"]] == ["Robot whisperer"]
    assert data["saved_searches"][0]["name"] == "Robots"
    assert "robots" in data["saved_searches"][0]["query"]

    screening = data["screening"]
    assert screening["current"]["outcome"]
    assert screening["current"]["result"]
    assert len(screening["history"]) == ScreeningChange.objects.count() >= 1
    assert data["matching"]["card"]["desired_cities"]
    assert data["matching"]["scores"][0]["role"] == "Robot whisperer"
    assert data["matching"]["scores"][0]["score"] > 0
    assert data["apply_invitations"][0]["message"] == "Join us!"
    assert data["profile_views"] == [
        {
            "company": world["role"].company.name,
            "role": "Robot whisperer",
            "viewed_at": data["profile_views"][0]["viewed_at"],
        }
    ]
    assert data["team"]["invitations_received"][0]["company"]
    assert data["two_factor"][0]["type"] == "totp"
    assert data["profile"]["education"][0]["field"] == "Robotics"
    assert data["account"]["email"] == world["seeker"].email


@pytest.mark.django_db
def test_export_leaks_nothing_about_other_people_or_secrets(world):
    text = json.dumps(export_data(user=world["seeker"]), ensure_ascii=False)
    recruiter = world["recruiter"]
    assert recruiter.email not in text
    assert recruiter.name not in text
    assert "INTERNAL" not in text  # the team's note stays with the team
    assert "STRANGER" not in text
    assert "Stranger" not in text
    assert "JBSWY3DPEHPK3PXP" not in text  # the TOTP seed
    assert "t" * 40 not in text  # the team invitation's token


@pytest.mark.django_db
def test_employer_export_holds_their_membership(world):
    data = export_data(user=world["recruiter"])
    assert data["team"]["membership"]["role"] == "recruiter"
    assert data["profile"] is None
    assert data["applications"] == []
    # A recruiter's export is theirs: not the candidates they worked on.
    assert world["seeker"].email not in json.dumps(data)


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_applications(
    world, django_assert_max_num_queries
):
    seeker = world["seeker"]
    with CaptureQueriesContext(connection) as few:
        export_data(user=seeker)
    for _ in range(5):
        apply_to_role(role=RoleFactory(), user=seeker, cover_note="more")
    with django_assert_max_num_queries(len(few.captured_queries)):
        export_data(user=seeker)
    assert Application.objects.filter(candidate=seeker).count() == 7


@pytest.mark.django_db
def test_email_addresses_and_profile_are_only_the_users(world):
    data = export_data(user=world["seeker"])
    assert [e["email"] for e in data["account"]["email_addresses"]] == list(
        EmailAddress.objects.filter(user=world["seeker"]).values_list(
            "email", flat=True
        )
    )
    assert data["profile"]["given_name"] == world["profile"].given_name
    assert data["profile"]["given_name"] != "Stranger"


def _export(client) -> dict:
    response = client.post(reverse("accounts:my_data_export"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("data.json"))


@pytest.mark.django_db
def test_emails_to_the_person_are_exported_without_their_bodies(client):
    from jobs.selectors.outbox import addressed_to
    from tests.factories import OutboxEmailFactory

    seeker = SeekerFactory(email="Ada@Example.com")
    OutboxEmailFactory(recipients=["ada@example.com"], subject="Your stage", body="x")
    OutboxEmailFactory(recipients=["other@example.com"], subject="Not hers")
    assert [e.subject for e in addressed_to("ada@example.com")] == ["Your stage"]
    client.force_login(seeker)
    data = _export(client)
    assert [e["subject"] for e in data["emails"]] == ["Your stage"]
    assert "body" not in data["emails"][0]


@pytest.mark.django_db
def test_deleting_an_account_removes_its_address_from_the_outbox():
    from accounts.services import delete_account
    from jobs.models import OutboxEmail
    from tests.factories import OutboxEmailFactory

    seeker = SeekerFactory(email="gone@example.com")
    only = OutboxEmailFactory(recipients=["gone@example.com"])
    shared = OutboxEmailFactory(recipients=["GONE@example.com", "team@example.com"])
    kept = OutboxEmailFactory(recipients=["team@example.com"])
    delete_account(user=seeker)
    assert not OutboxEmail.objects.filter(pk=only.pk).exists()
    shared.refresh_from_db()
    assert shared.recipients == ["team@example.com"]
    assert OutboxEmail.objects.filter(pk=kept.pk).exists()
