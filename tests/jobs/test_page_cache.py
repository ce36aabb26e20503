"""Signed-in pages cached whole per reader (issue 19, jobs/web/page_cache.py):
a repeat view is served from the cache in a fixed handful of queries, every
write the page shows gives a fresh page at once, one reader never gets
another's page, each language is its own, flash messages and CSRF stay right."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Education, Visibility
from accounts.services import update_privacy
from jobs.models import Role, Stage
from jobs.selectors.companies import membership_of
from jobs.selectors.page_versions import employer_page_versions, page_versions
from jobs.services.applications import apply_to_role, move_application
from jobs.services.matching import invite_to_apply, refresh_role_matches
from jobs.services.messages import conversation_for_application, mark_read, post_message
from jobs.services.saved import toggle_saved_role
from jobs.services.screening import screen_candidates
from tests.factories import (
    ApplicantFactory,
    CandidateProfileFactory,
    ClosedRoleFactory,
    CompanyFactory,
    DraftRoleFactory,
    EducationFactory,
    ExpiredRoleFactory,
    MembershipFactory,
    PendingRoleFactory,
    RoleFactory,
)
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("jobs:employer_dashboard")
SEARCH = reverse("jobs:role_search") + "?q=robotics"


def _role_url(role) -> str:
    return reverse("jobs:role_detail", args=[role.pk])


def _matches_url(role) -> str:
    return reverse("jobs:role_matches", args=[role.pk])


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _cached(response) -> bool:
    """Served from the page cache: no template was rendered for it."""
    return response.context is None


def _sign_in(client, user) -> None:
    """Signed in with a CSRF cookie, as a browser is after its first page (a
    page is cached per CSRF secret; a request without one is not cached)."""
    client.force_login(user)
    assert "csrftoken" in _get(client, reverse("home")).cookies


def _seeker(client):
    profile = CandidateProfileFactory(hsk_level=3)
    EducationFactory(profile=profile, level="master", field="Robotics")
    screen_candidates(profile_ids=[profile.pk])
    _sign_in(client, profile.user)
    return profile


def _member(client, **membership):
    member = MembershipFactory(**membership)
    _sign_in(client, member.user)
    return member


def _hit_queries(client, url) -> int:
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert _cached(_get(client, url))
    return len(queries)


# --- served from the cache, in a fixed number of queries -------------------------


def test_repeat_views_are_cached_in_few_queries_whatever_the_data(client):
    """Session, user, and one statement for the page's key (the versions with
    the role stamp, the membership, the rules stamp or the search fingerprint
    in it): the same with 1 or 8 roles, matches, applicants."""
    member = _member(client)
    company = member.company
    role = RoleFactory(company=company, title="Robotics engineer", skills=["Python"])

    def counts(seeker_client):
        return {
            "dashboard": _hit_queries(client, DASHBOARD),
            "matches": _hit_queries(client, _matches_url(role)),
            "role": _hit_queries(seeker_client, _role_url(role)),
            "search": _hit_queries(seeker_client, SEARCH),
        }

    seeker_client = Client()
    _seeker(seeker_client)
    _candidate()
    refresh_role_matches(role_id=role.pk)
    few = counts(seeker_client)
    for n in range(7):
        RoleFactory(company=company, title=f"Robotics lead {n}", skills=["Python"])
        ApplicantFactory(role=role)
        _candidate()
    refresh_role_matches(role_id=role.pk)
    many = counts(seeker_client)
    assert few == many
    assert many == {"dashboard": 3, "matches": 3, "role": 3, "search": 3}, many


def test_the_role_stamp_sees_exactly_the_public_roles():
    """The stamp's SQL repeats `Role.objects.public()`: it must agree with it."""
    today = timezone.localdate()
    user = CandidateProfileFactory().user
    roles = [
        RoleFactory(),
        DraftRoleFactory(),
        PendingRoleFactory(),
        ClosedRoleFactory(),
        ExpiredRoleFactory(),
        RoleFactory(valid_until=today - timezone.timedelta(days=1)),
        RoleFactory(valid_until=today),
        RoleFactory(company=CompanyFactory(verified_at=None)),
    ]
    public = set(Role.objects.public().values_list("pk", flat=True))
    assert len(public) == 2
    for role in roles:
        stamp = page_versions(user_id=user.pk, public_role_id=role.pk, today=today)
        assert (stamp is not None) == (role.pk in public), role
    before = page_versions(user_id=user.pk, public_role_id=roles[0].pk, today=today)
    roles[0].save()
    after = page_versions(user_id=user.pk, public_role_id=roles[0].pk, today=today)
    assert before != after


def test_the_employer_versions_name_the_membership_the_pages_use():
    member = MembershipFactory()
    found = employer_page_versions(user_id=member.user.pk)
    membership = membership_of(member.user)
    assert found[:2] == (membership.company_id, membership.role)
    assert employer_page_versions(user_id=CandidateProfileFactory().user.pk) is None


# --- every write the page shows gives a fresh page at once -----------------------


def test_a_new_application_appears_on_the_dashboard_at_once(client):
    member = _member(client)
    role = RoleFactory(company=member.company)
    assert _get(client, DASHBOARD).context["dashboard"].open_roles[0].applicants == 0
    assert _cached(_get(client, DASHBOARD))
    seeker = CandidateProfileFactory().user
    apply_to_role(role=role, user=seeker, cover_note="")
    response = _get(client, DASHBOARD)
    assert not _cached(response)
    assert response.context["dashboard"].open_roles[0].applicants == 1


def test_a_stage_move_and_a_re_screening_show_on_the_dashboard(client):
    member = _member(client)
    role = RoleFactory(company=member.company)
    application = ApplicantFactory(role=role, outcome="likely")

    def outlook():
        response = _get(client, DASHBOARD)
        assert not _cached(response)
        return {o.outcome: o.candidates for o in response.context["dashboard"].outlook}

    assert outlook()["likely"] == 1
    _get(client, DASHBOARD)
    # Screened again by the pipeline (a bulk write, no model signal): the
    # applicant, without a degree or post now, is no longer "likely".
    Education.objects.filter(profile__user=application.candidate).delete()
    screen_candidates(profile_ids=[application.candidate.profile.pk])
    assert outlook().get("likely", 0) == 0
    _get(client, DASHBOARD)
    move_application(application=application, stage=Stage.INTERVIEW, by=member.user)
    assert not _cached(_get(client, DASHBOARD))


def test_matches_page_follows_new_matches_hidden_profiles_and_invitations(client):
    member = _member(client)
    role = RoleFactory(company=member.company, skills=["Python"])
    first = _candidate()
    refresh_role_matches(role_id=role.pk)
    assert len(_get(client, _matches_url(role)).context["rows"]) == 1
    assert _cached(_get(client, _matches_url(role)))

    second = _candidate()
    refresh_role_matches(role_id=role.pk)
    response = _get(client, _matches_url(role))
    assert {m.profile_id for m, *_ in response.context["rows"]} == {
        first.pk,
        second.pk,
    }

    # Hidden by the candidate: gone from the page before any refresh.
    update_privacy(
        profile=second,
        visibility=Visibility.HIDDEN,
        consent_share=False,
        consent_cross_border=False,
    )
    response = _get(client, _matches_url(role))
    assert [m.profile_id for m, *_ in response.context["rows"]] == [first.pk]

    invite_to_apply(role=role, profile=first, message="", user=member.user)
    response = _get(client, _matches_url(role))
    assert not _cached(response)
    assert first.pk in response.context["invited"]


def test_role_page_shows_saving_applying_and_edits_at_once(client):
    role = RoleFactory(title="Robotics engineer")
    profile = _seeker(client)
    assert not _get(client, _role_url(role)).context["saved"]
    assert _cached(_get(client, _role_url(role)))
    toggle_saved_role(user=profile.user, role=role)
    assert _get(client, _role_url(role)).context["saved"]
    apply_to_role(role=role, user=profile.user, cover_note="")
    assert _get(client, _role_url(role)).context["application"] is not None
    _get(client, _role_url(role))
    role.title = "Senior robotics engineer"
    role.save()
    assert "Senior robotics engineer" in _get(client, _role_url(role)).text


def test_unread_badge_follows_new_messages_and_reading(client):
    member = MembershipFactory()
    role = RoleFactory(company=member.company, title="Robotics engineer")
    profile = _seeker(client)
    application = apply_to_role(role=role, user=profile.user, cover_note="")
    conversation = conversation_for_application(application=application)
    assert 'id="unread-messages"' not in _get(client, SEARCH).text
    assert _cached(_get(client, SEARCH))
    post_message(conversation=conversation, sender=member.user, body="Hello")
    assert 'id="unread-messages"' in _get(client, SEARCH).text
    mark_read(conversation=conversation, side="candidate")
    assert 'id="unread-messages"' not in _get(client, SEARCH).text


# --- one reader's page is never another's ------------------------------------------


def test_members_of_one_company_never_get_each_others_pages(client):
    first = _member(client)
    role = RoleFactory(company=first.company, skills=["Python"])
    _candidate()
    refresh_role_matches(role_id=role.pk)
    other = Client()
    second = _member(other, company=first.company)
    for url in (DASHBOARD, _matches_url(role), SEARCH):
        _get(client, url)
        assert _cached(_get(client, url))
        response = _get(other, url)
        assert not _cached(response)
        assert second.user.email in response.text
        assert first.user.email not in response.text


def test_seekers_never_get_each_others_role_page(client):
    role = RoleFactory()
    first = _seeker(client)
    toggle_saved_role(user=first.user, role=role)
    assert _get(client, _role_url(role)).context["saved"]
    assert _cached(_get(client, _role_url(role)))
    other = Client()
    second = _seeker(other)
    response = _get(other, _role_url(role))
    assert not response.context["saved"]
    assert second.user.email in response.text
    assert first.user.email not in response.text


# --- languages, flash messages, CSRF -----------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "matches", "role", "search"])
def test_each_language_is_cached_on_its_own(client, page):
    if page in ("dashboard", "matches"):
        member = _member(client)
        role = RoleFactory(company=member.company, skills=["Python"])
        _candidate()
        refresh_role_matches(role_id=role.pk)
        url = DASHBOARD if page == "dashboard" else _matches_url(role)
    else:
        role = RoleFactory(title="Robotics engineer")
        _seeker(client)
        url = _role_url(role) if page == "role" else SEARCH
    with translation.override("zh-hans"):
        messages_zh = translation.gettext("Messages")
    english = _get(client, url, HTTP_ACCEPT_LANGUAGE="en").text
    chinese = _get(client, url, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert '<html lang="en"' in english
    assert '<html lang="zh-hans"' in chinese
    assert messages_zh in chinese
    assert messages_zh not in english
    again_en = _get(client, url, HTTP_ACCEPT_LANGUAGE="en")
    again_zh = _get(client, url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert _cached(again_en)
    assert _cached(again_zh)
    assert again_en.text == english
    assert again_zh.text == chinese


def test_a_request_without_a_csrf_cookie_is_not_cached(client):
    """Its page gets a new CSRF secret: a stored page's tokens would not match."""
    role = RoleFactory()
    _seeker(client)
    _get(client, _role_url(role))
    assert _cached(_get(client, _role_url(role)))
    client.cookies.pop("csrftoken")
    response = _get(client, _role_url(role))
    assert not _cached(response)
    assert "csrftoken" in response.cookies
    client.cookies.pop("csrftoken")
    assert not _cached(_get(client, _role_url(role)))


def test_a_page_with_a_flash_message_is_shown_once_and_not_cached(client):
    role = RoleFactory()
    _seeker(client)
    _get(client, _role_url(role))
    response = client.post(reverse("jobs:role_save", args=[role.pk]), follow=True)
    assert "Role saved." in response.text
    again = _get(client, _role_url(role))
    assert "Role saved." not in again.text


def test_a_cached_page_carries_a_valid_csrf_token():
    client = Client(enforce_csrf_checks=True)
    role = RoleFactory()
    _seeker(client)
    _get(client, _role_url(role))
    cached = _get(client, _role_url(role))
    assert _cached(cached)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached.text)[1]
    response = client.post(
        reverse("jobs:role_save", args=[role.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
