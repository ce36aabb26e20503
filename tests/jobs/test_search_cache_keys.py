"""The search cache is keyed on the recognised, normalised filters only (issue 11,
defect 6): 3,000 `?q=engineer&x=<random>` made 3,000 entries in the Redis the
broker shares."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.selectors.search import canonical_search
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db


def _entries() -> list[str]:
    # LocMemCache keeps its keys in `_cache` (the test settings have no Redis).
    return list(caches["search"]._cache)


def _get(client, query: str):
    response = client.get(f"{reverse('jobs:role_search')}?{query}")
    assert response.status_code == 200
    return response


def test_junk_parameters_make_no_new_cache_entries(client):
    RoleFactory(title="Platform engineer")
    _get(client, "q=engineer")
    entries = _entries()
    assert len(entries) == 2  # the fragments and the anonymous page
    for i in range(50):
        response = _get(client, f"q=engineer&x={i}-{'y' * i}&utm_source=ad{i}")
        assert "Platform engineer" in response.text
    assert _entries() == entries


def test_the_same_search_written_differently_shares_one_entry(client):
    RoleFactory(title="Platform engineer", city="Wuhan", salary_max=300_000)
    _get(client, "q=engineer&city=Wuhan&salary_from=100000")
    entries = _entries()
    for query in (
        "city=Wuhan&q=engineer&salary_from=100000",  # another order
        "q=+engineer++&city=Wuhan&salary_from=100000.00",  # spaces, decimals
        "q=engineer&city=Wuhan&salary_from=100000&page=1&degree=",  # defaults
    ):
        _get(client, query)
    assert _entries() == entries


def test_a_junk_parameter_is_never_served_to_another_visitor(client):
    for i in range(30):
        RoleFactory(title=f"Engineer {i}")
    first = _get(client, "q=engineer&tracking=secret-token").text
    assert "page=2" in first
    # The visitor's own page links back to their URL (the language switch) ...
    assert "tracking" in first
    # ... but nothing cached from it carries it: not the fragments (pagination
    # links), and the whole page is not stored from a URL with junk in it.
    assert "tracking" not in _get(client, "q=engineer").text
    assert "tracking" not in _get(client, "q=engineer&other=1").text


def test_an_invalid_filter_is_shown_but_not_cached(client):
    RoleFactory()
    _get(client, "salary_from=lots")
    _get(client, "degree=astronaut")
    assert _entries() == []


def test_a_page_past_the_end_is_not_cached_under_its_own_number(client):
    RoleFactory()
    for page in range(2, 30):
        _get(client, f"page={page}")  # each shows the last (only) page
    assert _entries() == []
    # Page 1 is cached, and a cached page still costs one query.
    _get(client, "page=1")
    with CaptureQueriesContext(connection) as queries:
        _get(client, "page=1")
    assert len(queries) == 1


def test_canonical_search_keeps_only_recognised_filters():
    query, page = canonical_search(
        QueryDict("x=1&q=%20data%20%20science&sort=salary&page=3&skills=Python")
    )
    assert query.urlencode() == "q=data+science&skills=Python&sort=salary"
    assert page == 3
    assert canonical_search(QueryDict("page=%D9%A3"))[1] == 1  # not ASCII digits
    assert canonical_search(QueryDict("salary_from=-5")) is None


def test_keys_have_a_fixed_size(client):
    RoleFactory()
    _get(client, "q=short")
    short = sorted(len(key) for key in _entries())
    caches["search"].clear()
    _get(client, "q=" + "long" * 50 + "&skills=" + "s" * 300)
    assert sorted(len(key) for key in _entries()) == short
