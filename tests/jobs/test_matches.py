"""Stored matches: cards, role and candidate refreshes, the matches page, the
employer's view of a candidate (logged), invitations and "Roles for you"."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import LanguageSkill, Visibility
from accounts.services import set_skills
from jobs.models import ApplyInvitation, CandidateCard, Match, ProfileView
from jobs.selectors.matching import explain_matches
from jobs.services.matching import (
    refresh_candidate_matches,
    refresh_cards,
    refresh_role_matches,
)
from jobs.services.screening import screen_candidates
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    CompanyFactory,
    EducationFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db


def _candidate(*, skills=("Python", "ROS", "C++"), visible=True, **profile):
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS if visible else Visibility.HIDDEN,
        consent_share_at=now if visible else None,
        consent_cross_border_at=now if visible else None,
        desired_cities="Shanghai, Beijing",
        salary_expectation_cny=400_000,
        **profile,
    )
    EducationFactory(profile=profile, field="Robotics", level="master")
    LanguageSkill.objects.create(profile=profile, language="en", level="fluent")
    set_skills(profile=profile, names=list(skills))
    screen_candidates(profile_ids=[profile.pk])
    refresh_cards(profile_ids=[profile.pk])
    return profile


@pytest.fixture
def company_client(client):
    member = MembershipFactory()
    client.force_login(member.user)
    client.company = member.company
    return client


def test_card_holds_what_matching_reads():
    profile = _candidate(skills=("Python 3", "k8s"))
    card = CandidateCard.objects.get(profile=profile)
    assert card.skills == ["kubernetes", "python"]
    assert card.highest_degree == "master"
    assert card.english_level == "fluent"
    assert card.desired_cities == ["beijing", "shanghai"]
    assert "08" in card.field_categories
    assert card.discoverable


def test_role_refresh_ranks_discoverable_candidates_and_applicants_only():
    role = RoleFactory(skills=["Python", "ROS", "C++"])
    strong = _candidate()
    weak = _candidate(skills=("Excel",))
    hidden = _candidate(visible=False)
    hidden_applicant = _candidate(visible=False)
    ApplicationFactory(role=role, candidate=hidden_applicant.user)
    assert refresh_role_matches(role_id=role.pk) == 3
    ranked = list(
        Match.objects.filter(role=role, for_role=True)
        .order_by("-score")
        .values_list("profile_id", flat=True)
    )
    assert hidden.pk not in ranked
    assert ranked.index(strong.pk) < ranked.index(weak.pk)
    assert hidden_applicant.pk in ranked
    top = Match.objects.get(role=role, profile=strong)
    explain_matches([top])  # the stored row is the score; the page explains it
    assert "3 of 3 required skills" in top.summary


def test_candidate_refresh_merges_into_roles_and_stores_best_roles():
    good = RoleFactory(skills=["Python", "ROS"])
    other = RoleFactory(skills=["Accounting"], city="Chengdu")
    profile = _candidate()
    refresh_candidate_matches(profile_ids=[profile.pk])
    assert Match.objects.filter(role=good, profile=profile, for_role=True).exists()
    best = list(
        Match.objects.filter(profile=profile, for_candidate=True)
        .order_by("-score")
        .values_list("role_id", flat=True)
    )
    assert best[0] == good.pk
    assert other.pk not in best[:1]


def test_screening_task_refreshes_cards_and_matches(django_capture_on_commit_callbacks):
    from jobs.tasks import screen_candidates_task

    role = RoleFactory(skills=["Python"])
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=timezone.now(),
        consent_cross_border_at=timezone.now(),
    )
    set_skills(profile=profile, names=["Python"])
    with django_capture_on_commit_callbacks(execute=True):
        screen_candidates_task.delay([profile.pk])
    assert CandidateCard.objects.filter(profile=profile).exists()
    assert Match.objects.filter(role=role, profile=profile).exists()


def test_rescreen_matches_again_only_the_candidates_whose_card_changed(
    django_capture_on_commit_callbacks,
):
    from jobs.tasks import screen_candidates_task

    role = RoleFactory(skills=["Python"])
    same, changing = (
        CandidateProfileFactory(
            visibility=Visibility.VERIFIED_EMPLOYERS,
            consent_share_at=timezone.now(),
            consent_cross_border_at=timezone.now(),
        )
        for _ in range(2)
    )
    for profile in (same, changing):
        set_skills(profile=profile, names=["Python"])
    with django_capture_on_commit_callbacks(execute=True):
        screen_candidates_task.delay([same.pk, changing.pk])
    first = {m.profile_id: m.refreshed_at for m in Match.objects.filter(role=role)}
    card_written = CandidateCard.objects.get(profile=same).updated_at
    assert set(first) == {same.pk, changing.pk}

    set_skills(profile=changing, names=["Python", "ROS"])
    with django_capture_on_commit_callbacks(execute=True):
        screen_candidates_task.delay([same.pk, changing.pk])
    second = {m.profile_id: m.refreshed_at for m in Match.objects.filter(role=role)}
    # Nothing matching reads changed for `same`: its card and match stay as written.
    assert CandidateCard.objects.get(profile=same).updated_at == card_written
    assert second[same.pk] == first[same.pk]
    assert second[changing.pk] > first[changing.pk]
    assert CandidateCard.objects.get(profile=changing).skills == ["python", "ros"]


def test_matches_page_filters_and_hides_what_it_must(company_client):
    role = RoleFactory(company=company_client.company, skills=["Python", "ROS"])
    likely = _candidate()
    older = _candidate(date_of_birth=datetime.date(1970, 1, 1))  # over 45: doubtful
    refresh_role_matches(role_id=role.pk)
    # A candidate who hides the profile after the refresh disappears at once.
    older.visibility = Visibility.HIDDEN
    older.save()
    url = reverse("jobs:role_matches", args=[role.pk])
    response = company_client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert likely.display_name in body
    assert older.display_name not in body
    assert "1997" not in body  # never the date of birth
    assert "Likely eligible" in body
    assert "Category" in body or "Undetermined" in body
    filtered = company_client.get(url, {"outcome": "doubtful"})
    assert likely.display_name not in filtered.content.decode()


def test_matches_page_query_count_does_not_grow(company_client, settings):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = (
        0  # the render itself: every request renders
    )
    role = RoleFactory(company=company_client.company, skills=["Python"])
    for _ in range(3):
        _candidate()
    refresh_role_matches(role_id=role.pk)
    url = reverse("jobs:role_matches", args=[role.pk])
    company_client.get(url)
    with CaptureQueriesContext(connection) as few:
        company_client.get(url)
    for _ in range(12):
        _candidate()
    refresh_role_matches(role_id=role.pk)
    with CaptureQueriesContext(connection) as many:
        response = company_client.get(url)
    assert len(response.context["rows"]) == 15
    assert len(many) == len(few)


def test_other_companies_and_seekers_cannot_open_a_roles_matches(client):
    role = RoleFactory(skills=["Python"])
    client.force_login(MembershipFactory().user)  # another company
    assert client.get(reverse("jobs:role_matches", args=[role.pk])).status_code == 404
    client.force_login(SeekerFactory())
    assert client.get(reverse("jobs:role_matches", args=[role.pk])).status_code == 403


def test_viewing_a_candidate_is_logged_and_shown_to_the_seeker(company_client, client):
    role = RoleFactory(company=company_client.company, skills=["Python"])
    profile = _candidate()
    response = company_client.get(
        reverse("jobs:candidate_detail", args=[profile.pk]), {"role": role.pk}
    )
    assert response.status_code == 200
    assert "1997" not in response.content.decode()
    assert profile.user.email not in response.content.decode()
    view = ProfileView.objects.get(profile=profile)
    assert view.company == company_client.company
    client.force_login(profile.user)
    page = client.get(reverse("jobs:roles_for_you")).content.decode()
    assert f"{company_client.company.name} viewed your profile" in page


def test_hidden_candidates_are_404_for_employers(company_client):
    hidden = _candidate(visible=False)
    for name in ("jobs:candidate_detail", "jobs:candidate_cv"):
        assert company_client.get(reverse(name, args=[hidden.pk])).status_code == 404
    assert not ProfileView.objects.exists()


def test_unverified_company_sees_only_its_applicants(client):
    member = MembershipFactory(company=CompanyFactory(verified_at=None))
    client.force_login(member.user)
    visible = _candidate()
    assert (
        client.get(reverse("jobs:candidate_detail", args=[visible.pk])).status_code
        == 404
    )
    role = RoleFactory(company=member.company)
    ApplicationFactory(role=role, candidate=visible.user)
    assert (
        client.get(reverse("jobs:candidate_detail", args=[visible.pk])).status_code
        == 200
    )


def test_invite_to_apply_sends_one_email_and_the_seeker_sees_it(
    company_client, client, django_capture_on_commit_callbacks
):
    role = RoleFactory(company=company_client.company, skills=["Python"])
    profile = _candidate()
    url = reverse("jobs:invite_candidate", args=[profile.pk])
    with django_capture_on_commit_callbacks(execute=True):
        company_client.post(url, {"role": role.pk, "message": "We like your ROS work"})
        company_client.post(url, {"role": role.pk})
    assert ApplyInvitation.objects.filter(role=role, profile=profile).count() == 1
    assert len(mail.outbox) == 1
    assert role.title in mail.outbox[0].body
    client.force_login(profile.user)
    page = client.get(reverse("jobs:roles_for_you")).content.decode()
    assert "invited you" in page
    assert "We like your ROS work" in page


def test_cannot_invite_to_another_companys_role(company_client):
    foreign = RoleFactory(skills=["Python"])
    profile = _candidate()
    company_client.post(
        reverse("jobs:invite_candidate", args=[profile.pk]), {"role": foreign.pk}
    )
    assert not ApplyInvitation.objects.exists()


def test_roles_for_you_lists_best_roles_with_work_permit(client):
    role = RoleFactory(
        skills=["Python", "ROS"], salary_min=900_000, salary_max=1_200_000
    )
    profile = _candidate()
    refresh_candidate_matches(profile_ids=[profile.pk])
    client.force_login(profile.user)
    response = client.get(reverse("jobs:roles_for_you"))
    rows = response.context["rows"]
    assert rows[0][0].role == role
    assert rows[0][1]["category"] in {"A", "B", None}
    assert "points" in response.content.decode()


def test_hidden_applicant_is_merged_only_into_the_role_applied_to():
    applied_to = RoleFactory(skills=["Python", "ROS"])
    other = RoleFactory(skills=["Python", "ROS"])
    profile = _candidate(visible=False)
    ApplicationFactory(role=applied_to, candidate=profile.user)
    refresh_candidate_matches(profile_ids=[profile.pk])
    in_lists = set(
        Match.objects.filter(profile=profile, for_role=True).values_list(
            "role_id", flat=True
        )
    )
    assert in_lists == {applied_to.pk}
    assert other.pk != applied_to.pk


def test_role_page_shows_the_seekers_work_permit_estimate(client):
    role = RoleFactory(salary_min=900_000, salary_max=1_000_000, city="Shanghai")
    profile = _candidate()
    client.force_login(profile.user)
    response = client.get(reverse("jobs:role_detail", args=[role.pk]))
    assert response.status_code == 200
    wp = response.context["estimate"]["work_permit"]
    assert wp["category"] in {"A", "B"}
    assert "Your work-permit estimate for this role" in response.content.decode()
    # Anonymous visitors and employers get no estimate.
    client.logout()
    assert (
        client.get(reverse("jobs:role_detail", args=[role.pk])).context["estimate"]
        is None
    )


def test_a_candidate_batch_compiles_each_role_once(monkeypatch):
    """More open roles than the engine's memo holds must not mean recompiling
    every role for every candidate (issue 19: 66,040 compiles for 3 candidates)."""
    from jobs.engines.matching import engine, retrieval
    from jobs.services.matching import refresh_candidate_matches

    roles = [RoleFactory(skills=["Python", "ROS"]) for _ in range(4)]
    profiles = [_candidate() for _ in range(3)]
    compiles: list[int] = []
    real = engine.compile_role

    def counting(role, config):
        compiles.append(role.role_id)
        return real(role, config)

    monkeypatch.setattr(engine, "compile_role", counting)
    monkeypatch.setattr(retrieval, "compile_role", counting)  # the batch's index
    monkeypatch.setattr(engine, "_COMPILED_MAX", 2)  # fewer than the open roles
    engine._COMPILED.clear()
    retrieval._cached_index.cache_clear()  # an earlier test's equal roles
    refresh_candidate_matches(profile_ids=[p.pk for p in profiles])
    assert sorted(compiles) == sorted(r.pk for r in roles)
    # And the batch still stores every candidate's best roles.
    for profile in profiles:
        assert Match.objects.filter(profile=profile, for_candidate=True).count() == 4
    # The next batch against the same open roles compiles none of them again.
    compiles.clear()
    refresh_candidate_matches(profile_ids=[profiles[0].pk])
    assert compiles == []


def _stored():
    return sorted(
        Match.objects.values_list(
            "role_id", "profile_id", "score", "for_role", "for_candidate"
        )
    )


def _candidate_batch_queries(n_roles: int, n_candidates: int) -> int:
    for i in range(n_roles):
        RoleFactory(skills=["Python", "ROS"] if i % 2 else ["Accounting"])
    profiles = [_candidate() for _ in range(n_candidates)]
    with CaptureQueriesContext(connection) as queries:
        refresh_candidate_matches(profile_ids=[p.pk for p in profiles])
    return len(queries)


def test_candidate_batch_queries_do_not_grow_with_roles_or_candidates():
    """Issue 19: 1,537 queries for 100 candidates. A batch reads every open role,
    the cards, the applications and the stored lists' floors once."""
    few = _candidate_batch_queries(2, 2)
    Match.objects.all().delete()
    more = _candidate_batch_queries(12, 6)
    assert more == few


def test_a_refresh_over_many_candidates_queues_one_task_per_id_range(
    django_capture_on_commit_callbacks, settings
):
    """MATCH_SHARD_SIZE candidates per task, ceil(N / size) tasks, by id; run
    (eagerly, as in the embedded default) they store what one batch stores."""
    from jobs.services.matching import queue_candidate_matches
    from jobs.tasks import refresh_candidate_matches_task

    for skills in (["Python", "ROS"], ["Python"], ["Accounting"]):
        RoleFactory(skills=skills)
    profiles = [_candidate() for _ in range(7)]
    ids = [p.pk for p in profiles]
    refresh_candidate_matches(profile_ids=ids)
    unsharded = _stored()
    Match.objects.all().delete()

    settings.MATCH_SHARD_SIZE = 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        refresh_candidate_matches_task.delay(list(reversed(ids)))
    names = {c.__qualname__ for c in callbacks}
    assert len(callbacks) == 3  # ceil(7 / 3)
    assert names == {f"enqueue_on_commit[{refresh_candidate_matches_task.name}]"}
    assert queue_candidate_matches(profile_ids=ids, size=2) == 4
    Match.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        refresh_candidate_matches_task.delay(ids)
    assert _stored() == unsharded


def test_candidate_batch_stores_the_brute_force_lists():
    """The indexed batch stores, per role and per candidate, what scoring every
    pair with the plain engine keeps."""
    from jobs.engines.matching.engine import compile_roles, top_matches, top_roles
    from jobs.services.matching import _open_roles, requirements_of, summary_of

    for i in range(8):
        RoleFactory(
            skills=[["Python", "ROS"], ["Python"], ["Accounting"], []][i % 4],
            city=["Shanghai", "Chengdu"][i % 2],
        )
    profiles = [_candidate(skills=s) for s in (["Python"], ["ROS", "C++"], ["Go"])]
    refresh_candidate_matches(profile_ids=[p.pk for p in profiles])
    roles = compile_roles(requirements_of(r) for r in _open_roles())
    people = [summary_of(c) for c in CandidateCard.objects.all()]
    expected = set()
    for cr in roles:
        for r in top_matches(cr, people, limit=50):
            expected.add((r.role_id, r.candidate_id, r.score, "role"))
    for person in people:
        for r in top_roles(person, roles, limit=20):
            expected.add((r.role_id, r.candidate_id, r.score, "candidate"))
    stored = {
        (m.role_id, m.profile_id, m.score, flag)
        for m in Match.objects.all()
        for flag, on in (("role", m.for_role), ("candidate", m.for_candidate))
        if on
    }
    assert stored == expected
