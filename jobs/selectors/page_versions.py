"""The versions a signed-in page's cache key holds (`jobs.web.page_cache`).

One statement of scalar subqueries, written in SQL: a cached page costs its
reader's session and user and this, so the ORM's query building (longer than
the query itself) is left out.
"""

from datetime import date

from django.db import connection

from jobs.models import Company, Membership, PageVersion, Role, RoleStatus


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _version_sql() -> str:
    return (
        f"(SELECT {_q('version')} FROM {_q(PageVersion._meta.db_table)} "
        f"WHERE {_q('scope')} = %s)"
    )


def page_versions(
    *,
    user_id: int | None,
    company_id: int | None = None,
    public_role_id: int | None = None,
    today: date | None = None,
) -> tuple | None:
    """(user version, company version, role stamp), "" for a scope never touched
    (one query). With `public_role_id`: the role's and its company's `updated_at`
    as its stamp, and None when the role is not public (the conditions of
    `Role.objects.public()`, which a test holds this to)."""
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
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    if public_role_id is not None and row[2] is None:
        return None
    return tuple("" if value is None else str(value) for value in row)


def employer_page_versions(*, user_id: int | None) -> tuple | None:
    """(company id, member role, user version, company version) of the
    employer's membership (`membership_of`'s), or None without one (one query)."""
    membership = _q(Membership._meta.db_table)
    table = _q(PageVersion._meta.db_table)
    company = _column(Membership, "company")
    # Membership.Meta.ordering, as `membership_of`'s first().
    sql = (
        f"SELECT m.{company}, m.{_column(Membership, 'role')}, {_version_sql()}, "
        f"(SELECT {_q('version')} FROM {table} "
        f"WHERE {_q('scope')} = 'company:' || m.{company}) "
        f"FROM {membership} m WHERE m.{_column(Membership, 'user')} = %s "
        f"ORDER BY m.{company}, m.{_column(Membership, 'joined_at')} LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"user:{user_id}", user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return (row[0], row[1], row[2] or "", row[3] or "")
