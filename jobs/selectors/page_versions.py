"""The versions a signed-in page's cache key holds (`jobs.web.page_cache`).

One statement of scalar subqueries, written in SQL: a cached page costs its
reader's session and user and this, so the ORM's query building (longer than
the query itself) is left out. The stamps a page also depends on (the rules',
the catalogue's) are read in the same statement.
"""

import time
from collections.abc import Callable, Sequence
from datetime import date

from django.conf import settings
from django.db import connection, transaction

from jobs.models import Company, Membership, PageVersion, Role, RoleStatus
from jobs.selectors.rules import rules_stamp_of, rules_stamp_sql
from jobs.selectors.search import catalogue_fingerprint_of, catalogue_fingerprint_sql


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _version_sql() -> str:
    return (
        f"(SELECT {_q('version')} FROM {_q(PageVersion._meta.db_table)} "
        f"WHERE {_q('scope')} = %s)"
    )


# The rules stamp of the page keys, kept PAGE_RULES_STAMP_SECONDS per process:
# it counts the institution table (about 12,000 rows, a third of a cached
# role page's time on PostgreSQL), and rules change a few times a year. Only
# page keys use it: screening reads the exact stamp (`current_rules`). A write
# through this process forgets it at once (`forget_rules_stamp`, from the rules
# models' signals and the institution import); other processes see it within the
# setting's seconds. The memo is (when it was read, stamp), so it obeys the
# setting as it is now and a clock that went back does not stretch it.
_rules_memo: tuple[float, tuple] | None = None


def _clear_rules_stamp() -> None:
    global _rules_memo
    _rules_memo = None


def forget_rules_stamp() -> None:
    """A rules row changed in this process: page keys read the stamp again, now
    and once the write's transaction commits (a page read in between would keep
    the old stamp)."""
    _clear_rules_stamp()
    transaction.on_commit(_clear_rules_stamp)


def _remembered_rules_stamp() -> tuple | None:
    memo = _rules_memo
    if memo is None or memo[1][0] != connection.alias:
        return None
    age = time.monotonic() - memo[0]
    return memo[1] if 0 <= age < settings.PAGE_RULES_STAMP_SECONDS else None


def _remember_rules_stamp(stamp: tuple) -> None:
    global _rules_memo
    seconds = settings.PAGE_RULES_STAMP_SECONDS
    _rules_memo = (time.monotonic(), stamp) if seconds > 0 else None


def _stamp_reads(
    *, rules: bool, catalogue: bool
) -> tuple[list[str], Callable[[Sequence], list]]:
    """The scalar subqueries to add to a versions statement for these stamps,
    and how to read the stamps from the row's values after the versions'. The
    rules stamp is not read while this process remembers it."""
    remembered = _remembered_rules_stamp() if rules else None
    rules_sql = rules_stamp_sql() if rules and remembered is None else []
    catalogue_sql = catalogue_fingerprint_sql() if catalogue else []

    def stamps(tail: Sequence) -> list:
        found: list = []
        if remembered is not None:
            found.append(remembered)
        elif rules:
            stamp = rules_stamp_of(tail[: len(rules_sql)])
            _remember_rules_stamp(stamp)
            found.append(stamp)
        if catalogue:
            found.append(catalogue_fingerprint_of(tail[len(rules_sql) :]))
        return found

    return rules_sql + catalogue_sql, stamps


def page_versions(
    *,
    user_id: int | None,
    company_id: int | None = None,
    public_role_id: int | None = None,
    today: date | None = None,
    rules: bool = False,
    catalogue: bool = False,
) -> tuple | None:
    """(user version, company version, role stamp), "" for a scope never touched
    (one query). With `public_role_id`: the role's and its company's `updated_at`
    as its stamp, and None when the role is not public (the conditions of
    `Role.objects.public()`, which a test holds this to). `rules` and
    `catalogue` add `rules_stamp()` and `catalogue_fingerprint()`, read in the
    same statement: a cached page's one query."""
    parts = [_version_sql(), _version_sql()]
    params: list[str | int] = [f"user:{user_id}", f"company:{company_id}"]
    if public_role_id is not None:
        role, company = _q(Role._meta.db_table), _q(Company._meta.db_table)
        parts.append(
            f"(SELECT r.{_column(Role, 'updated_at')} || '/' || "
            f"c.{_column(Company, 'updated_at')} "
            f"FROM {role} r JOIN {company} c "
            f"ON c.{_column(Company, 'id')} = r.{_column(Role, 'company')} "
            f"WHERE r.{_column(Role, 'id')} = %s "
            f"AND r.{_column(Role, 'status')} = %s "
            f"AND r.{_column(Role, 'valid_until')} >= %s "
            f"AND c.{_column(Company, 'verified_at')} IS NOT NULL)"
        )
        assert today is not None, "a role's validity is read against a date"
        params += [public_role_id, RoleStatus.PUBLISHED.value, today.isoformat()]
    stamps_sql, stamps = _stamp_reads(rules=rules, catalogue=catalogue)
    head_size = len(parts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts + stamps_sql)}", params)
        row = cursor.fetchone()
    if public_role_id is not None and row[2] is None:
        return None
    head = tuple("" if value is None else str(value) for value in row[:head_size])
    return (*head, *stamps(row[head_size:]))


def employer_page_versions(*, user_id: int | None, rules: bool = False) -> tuple | None:
    """(company id, member role, user version, company version) of the
    employer's membership (`membership_of`'s), or None without one (one query).
    `rules` adds `rules_stamp()`, read in the same statement."""
    membership = _q(Membership._meta.db_table)
    table = _q(PageVersion._meta.db_table)
    company = _column(Membership, "company")
    # Membership.Meta.ordering, as `membership_of`'s first().
    stamps_sql, stamps = _stamp_reads(rules=rules, catalogue=False)
    sql = (
        f"SELECT m.{company}, m.{_column(Membership, 'role')}, {_version_sql()}, "
        f"(SELECT {_q('version')} FROM {table} "
        f"WHERE {_q('scope')} = 'company:' || m.{company})"
        + "".join(f", {part}" for part in stamps_sql)
        + f" FROM {membership} m WHERE m.{_column(Membership, 'user')} = %s "
        f"ORDER BY m.{company}, m.{_column(Membership, 'joined_at')} LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"user:{user_id}", user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return (row[0], row[1], row[2] or "", row[3] or "", *stamps(row[4:]))
