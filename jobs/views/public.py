"""Public pages: role search, a role, a company and its logo (the feed is in web/).

Every public page starts from `Role.objects.public()`: a draft, pending, closed or
expired role, or one of an unverified company, is a 404 here.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from accounts.access import is_verified_staff
from accounts.services import profile_for
from jobs.forms import ApplyForm
from jobs.models import Company
from jobs.selectors import pages
from jobs.selectors.companies import company_for
from jobs.selectors.engine_inputs import role_offer
from jobs.selectors.page_versions import page_versions
from jobs.selectors.screening import work_permits
from jobs.selectors.search import (
    active_filter_count,
    canonical_search,
    public_search,
    results_cache_key,
    search_page,
)
from jobs.validators import stored_logo_content_type
from jobs.web.bilingual import role_version
from jobs.web.jsonld import as_script, job_posting
from jobs.web.markdown import render_markdown
from jobs.web.page_cache import cached_page, is_cacheable
from portal.files import private_file_response


def _search_cache():
    """The rendered search pages: Redis in production, degrading to no cache when
    it is down (settings CACHES, portal/cache.py)."""
    return caches["search"]


def _render_search(data, page_number, query_without_page: str) -> tuple[str, str, int]:
    """The filter form and the results as HTML, and the page number shown.

    Rendered without the request (no context processors, no CSRF token), so
    nothing in them is per user and they can be cached by the query alone.
    """
    filterset = public_search(data)
    page = search_page(
        filterset.qs, per_page=settings.ROLES_PER_PAGE, number=page_number
    )
    context = {
        "filter": filterset,
        "filters_active": active_filter_count(filterset),
        "page": page,
        "query_without_page": query_without_page,
    }
    return (
        render_to_string("jobs/role_search.html#filter_form", context),
        render_to_string("jobs/role_search.html#results", context),
        page.number,
    )


@require_GET
def role_search(request: HttpRequest) -> HttpResponse:
    """Search public roles by GET; the form and results are cached by query and data.

    The page is rendered from, and cached under, the canonical search: the
    recognised filters, normalised (`canonical_search`), so unknown parameters
    neither make new cache entries nor end up in the page's links. The key also
    holds a fingerprint of the role and company tables (one cheap query), today's
    date (expiry) and the language, so any change shows at once. A search with
    an invalid filter, or a page number past the end, is rendered but not cached.
    A cached search builds no results at all; only the page around them (the
    navigation, the CSRF token, a seeker's "save this search") is per request,
    and signed in that page is cached for the reader (jobs/web/page_cache.py).
    """
    if request.user.is_authenticated:
        # Signed in: the whole page for this reader, under its query string,
        # the role and company tables' fingerprint and the date (the page is
        # the same for them: no need to read the search before a cached page).
        return cached_page(
            request,
            lambda: _role_search(request),
            versions=page_versions(user_id=request.user.pk, catalogue=True),
            parts=(timezone.localdate(),),
        )
    return _role_search(request)


def _role_search(request: HttpRequest) -> HttpResponse:
    search = canonical_search(request.GET)
    if search is None:
        data: QueryDict = request.GET
        page_number = request.GET.get("page", 1)
        query = request.GET.copy()
        query.pop("page", None)
        key = None
    else:
        data, page_number = search
        query = data
        key = results_cache_key(data, page_number)
    query_without_page = query.urlencode()
    # Anonymous visitors with no session or pending messages all get the same
    # page (no CSRF token, no name, no "save this search"): it is cached whole.
    page_key = f"{key}:page" if key and _is_plain_visitor(request) else None
    if page_key and (html := _search_cache().get(page_key)) is not None:
        return HttpResponse(html)
    fragments = _search_cache().get(key) if key else None
    if fragments is None:
        form_html, results_html, shown = _render_search(
            data, page_number, query_without_page
        )
        fragments = (form_html, results_html)
        if shown != page_number:  # past the end: the last page, kept under its own
            key = page_key = None
        if key:
            _search_cache().set(key, fragments, settings.ROLES_SEARCH_CACHE_SECONDS)
    form_html, results_html = fragments
    response = render(
        request,
        "jobs/role_search.html",
        {
            "form_html": form_html,
            "results_html": results_html,
            "query_without_page": query_without_page,
        },
    )
    # Stored only from the canonical URL: the page links back to itself (the
    # language switch), and one visitor's extra parameters are not for others.
    if page_key and not response.cookies and _is_canonical(request, data, page_number):
        _search_cache().set(
            page_key, response.content, settings.ROLES_SEARCH_CACHE_SECONDS
        )
    return response


def _is_canonical(request: HttpRequest, query, page_number) -> bool:
    """The request's query string is the canonical search itself."""
    expected = sorted(query.items())
    if "page" in request.GET:
        expected = sorted([*expected, ("page", str(page_number))])
    return sorted(request.GET.items()) == expected and all(
        len(request.GET.getlist(key)) == 1 for key in request.GET
    )


def _is_plain_visitor(request: HttpRequest) -> bool:
    """Anonymous, with no session and no flash messages waiting."""
    return (
        not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


@require_GET
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A public role; signed in, the whole page is cached for the reader
    (jobs/web/page_cache.py) under the role's and company's versions, the
    reader's, the rules (the estimate) and the date (validity)."""
    if not request.user.is_authenticated or not is_cacheable(request):
        return _role_detail(request, pk)
    today = timezone.localdate()
    versions = page_versions(
        user_id=request.user.pk, public_role_id=pk, today=today, rules=True
    )
    if versions is None:  # not public
        raise Http404
    return cached_page(
        request,
        lambda: _role_detail(request, pk),
        versions=versions,
        parts=(today,),
    )


def _role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    role = pages.public_role(pk=pk)
    if role is None:
        raise Http404
    application = saved = has_cv = estimate = None
    if request.user.is_authenticated and request.user.is_seeker:
        # The seeker's own work-permit estimate for this role's salary and city:
        # cached by facts, offer, rules and date; nothing is screened on a GET.
        profile = pages.with_facts(profile=profile_for(request.user))
        [work_permit] = work_permits(pairs=[(profile, role_offer(role))])
        estimate = {"work_permit": work_permit}
        application, saved = pages.seeker_role_state(user=request.user, role=role)
        has_cv = bool(profile.cv)
    # The version in the reader's language where given; ?lang= shows the other.
    wanted = request.GET.get("lang")
    version = role_version(
        role, wanted if wanted in ("zh", "en") else translation.get_language()
    )
    url = request.build_absolute_uri(reverse("jobs:role_detail", args=[role.pk]))
    logo_url = (
        request.build_absolute_uri(reverse("jobs:company_logo", args=[role.company_id]))
        if role.company.logo
        else ""
    )
    return render(
        request,
        "jobs/role_detail.html",
        {
            "role": role,
            "version": version,
            "description_html": render_markdown(version.description),
            "jsonld": as_script(job_posting(role, url=url, logo_url=logo_url)),
            "application": application,
            "saved": saved,
            "has_cv": has_cv,
            "estimate": estimate,
            "apply_form": ApplyForm(),
        },
    )


@require_GET
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = pages.verified_company(pk=pk)
    if company is None:
        raise Http404
    roles = pages.listed_roles_of(company=company)
    return render(
        request,
        "jobs/company_detail.html",
        {
            "company": company,
            "roles": roles,
            "description_html": render_markdown(company.description),
        },
    )


@require_GET
def company_logo(request: HttpRequest, pk: int) -> FileResponse:
    """A verified company's logo for anyone; an unverified one's for its members."""
    company = get_object_or_404(Company, pk=pk)
    if not company.is_verified:
        own = company_for(request.user) if request.user.is_authenticated else None
        if own != company and not is_verified_staff(request):
            raise Http404
    if not company.logo:
        raise Http404
    fileobj = company.logo.open("rb")
    content_type = stored_logo_content_type(fileobj)
    if content_type is None:
        fileobj.close()
        raise Http404
    return private_file_response(
        fileobj,
        content_type=content_type,
        cache_control="public, max-age=3600" if company.is_verified else "private",
    )
