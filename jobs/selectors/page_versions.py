"""The versions a signed-in page's cache key holds (`jobs.web.page_cache`)."""

from jobs.models import PageVersion


def page_versions(*, user_id: int, company_id: int | None = None) -> tuple:
    """(user version, company version), "" for a scope never touched (one query)."""
    scopes = [f"user:{user_id}"] + ([f"company:{company_id}"] if company_id else [])
    found = dict(
        PageVersion.objects.filter(scope__in=scopes).values_list("scope", "version")
    )
    return tuple(found.get(scope, "") for scope in scopes)
