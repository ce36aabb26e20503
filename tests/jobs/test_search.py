"""Role search: keywords, filters, sorting, pagination and a constant query count."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Role
from jobs.services.roles import save_role
from tests.factories import CompanyFactory, RoleFactory, SeekerFactory

pytestmark = pytest.mark.django_db


def _titles(client, **params) -> list[str]:
    response = client.get(
        f"{reverse('jobs:role_search')}?{urlencode(params, doseq=True)}"
    )
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>', response.text
    )


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("robotics", {"Robotics engineer", "Data scientist"}),
        ("robotics engineer", {"Robotics engineer"}),
        ("optics", {"Lecturer in physics"}),
        ("pytorch", {"ML engineer"}),  # a skill
        ("Acme", {"ML engineer"}),  # the company's name
        ("nothing-like-this", set()),
    ],
)
def test_keyword_search(client, q, expected):
    RoleFactory(title="Robotics engineer", description="ROS and motion planning")
    RoleFactory(title="Data scientist", description="Statistics for robotics fleets")
    RoleFactory(title="Lecturer in physics", description="Teach optics")
    RoleFactory(
        title="ML engineer",
        description="Models",
        skills=["PyTorch"],
        company__name="Acme AI",
    )
    assert set(_titles(client, q=q)) == expected


@pytest.mark.parametrize("q", ["\x0e", "!!", "\u200b"])
def test_a_query_with_nothing_searchable_lists_every_role_by_relevance(client, q):
    """Found by the API fuzz test: such a query sorted by relevance named a rank
    that was never annotated (a 500 on PostgreSQL and SQLite)."""
    RoleFactory(title="Robotics engineer")
    RoleFactory(title="Data scientist")
    assert set(_titles(client, q=q, sort="relevance")) == {
        "Robotics engineer",
        "Data scientist",
    }
    api = client.get("/api/v1/public/roles/", {"q": q, "sort": "relevance"})
    assert api.status_code == 200
    assert api.json()["count"] == 2


def test_filters_combine(client):
    now = timezone.now()
    RoleFactory(
        title="match",
        city="Shenzhen",
        salary_max=600_000,
        min_degree="master",
        sponsors_work_permit=True,
        work_mode="remote",
        skills=["Python", "Go"],
    )
    RoleFactory(
        title="wrong city", city="Beijing", salary_max=600_000, skills=["Python"]
    )
    RoleFactory(
        title="too little pay", city="Shenzhen", salary_min=100_000, salary_max=200_000
    )
    RoleFactory(
        title="needs doctorate",
        city="Shenzhen",
        salary_max=600_000,
        min_degree="doctorate",
    )
    RoleFactory(
        title="old",
        city="Shenzhen",
        salary_max=600_000,
        published_at=now - datetime.timedelta(days=20),
    )
    assert set(
        _titles(client, city="shenzhen", salary_from=400000, degree="master")
    ) == {
        "match",
        "old",
    }
    assert _titles(
        client, city="Shenzhen", posted_within=7, degree="master", salary_from=250000
    ) == ["match"]
    assert _titles(client, skills="python 3, golang") == ["match"]
    assert _titles(client, visa="work_permit") == ["match"]
    assert _titles(client, work_mode="remote") == ["match"]


def test_sorting(client):
    now = timezone.now()
    RoleFactory(
        title="old rich",
        salary_max=900_000,
        published_at=now - datetime.timedelta(days=9),
    )
    RoleFactory(title="new modest", salary_max=300_000, published_at=now)
    assert _titles(client) == ["new modest", "old rich"]
    assert _titles(client, sort="salary") == ["old rich", "new modest"]
    assert _titles(client, sort="newest") == ["new modest", "old rich"]


def test_pagination_has_count_and_no_page_range(client):
    company = CompanyFactory()
    for i in range(30):
        RoleFactory(company=company, title=f"role {i}")
    response = client.get(reverse("jobs:role_search"), {"page": 2})
    assert response.text.count("role-card") == 5
    assert "30 roles" in response.text
    assert "Page 2 of 2" in response.text
    assert 'rel="prev"' in response.text
    # A page past the end, or nonsense, still answers.
    assert client.get(reverse("jobs:role_search"), {"page": 99}).status_code == 200
    assert client.get(reverse("jobs:role_search"), {"page": "x"}).status_code == 200


def test_invalid_filters_do_not_break_the_page(client):
    RoleFactory(title="still here")
    response = client.get(
        reverse("jobs:role_search"),
        {"salary_from": "lots", "degree": "wizard", "sort": "random"},
    )
    assert response.status_code == 200


def test_search_urls_are_shareable_and_keep_filters_on_paging(client):
    company = CompanyFactory()
    for _ in range(26):
        RoleFactory(company=company, city="Wuhan")
    response = client.get(reverse("jobs:role_search"), {"city": "Wuhan"})
    assert "city=Wuhan&amp;page=2" in response.text


def _search_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("jobs:role_search"), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "engineer"},
        {"city": "Shanghai", "salary_from": "100000", "visa": "k_visa"},
    ],
)
def test_query_count_is_constant(client, params):
    company = CompanyFactory()
    for i in range(5):
        RoleFactory(company=company, title=f"engineer {i}", skills=["Python", "Go"])
    few = _search_queries(client, params)
    for i in range(25):
        RoleFactory(
            company=CompanyFactory(), title=f"engineer {i}", skills=["Python", "Rust"]
        )
    assert Role.objects.count() == 30
    many = _search_queries(client, params)
    assert few == many
    # One for the table fingerprint (the cache key), then the count, the page's
    # ids, its rows with their companies, and their skills. A ranked keyword
    # search (PostgreSQL) reads its count and ids in one query: its bounded,
    # ranked candidates (`ranked_ids`).
    ranked = "q" in params and connection.vendor == "postgresql"
    assert many == (4 if ranked else 5)
    # Cached: the fingerprint only, whatever the number of roles.
    assert _search_queries(client, params) == 1


def test_cached_results_follow_every_change(client, settings):
    settings.ROLES_AUTO_APPROVE_VERIFIED = True  # an edit stays published
    role = RoleFactory(title="Robot arm engineer")
    assert _titles(client, q="robot") == ["Robot arm engineer"]
    assert _search_queries(client, {"q": "robot"}) == 1  # cached: the fingerprint only
    role.refresh_from_db()
    role.title = "Robot leg engineer"
    save_role(role=role)
    text = client.get(reverse("jobs:role_search"), {"q": "robot"}).text
    assert "Robot leg engineer" in text
    role.company.verified_at = None
    role.company.save()
    assert (
        "Robot leg engineer"
        not in client.get(reverse("jobs:role_search"), {"q": "robot"}).text
    )


def test_results_cache_can_be_turned_off(client, settings):
    settings.ROLES_SEARCH_CACHE_SECONDS = 0
    RoleFactory()
    assert _search_queries(client, {}) == 4
    assert _search_queries(client, {}) == 4


def test_pages_keep_the_sort_order(client):
    company = CompanyFactory()
    now = timezone.now()
    for i in range(30):
        RoleFactory(
            company=company,
            title=f"role {i:02}",
            salary_min=1000 * (i + 1),
            salary_max=1000 * (i + 1),
            published_at=now - datetime.timedelta(hours=i),
        )
    newest = [f"role {i:02}" for i in range(30)]
    assert _titles(client) + _titles(client, page=2) == newest
    by_salary = newest[::-1]
    assert _titles(client, sort="salary") + _titles(client, sort="salary", page=2) == (
        by_salary
    )


def test_page_query_reads_card_columns_only(client, settings):
    settings.ROLES_SEARCH_CACHE_SECONDS = 0
    RoleFactory(title="Card", description="A long description " * 50)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("jobs:role_search"))
    page_sql = [q["sql"] for q in queries if '"jobs_role"."title"' in q["sql"]]
    assert len(page_sql) == 1, [q["sql"] for q in queries]
    assert '"description"' not in page_sql[0]


def test_cache_key_does_not_confuse_values_holding_separators(client):
    RoleFactory(title="Plain", city="Wuhan")
    # "q=x&city=Wuhan" as one keyword must not reuse the search q=x, city=Wuhan.
    assert _titles(client, q="Plain", city="Wuhan") == ["Plain"]
    assert _titles(client, q="Plain&city=Wuhan") == []
    assert _titles(client, city="Wuhan", q="Plain") == ["Plain"]


def test_cached_search_is_per_user_around_shared_fragments(client):
    RoleFactory(title="Shared", city="Wuhan")
    anonymous = client.get(reverse("jobs:role_search"), {"city": "Wuhan"}).text
    assert "Save search" not in anonymous
    seeker = SeekerFactory()
    client.force_login(seeker)
    assert _search_queries(client, {"city": "Wuhan"}) > 1  # the session and user
    text = client.get(reverse("jobs:role_search"), {"city": "Wuhan"}).text
    assert "Shared" in text
    assert "Save search and email me new roles" in text
    assert seeker.email in text
    # The seeker's own tokens: the saved-search form and sign-out; the cached
    # form and results (and an anonymous page) carry none.
    assert text.count("csrfmiddlewaretoken") == (
        anonymous.count("csrfmiddlewaretoken") + 2
    )


def test_anonymous_page_is_cached_whole_and_follows_changes(client):
    RoleFactory(title="Laser physicist", city="Hefei")
    first = client.get(reverse("jobs:role_search"), {"city": "Hefei"})
    assert "csrfmiddlewaretoken" not in first.text  # nothing per visitor
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("jobs:role_search"), {"city": "Hefei"})
    assert again.content == first.content
    assert len(queries) == 1  # the fingerprint only
    RoleFactory(title="Fusion engineer", city="Hefei")
    assert (
        "Fusion engineer"
        in client.get(reverse("jobs:role_search"), {"city": "Hefei"}).text
    )


def test_visitors_with_a_session_or_messages_are_not_served_the_shared_page(client):
    RoleFactory(title="Quantum chemist", city="Hefei")
    client.get(reverse("jobs:role_search"))  # fills the shared cache
    assert client.get(reverse("jobs:role_search")).context is None  # served whole
    client.cookies["messages"] = "pending"
    # Rendered for this visitor (its messages must show), not the shared page.
    assert client.get(reverse("jobs:role_search")).context is not None


def test_feed_is_atom_with_public_roles(client):
    role = RoleFactory(title="Quantum optics researcher")
    response = client.get(reverse("jobs:role_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Quantum optics researcher" in response.text
    assert reverse("jobs:role_detail", args=[role.pk]) in response.text
