"""Public roles: anonymous and read-only, the same roles and filters as /roles/."""

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpResponse, QueryDict
from ninja import Field, Path, Query, Router

from jobs.models import Role
from jobs.selectors.search import api_search, canonical_search, results_cache_key
from jobs.views.api.paging import PageQuery, paginated
from jobs.views.api.problems import Problem, form_errors
from jobs.views.api.schemas import PublicRoleOut, PublicRolePage, public_role_out

router = Router(tags=["public roles"])

MAX_ID = 2**31 - 1


class RoleSearch(PageQuery):
    """The search page's filters, by the same names."""

    q: str = Field("", max_length=200, description="Keywords, English or Chinese.")
    city: str = Field("", max_length=100, description="Beijing finds 北京 too.")
    skills: str = Field(
        "", max_length=300, description="Comma-separated; all required."
    )
    salary_from: int | None = Field(None, ge=0, le=100_000_000)
    degree: str = Field("", max_length=20)
    visa: str = Field("", max_length=20, description="k_visa or work_permit.")
    work_mode: str = Field("", max_length=20)
    posted_within: str = Field("", max_length=4, description="Days: 1, 7 or 30.")
    sort: str = Field("", max_length=20, description="relevance, newest or salary.")


def search_data(filters: PageQuery) -> QueryDict:
    """The filters as the query string the search page would get."""
    data = QueryDict(mutable=True)
    for name, value in filters.model_dump().items():
        if name in ("page", "per_page") or value in ("", None):
            continue
        data[name] = str(value)
    return data


def _cache_key(request, filters: RoleSearch) -> str | None:
    """The search page's cache key (catalogue, day, language, canonical filters,
    page) with what only the API varies on: page size and the host its links name."""
    search = canonical_search(search_data(filters))
    if search is None:
        return None  # invalid filters: answered with their errors, not cached
    key = results_cache_key(search[0], filters.page)
    if key is None:
        return None
    return f"{key}:api:{filters.per_page}:{request.scheme}://{request.get_host()}"


@router.get("/roles/", response=PublicRolePage, url_name="public_roles", auth=None)
def public_roles(request, filters: Query[RoleSearch]):
    """Published roles of verified companies, newest first unless sorted: the
    search page's roles and filters. Answers are cached like the search page's
    (`ROLES_SEARCH_CACHE_SECONDS`, any change to a role or company starts anew)."""
    key = _cache_key(request, filters)
    body = caches["search"].get(key) if key else None
    if body is None:
        filterset = api_search(search_data(filters))
        if not filterset.is_valid():
            raise Problem(422, errors=form_errors(filterset.form))
        page = paginated(
            request,
            filterset.qs,
            filters,
            lambda r: public_role_out(r, request),
            search=True,
        )
        body = PublicRolePage.model_validate(page).model_dump_json().encode()
        if key:
            caches["search"].set(key, body, settings.ROLES_SEARCH_CACHE_SECONDS)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get(
    "/roles/{role_id}/", response=PublicRoleOut, url_name="public_role", auth=None
)
def public_role(request, role_id: int = Path(..., ge=1, le=MAX_ID)):
    role = (
        Role.objects.public()
        .select_related("company")
        .prefetch_related("required_skills")
        .filter(pk=role_id)
        .first()
    )
    if role is None:
        raise Http404
    return public_role_out(role, request)
