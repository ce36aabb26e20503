"""Selectors for the employer dashboard and the pipeline board.

Every function reads in a fixed number of queries, whatever the number of roles
or applicants: counts come from `annotate`/`aggregate` with `Count(filter=...)`,
never from a query per row.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import (
    Application,
    ApplicationEvent,
    Company,
    OutcomeChoices,
    Role,
    RoleStatus,
    Stage,
)
from jobs.selectors.matching import applications_visible_to
from jobs.selectors.screening import check_tallies, screening_totals

# "New" applicants: received in the last 7 days. A rolling window (rather than
# "since you last looked") needs no per-member state and reads the same for
# every member of a team.
NEW_APPLICANT_DAYS = 7
CHART_WEEKS = 8
OTHER_ROLES_SHOWN = 20

# The stages of the board, in column order.
BOARD_STAGES = [
    Stage.APPLIED,
    Stage.REVIEWING,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
    Stage.REJECTED,
]
# The forward path of the funnel; "rejected" and "withdrawn" leave it.
FUNNEL_STAGES = [
    Stage.APPLIED,
    Stage.REVIEWING,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
]
_NOT_WITHDRAWN = ~Q(applications__stage=Stage.WITHDRAWN)


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One open role on the dashboard."""

    role: Role
    applicants: int
    new_applicants: int
    days_left: int
    # Filled by matching (the lead's `Match` model); None shows nothing.
    matches: int | None = None


@dataclass(frozen=True, slots=True)
class OutlookCount:
    outcome: str  # an OutcomeChoices value, or "" for "not screened yet"
    label: str
    candidates: int


@dataclass(frozen=True, slots=True)
class Week:
    start: date
    applications: int


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: str
    label: str
    applications: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    open_roles: list[RoleRow]
    other_roles: list[Role]
    outlook: list[OutlookCount]
    weeks: list[Week]
    funnel: list[FunnelStep]
    rejected: int
    withdrawn: int
    new_since: date
    has_matches: bool = False
    totals: dict[str, int] = field(default_factory=dict)

    def shown(self) -> tuple:
        """Every value the dashboard's body shows, as plain values: the key of its
        cached fragment (jobs/web/fragments.py), so any change renders anew."""
        return (
            tuple(
                (
                    r.role.pk,
                    r.role.title,
                    r.role.city,
                    r.role.valid_until,
                    r.applicants,
                    r.new_applicants,
                    r.days_left,
                    r.matches,
                )
                for r in self.open_roles
            ),
            tuple(
                (
                    r.pk,
                    r.title,
                    r.city,
                    r.status,
                    r.valid_until,
                    r.applicant_count,  # type: ignore[attr-defined]  # annotation
                )
                for r in self.other_roles
            ),
            tuple(self.outlook),
            tuple(self.weeks),
            tuple(self.funnel),
            self.rejected,
            self.withdrawn,
            self.new_since,
            self.has_matches,
            tuple(sorted(self.totals.items())),
        )

    @property
    def roles(self) -> list[Role]:
        """Every role shown, open ones first, each with `applicant_count`."""
        return [row.role for row in self.open_roles] + self.other_roles


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def open_role_rows(
    *, company: Company, today: date, match_counts: Mapping[int, int] | None = None
) -> list[RoleRow]:
    """The company's published, unexpired roles with applicant counts; one query.

    ``match_counts`` maps role ids to their number of matching candidates; roles
    missing from it (or no mapping at all) carry ``matches=None``.
    """
    since = _local_midnight(today - timedelta(days=NEW_APPLICANT_DAYS - 1))
    roles = (
        Role.objects.of_company(company)
        .filter(status=RoleStatus.PUBLISHED, valid_until__gte=today)
        .only("title", "city", "status", "valid_until", "company_id")
        .with_applicant_counts()
        .annotate(
            new_applicant_count=Count(
                "applications",
                filter=_NOT_WITHDRAWN & Q(applications__applied_at__gte=since),
            ),
        )
        .order_by("valid_until", "pk")
    )
    match_counts = match_counts or {}
    return [
        RoleRow(
            role=role,
            # with_applicant_counts() adds it, but the stubs do not carry annotations
            # made inside a custom queryset method.
            applicants=role.applicant_count,  # type: ignore[attr-defined]  # stub gap
            new_applicants=role.new_applicant_count,
            days_left=(role.valid_until - today).days,
            matches=match_counts.get(role.pk),
        )
        for role in roles
    ]


def other_roles(*, company: Company, today: date) -> list[Role]:
    """Drafts, roles in review, closed and expired ones: the latest few; one query."""
    return list(
        Role.objects.of_company(company)
        .exclude(status=RoleStatus.PUBLISHED, valid_until__gte=today)
        .only("title", "city", "status", "valid_until", "company_id", "created_at")
        .with_applicant_counts()
        .order_by("-created_at", "-pk")[:OTHER_ROLES_SHOWN]
    )


def outlook_counts(*, company: Company) -> list[OutlookCount]:
    """Distinct candidates with an application to the company, by K-visa outcome.

    Withdrawn applications and deleted accounts are left out; a candidate who
    applied to three roles counts once. One query.
    """
    rows = (
        Application.objects.of_company(company)
        .active()
        .filter(candidate__isnull=False)
        .values("candidate__profile__screening__outcome")
        .annotate(candidates=Count("candidate", distinct=True))
        .order_by()
    )
    by_outcome = {
        row["candidate__profile__screening__outcome"] or "": row["candidates"]
        for row in rows
    }
    # Best outcome first, as employers read it; "not screened yet" last.
    counts = [
        OutlookCount(choice.value, str(choice.label), by_outcome.get(choice.value, 0))
        for choice in reversed(OutcomeChoices)
    ]
    counts.append(OutlookCount("", _("Not screened yet"), by_outcome.get("", 0)))
    return counts


def weekly_applications(*, company: Company, today: date) -> list[Week]:
    """Applications received per week (Monday to Sunday), oldest first; one query.

    Withdrawn applications count in the week they arrived: the chart shows
    what came in, not what is left.
    """
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    bounds = [_local_midnight(start) for start in starts]
    bounds.append(_local_midnight(this_monday + timedelta(weeks=1)))
    counts = Application.objects.of_company(company).aggregate(
        **{
            f"week_{index}": Count(
                "pk",
                filter=Q(
                    applied_at__gte=bounds[index], applied_at__lt=bounds[index + 1]
                ),
            )
            for index in range(CHART_WEEKS)
        }
    )
    return [Week(start, counts[f"week_{i}"]) for i, start in enumerate(starts)]


def stage_funnel(*, company: Company) -> tuple[list[FunnelStep], int, int]:
    """How far the company's applications got, plus rejected and withdrawn; one query.

    An application counts for a stage if it is at that stage or a later one now,
    or passed through it (its history), so a candidate rejected after the
    interview still counts as reaching the interview.
    """
    aggregates = {}
    for index, stage in enumerate(FUNNEL_STAGES):
        reached = [s.value for s in FUNNEL_STAGES[index:]]
        aggregates[stage.value] = Count(
            "pk",
            distinct=True,
            filter=Q(stage__in=reached) | Q(events__to_stage__in=reached),
        )
    # Every application started at "applied", whatever its history says.
    aggregates[Stage.APPLIED.value] = Count("pk", distinct=True)
    aggregates["rejected"] = Count("pk", distinct=True, filter=Q(stage=Stage.REJECTED))
    aggregates["withdrawn"] = Count(
        "pk", distinct=True, filter=Q(stage=Stage.WITHDRAWN)
    )
    counts = Application.objects.of_company(company).aggregate(**aggregates)
    steps = [
        FunnelStep(stage.value, str(stage.label), counts[stage.value])
        for stage in FUNNEL_STAGES
    ]
    return steps, counts["rejected"], counts["withdrawn"]


def employer_dashboard(
    *, company: Company, today: date, match_counts: Mapping[int, int] | None = None
) -> Dashboard:
    """Everything the dashboard home shows, in five queries."""
    rows = open_role_rows(company=company, today=today, match_counts=match_counts)
    funnel, rejected, withdrawn = stage_funnel(company=company)
    return Dashboard(
        open_roles=rows,
        other_roles=other_roles(company=company, today=today),
        outlook=outlook_counts(company=company),
        weeks=weekly_applications(company=company, today=today),
        funnel=funnel,
        rejected=rejected,
        withdrawn=withdrawn,
        new_since=today - timedelta(days=NEW_APPLICANT_DAYS - 1),
        has_matches=match_counts is not None,
        totals={
            "applicants": sum(row.applicants for row in rows),
            "new_applicants": sum(row.new_applicants for row in rows),
        },
    )


@dataclass(frozen=True, slots=True)
class Column:
    stage: str
    label: str
    applications: list[Application]


def board_applications(*, role: Role) -> QuerySet[Application]:
    """A role's applications with what a board card shows; two queries.

    The candidate, profile and screening come in the same query; the notes
    (stage changes with an internal note, newest first) in one more.
    """
    # A withdrawn candidate the company may no longer see is listed without a
    # name or link (`open_to_company` False): withdrawing takes the profile back.
    open_to_company = applications_visible_to(role.company).filter(pk=OuterRef("pk"))
    return (
        Application.objects.filter(role=role)
        .annotate(open_to_company=Exists(open_to_company))
        .select_related("candidate__profile__screening")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.exclude(note="").order_by(
                    "-at", "-pk"
                ),
                to_attr="notes",
            )
        )
        .order_by("applied_at", "pk")
    )


def board_columns(
    applications: Iterable[Application],
) -> tuple[list[Column], list[Application]]:
    """Applications split into the board's columns, and the withdrawn ones aside."""
    by_stage: dict[str, list[Application]] = {stage.value: [] for stage in BOARD_STAGES}
    withdrawn = []
    for application in applications:
        if application.stage == Stage.WITHDRAWN:
            withdrawn.append(application)
        else:
            by_stage.setdefault(application.stage, []).append(application)
    columns = [
        Column(stage.value, str(stage.label), by_stage[stage.value])
        for stage in BOARD_STAGES
    ]
    return columns, withdrawn


def moderation_queue(*, limit: int = 100) -> dict[str, list]:
    """What `/moderation/` lists: pending roles (longest waiting first) and
    unverified companies (oldest first), `limit` of each."""
    return {
        "roles": list(
            Role.objects.pending()
            .select_related("company")
            .order_by("submitted_at")[:limit]
        ),
        "companies": list(Company.objects.unverified().order_by("created_at")[:limit]),
    }


def staff_counts(*, user) -> dict:
    """The staff dashboard's numbers, only those `user`'s rights cover: roles by
    status, the oldest pending role, unverified companies, screening totals.
    A constant number of queries whatever the table sizes."""
    counts: dict = {}
    if user.has_perm("jobs.view_role") or user.has_perm("jobs.view_company"):
        counts["roles_by_status"] = dict(
            Role.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        counts["oldest_pending"] = Role.objects.pending().aggregate(
            at=Min("submitted_at")
        )["at"]
        counts["unverified_companies"] = Company.objects.unverified().count()
    if user.has_perm("jobs.view_screening"):
        counts["screening"] = screening_totals()
        counts["visa_checks"] = check_tallies()
    return counts
