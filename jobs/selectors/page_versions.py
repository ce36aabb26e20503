"""The versions a signed-in page's cache key holds (`jobs.web.page_cache`).

One statement of scalar subqueries, written in SQL: a cached page costs its
reader's session and user and this, so the ORM's query building (longer than
the query itself) is left out. The stamps a page also depends on (the rules',
the catalogue's) are read in the same statement.
"""

import time
from datetime import date

from django.conf import settings
from django.db import connection

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
# models' signals and the rules services); other processes see it within the
# setting's seconds.
_rules_memo: tuple[float, tuple] | None = None


def forget_rules_stamp() -> None:
    global _rules_memo
    _rules_memo = None


def _remembered_rules_stamp() -> tuple | None:
    memo = _rules_memo
    if (
        memo is not None
        and time.monotonic() < memo[0]
        and memo[1][0] == connection.alias
    ):
        return memo[1]
    return None


def _remember_rules_stamp(stamp: tuple) -> None:
    global _rules_memo
    seconds = settings.PAGE_RULES_STAMP_SECONDS
    _rules_memo = (time.monotonic() + seconds, stamp) if seconds > 0 else None


def _stamps_sql(*, rules: bool, catalogue: bool) -> list[str]:
    return (rules_stamp_sql() if rules else []) + (
        catalogue_fingerprint_sql() if catalogue else []
    )


def _with_stamps(head: tuple, tail, *, rules: bool, catalogue: bool) -> tuple:
    """`head` and then the stamps read in the same statement (`tail`, the
    row's last values): `rules_stamp()`'s and `catalogue_fingerprint()`'s."""
    tail = list(tail)
    stamps: list[object] = []
    if rules:
        stamp = rules_stamp_of(tail[:6])
        _remember_rules_stamp(stamp)
        stamps.append(stamp)
        tail = tail[6:]
    if catalogue:
        stamps.append(catalogue_fingerprint_of(tail[:4]))
    return (*head, *stamps)


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
    remembered = _remembered_rules_stamp() if rules else None
    read_rules = rules and remembered is None
    head_size = len(parts)
    parts += _stamps_sql(rules=read_rules, catalogue=catalogue)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    if public_role_id is not None and row[2] is None:
        return None
    head = tuple("" if value is None else str(value) for value in row[:head_size])
    found = _with_stamps(head, row[head_size:], rules=read_rules, catalogue=catalogue)
    if remembered is not None:
        found = (*head, remembered, *found[head_size:])
    return found


def employer_page_versions(*, user_id: int | None, rules: bool = False) -> tuple | None:
    """(company id, member role, user version, company version) of the
    employer's membership (`membership_of`'s), or None without one (one query).
    `rules` adds `rules_stamp()`, read in the same statement."""
    membership = _q(Membership._meta.db_table)
    table = _q(PageVersion._meta.db_table)
    company = _column(Membership, "company")
    # Membership.Meta.ordering, as `membership_of`'s first().
    remembered = _remembered_rules_stamp() if rules else None
    read_rules = rules and remembered is None
    sql = (
        f"SELECT m.{company}, m.{_column(Membership, 'role')}, {_version_sql()}, "
        f"(SELECT {_q('version')} FROM {table} "
        f"WHERE {_q('scope')} = 'company:' || m.{company})"
        + "".join(
            f", {part}" for part in _stamps_sql(rules=read_rules, catalogue=False)
        )
        + f" FROM {membership} m WHERE m.{_column(Membership, 'user')} = %s "
        f"ORDER BY m.{company}, m.{_column(Membership, 'joined_at')} LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"user:{user_id}", user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    head = (row[0], row[1], row[2] or "", row[3] or "")
    if remembered is not None:
        return (*head, remembered)
    return _with_stamps(head, row[4:], rules=read_rules, catalogue=False)
