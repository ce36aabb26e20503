"""New versions for the signed-in pages' cache (`jobs.web.page_cache`).

Called after a write (in the same transaction, or after it in autocommit), never
before: a reader that sees the new version also sees the new data. The version
is random, so two writers never leave the same one behind.
"""

from collections.abc import Iterable
from uuid import uuid4

from accounts.models import CandidateProfile
from jobs.models import (
    Application,
    Conversation,
    Match,
    Membership,
    PageVersion,
    Role,
)


def touch_pages(
    *, user_ids: Iterable[int | None] = (), company_ids: Iterable[int | None] = ()
) -> None:
    """Every cached page of these people and companies is out of date (one query)."""
    scopes = {f"user:{pk}" for pk in user_ids if pk} | {
        f"company:{pk}" for pk in company_ids if pk
    }
    if not scopes:
        return
    PageVersion.objects.bulk_create(
        [PageVersion(scope=scope, version=uuid4().hex) for scope in sorted(scopes)],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["version"],
    )


def companies_showing_profiles(profile_ids: Iterable[int]) -> set[int]:
    """The companies whose pages show these candidates: matched to one of their
    roles, or applied to one (one query)."""
    ids = list(profile_ids)
    if not ids:
        return set()
    # A union of two indexed lookups: one filter OR-ing the two joins made the
    # database join every match row to every application row of the roles
    # (a chunk's screening against 1,000 roles spent 240 ms here).
    matched = Match.objects.filter(profile_id__in=ids).values_list(
        "role__company_id", flat=True
    )
    applied = Application.objects.filter(candidate__profile__in=ids).values_list(
        "role__company_id", flat=True
    )
    return set(matched.order_by().union(applied.order_by()))


def touch_profiles(*, profile_ids: Iterable[int]) -> None:
    """Candidates changed (profile, screening, visibility): their own pages and
    those of every company that shows them (three queries)."""
    ids = list(profile_ids)
    if ids:
        touch_pages(
            user_ids=CandidateProfile.objects.filter(pk__in=ids).values_list(
                "user_id", flat=True
            ),
            company_ids=companies_showing_profiles(ids),
        )


def touch_roles(*, role_ids: Iterable[int]) -> None:
    """These roles' stored matches changed: their companies' pages (two queries)."""
    ids = list(role_ids)
    if ids:
        touch_pages(
            company_ids=Role.objects.filter(pk__in=ids)
            .values_list("company_id", flat=True)
            .distinct()
        )


def touch_conversation(*, conversation_id: int) -> None:
    """A message or a read mark: the unread badges of the candidate and of every
    member of the company (three queries)."""
    row = (
        Conversation.objects.filter(pk=conversation_id)
        .values(
            "application__candidate_id",
            "application__role__company_id",
            "invitation__profile__user_id",
            "invitation__role__company_id",
        )
        .first()
    )
    if row is None:
        return
    company_id = (
        row["application__role__company_id"] or row["invitation__role__company_id"]
    )
    members = Membership.objects.filter(company_id=company_id).values_list(
        "user_id", flat=True
    )
    touch_pages(
        user_ids=[
            row["application__candidate_id"],
            row["invitation__profile__user_id"],
            *members,
        ],
        company_ids=[company_id],
    )
