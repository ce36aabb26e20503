"""Matches within a minute: publishing, approving, editing, verifying or taking
down a role refreshes its matches on commit, and a new role reaches the right
seekers' "Roles for you". Real services, eager Celery (the embedded default);
the with-a-worker path is in tests/pipeline/test_fresh_matches_worker.py."""

import pytest
from django.test import override_settings
from django.urls import reverse

from jobs.models import Match, RoleStatus
from jobs.selectors.matching import explain_matches
from jobs.services.companies import verify_company
from jobs.services.moderation import Decision, moderate_role
from jobs.services.roles import close_role, reject_role, save_role, submit_role
from tests.factories import (
    CompanyFactory,
    DraftRoleFactory,
    PendingRoleFactory,
    RoleFactory,
    StaffFactory,
)
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


def _best_roles(profile) -> set[int]:
    return set(
        Match.objects.filter(profile=profile, for_candidate=True).values_list(
            "role_id", flat=True
        )
    )


def test_staff_approval_ranks_matches_and_fills_roles_for_you(
    client, django_capture_on_commit_callbacks
):
    fit, unfit = _candidate(), _candidate(skills=("Excel",), visible=False)
    role = PendingRoleFactory(skills=["Python", "ROS", "C++"])
    assert not Match.objects.filter(role=role).exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        moderate_role(role=role, decision=Decision.APPROVE, by=StaffFactory())

    assert [c.__qualname__ for c in callbacks] == [
        "enqueue_on_commit[jobs.tasks.refresh_role_matches_task]"
    ]
    assert list(
        Match.objects.filter(role=role, for_role=True).values_list(
            "profile_id", flat=True
        )
    ) == [fit.pk]
    assert role.pk in _best_roles(fit)
    client.force_login(fit.user)
    page = client.get(reverse("jobs:roles_for_you"))
    assert role.title in page.content.decode()
    # A hidden candidate is not offered to employers, but still sees the role
    # among their own best roles when it scores above the floor, or not at all.
    assert not Match.objects.filter(role=role, profile=unfit, for_role=True).exists()


def test_approval_through_the_moderation_page(
    client, django_capture_on_commit_callbacks
):
    fit = _candidate()
    role = PendingRoleFactory(skills=["Python", "ROS", "C++"])
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:role_moderate", args=[role.pk, "approve"]))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED
    assert Match.objects.filter(role=role, profile=fit, for_role=True).exists()


@override_settings(ROLES_AUTO_APPROVE_VERIFIED=True)
def test_auto_approved_submission_is_matched_at_once(
    django_capture_on_commit_callbacks,
):
    fit = _candidate()
    role = DraftRoleFactory(skills=["Python", "ROS", "C++"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_role(role=role)
    assert role.status == RoleStatus.PUBLISHED
    assert role.pk in _best_roles(fit)


@override_settings(ROLES_AUTO_APPROVE_VERIFIED=True)
def test_editing_a_published_role_rescores_it(django_capture_on_commit_callbacks):
    fit = _candidate()
    role = RoleFactory(skills=["Excel"])
    with django_capture_on_commit_callbacks(execute=True):
        save_role(role=role, required_skills=["Excel"])
    before = Match.objects.get(role=role, profile=fit, for_role=True)
    with django_capture_on_commit_callbacks(execute=True):
        save_role(role=role, required_skills=["Python", "ROS", "C++"])
    after = Match.objects.get(role=role, profile=fit, for_role=True)
    assert after.score > before.score
    explain_matches([after])
    assert "3 of 3 required skills" in after.summary
    assert role.pk in _best_roles(fit)


def test_edit_sent_back_to_review_takes_its_matches_down(
    django_capture_on_commit_callbacks,
):
    fit = _candidate()
    role = PendingRoleFactory(skills=["Python", "ROS", "C++"])
    with django_capture_on_commit_callbacks(execute=True):
        moderate_role(role=role, decision=Decision.APPROVE, by=None)
    assert Match.objects.filter(role=role).exists()
    with django_capture_on_commit_callbacks(execute=True):
        save_role(role=role, required_skills=["Python"])  # back to review
    assert role.status == RoleStatus.PENDING
    assert not Match.objects.filter(role=role).exists()
    assert role.pk not in _best_roles(fit)


@pytest.mark.parametrize("take_down", ["reject", "close"])
def test_rejected_or_closed_role_loses_its_matches(
    take_down, django_capture_on_commit_callbacks
):
    _candidate()
    role = PendingRoleFactory(skills=["Python", "ROS", "C++"])
    with django_capture_on_commit_callbacks(execute=True):
        moderate_role(role=role, decision=Decision.APPROVE, by=None)
    assert Match.objects.filter(role=role).exists()
    with django_capture_on_commit_callbacks(execute=True):
        if take_down == "reject":
            reject_role(role=role, reason="Salary missing")
        else:
            close_role(role=role)
    assert not Match.objects.filter(role=role).exists()


def test_verifying_the_company_matches_its_published_roles(
    django_capture_on_commit_callbacks,
):
    fit = _candidate()
    company = CompanyFactory(verified_at=None)
    role = RoleFactory(company=company, skills=["Python", "ROS", "C++"])
    with django_capture_on_commit_callbacks(execute=True):
        verify_company(company=company, by=None)
    assert role.pk in _best_roles(fit)


@override_settings(ROLES_PER_CANDIDATE=1)
def test_a_full_list_takes_the_new_role_only_if_it_scores_higher(
    django_capture_on_commit_callbacks,
):
    fit = _candidate()
    good = PendingRoleFactory(skills=["Python", "ROS", "C++"])
    weaker = PendingRoleFactory(skills=["Python", "ROS", "Haskell", "Erlang"])
    with django_capture_on_commit_callbacks(execute=True):
        moderate_role(role=good, decision=Decision.APPROVE, by=None)
        moderate_role(role=weaker, decision=Decision.APPROVE, by=None)
    assert _best_roles(fit) == {good.pk}


def test_broker_down_at_approval_still_approves(
    monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from jobs.tasks import refresh_role_matches_task

    def down(*args, **kwargs):
        raise OperationalError("broker down")

    monkeypatch.setattr(refresh_role_matches_task, "apply_async", down)
    role = PendingRoleFactory(skills=["Python"])
    with django_capture_on_commit_callbacks(execute=True):
        moderate_role(role=role, decision=Decision.APPROVE, by=None)
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED  # the beat's sweep will match it
