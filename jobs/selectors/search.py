"""Role search: keyword, filters and sorting over `Role.objects.public()`, by GET."""

import hashlib
import re
from datetime import timedelta
from decimal import Decimal
from functools import cache
from typing import cast

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Exists, F, Field, OuterRef, Q, QuerySet, Value
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import DegreeLevel
from accounts.skills import skill_key, split_skills, vocabulary
from jobs.engines import search as search_engine
from jobs.engines.places import city_key
from jobs.models import DEGREE_ORDER, Company, Role, WorkMode

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("salary", _("Highest salary")),
]
POSTED_CHOICES = [
    ("1", _("Last 24 hours")),
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
]
VISA_CHOICES = [
    ("k_visa", _("K-visa holders welcome")),
    ("work_permit", _("Work-permit sponsorship")),
]


class RoleFilter(django_filters.FilterSet):
    """Filters read from the query string, so every search is a shareable URL."""

    q = django_filters.CharFilter(
        label=_("Keywords"), method="filter_keywords", max_length=200
    )
    city = django_filters.CharFilter(
        label=_("City"), method="filter_city", max_length=100
    )
    skills = django_filters.CharFilter(
        label=_("Skills"),
        method="filter_skills",
        max_length=300,
        help_text=_("Comma-separated; a role must ask for every one."),
    )
    salary_from = django_filters.NumberFilter(
        label=_("Salary from (CNY per year)"),
        method="filter_salary",
        min_value=0,
    )
    degree = django_filters.ChoiceFilter(
        label=_("My highest degree"),
        choices=DegreeLevel.choices,
        method="filter_degree",
        empty_label=_("Any"),
    )
    visa = django_filters.ChoiceFilter(
        label=_("Visa support"),
        choices=VISA_CHOICES,
        method="filter_visa",
        empty_label=_("Any"),
    )
    work_mode = django_filters.ChoiceFilter(
        label=_("Work mode"),
        choices=WorkMode.choices,
        field_name="work_mode",
        empty_label=_("Any"),
    )
    posted_within = django_filters.ChoiceFilter(
        label=_("Posted"),
        choices=POSTED_CHOICES,
        method="filter_posted",
        empty_label=_("Any time"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="sort_roles",
        empty_label=None,
    )

    class Meta:
        model = Role
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = "relevance" if data.get("q", "").strip() else "newest"
        super().__init__(data, *args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)

    def filter_keywords(self, queryset, name, value):
        return keyword_search(queryset, value)

    def filter_skills(self, queryset, name, value):
        through_required = Role.required_skills.through
        through_preferred = Role.preferred_skills.through
        for key in {skill_key(n) for n in split_skills(value)[:10]}:
            queryset = queryset.filter(
                Exists(
                    through_required.objects.filter(
                        role=OuterRef("pk"), skill__slug=key
                    )
                )
                | Exists(
                    through_preferred.objects.filter(
                        role=OuterRef("pk"), skill__slug=key
                    )
                )
            )
        return queryset

    def filter_city(self, queryset, name, value):
        """The city however either side wrote it: Beijing finds roles in 北京."""
        return queryset.filter(city_key=city_key(value))

    def filter_salary(self, queryset, name, value):
        return queryset.filter(salary_max__gte=value)

    def filter_degree(self, queryset, name, value):
        """Roles open to someone with this degree: their minimum is at most it."""
        return queryset.filter(
            min_degree__in=DEGREE_ORDER[: DEGREE_ORDER.index(value) + 1]
        )

    def filter_visa(self, queryset, name, value):
        if value == "k_visa":
            return queryset.filter(k_visa_welcome=True)
        return queryset.filter(sponsors_work_permit=True)

    def filter_posted(self, queryset, name, value):
        return queryset.filter(
            published_at__gte=timezone.now() - timedelta(days=int(value))
        )

    def sort_roles(self, queryset, name, value):
        if value == "salary":
            return queryset.order_by("-salary_max", "-salary_min", "-pk")
        # A query with nothing searchable in it (punctuation, control
        # characters) has no rank: newest first, as without one.
        if value == "relevance" and "rank" in queryset.query.annotations:
            return queryset.order_by(
                F("rank").desc(nulls_last=True), "-published_at", "-pk"
            )
        return queryset.order_by("-published_at", "-pk")


def active_filter_count(filterset: RoleFilter) -> int:
    if not filterset.form.is_valid():
        return 0
    return sum(
        1
        for name, value in filterset.form.cleaned_data.items()
        if name not in {"sort", "q"} and value not in (None, "")
    )


def _column(field: Field) -> str:
    """A model field's column (the stubs allow None: a field not yet on a model)."""
    if field.column is None:
        raise TypeError(f"{field!r} has no column")
    return field.column


def catalogue_fingerprint_sql() -> list[str]:
    """`catalogue_fingerprint`'s scalar subqueries, for a statement that reads
    them with others (`jobs.selectors.page_versions`)."""
    qn = connection.ops.quote_name
    parts = []
    for model in (Role, Company):
        table = qn(model._meta.db_table)
        pk = qn(_column(model._meta.pk))
        updated = qn(_column(model._meta.get_field("updated_at")))
        parts += [
            f"(SELECT MAX({pk}) FROM {table})",
            f"(SELECT MAX({updated}) FROM {table})",
        ]
    return parts


def catalogue_fingerprint_of(values) -> str:
    return ".".join(str(value) for value in values)


def catalogue_fingerprint() -> str:
    """Changes whenever a role or company is added or edited: one query.

    Maxima, not counts: each comes from an index at any table size. They are four
    scalar subqueries of one statement, because SQLite reads MAX() from an index
    only when it is a query's single aggregate (two in one SELECT scan the table).
    Rows are never deleted through the site (roles close, companies are
    PROTECTed); an admin deletion shows once the cache entry times out.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(catalogue_fingerprint_sql())}")
        row = cursor.fetchone()
    return catalogue_fingerprint_of(row)


# A page number the cache accepts: plain ASCII digits, a sane length.
_PAGE = re.compile(r"[0-9]{1,6}")


def canonical_search(data: QueryDict) -> tuple[QueryDict, int] | None:
    """The search's recognised filters, normalised, and the page asked for.

    Only RoleFilter's own fields count (any other parameter is dropped), each
    from the validated form: keywords with their spaces collapsed, a salary as a
    plain number, the sort only when one was chosen. The result is what the page
    is rendered from and keyed by, so `?q=engineer&x=<random>` is the search
    `?q=engineer`. None when a filter is invalid: that page shows its errors and
    is not cached.
    """
    filterset = RoleFilter(data, queryset=Role.objects.none())
    if not filterset.form.is_valid():
        return None
    cleaned = filterset.form.cleaned_data
    canonical = QueryDict(mutable=True)
    for name in sorted(RoleFilter.base_filters):
        if name == "sort" and not data.get("sort", "").strip():
            continue  # the default sort, filled in by RoleFilter
        value = cleaned.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        canonical[name] = " ".join(str(value).split())
    raw_page = data.get("page", "1").strip()
    page = int(raw_page) if _PAGE.fullmatch(raw_page) else 1
    return canonical, max(page, 1)


def results_cache_key(query: QueryDict, page: int) -> str | None:
    """The cache key for a search's form and results, or None when caching is off.

    `query` is the canonical search (`canonical_search`). Its pairs are
    re-encoded, so `&` or `=` inside a value cannot make two different searches
    share a key, and the whole is hashed, so a key has a fixed size.
    """
    if not settings.ROLES_SEARCH_CACHE_SECONDS:
        return None
    parts = [
        catalogue_fingerprint(),
        timezone.localdate().isoformat(),
        get_language() or "",
        query.urlencode(),
        str(page),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"jobs:search:{digest}"


# PostgreSQL text-search configuration: English stemming ("engineers" finds
# "engineer"). Chinese is indexed as character bigrams (`jobs.engines.search`),
# which the English configuration keeps as they are.
SEARCH_CONFIG = "english"


@cache
def search_vocabulary() -> search_engine.Vocabulary:
    """Every skill's spellings in both languages, and the title terms, as one vocabulary."""
    skills = (skill.forms() for skill in vocabulary().values())
    return search_engine.build_vocabulary([*skills, *search_engine.load_terms()])


def keyword_search(queryset, text: str):
    """Roles matching every word or phrase of `text`, in either language; ranked.

    The query is read into groups of equivalent spellings (`query_groups`: "ML"
    is also "machine learning" and 机器学习); a role must match one spelling of
    every group, in its title, skills, company, city or descriptions, English or
    Chinese. PostgreSQL: phrases against the stored, GIN-indexed tsvector, with
    `rank` annotated. SQLite: the same spellings against the stored search
    columns (a latin word from its start, a Chinese word anywhere).
    """
    text = " ".join(text.split())[:200]
    groups = search_engine.query_groups(text, search_vocabulary())
    if not groups:  # nothing searchable (punctuation, control characters)
        return queryset
    if connection.vendor == "postgresql":
        combined: SearchQuery | None = None
        for group in groups:
            alternatives: SearchQuery | None = None
            for form in sorted(group):
                phrase, prefix = search_engine.tsquery_text(form)
                query = (
                    SearchQuery(
                        f"'{phrase}':*", search_type="raw", config=SEARCH_CONFIG
                    )
                    if prefix
                    else SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG)
                )
                alternatives = query if alternatives is None else alternatives | query
            assert alternatives is not None  # a group holds at least one form
            combined = alternatives if combined is None else combined & alternatives
        assert combined is not None  # `groups` is not empty
        return queryset.filter(search_vector=combined).annotate(
            rank=SearchRank(F("search_vector"), combined)
        )
    for group in groups:
        condition = Q()
        for form in sorted(group):
            for column in ("search_title", "search_text"):
                if search_engine.has_cjk(form) and " " not in form:
                    condition |= Q(**{f"{column}__contains": form})
                else:
                    pattern = search_engine.latin_pattern(form)
                    condition |= Q(**{f"{column}__iregex": pattern})
        queryset = queryset.filter(condition)
    return queryset.annotate(rank=Value(0.0))


def public_search(data: QueryDict) -> "RoleFilter":
    """The search form bound to `data`, over the public roles only."""
    return RoleFilter(data, queryset=Role.objects.public().for_listing())


def api_search(data: QueryDict) -> "RoleFilter":
    """The search form over the public roles with every column the API returns
    (the listing's `only()` would load each description one query at a time)."""
    return RoleFilter(
        data,
        queryset=Role.objects.public()
        .select_related("company")
        .defer(*SEARCH_COLUMNS)
        .prefetch_related("required_skills"),
    )


# What search reads and the API never returns: not loaded with an API page.
SEARCH_COLUMNS = ("search_title", "search_text", "search_vector", "skills_text")


def is_ranked(queryset: QuerySet[Role]) -> bool:
    """Ordered by a keyword search's relevance rank (PostgreSQL, `sort_roles`)."""
    rank = queryset.query.annotations.get("rank")
    first = tuple(queryset.query.order_by[:1])
    return isinstance(rank, SearchRank) and first == (F("rank").desc(nulls_last=True),)


def rank_candidates() -> int:
    """How many of a keyword search's newest matches are ranked: at least one
    more than the count cap, so every page up to the cap is ranked."""
    return max(settings.SEARCH_RANK_CANDIDATES, settings.SEARCH_COUNT_CAP + 1)


def ranked_ids(queryset: QuerySet[Role], *, limit: int) -> list[int]:
    """The ids of a ranked search's newest `limit` matches, best rank first.

    One query: the matches are taken newest first (an index walk that stops
    after `limit` matches for a common word, the GIN index and a top-N sort for
    a rare one), then only those are ranked and sorted as `sort_roles` orders
    them (rank, newest, id, all descending), so when a search has fewer matches
    than `limit` its order is exactly the full ranking's. A match older than the
    newest `limit` is not reached: that is the price of a cost that does not
    grow with the table.
    """
    rank = cast(SearchRank, queryset.query.annotations["rank"])
    tsquery = rank.get_source_expressions()[1]
    candidates = queryset.order_by("-published_at", "-pk").values_list(
        "pk", "published_at", "search_vector"
    )[:limit]
    sql, params = candidates.query.sql_with_params()
    compiler = candidates.query.get_compiler(connection=connection)
    query_sql, query_params = compiler.compile(tsquery)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id FROM ({sql}) AS c (id, published_at, vector) "
            f"ORDER BY ts_rank(c.vector, {query_sql}) DESC NULLS LAST, "
            "c.published_at DESC, c.id DESC",
            (*params, *query_params),
        )
        return [row[0] for row in cursor.fetchall()]


class SearchPaginator(Paginator):
    """Pages of a search whose count stops at `SEARCH_COUNT_CAP`.

    The count reads at most cap + 1 matches (a LIMITed subquery, so "1,000+
    roles" costs the same at any table size); `capped` says there are more than
    `count`, and the pages end at the cap. A ranked keyword search is read as
    its bounded, ranked list of ids (`ranked_ids`): that list is the count and
    the pages, in one query.
    """

    def __init__(self, queryset: QuerySet[Role], per_page: int) -> None:
        self.queryset = queryset
        self.cap = settings.SEARCH_COUNT_CAP
        self.ranked = is_ranked(queryset)
        self.capped = False
        super().__init__(
            ranked_ids(queryset, limit=rank_candidates()) if self.ranked else queryset,
            per_page,
        )

    @cached_property
    def count(self) -> int:
        if self.ranked:
            found = len(self.object_list)
        else:
            found = (
                cast(QuerySet[Role], self.object_list)
                .order_by()
                .values("pk")[: self.cap + 1]
                .count()
            )
        self.capped = found > self.cap
        return min(found, self.cap)

    def page_ids(self, page: Page) -> list[int]:
        """The ids of `page`'s roles, in order."""
        if self.ranked:
            return list(page.object_list)
        # A page of a queryset holds a sliced queryset (the stubs promise a
        # sequence), or a list of rows when the queryset had been evaluated.
        if isinstance(page.object_list, QuerySet):
            return list(page.object_list.values_list("pk", flat=True))
        return [role.pk for role in page.object_list]

    def page_objects(self, page: Page) -> list[Role]:
        """`page`'s roles as the search's queryset loads them, in order."""
        if not self.ranked:
            return list(page.object_list)
        ids = self.page_ids(page)
        rows = self.queryset.order_by().in_bulk(ids) if ids else {}
        return [rows[pk] for pk in ids if pk in rows]


def search_page(queryset: QuerySet[Role], *, per_page: int, number) -> Page:
    """A page of search results: its ids first, then those rows by primary key.

    The page's slice is taken over the ids alone (an index walk in the sort
    order that stops at the page's end where an index serves the order), and only
    those rows are read in full, with their company: the database never sorts or
    reads the full rows of every match. The count stops at `SEARCH_COUNT_CAP`
    (`SearchPaginator`); a keyword search ranks its newest matches only. Two
    queries, plus the skills, per page. A page number past the end (or past the
    cap) shows the last page.
    """
    paginator = SearchPaginator(queryset, per_page)
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    ids = paginator.page_ids(page)
    rows = Role.objects.for_listing().in_bulk(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
