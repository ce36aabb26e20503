"""Page-number pagination with a stable order, for every list of the API."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema

MAX_PER_PAGE = 100


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1 is the first page.")
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


def paginated(request, queryset: QuerySet, query: PageQuery, out) -> dict:
    """`count`, `page`, `per_page`, `pages`, `next`, `previous` and `results`
    (each object through `out`). The queryset must be ordered down to a unique
    key, so no object is seen twice or skipped between pages. A page past the end
    is empty, with `next` None."""
    assert queryset.ordered, "an API list needs a stable order"
    paginator = Paginator(queryset, query.per_page)
    count = paginator.count
    pages = max(paginator.num_pages, 1) if count else 0
    number = query.page
    results = list(paginator.page(number).object_list) if number <= pages else []

    def link(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": count,
        "page": number,
        "per_page": query.per_page,
        "pages": pages,
        "next": link(number + 1) if number < pages else None,
        "previous": link(min(number - 1, pages)) if number > 1 and pages else None,
        "results": [out(obj) for obj in results],
    }
