"""Role services: save, submit, moderate, close and expire roles; search vectors."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import Skill, User
from accounts.skills import skill_display_name, skill_key, split_skills, vocabulary
from jobs.engines.places import city_key, place
from jobs.engines.search import index_text
from jobs.models import City, Role, RoleStatus, WebhookEvent
from jobs.selectors.search import SEARCH_CONFIG
from jobs.services import notifications, webhooks
from jobs.services.queueing import enqueue_on_commit
from jobs.tasks import refresh_role_matches_task
from portal.formatting import iso_timestamp


def skills_from_names(names: Iterable[str] | str) -> list[Skill]:
    """The Skill tags for typed names, created if new (as profiles do)."""
    if isinstance(names, str):
        names = split_skills(names)
    wanted = {skill_key(name): name for name in names if skill_key(name)}
    existing = set(Skill.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    Skill.objects.bulk_create(
        [
            Skill(slug=key, name=skill_display_name(key, typed))
            for key, typed in wanted.items()
            if key not in existing
        ],
        ignore_conflicts=True,
    )
    by_slug = {s.slug: s for s in Skill.objects.filter(slug__in=wanted)}
    return [by_slug[key] for key in wanted if key in by_slug]


def search_columns(role: Role) -> tuple[str, str]:
    """(search_title, search_text) of a role: what keyword search reads.

    Skills are written in every language the vocabulary knows them in, so a role
    tagged 计算机视觉 is found by "computer vision" and the other way round. Chinese
    runs are followed by their bigrams, which PostgreSQL's vector needs.
    """
    skill_names: list[str] = []
    for skill in [*role.required_skills.all(), *role.preferred_skills.all()]:
        known = vocabulary().get(skill.slug)
        skill_names += (
            [skill.name, known.name, known.name_zh] if known else [skill.name]
        )
    head = " | ".join(
        part
        for part in [role.title, role.title_zh, *dict.fromkeys(skill_names)]
        if part
    )
    company = role.company
    body = " | ".join(
        part
        for part in [
            company.name,
            company.name_zh,
            role.city,
            *(place(role.city) or ()),
            role.description,
            role.description_zh,
        ]
        if part
    )
    return index_text(head), index_text(body)


# What update_search_vectors writes (the tsvector is never read back).
SEARCH_FIELDS = [
    "search_title",
    "search_text",
    "city_key",
    "city_place",
    "city_unresolved",
]


@transaction.atomic
def update_search_vectors(roles) -> None:
    """Recompute the search columns of `roles`, and their tsvector on PostgreSQL."""
    rows = list(
        roles.select_related("company")
        .prefetch_related("required_skills", "preferred_skills")
        .only(
            "title",
            "title_zh",
            "city",
            "description",
            "description_zh",
            "company__name",
            "company__name_zh",
        )
    )
    keys = {city_key(role.city) for role in rows if role.city.strip()}
    places = {c.key: c for c in City.objects.filter(key__in=keys)}
    for role in rows:
        role.search_title, role.search_text = search_columns(role)
        role.city_key = city_key(role.city)
        # The place the text names; a city the portal does not know stays as
        # written, flagged for staff (a remote role may leave it empty).
        role.city_place = places.get(role.city_key)
        role.city_unresolved = bool(role.city.strip()) and role.city_place is None
    # One parameterised UPDATE run for every row (executemany): Django's
    # bulk_update builds a CASE expression per row and field, which cost ~5 ms a
    # role, most of a 20,000-role seed.
    table = connection.ops.quote_name(Role._meta.db_table)
    fields = [f for f in Role._meta.concrete_fields if f.name in SEARCH_FIELDS]
    assignments = ", ".join(
        f"{connection.ops.quote_name(str(field.column))} = %s" for field in fields
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE id = %s",
            [
                [
                    *(
                        field.get_db_prep_save(getattr(role, field.attname), connection)
                        for field in fields
                    ),
                    role.pk,
                ]
                for role in rows
            ],
        )
    if connection.vendor != "postgresql":
        return
    Role.objects.filter(pk__in=roles.values("pk")).update(
        search_vector=SearchVector("search_title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("search_text", weight="C", config=SEARCH_CONFIG)
    )


def queue_match_refresh(role: Role) -> None:
    """Refresh the role's matches once this transaction commits.

    A role just published (or edited, or taken down) would otherwise wait for a
    profile change or the beat's sweep, and the embedded default runs no beat:
    on commit, so the worker reads the committed role, and eagerly (at once)
    without Redis. The beat's refreshes stay the safety net if the broker is down.
    """
    enqueue_on_commit(refresh_role_matches_task, role.pk, for_candidates=True)


def _auto_approve(role: Role) -> bool:
    return settings.ROLES_AUTO_APPROVE_VERIFIED and role.company.is_verified


@transaction.atomic
def save_role(
    *,
    role: Role,
    required_skills: Iterable[str] | str = (),
    preferred_skills: Iterable[str] | str = (),
    by: User | None = None,
    review: bool = True,
) -> Role:
    """Create or edit a role with its skills; `by` is the author of a new role.

    Editing a published role sends it back for review (unless the company's roles
    are approved automatically, or `review=False`: a moderator's own edit in the
    admin): what staff approved is what the public sees. A new validity date
    re-arms the expiry warning.
    """
    is_new = role.pk is None
    was_published = False
    if is_new:
        role.created_by = by
    else:
        before = Role.objects.get(pk=role.pk)
        was_published = before.status == RoleStatus.PUBLISHED
        if before.valid_until != role.valid_until:
            role.expiry_warned_at = None
        if review and role.status == RoleStatus.PUBLISHED and not _auto_approve(role):
            role.status = RoleStatus.PENDING
            role.submitted_at = timezone.now()
    required = skills_from_names(required_skills)
    preferred = [s for s in skills_from_names(preferred_skills) if s not in required]
    role.skills_text = ", ".join(s.name for s in [*required, *preferred])[:1000]
    role.full_clean()
    role.save()
    role.required_skills.set(required)
    role.preferred_skills.set(preferred)
    update_search_vectors(Role.objects.filter(pk=role.pk))
    # The columns written above, so the caller's copy is the row as stored.
    role.refresh_from_db(fields=SEARCH_FIELDS)
    if was_published or role.status == RoleStatus.PUBLISHED:
        # Published and edited: new scores; sent back to review: matches go.
        queue_match_refresh(role)
    return role


@transaction.atomic
def submit_role(*, role: Role) -> Role:
    """Send a draft for review; a verified company's role may publish at once."""
    if role.status != RoleStatus.DRAFT:
        return role
    role.full_clean()  # a draft's validity date may have passed meanwhile
    role.submitted_at = timezone.now()
    role.rejection_reason = ""
    if _auto_approve(role):
        return _publish(role)
    role.status = RoleStatus.PENDING
    role.save(
        update_fields=["status", "submitted_at", "rejection_reason", "updated_at"]
    )
    return role


def _publish(role: Role) -> Role:
    role.status = RoleStatus.PUBLISHED
    role.published_at = role.published_at or timezone.now()
    role.rejection_reason = ""
    # Only what publishing changes: a full save from a caller's copy would write
    # back its stale search columns and city key (blank right after save_role).
    role.save(
        update_fields=[
            "status",
            "published_at",
            "rejection_reason",
            "submitted_at",
            "approved_by",
            "updated_at",
        ]
    )
    queue_match_refresh(role)
    webhooks.emit(
        company=role.company_id,
        event=WebhookEvent.ROLE_PUBLISHED,
        data={
            "role_id": role.pk,
            "title": role.title,
            "title_zh": role.title_zh,
            "url": webhooks.role_url(role.pk),
        },
    )
    return role


@transaction.atomic
def approve_role(*, role: Role, by: User | None = None) -> Role:
    """Staff approval of a pending role: it is public once its company is verified.

    `by` is recorded as `approved_by` and as the user of the history entry.
    """
    if role.status != RoleStatus.PENDING:
        return role
    role.approved_by = by
    if by is not None:
        role._history_user = by  # type: ignore[attr-defined]
    return _publish(role)


@transaction.atomic
def reject_role(*, role: Role, reason: str, by: User | None = None) -> Role:
    """Send a pending or published role back to draft and email the reason.

    The approval is withdrawn (`approved_by` cleared); `by` is the user of the
    history entry.
    """

    role.status = RoleStatus.DRAFT
    role.rejection_reason = reason
    role.approved_by = None
    if by is not None:
        role._history_user = by  # type: ignore[attr-defined]
    role.save(update_fields=["status", "rejection_reason", "approved_by", "updated_at"])
    queue_match_refresh(role)  # no longer public: its matches go
    notifications.role_rejected(role=role)
    return role


@transaction.atomic
def close_role(*, role: Role) -> Role:
    if role.status in (RoleStatus.CLOSED, RoleStatus.EXPIRED):
        return role
    role.status = RoleStatus.CLOSED
    role.closed_at = timezone.now()
    role.save(update_fields=["status", "closed_at", "updated_at"])
    queue_match_refresh(role)
    return role


@transaction.atomic
def expire_roles(*, today: date) -> int:
    """Mark published roles past their validity date expired. Returns how many.

    Idempotent and catch-up safe: a range query, so a missed run is made up
    by the next one and a second run finds nothing left to do. Each expiry is
    written to the role's history (a plain `update()` would leave no trace).
    """
    now = timezone.now()
    due = list(Role.objects.past_validity(today).select_for_update())
    for role in due:
        role.status = RoleStatus.EXPIRED
        role.closed_at = now
        role.updated_at = now
    bulk_update_with_history(
        due,
        Role,
        ["status", "closed_at", "updated_at"],
        batch_size=500,
        default_change_reason="expired",
    )
    webhooks.emit_each(
        event=WebhookEvent.ROLE_EXPIRED,
        items=[
            (
                role.company_id,
                {
                    "role_id": role.pk,
                    "title": role.title,
                    "title_zh": role.title_zh,
                    "expired_at": iso_timestamp(now),
                },
            )
            for role in due
        ],
    )
    return len(due)


def warn_expiring_roles(*, today: date) -> int:
    """Email each company about its roles ending within three days, once per role."""

    ids = list(Role.objects.expiring_unwarned(today).values_list("pk", flat=True))
    for pk in ids:
        # Marked with a guard, so a concurrent run cannot warn twice, and in the
        # same transaction as the outbox email, so a crash cannot skip a warning.
        with transaction.atomic():
            claimed = Role.objects.filter(pk=pk, expiry_warned_at__isnull=True).update(
                expiry_warned_at=timezone.now()
            )
            if claimed:
                notifications.role_expiring(
                    role=Role.objects.select_related("company").get(pk=pk)
                )
    return len(ids)
