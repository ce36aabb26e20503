"""Stored matches: candidate cards, refreshing a role's best candidates and a
candidate's best roles, in batches with a fixed number of queries per batch.

The scores come from the pure engine in `jobs/engines/matching/`; this module turns rows
into its inputs and stores what it returns. Nothing here runs on a page view.
"""

import contextlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import pq

from accounts.models import (
    CandidateProfile,
    DegreeLevel,
    Education,
    LanguageSkill,
    Position,
    Skill,
)
from accounts.selectors import rows_by_profile, years_of_experience
from jobs.engines.matching import CandidateSummary, MatchResult, Scored
from jobs.engines.matching.components import (
    CompiledRole,
    compile_role,
    total_score,
)
from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG, MatchConfig
from jobs.engines.matching.retrieval import (
    RoleIndex,
    lists_for_new_role,
    match_batch,
    top_candidates,
)
from jobs.engines.places import city_key as place_key
from jobs.models import (
    Application,
    ApplyInvitation,
    CandidateCard,
    Match,
    ProfileView,
    Role,
    RoleMatchState,
)
from jobs.selectors.engine_inputs import (
    field_codes,
    open_role_requirements,
    requirements_of,
    summary_of,
)
from jobs.services import notifications
from jobs.services.page_versions import touch_roles
from jobs.services.queueing import enqueue_on_commit
from jobs.tasks import refresh_candidate_matches_task

# str: compared with the stored `Education.level` values.
_DEGREE_ORDER: list[str] = [
    DegreeLevel.ASSOCIATE,
    DegreeLevel.BACHELOR,
    DegreeLevel.MASTER,
    DegreeLevel.DOCTORATE,
]
_ENGLISH = {"native", "fluent", "professional", "intermediate", "basic"}

logger = logging.getLogger(__name__)
# Cards read per query when a refresh streams every candidate.
_CHUNK = 5000


def _city_key(name: str) -> str:
    # One key per city however it is written: a seeker wanting Beijing and a role
    # in 北京 meet (`jobs.engines.places`).
    return "".join(ch for ch in place_key(name) if ch.isalnum())


def _split_cities(text: str) -> list[str]:
    return sorted(
        {_city_key(c) for c in text.replace("，", ",").split(",") if c.strip()}
    )


# --- candidate cards -------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A position's dates: all `years_of_experience` reads."""

    start_date: date | None
    end_date: date | None


@dataclass
class _CardSources:
    """What a card is built from, besides the profile's own columns."""

    # (level, expected, field, discipline code)
    education: list[tuple] = field(default_factory=list)
    positions: list[_Span] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (language, level)


# The profile columns a card reads (`is_visible_to_employers` reads the last three).
_CARD_PROFILE_FIELDS = (
    "hsk_level",
    "desired_cities",
    "willing_to_relocate",
    "salary_expectation_cny",
    "visibility",
    "consent_share_at",
    "consent_cross_border_at",
)


def _card_sources(ids: list[int]) -> dict[int, _CardSources]:
    """The cards' education, positions, skills and languages as plain rows (four
    queries), each in its model's order."""
    education = rows_by_profile(
        Education,
        profile_ids=ids,
        fields=("level", "expected", "field", "discipline_code"),
    )
    positions = rows_by_profile(
        Position, profile_ids=ids, fields=("start_date", "end_date"), row=_Span
    )
    skills = rows_by_profile(
        Skill.profiles.through,
        profile_ids=ids,
        key="candidateprofile_id",
        fields=("skill__slug",),
    )
    languages = rows_by_profile(
        LanguageSkill, profile_ids=ids, fields=("language", "level")
    )
    return {
        pk: _CardSources(
            education=education[pk],
            positions=positions[pk],
            skills=skills[pk],
            languages=languages[pk],
        )
        for pk in ids
    }


def _card_for(
    profile: CandidateProfile, sources: _CardSources, *, now, today
) -> CandidateCard:
    levels = [
        level
        for level, expected, _field, _code in sources.education
        if not expected and level in _DEGREE_ORDER
    ]
    english = next(
        (level for language, level in sources.languages if language == "en"), ""
    )
    return CandidateCard(
        profile_id=profile.pk,
        skills=sorted(sources.skills),
        field_categories=sorted(
            {
                code
                for _level, _expected, name, discipline in sources.education
                for code in field_codes(name, discipline)
            }
        ),
        highest_degree=max(levels, key=_DEGREE_ORDER.index) if levels else "",
        years_experience=years_of_experience(sources.positions, as_of=today)
        if sources.positions
        else None,
        english_level=english if english in _ENGLISH else "",
        hsk_level=profile.hsk_level,
        desired_cities=_split_cities(profile.desired_cities),
        willing_to_relocate=profile.willing_to_relocate,
        salary_expectation=profile.salary_expectation_cny,
        discoverable=profile.is_visible_to_employers,
        updated_at=now,
    )


# What a card says; `updated_at` is when it last said something new.
_CARD_FIELDS = tuple(
    f.name
    for f in CandidateCard._meta.concrete_fields
    if f.name not in ("id", "profile", "updated_at")
)


# What a stream of cards reads (`_card_summaries`): `CandidateSummary`'s fields in
# their order (the profile is the candidate), then whether the card is discoverable.
_SUMMARY_COLUMNS = (
    "profile_id",
    "skills",
    "field_categories",
    "highest_degree",
    "years_experience",
    "english_level",
    "hsk_level",
    "desired_cities",
    "willing_to_relocate",
    "salary_expectation",
    "discoverable",
)


def _card_summaries(
    cards: QuerySet[CandidateCard],
    *,
    own_floors: bool = False,
    on_card: Callable[[int, bool, int | None], object] | None = None,
) -> Iterator[CandidateSummary]:
    """The engine's input for each card of the queryset, read in one query as the
    rows arrive (`_rows`: streamed on PostgreSQL) and built straight from the row.
    `on_card(profile_id, discoverable, kth_best)` is called with each row before its
    summary is handed on; `kth_best` is the 20th best score of the card's own list
    when `own_floors` (from the same query, `_kth_best_of_own_list`), else None. A
    card the engine cannot read is logged and skipped, as by `_summaries`.

    Not models, nor `values_list`, nor a row object between the row and the
    summary: at 100,000 cards building model instances was a third of a new role's
    pass, the field converters (one json.loads per list column) more than the fetch
    itself, and a named row before each summary a tenth. A list column's text is
    decoded once per distinct value: most cards share their fields and cities, many
    their skills."""
    columns = list(_SUMMARY_COLUMNS)
    if own_floors:
        cards = cards.annotate(kth_best=_kth_best_of_own_list())
        columns.append("kth_best")
    sql, params = cards.order_by().values_list(*columns).query.sql_with_params()
    decoded: dict[str, frozenset[str]] = {}

    def as_set(text: str | list) -> frozenset[str]:
        if not isinstance(text, str):  # a driver that decodes JSON itself
            return frozenset(text)
        value = decoded.get(text)
        if value is None:
            if len(decoded) > _DECODED_KEPT:
                decoded.clear()
            value = decoded[text] = frozenset(json.loads(text))
        return value

    for row in _rows(sql, params):
        (
            profile_id,
            skills,
            fields,
            degree,
            years,
            english,
            hsk,
            cities,
            relocate,
            salary,
            shown,
        ) = row[:11]
        if on_card is not None:
            on_card(profile_id, shown, row[11] if own_floors else None)
        try:
            summary = CandidateSummary(
                profile_id,
                as_set(skills),
                as_set(fields),
                degree or None,
                years,
                english or None,
                hsk,
                as_set(cities),
                relocate,
                salary,
            )
        except (ValueError, TypeError) as error:
            _log_unreadable(profile_id, error)
            continue
        yield summary


# libpq 17.0, from which psycopg's `stream` takes rows in chunks (`size`).
_LIBPQ_CHUNKED_ROWS = 170000


def _rows(sql: str, params: Any) -> Iterator[tuple]:
    """The rows of a query as they arrive, `_CHUNK` at a time; the connection runs
    no other query until the last is read.

    On PostgreSQL the query is streamed (libpq's chunked-rows mode, libpq 17 or
    later): the server goes on computing and sending rows while Python works on
    those it has. A server-side cursor (Django's `chunked_cursor`) computes nothing
    between two FETCHes, and a published role's pass waited about 0.45 s of its
    reading of 100,000 cards on the server (each card's own-list floor). Memory is
    bounded either way. Elsewhere, and with an older libpq: the chunked cursor."""
    if connection.vendor == "postgresql" and pq.version() >= _LIBPQ_CHUNKED_ROWS:
        with connection.cursor() as cursor:
            # As Django's own execute: logged when queries are (DEBUG, the tests'
            # query counts), driver errors raised as Django's.
            logged = (
                cursor.debug_sql(sql, params)
                if isinstance(cursor, CursorDebugWrapper)
                else contextlib.nullcontext()
            )
            with logged, connection.wrap_database_errors:
                yield from cursor.cursor.stream(sql, params, size=_CHUNK)
        return
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(_CHUNK):
            yield from chunk


# Distinct list texts kept while streaming the cards (a bound on the memo's memory).
_DECODED_KEPT = 50_000


def _card_content(card: CandidateCard) -> tuple:
    return tuple(getattr(card, name) for name in _CARD_FIELDS)


@dataclass(frozen=True)
class CardRefresh:
    cards: list[CandidateCard]  # every card rebuilt, changed or not
    changed_ids: list[int]  # profiles whose card is new or says something new


def rebuild_cards(*, profile_ids: Iterable[int]) -> CardRefresh:
    """Rebuild the cards of these candidates and write only those that changed
    (6 queries for any number): a card equal to the stored one is left alone,
    so its candidate's matches need no refresh."""
    now, today = timezone.now(), timezone.localdate()
    ids = list(profile_ids)
    profiles = list(
        CandidateProfile.objects.filter(pk__in=ids).only(*_CARD_PROFILE_FIELDS)
    )
    found = [profile.pk for profile in profiles]
    sources = _card_sources(found)
    stored = {
        profile_id: tuple(content)
        for profile_id, *content in CandidateCard.objects.filter(
            profile_id__in=found
        ).values_list("profile_id", *_CARD_FIELDS)
    }
    cards = []
    for profile in profiles:
        try:
            cards.append(_card_for(profile, sources[profile.pk], now=now, today=today))
        except (ValueError, TypeError, ArithmeticError):
            # One profile's absurd data must not stop every other card's rebuild.
            logger.exception("Skipped the candidate card of profile %s", profile.pk)
    changed = [c for c in cards if stored.get(c.profile_id) != _card_content(c)]
    CandidateCard.objects.bulk_create(
        changed,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["profile"],
        update_fields=[*_CARD_FIELDS, "updated_at"],
    )
    return CardRefresh(cards=cards, changed_ids=[c.profile_id for c in changed])


def refresh_cards(*, profile_ids: Iterable[int]) -> list[CandidateCard]:
    """Rebuild the cards of these candidates (those that changed are written)."""
    return rebuild_cards(profile_ids=profile_ids).cards


def _summaries(cards: Iterable[Any]) -> Iterator[CandidateSummary]:
    """The engine's input for each card (a model or a row with its fields); a card it
    cannot read is logged and skipped.

    The engine rejects values outside its ranges (e.g. 2025 years of experience
    from a start date of 0001-01-01 saved before the forms refused it): one such
    card must not fail the batch for every other candidate.
    """
    for card in cards:
        try:
            yield summary_of(card)
        except (ValueError, TypeError) as error:
            _log_unreadable(card.profile_id, error)


def _log_unreadable(profile_id: int, error: Exception) -> None:
    logger.error(
        "Skipped the candidate card of profile %s in matching: %s", profile_id, error
    )


def _match_config() -> MatchConfig:
    """The engine's configuration with the site's `MATCH_MIN_SCORE`: the one
    lowest score of every stored list (a role's and a candidate's, from a batch, a
    refresh or a publish). It was the engine's own default in some paths and the
    setting in others, so changing the setting moved only one path."""
    return replace(DEFAULT_MATCH_CONFIG, min_score=settings.MATCH_MIN_SCORE)


def _open_roles():
    return Role.objects.public().prefetch_related("required_skills", "preferred_skills")


# What a stored match row is: (role id, profile id, score).
type _Row = tuple[int, int, int]


def _row(result: "Scored | MatchResult") -> _Row:
    return (int(result.role_id), int(result.candidate_id), result.score)


def _upsert(rows: list[_Row], flag: str, *, now) -> None:
    """Insert these pairs with `flag` set, or update their score, `flag` and time.

    The rows are narrow (ids, score, flags, time): why a pair scores what it does
    is explained when a page shows it (`jobs.selectors.matching.explain_matches`).
    On PostgreSQL one INSERT … SELECT FROM unnest(arrays) … ON CONFLICT per
    `_WRITE_BATCH` rows (a statement per row, even pipelined, was half of a first
    batch's time); elsewhere one parameterised statement run for every row
    (executemany). A pair appears at most once in `rows`."""
    if not rows:
        return
    table = connection.ops.quote_name(Match._meta.db_table)
    other = "for_candidate" if flag == "for_role" else "for_role"
    columns = f"(role_id, profile_id, score, {flag}, {other}, refreshed_at)"
    on_conflict = (
        "ON CONFLICT (role_id, profile_id) DO UPDATE SET score = excluded.score, "
        f"{flag} = TRUE, refreshed_at = excluded.refreshed_at"
    )
    when = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _WRITE_BATCH):
            chunk = rows[start : start + _WRITE_BATCH]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} {columns} SELECT r, p, s, TRUE, FALSE, %s "
                    "FROM unnest(%s::integer[], %s::integer[], %s::smallint[]) "
                    f"AS t(r, p, s) {on_conflict}",
                    [when, *(_array_literal(chunk, column) for column in range(3))],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, TRUE, FALSE, %s) "
                    f"{on_conflict}",
                    [(*row, when) for row in chunk],
                )


def _int_array(values: Iterable[int]) -> str:
    """Integers as a PostgreSQL array literal ('{1,2,3}'): joined in C, where the
    driver's list adapter walks the list in Python (a tenth of a first
    screening's batch)."""
    return "{" + ",".join([str(value) for value in values]) + "}"


def _array_literal(rows: list[_Row], column: int) -> str:
    """One column of the rows as a PostgreSQL array literal."""
    return _int_array([row[column] for row in rows])


def _applications_matched(role: Role):
    """The role's applications whose candidate is matched to it even when not
    discoverable (they shared their profile with the employer)."""
    return Application.objects.shared_profile().filter(role=role)


def _candidates_for_role(role: Role):
    """Cards that may be matched to the role: discoverable, or applied to it."""
    applied = _applications_matched(role).filter(candidate=OuterRef("profile__user"))
    return CandidateCard.objects.filter(Q(discoverable=True) | Exists(applied))


@transaction.atomic
def refresh_role_matches(*, role_id: int, for_candidates: bool = False) -> int:
    """Recompute one role's best candidates from every eligible card; returns how many.

    `for_candidates` (a role just published or edited) also merges the role into
    each candidate's own best roles ("Roles for you"), which otherwise change only
    when the candidate's profile does; both lists come from one pass over the cards.
    The beat's periodic refreshes leave it off: they only keep the role's own list
    fresh.
    """
    role = _open_roles().filter(pk=role_id).first()
    if role is None:  # no longer public: its matches go
        Match.objects.filter(role_id=role_id).update(
            for_role=False, for_candidate=False
        )
        Match.objects.filter(role_id=role_id).delete()
        touch_roles(role_ids=[role_id])
        return 0
    now = timezone.now()
    config = _match_config()
    compiled = compile_role(requirements_of(role), config)
    if for_candidates:
        best = _role_and_candidate_lists(role, compiled, now=now)
    else:
        # Streamed: only the current best (and their ties) are held; the others are
        # skipped on their bound (jobs/engines/matching/retrieval.py).
        found = top_candidates(
            compiled,
            _card_summaries(_candidates_for_role(role)),
            limit=settings.MATCHES_PER_ROLE,
            config=config,
            explained=False,
        )
        best = [_row(r) for r in found]
        Match.objects.filter(role=role).update(for_role=False)
        _upsert(best, "for_role", now=now)
    Match.objects.filter(role=role, for_role=False, for_candidate=False).delete()
    RoleMatchState.objects.update_or_create(role=role, defaults={"refreshed_at": now})
    touch_roles(role_ids=[role.pk])  # its matches page and dashboard counts
    return len(best)


def _role_and_candidate_lists(role: Role, compiled: CompiledRole, *, now) -> list[_Row]:
    """Store the role's best candidates and put the role among the best roles of
    every candidate it now beats, from one pass over every card; the role's rows.

    The role's list admits the discoverable cards and those who applied to it
    (`_candidates_for_role`); every candidate's own list admits it. A candidate
    takes the role when their list (without this role) has room or the role scores
    above its `ROLES_PER_CANDIDATE`-th best: a list may hold a few more until the
    candidate's next refresh trims it ("Roles for you" shows the best 20 anyway).
    Queries: a fixed number (the cards are streamed, each with its list's floor).
    """
    applied = set(
        _applications_matched(role).values_list("candidate__profile", flat=True)
    )
    Match.objects.filter(role=role).update(for_role=False, for_candidate=False)
    config = compiled.config  # the one the role was compiled with: its minimum
    least = config.min_score
    # Filled as the cards stream past, before each is handed on: the engine asks
    # `may_list` and `floor_of` about a candidate only once it has been read.
    floors: dict[int, int] = {}
    discoverable: set[int] = set()

    def seen(profile_id: int, is_discoverable: bool, kth_best: int | None) -> None:
        if is_discoverable:
            discoverable.add(profile_id)
        if kth_best is not None:
            floors[profile_id] = max(least, kth_best + 1)

    # No list at all (ROLES_PER_CANDIDATE = 0): no score enters.
    room = least if settings.ROLES_PER_CANDIDATE > 0 else 101
    found = lists_for_new_role(
        compiled,
        _card_summaries(CandidateCard.objects.all(), own_floors=True, on_card=seen),
        may_list=lambda cid: cid in discoverable or cid in applied,
        floor_of=lambda cid: floors.get(int(cid), room),
        limit=settings.MATCHES_PER_ROLE,
        config=config,
    )
    best = [_row(r) for r in found.for_role]
    with _pipelined():  # each slice's arrays are built while the last is written
        _upsert(best, "for_role", now=now)
        _upsert([_row(r) for r in found.for_candidates], "for_candidate", now=now)
    return best


def _kth_best_of_own_list() -> Subquery:
    """The `ROLES_PER_CANDIDATE`-th best score of a card's own best roles (None while
    the list has room), for a card queryset: one step down the candidate-best index
    per card.

    The `ROLES_PER_CANDIDATE`-th best, not the lowest: a list may hold more rows
    than that until the candidate's next refresh, and a floor one above its lowest
    let every later role in (the same fault as `_role_floors`). Ordered by score
    alone: the k-th score is the same whatever the order of ties, and the index
    gives that order (a window over every list took four times as long at 100,000
    candidates)."""
    limit = max(1, settings.ROLES_PER_CANDIDATE)
    ranked = Match.objects.filter(
        profile_id=OuterRef("profile_id"), for_candidate=True
    ).order_by("-score")
    return Subquery(ranked.values("score")[limit - 1 : limit])


def roles_needing_refresh() -> list[int]:
    """Open roles never matched, or changed since their last full refresh."""
    return list(
        Role.objects.public()
        .filter(
            Q(match_state__isnull=True)
            | Q(match_state__refreshed_at__lt=F("updated_at"))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _role_floors(
    index: RoleIndex, *, leaving: list[int], holding: set[int]
) -> list[int]:
    """The lowest score that enters each indexed role's stored list: one above its
    `MATCHES_PER_ROLE`-th best once it has that many, else the minimum score (one
    query). The candidates `leaving` (the batch being refreshed) are not counted:
    their rows are replaced; `holding` is the roles whose lists hold one of them.

    The `MATCHES_PER_ROLE`-th best, not the lowest: a list may hold more rows than
    that until the role's next full refresh trims it, and a floor one above its
    lowest let every later batch in again (a first screening of 20,000 candidates
    stored about 40 new rows per role per batch instead of 50/k for the k-th)."""
    limit = settings.MATCHES_PER_ROLE
    least = index.config.min_score
    kth = (
        _kth_best_of_role_lists(index, leaving=leaving, holding=holding)
        if limit > 0
        else {}
    )
    floors = []
    for cr in index.roles:
        best = kth.get(cr.role.role_id)
        floors.append(least if best is None else max(least, best + 1))
    return floors


def _kth_best_of_role_lists(
    index: RoleIndex, *, leaving: list[int], holding: set[int]
) -> dict[int | str, int | None]:
    """Each indexed role's `MATCHES_PER_ROLE`-th best stored score without the
    `leaving` candidates (None while its list has room); `holding`: the roles whose
    lists hold one of them (the others need no filter).

    On PostgreSQL one step down the role-best index per role (a correlated
    subquery over the roles' ids): a window over every stored role list read all
    of them, 260,000 rows for each batch late in a first screening at 981 roles
    (0.12–0.15 s a batch; 0.07 s this way). Only the roles in `holding` filter
    out the leaving candidates: a filter of 500 ids on every row read took longer
    than the window (it is not hashed there). Elsewhere the window, by score alone: the
    k-th score is the same whatever the order of ties, and the role-best index
    gives this order."""
    limit = settings.MATCHES_PER_ROLE
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Match._meta.db_table)

        def kth(leaving_filter: str) -> str:
            return (
                f"(SELECT m.score FROM {table} m WHERE m.role_id = r.id "
                f"AND m.for_role {leaving_filter} "
                "ORDER BY m.score DESC OFFSET %s LIMIT 1)"
            )

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, CASE WHEN r.id = ANY(%s::integer[]) "
                f"THEN {kth('AND NOT (m.profile_id = ANY(%s::integer[]))')} "
                f"ELSE {kth('')} END FROM unnest(%s::integer[]) AS r(id)",
                [
                    _int_array(holding),
                    _int_array(leaving),
                    limit - 1,
                    limit - 1,
                    _int_array(int(cr.role.role_id) for cr in index.roles),
                ],
            )
            return dict(cursor.fetchall())
    ranked = (
        Match.objects.filter(for_role=True)
        .exclude(profile_id__in=leaving)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("role_id")],
                order_by=[F("score").desc()],
            )
        )
        .filter(rank=limit)
        .values_list("role_id", "score")
    )
    return dict(ranked)


@transaction.atomic
def refresh_candidate_matches(*, profile_ids: list[int]) -> None:
    """Merge these candidates into every open role's best list and store their best roles.

    Each open role is compiled once for the batch into arrays of bounds; only the
    pairs whose bound can enter a list are scored, and the lists are the same as
    scoring every pair (jobs/engines/matching/retrieval.py). A candidate enters a
    role's list when the role has room or the score beats the list's lowest; lists
    may hold a few more than MATCHES_PER_ROLE until the role's next full refresh
    trims them. Queries: a fixed number per batch (`queue_candidate_matches`
    splits a large refresh into batches).
    """
    now = timezone.now()
    index = RoleIndex.cached(open_role_requirements(), _match_config())
    cards = list(CandidateCard.objects.filter(profile_id__in=profile_ids))
    applied = [
        (role_id, profile_id)
        for role_id, profile_id in Application.objects.shared_profile()
        .filter(candidate__profile__in=profile_ids)
        .values_list("role_id", "candidate__profile")
        .distinct()
        if role_id in index.by_id
    ]
    summaries = {s.candidate_id: s for s in _summaries(cards)}
    discoverable_ids = {c.profile_id for c in cards if c.discoverable}
    # The roles whose lists change: those the candidates leave and those they
    # enter (their pages' versions move, jobs/web/page_cache.py).
    changed_roles = set(
        Match.objects.filter(profile_id__in=profile_ids, for_role=True).values_list(
            "role_id", flat=True
        )
    )
    floors = _role_floors(index, leaving=profile_ids, holding=changed_roles)
    # The candidates' old rows lose both flags, then the new ones set them again.
    Match.objects.filter(profile_id__in=profile_ids).update(
        for_role=False, for_candidate=False
    )
    # Role lists are written as the engine builds them, a few thousand rows at a
    # time: a first batch against roles whose lists have room is up to 50 rows a
    # role (a million at 20,000 roles).
    role_rows: list[_Row] = []

    def write_role(role_id: int | str, results: list) -> None:
        role_rows.extend(_row(r) for r in results)
        if results:
            changed_roles.add(int(role_id))
        if len(role_rows) >= _WRITE_BATCH:
            _upsert(role_rows, "for_role", now=now)
            role_rows.clear()

    with _pipelined():  # the engine goes on scoring while a slice is written
        found = match_batch(
            index,
            list(summaries.values()),
            roles_per_candidate=settings.ROLES_PER_CANDIDATE,
            candidates_per_role=settings.MATCHES_PER_ROLE,
            compete=discoverable_ids,
            role_floors=floors,
            explained=False,
            on_role=write_role,
        )
    for role_id, profile_id in applied:
        # Applicants who are not discoverable are matched to the roles they applied to.
        if profile_id in summaries and profile_id not in discoverable_ids:
            position = index.by_id[role_id]
            score = total_score(index.roles[position], summaries[profile_id])
            if score >= floors[position]:
                role_rows.append((role_id, profile_id, score))
                changed_roles.add(role_id)
    _upsert(role_rows, "for_role", now=now)
    _upsert(
        [
            _row(result)
            for results in found.for_candidates.values()
            for result in results
        ],
        "for_candidate",
        now=now,
    )
    Match.objects.filter(
        profile_id__in=profile_ids, for_role=False, for_candidate=False
    ).delete()
    touch_roles(role_ids=changed_roles)


_WRITE_BATCH = 5_000


@contextlib.contextmanager
def _pipelined() -> Iterator[None]:
    """On PostgreSQL, the statements inside sent without waiting for each to finish
    (psycopg's pipeline mode): the server writes one slice of rows on one core while
    the engine computes the next on the other. A statement's error is raised by the
    next query that waits for a result or, at the latest, at the end of the block,
    inside the caller's transaction, which then rolls back. Elsewhere nothing
    changes."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def delete_orphan_matches() -> int:
    """Delete stored matches whose role or profile no longer exists; how many.

    `Match` has no database constraint on either key (see the model): a refresh
    that read a role or a profile just before it was deleted can still write its
    rows. No page shows them (every reader joins both), and the nightly refresh
    calls this to remove them (one statement)."""
    deleted, _by_model = (
        Match.objects.exclude(Exists(Role.objects.filter(pk=OuterRef("role_id"))))
        | Match.objects.exclude(
            Exists(CandidateProfile.objects.filter(pk=OuterRef("profile_id")))
        )
    ).delete()
    return deleted


def queue_candidate_matches(
    *, profile_ids: Iterable[int], size: int | None = None
) -> int:
    """Queue the refresh of these candidates' matches as tasks of at most `size`
    (MATCH_SHARD_SIZE) candidates each, by id range, so workers share the work;
    how many tasks. Eager mode runs them here, after the commit."""
    size = size or settings.MATCH_SHARD_SIZE
    ids = sorted(set(profile_ids))
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    for chunk in chunks:
        enqueue_on_commit(refresh_candidate_matches_task, chunk)
    return len(chunks)


# --- who may see whom, invitations, the view log -------------------------------------


def record_profile_view(
    *, profile: CandidateProfile, company, viewer, role=None
) -> None:
    ProfileView.objects.create(
        profile=profile, company=company, viewer=viewer, role=role
    )


@transaction.atomic
def invite_to_apply(
    *, role: Role, profile: CandidateProfile, message: str, user
) -> tuple:
    """Invite a candidate once per role; the email goes out after commit.

    Raises ValidationError for a candidate who has already applied to the role
    (and not withdrawn): they need an answer, not an invitation.
    """
    if (
        Application.objects.active()
        .filter(role=role, candidate=profile.user_id)
        .exists()
    ):
        raise ValidationError(_("This candidate has already applied to this role."))

    invitation, created = ApplyInvitation.objects.get_or_create(
        role=role, profile=profile, defaults={"message": message, "invited_by": user}
    )
    if created:
        notifications.apply_invitation(invitation=invitation)
    return invitation, created


def mark_apply_invitations_seen(*, profile: CandidateProfile) -> int:
    """Mark the candidate's unseen invitations to apply seen (when they open
    "Roles for you"); how many."""
    return ApplyInvitation.objects.filter(profile=profile, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )
