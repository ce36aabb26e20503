"""Search flat in the table size: capped counts, ranking over a bounded set of
candidates, the city filter through the place key (issue 19).

Run on both databases (`scripts/with-postgres ... pytest`); the ranking and the
Chinese keyword paths are PostgreSQL's (SQLite has no rank: relevance is newest).
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Role
from jobs.selectors.search import public_search, search_page
from tests.api.conftest import ApiClient
from tests.factories import CompanyFactory, RoleFactory

pytestmark = pytest.mark.django_db


def _best_robot() -> str:
    """The first "robot" match: PostgreSQL ranks (the oldest role says it three
    times); SQLite has no relevance and keeps the newest first."""
    if connection.vendor == "postgresql":
        return "Robot robot robot arms"
    return "Warehouse lead"


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.ROLES_SEARCH_CACHE_SECONDS = 0


def _page(client, language="en", **params):
    response = client.get(
        f"{reverse('jobs:role_search')}?{urlencode(params)}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    return response


def _titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>', response.text
    )


def _count_text(response) -> str:
    match = re.search(r'data-testid="result-count">([^<]+)<', response.text)
    assert match, response.text
    return match.group(1)


def _roles(n: int, **kwargs) -> list[Role]:
    company = CompanyFactory()
    now = timezone.now()
    return [
        RoleFactory(
            company=company,
            title=f"Robotics engineer {i:02}",
            published_at=now - datetime.timedelta(hours=i),
            **kwargs,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("params", [{}, {"q": "robotics"}, {"city": "上海"}])
def test_a_count_over_the_cap_shows_as_the_cap_plus(client, settings, params):
    settings.SEARCH_COUNT_CAP = 4
    settings.ROLES_PER_PAGE = 2
    _roles(7)
    english = _page(client, **params)
    assert _count_text(english) == "4+ roles"
    assert "Page 1 of 2+" in english.text
    chinese = _page(client, "zh-hans", **params)
    assert _count_text(chinese) == "4+ 个岗位"
    # The pages go up to the cap; past it, the last reachable page, which says so.
    last = _page(client, page=2, **params)
    assert _titles(last) == ["Robotics engineer 02", "Robotics engineer 03"]
    assert 'rel="next"' not in last.text
    assert "Only the first 4 roles can be paged through" in last.text
    assert _titles(_page(client, page=3, **params)) == _titles(last)
    assert "只能翻看前 4 个岗位" in _page(client, "zh-hans", page=9, **params).text


def test_a_count_at_the_cap_is_exact(client, settings):
    settings.SEARCH_COUNT_CAP = 4
    _roles(4)
    response = _page(client, q="robotics")
    assert _count_text(response) == "4 roles"
    assert 'data-testid="result-cap"' not in response.text


@pytest.mark.parametrize(
    "params", [{}, {"q": "engineer"}, {"city": "Shanghai", "q": "工程师"}]
)
def test_queries_of_a_page_stay_fixed_past_the_cap(client, settings, params):
    settings.SEARCH_COUNT_CAP = 3
    _roles(2)
    with CaptureQueriesContext(connection) as few:
        _page(client, **params)
    _roles(8, skills=["Python"])
    with CaptureQueriesContext(connection) as many:
        assert "3+" in _count_text(_page(client, **params))
    assert len(many) == len(few)


def test_the_count_reads_at_most_the_cap_plus_one(settings):
    settings.SEARCH_COUNT_CAP = 3
    _roles(6)
    with CaptureQueriesContext(connection) as queries:
        search_page(public_search(QueryDict("")).qs, per_page=25, number=1)
    count_sql = next(q["sql"] for q in queries if "COUNT(" in q["sql"].upper())
    assert re.search(r"LIMIT 4\b", count_sql), count_sql


@pytest.mark.parametrize("city", ["上海", "Shanghai", "shanghai", "上海市"])
def test_city_in_either_language_finds_the_same_roles(client, city):
    RoleFactory(title="English city", city="Shanghai")
    RoleFactory(title="Chinese city", city="上海")
    RoleFactory(title="With the suffix", city="上海市")
    RoleFactory(title="Elsewhere", city="北京")
    assert set(_titles(_page(client, city=city))) == {
        "English city",
        "Chinese city",
        "With the suffix",
    }


@pytest.mark.parametrize("q", ["工程师", "engineer"])
def test_chinese_and_english_keywords_find_roles_in_both(client, q):
    RoleFactory(title="机器学习工程师", city="上海")
    RoleFactory(title="Robotics engineer", city="Shanghai")
    RoleFactory(title="Data analyst", city="上海")
    assert set(_titles(_page(client, q=q, city="上海"))) == {
        "机器学习工程师",
        "Robotics engineer",
    }


def _ranked_roles():
    """Four matches of "robot" whose rank is not their age: the oldest is best."""
    now = timezone.now()
    company = CompanyFactory()
    specs = [
        ("Robot robot robot arms", 30),
        ("Robot welding lead", 20),
        ("Factory planner", 10),  # "robot" in the description only
        ("Warehouse lead", 0),
    ]
    return [
        RoleFactory(
            company=company,
            title=title,
            description="Robot cells.",
            published_at=now - datetime.timedelta(hours=hours),
        )
        for title, hours in specs
    ]


def test_ranking_under_the_bound_is_the_full_ranking(settings):
    _ranked_roles()
    filterset = public_search(QueryDict("q=robot"))
    full = [role.title for role in filterset.qs]  # every match ranked in SQL
    assert full[0] == _best_robot()
    page = search_page(filterset.qs, per_page=25, number=1)
    assert [role.title for role in page.object_list] == full


def test_ranking_reads_only_the_newest_candidates(settings):
    settings.SEARCH_COUNT_CAP = 1
    settings.SEARCH_RANK_CANDIDATES = 2  # the two newest matches are ranked
    _ranked_roles()
    page = search_page(public_search(QueryDict("q=robot")).qs, per_page=25, number=1)
    assert [role.title for role in page.object_list] == ["Warehouse lead"]
    assert page.paginator.capped
    settings.SEARCH_RANK_CANDIDATES = 4
    page = search_page(public_search(QueryDict("q=robot")).qs, per_page=25, number=1)
    assert [role.title for role in page.object_list] == [_best_robot()]


def test_api_says_when_the_count_is_capped(settings):
    settings.SEARCH_COUNT_CAP = 3
    _roles(5)
    client = ApiClient()
    first = client.get("/api/v1/public/roles/", {"per_page": 2}).json()
    assert (first["count"], first["count_capped"], first["pages"]) == (3, True, 2)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1  # the third role: the cap
    assert second["next"] is None
    beyond = client.get("/api/v1/public/roles/", {"per_page": 2, "page": 3}).json()
    assert beyond["results"] == []
    keyword = client.get("/api/v1/public/roles/", {"q": "robotics"}).json()
    assert (keyword["count"], keyword["count_capped"]) == (3, True)
    assert len(keyword["results"]) == 3
    settings.SEARCH_COUNT_CAP = 5
    exact = client.get("/api/v1/public/roles/").json()
    assert (exact["count"], exact["count_capped"]) == (5, False)
