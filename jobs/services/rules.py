"""Writing the screening rules: every change versioned, institution imports.

These are the only writers of the rules tables; `jobs.selectors.rules` reads them
(`current_rules()`), and notices each change by its cheap "rules stamp".
"""

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from jobs.engines.screening.config import RulesConfig
from jobs.engines.screening.engine import rules_version
from jobs.engines.screening.institutions import KINDS
from jobs.engines.screening.institutions import Institution as InstitutionRecord
from jobs.engines.screening.sources import (
    FORMATS,
    RANKING_FORMATS,
    merge_institutions,
    merge_rankings,
)
from jobs.models import CityWage, Institution, RulesConfiguration
from jobs.selectors.page_versions import forget_rules_stamp
from jobs.selectors.rules import (
    _INSTITUTION_FIELDS,
    UserOrNone,
    _base_settings,
    _engine_wages,
)

_BATCH = 1000


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an institution import did (or would do, on a dry run)."""

    created: int
    updated: int
    skipped: int
    errors: tuple[str, ...] = ()
    dry_run: bool = False

    def __str__(self) -> str:
        # In the active language: English in the command, the reader's in the admin.
        counts = {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": len(self.errors),
        }
        if self.dry_run:
            return (
                gettext(
                    "Dry run, nothing written: created %(created)s, updated %(updated)s, "
                    "skipped %(skipped)s (nothing new), errors %(errors)s"
                )
                % counts
            )
        return (
            gettext(
                "created %(created)s, updated %(updated)s, skipped %(skipped)s "
                "(nothing new), errors %(errors)s"
            )
            % counts
        )


# --- reading ---------------------------------------------------------------------


# --- writing: rules versions -----------------------------------------------------


def _user_or_none(user: UserOrNone) -> User | None:
    # AnonymousUser (and None) record no author; every signed-in user is a User.
    return user if isinstance(user, User) else None


@transaction.atomic
def save_rules_configuration(
    *, config: RulesConfig, user: UserOrNone, note: str = ""
) -> RulesConfiguration:
    """Store `config` as a new rules version (a new row; rows are never edited).

    The wage table is the `CityWage` rows: `config.city_wages` is replaced by the
    active rows, so the stored snapshot and its `version` match what screens use.
    """
    wages = _engine_wages(CityWage.objects.active())
    full = dataclasses.replace(config, city_wages=wages)
    row = RulesConfiguration(
        config=full.to_dict(),
        version=rules_version(full),
        note=note[:500],
        created_by=_user_or_none(user),
    )
    row.full_clean()
    row.save()
    return row


def _record_wage_change(*, user: UserOrNone, note: str) -> RulesConfiguration | None:
    """Add a rules version for the current wage table, unless it changed nothing."""
    config = RulesConfig.from_dict(_base_settings())
    wages = _engine_wages(CityWage.objects.active())
    version = rules_version(dataclasses.replace(config, city_wages=wages))
    newest = RulesConfiguration.objects.order_by("-pk").only("version").first()
    if newest is not None and newest.version == version:
        return None
    return save_rules_configuration(config=config, user=user, note=note)


@transaction.atomic
def save_city_wage(
    *, wage: CityWage, user: UserOrNone, note: str = ""
) -> tuple[CityWage, RulesConfiguration | None]:
    """Validate and save a wage row, then record the new rules version it makes."""
    wage.full_clean()
    wage.save()
    version = _record_wage_change(
        user=user, note=note or f"City wage {wage.city} {wage.year} saved"
    )
    return wage, version


@transaction.atomic
def delete_city_wages(
    *, wages: QuerySet[CityWage], user: UserOrNone
) -> RulesConfiguration | None:
    """Delete wage rows and record the new rules version."""
    names = ", ".join(f"{w.city} {w.year}" for w in wages[:10])
    wages.delete()
    return _record_wage_change(user=user, note=f"City wage deleted: {names}"[:500])


# --- writing: institutions -------------------------------------------------------

_MAX_LEN: dict[str, int] = {
    field.name: max_length
    for field in Institution._meta.concrete_fields
    if (max_length := getattr(field, "max_length", None))
}


def _problem(inst: InstitutionRecord) -> str | None:
    """Why a parsed record cannot be stored, or None."""
    if inst.kind not in KINDS:
        return f"{inst.name!r}: unknown kind {inst.kind!r}"
    if inst.country and len(inst.country) != 2:
        return f"{inst.name!r}: country {inst.country!r} is not a 2-letter code"
    for name in ("name", "name_zh", "ranking"):
        value = getattr(inst, name)
        if len(value) > _MAX_LEN[name]:
            return f"{inst.name[:60]!r}…: {name} longer than {_MAX_LEN[name]}"
    if not inst.name:
        return "a record without a name"
    return None


def _unique_key(inst: InstitutionRecord, taken: set[str]) -> str:
    limit = _MAX_LEN["key"]
    base = inst.key[:limit] or "institution"
    key = base
    if key in taken and inst.country:
        key = f"{base[: limit - 3]}-{inst.country.lower()}"
    n = 2
    while key in taken:
        suffix = f"-{n}"
        key = f"{base[: limit - len(suffix)]}{suffix}"
        n += 1
    taken.add(key)
    return key


def _with_source(current: str, source: str) -> str:
    parts = [p for p in current.split("; ") if p]
    return current if source in parts else "; ".join([*parts, source])


def import_institutions(
    *,
    path: str | Path,
    fmt: str,
    year: int | None = None,
    dry_run: bool = False,
    names_only: bool = False,
) -> ImportReport:
    """Merge a reference file (one of `jobs.engines.screening.sources.FORMATS`) into the table.

    Idempotent: a second import of the same file changes nothing. A file that is
    not of the given format raises ValueError before anything is written.
    """
    path = Path(path)
    with path.open("rb") as fp:
        return import_institutions_from_file(
            fp=fp,
            name=path.name,
            fmt=fmt,
            year=year,
            dry_run=dry_run,
            names_only=names_only,
        )


def import_institutions_from_file(
    *,
    fp: IO[bytes] | IO[str],
    name: str,
    fmt: str,
    year: int | None = None,
    dry_run: bool = False,
    names_only: bool = False,
) -> ImportReport:
    """`import_institutions` for an open file (the admin's upload).

    Ranking formats are matched name by name through the resolver (rankings spell
    names their own way) and the best rank wins; `names_only` imports an older
    edition for its spellings without its ranks (the latest edition gives ranks).
    """
    parser = FORMATS.get(fmt)
    if parser is None:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if year is not None and fmt not in RANKING_FORMATS:
        raise ValueError(
            f"a year applies only to the ranking formats ({', '.join(sorted(RANKING_FORMATS))})"
        )
    if names_only and fmt not in RANKING_FORMATS:
        raise ValueError("names only applies only to the ranking formats")
    kwargs = {"year": year} if year is not None else {}
    try:
        parsed = list(parser(fp, **kwargs))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not UTF-8 text ({exc.reason})") from exc
    if not parsed:
        raise ValueError(f"{name}: no institutions found for format {fmt}")
    errors: list[str] = []
    records = []
    for inst in parsed:
        problem = _problem(inst)
        if problem:
            errors.append(problem)
        else:
            records.append(inst)
    with transaction.atomic():
        return _merge_into_table(
            records=records,
            source=f"{fmt} {name}"[:200],
            errors=errors,
            parsed=len(parsed),
            dry_run=dry_run,
            by_resolver=fmt in RANKING_FORMATS,
            names_only=names_only,
        )


def _merge_into_table(
    *,
    records: list[InstitutionRecord],
    source: str,
    errors: list[str],
    parsed: int,
    dry_run: bool,
    by_resolver: bool = False,
    names_only: bool = False,
) -> ImportReport:
    rows = list(Institution.objects.select_for_update().order_by("pk"))
    existing = [row.to_record() for row in rows]
    if by_resolver:
        merged = merge_rankings(existing, records, names_only=names_only)
    else:
        merged = merge_institutions(existing, records)
    now = timezone.now()
    changed_fields = [f for f in _INSTITUTION_FIELDS if f != "key"]
    to_update = []
    for row, before, after in zip(rows, existing, merged, strict=False):
        if after == before:
            continue
        for field in changed_fields:
            value = getattr(after, field)
            setattr(row, field, list(value) if field == "aliases" else value)
        row.source = _with_source(row.source, source)
        row.updated_at = now  # bulk_update skips auto_now
        to_update.append(row)
    taken = {row.key for row in rows}
    to_create = []
    for inst in merged[len(rows) :]:
        data = dataclasses.asdict(inst)
        data["key"] = _unique_key(inst, taken)
        data["aliases"] = list(inst.aliases)
        to_create.append(Institution(**data, source=source, updated_at=now))
    if not dry_run:
        Institution.objects.bulk_update(
            to_update, [*changed_fields, "source", "updated_at"], batch_size=_BATCH
        )
        Institution.objects.bulk_create(to_create, batch_size=_BATCH)
        # Bulk writes send no signals: the page keys read the rules stamp again.
        forget_rules_stamp()
    created, updated = len(to_create), len(to_update)
    return ImportReport(
        created=created,
        updated=updated,
        skipped=max(parsed - len(errors) - created - updated, 0),
        errors=tuple(errors),
        dry_run=dry_run,
    )
