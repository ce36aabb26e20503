"""Page-number pagination with a stable order, for every list of the API."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema

from jobs.selectors.search import SearchPaginator

MAX_PER_PAGE = 100


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1 is the first page.")
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


def paginated(
    request,
    queryset: QuerySet,
    query: PageQuery,
    out,
    *,
    search: bool = False,
    prepare: Callable[[list], object] | None = None,
) -> dict:
    """`count`, `page`, `per_page`, `pages`, `next`, `previous` and `results`
    (each object through `out`, after `prepare` has seen the page's objects at
    once, e.g. to explain them in a fixed number of queries). The queryset must be
    ordered down to a unique key, so no object is seen twice or skipped between
    pages. A page past the end
    is empty, with `next` None.

    `search`: the role search's paginator (`SearchPaginator`): the count stops at
    `SEARCH_COUNT_CAP`, and `count_capped` says when there are more (the pages
    end at the cap); a keyword search is ranked over its newest matches."""
    assert queryset.ordered, "an API list needs a stable order"
    paginator: Paginator = (
        SearchPaginator(queryset, query.per_page)
        if search
        else Paginator(queryset, query.per_page)
    )
    count = paginator.count
    pages = max(paginator.num_pages, 1) if count else 0
    number = query.page
    results: list = []
    if number <= pages:
        page = paginator.page(number)
        results = (
            paginator.page_objects(page)
            if isinstance(paginator, SearchPaginator)
            else list(page.object_list)
        )
        if prepare is not None:
            prepare(results)

    def link(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    extra = (
        {"count_capped": paginator.capped}
        if isinstance(paginator, SearchPaginator)
        else {}
    )
    return {
        **extra,
        "count": count,
        "page": number,
        "per_page": query.per_page,
        "pages": pages,
        "next": link(number + 1) if number < pages else None,
        "previous": link(min(number - 1, pages)) if number > 1 and pages else None,
        "results": [out(obj) for obj in results],
    }
