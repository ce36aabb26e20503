"""A small world for the page walks: a company with a team, roles, applicants,
matches, and a seeker with a profile, applications, saved roles and searches.

`tests/browser/test_no_sideways_scroll.py` and `test_chinese_walks.py` walk the
same main pages of a recruiter, a seeker and a visitor.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User, Visibility
from accounts.services import set_skills
from jobs.models import SavedRole, SavedSearch
from jobs.services.companies import invite_recruiter
from jobs.services.matching import refresh_cards, refresh_role_matches
from jobs.services.screening import screen_candidates
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    DraftRoleFactory,
    EducationFactory,
    MembershipFactory,
    PositionFactory,
    RoleFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
)


@dataclass
class World:
    recruiter: User
    seeker: User
    employer_pages: list[str] = field(default_factory=list)
    seeker_pages: list[str] = field(default_factory=list)
    public_pages: list[str] = field(default_factory=list)
    board: str = ""


def _candidate(email: str, given: str, family: str, born: datetime.date, headline: str):
    now = timezone.now()
    profile = CandidateProfileFactory(
        user__email=email,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
        city="Shanghai",
        headline=headline,
        summary="Robot vision and embedded control.",
    )
    EducationFactory(profile=profile)  # MSc Computer Science, ETH Zurich
    PositionFactory(profile=profile)
    set_skills(profile=profile, names=["Python", "ROS"])
    return profile


def build_world() -> World:
    owner = MembershipFactory(user__email="lead@example.com").user
    company = owner.membership.company
    MembershipFactory(
        company=company, user__email="colleague@example.com", role="recruiter"
    )
    invite_recruiter(company=company, email="newcomer@example.com", by=owner)
    role = RoleFactory(
        company=company,
        title="Senior robot-vision and embedded-control engineer (Shanghai lab)",
        title_zh="高级机器人视觉与嵌入式控制工程师",
        skills=["Python", "ROS"],
        openings=2,
    )
    RoleFactory(company=company, title="Photonics engineer", skills=["Python"])
    DraftRoleFactory(company=company, title="Draft role for the autumn")

    seeker_profile = _candidate(
        "ada@example.com",
        "Ada",
        "Lovelace",
        datetime.date(1997, 5, 10),
        # What a person typed may read like a UI string: the walks skip it.
        headline="Interview",
    )
    others = [
        _candidate(
            f"c{i}@example.com",
            f"Cand{i}",
            "Tester",
            datetime.date(1995, 1, i),
            headline="Machine-learning engineer",
        )
        for i in range(1, 4)
    ]
    stages = ["applied", "reviewing", "interview", "offer"]
    applications = [ApplicationFactory(role=role, candidate=seeker_profile.user)]
    for profile, stage in zip(others, stages[1:], strict=False):
        applications.append(
            ApplicationFactory(role=role, candidate=profile.user, stage=stage)
        )
    ids = [seeker_profile.pk, *(p.pk for p in others)]
    screen_candidates(profile_ids=ids)
    refresh_cards(profile_ids=ids)
    refresh_role_matches(role_id=role.pk)

    seeker = seeker_profile.user
    other_role = RoleFactory(title="Embedded Linux developer", skills=["Python"])
    SavedRole.objects.create(user=seeker, role=other_role)
    SavedSearch.objects.create(
        user=seeker, name="Engineers in Shanghai", query="q=engineer&city=Shanghai"
    )

    world = World(recruiter=owner, seeker=seeker)
    world.board = f"/employer/roles/{role.pk}/board/"
    world.employer_pages = [
        "/employer/",
        "/employer/company/",
        f"/companies/{company.pk}/",
        "/employer/roles/new/",
        f"/employer/roles/{role.pk}/",
        f"/employer/roles/{role.pk}/edit/",
        world.board,
        f"/employer/roles/{role.pk}/matches/",
        f"/employer/candidates/{others[0].pk}/?role={role.pk}",
        f"/employer/applications/{applications[1].pk}/",
        "/employer/team/",
        "/preferences/",
        *_webhook_pages(company),
    ]
    world.seeker_pages = [
        "/profile/",
        "/profile/edit/",
        "/visa-outlook/",
        "/roles/",
        f"/roles/{role.pk}/",
        "/my-applications/",
        "/roles-for-you/",
        "/saved/",
        "/preferences/",
        "/my-data/",
    ]
    world.public_pages = [
        "/",
        "/roles/",
        f"/roles/{role.pk}/",
        f"/companies/{company.pk}/",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    return world


def _webhook_pages(company) -> list[str]:
    """An endpoint that failed once (a long address, a 503 in its log)."""
    endpoint = WebhookEndpointFactory(
        company=company,
        url="https://integrations.example-hr-systems.com/webhooks/k-talent/receive",
    )
    WebhookDeliveryFactory(
        endpoint=endpoint, status="failed", attempts=2, last_status_code=503
    )
    return [
        "/employer/webhooks/",
        "/employer/webhooks/new/",
        f"/employer/webhooks/{endpoint.pk}/",
        f"/employer/webhooks/{endpoint.pk}/deliveries/",
    ]
