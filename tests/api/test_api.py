"""The REST API's behaviour: the same search, services, moderation, emails and
visibility as the web, in the language asked for, with problem-detail errors."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Visibility
from jobs.models import ApiKey, Application, OutboxEmail, Role, RoleStatus
from jobs.services.matching import refresh_role_matches
from jobs.services.roles import close_role
from tests.api.conftest import ApiClient, company_key
from tests.factories import (
    ApplicantFactory,
    ClosedRoleFactory,
    CompanyFactory,
    DraftRoleFactory,
    RoleFactory,
)
from tests.jobs.test_matches import _candidate
from tests.pages import external_resources

pytestmark = pytest.mark.django_db

BODY = {
    "title": "Perception engineer",
    "description": "Cameras and lidar for **robots**.",
    "salary_min": 300000,
    "salary_max": 500000,
    "city": "北京",
    "required_skills": ["Python", "ROS"],
}


# --- public roles ---------------------------------------------------------------


def test_public_roles_are_the_search_pages_roles(company):
    shown = RoleFactory(company=company, city="北京", title="Lidar perception engineer")
    RoleFactory(company=company, city="Shanghai")
    DraftRoleFactory(company=company, city="Beijing")  # never public
    RoleFactory(company=CompanyFactory(verified_at=None), city="Beijing")  # unverified
    client = ApiClient()
    by_city = client.get("/api/v1/public/roles/", {"city": "Beijing"}).json()
    assert [r["id"] for r in by_city["results"]] == [shown.pk]
    assert client.get("/api/v1/public/roles/", {"city": "北京"}).json()["count"] == 1
    assert client.get("/api/v1/public/roles/", {"q": "lidar"}).json()["count"] == 1
    assert client.get(f"/api/v1/public/roles/{shown.pk}/").status_code == 200
    draft = Role.objects.get(status=RoleStatus.DRAFT)
    assert client.get(f"/api/v1/public/roles/{draft.pk}/").status_code == 404


def test_public_roles_speak_the_language_asked_for(company):
    RoleFactory(
        company=company,
        city="Beijing",
        title="Perception engineer",
        title_zh="感知算法工程师",
        work_mode="remote",
    )
    english = ApiClient(language="en").get("/api/v1/public/roles/")
    chinese = ApiClient(language="zh-hans,zh;q=0.9").get("/api/v1/public/roles/")
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"
    assert "Accept-Language" in chinese["Vary"]
    en, zh = english.json()["results"][0], chinese.json()["results"][0]
    assert (en["title"], en["city"], en["work_mode"]["label"]) == (
        "Perception engineer",
        "Beijing",
        "Remote",
    )
    assert (zh["title"], zh["city"], zh["work_mode"]["label"]) == (
        "感知算法工程师",
        "北京",
        "远程",
    )
    assert zh["work_mode"]["code"] == en["work_mode"]["code"] == "remote"
    assert zh["company"]["name"] == company.name_zh
    # Chinese text is sent as text, not \\u escapes.
    assert "感知算法工程师".encode() in chinese.content


def test_pages_are_stable_and_linked(company):
    roles = [RoleFactory(company=company) for _ in range(5)]
    client = ApiClient()
    first = client.get("/api/v1/public/roles/", {"per_page": 2}).json()
    assert (first["count"], first["pages"], first["previous"]) == (5, 3, None)
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert sorted(seen) == sorted(r.pk for r in roles)  # none twice, none skipped
    assert third["next"] is None
    beyond = client.get("/api/v1/public/roles/", {"per_page": 2, "page": 9}).json()
    assert beyond["results"] == []
    assert beyond["count"] == 5


def test_bad_filters_are_problem_details_in_the_language_asked_for():
    response = ApiClient(language="zh-hans").get(
        "/api/v1/public/roles/", {"degree": "wizard"}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/problems/invalid")
    assert problem["status"] == 422
    assert [e["field"] for e in problem["errors"]] == ["degree"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem["title"])  # 中文
    too_many = ApiClient().get("/api/v1/public/roles/", {"per_page": 1000})
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "per_page"


def test_public_list_queries_do_not_grow_with_the_page(company):
    RoleFactory(company=company, skills=["Python"])
    client = ApiClient()
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/public/roles/")
    for _ in range(6):
        RoleFactory(company=company, skills=["Python", "ROS"])
    with CaptureQueriesContext(connection) as seven:
        client.get("/api/v1/public/roles/")
    assert len(seven) == len(one)


# --- a company's roles ------------------------------------------------------------


def test_a_posted_role_goes_through_moderation(api, company):
    response = api.post_json("/api/v1/roles/", BODY)
    assert response.status_code == 201, response.content
    role = Role.objects.get(pk=response.json()["id"])
    assert role.status == RoleStatus.DRAFT
    assert role.company == company
    assert role.city_key == "beijing"  # the save service ran
    assert sorted(s.name for s in role.required_skills.all()) == ["Python", "ROS"]
    submitted = api.post_json(f"/api/v1/roles/{role.pk}/submit/", {})
    assert submitted.json()["status"]["code"] == "pending"  # staff review it first
    assert ApiClient().get(f"/api/v1/public/roles/{role.pk}/").status_code == 404
    assert api.post_json(f"/api/v1/roles/{role.pk}/submit/", {}).status_code == 409


def test_a_verified_company_with_auto_approval_publishes_at_once(api, settings):
    settings.ROLES_AUTO_APPROVE_VERIFIED = True
    response = api.post_json("/api/v1/roles/", {**BODY, "submit": True})
    assert response.json()["status"]["code"] == "published"
    assert (
        ApiClient().get(f"/api/v1/public/roles/{response.json()['id']}/").status_code
        == 200
    )


def test_the_web_forms_rules_apply(api):
    response = api.post_json(
        "/api/v1/roles/",
        {**BODY, "description": "仅限男性，35岁以下", "salary_min": 600000},
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"description", "salary_max"}
    assert not Role.objects.exists()  # nothing saved


def test_editing_a_published_role_sends_it_back_to_review(api, company):
    role = RoleFactory(company=company, openings=1)
    response = api.patch_json(
        f"/api/v1/roles/{role.pk}/", {"openings": 4, "title_zh": "机器人工程师"}
    )
    assert response.status_code == 200, response.content
    role.refresh_from_db()
    assert (role.openings, role.title_zh, role.status) == (
        4,
        "机器人工程师",
        RoleStatus.PENDING,
    )
    assert role.title.startswith(
        "Robotics engineer"
    )  # untouched fields keep their values
    closed = ClosedRoleFactory(company=company)
    assert (
        api.patch_json(f"/api/v1/roles/{closed.pk}/", {"openings": 2}).status_code
        == 409
    )


def test_closing_a_role(api, company):
    role = RoleFactory(company=company)
    response = api.post_json(f"/api/v1/roles/{role.pk}/close/", {})
    assert response.json()["status"]["code"] == "closed"
    assert api.post_json(f"/api/v1/roles/{role.pk}/close/", {}).status_code == 200


def test_the_role_list_filters_by_status(api, company):
    RoleFactory(company=company)
    draft = DraftRoleFactory(company=company)
    listed = api.get("/api/v1/roles/", {"status": "draft"}).json()
    assert [r["id"] for r in listed["results"]] == [draft.pk]
    assert api.get("/api/v1/roles/").json()["count"] == 2


# --- applications --------------------------------------------------------------------


def test_applications_are_read_and_moved_with_the_webs_email(api, company):
    role = RoleFactory(company=company)
    application = ApplicantFactory(role=role, outcome="likely")
    listed = api.get(f"/api/v1/roles/{role.pk}/applications/").json()
    assert [a["id"] for a in listed["results"]] == [application.pk]
    assert listed["results"][0]["candidate"]["outlook"]["code"] == "likely"
    moved = api.post_json(
        f"/api/v1/applications/{application.pk}/stage/",
        {"stage": "interview", "note": "strong", "message": "Monday 10:00?"},
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"]["code"] == "interview"
    application.refresh_from_db()
    assert application.stage == "interview"
    event = application.events.order_by("-pk").first()
    assert (event.note, event.message) == ("strong", "Monday 10:00?")
    email = OutboxEmail.objects.get(template="jobs/email/stage_changed.txt")
    assert email.recipients == [application.candidate.email]
    refused = api.post_json(
        f"/api/v1/applications/{application.pk}/stage/", {"stage": "withdrawn"}
    )
    assert refused.status_code == 422


def test_a_withdrawn_and_hidden_candidate_is_a_404_as_on_the_web(api, company):
    role = RoleFactory(company=company)
    application = ApplicantFactory(role=role)
    profile = application.candidate.profile
    profile.visibility = Visibility.HIDDEN
    profile.save()
    Application.objects.filter(pk=application.pk).update(stage="withdrawn")
    assert api.get(f"/api/v1/applications/{application.pk}/").status_code == 404
    assert api.get(f"/api/v1/roles/{role.pk}/applications/").json()["count"] == 0


# --- matches ---------------------------------------------------------------------------


def test_matches_are_the_visible_candidates_with_components_in_each_language(
    api, company
):
    role = RoleFactory(company=company, skills=["Python", "ROS"])
    seen = _candidate()
    _candidate(visible=False)
    refresh_role_matches(role_id=role.pk)
    english = api.get(f"/api/v1/roles/{role.pk}/matches/").json()
    assert [m["candidate"]["profile_id"] for m in english["results"]] == [seen.pk]
    match = english["results"][0]
    assert match["components"]
    assert match["candidate"]["outlook"] is not None
    chinese = (
        ApiClient(company_key(company), language="zh-hans")
        .get(f"/api/v1/roles/{role.pk}/matches/")
        .json()["results"][0]
    )
    assert chinese["score"] == match["score"]
    assert chinese["components"][0]["label"] != match["components"][0]["label"]
    high = api.get(f"/api/v1/roles/{role.pk}/matches/", {"min_score": 101})
    assert high.status_code == 422


# --- staff screening ---------------------------------------------------------------------


def test_screening_answers_as_screen_profiles_does(settings, tmp_path):
    from jobs.models import ApiScope
    from jobs.services.api_keys import create_api_key
    from tests.factories import StaffFactory

    settings.ADMIN_REQUIRE_MFA = False
    _, key = create_api_key(name="s", scopes=[ApiScope.SCREENING], by=StaffFactory())
    lines = (
        '{"id": "a", "birth_date": "1998-04-01", "degrees": [{"level": "master", '
        '"field": "Computer Science", "institution": "Tsinghua University", "conferred": "2023-06-30"}]}\n'
        "not json\n"
        '{"id": "b", "birth_date": "1950-01-01", "degrees": []}\n'
    )
    response = ApiClient(key).post(
        "/api/v1/screening/?as_of=2026-12-01",
        lines,
        content_type="application/x-ndjson",
    )
    assert response.status_code == 200
    path = tmp_path / "in.jsonl"
    path.write_text(lines)
    from io import StringIO

    out = StringIO()
    call_command("screen_profiles", str(path), "--as-of", "2026-12-01", stdout=out)
    assert [json.loads(x) for x in response.content.decode().splitlines()] == [
        json.loads(x) for x in out.getvalue().splitlines()
    ]
    assert len(response.content.decode().splitlines()) == 3
    wrong_type = ApiClient(key).post("/api/v1/screening/", {"a": "b"})
    assert wrong_type.status_code == 415


# --- keys, limits, errors ------------------------------------------------------------------


def test_each_use_is_counted(api, company):
    api.get("/api/v1/roles/")
    api.get("/api/v1/roles/")
    key = ApiKey.objects.get(company=company)
    assert key.use_count == 2
    assert key.last_used_at is not None


def test_a_key_over_its_rate_limit_gets_429(api, settings):
    settings.API_RATE_LIMIT = "3/1m/key"
    answers = [api.get("/api/v1/roles/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = api.get("/api/v1/roles/")
    assert limited["Retry-After"] == "60"
    assert limited.json()["type"].endswith("/problems/rate-limited")


def test_errors_are_problem_details_everywhere(api):
    for response, status in (
        (api.get("/api/v1/no/such/thing"), 404),
        (api.delete("/api/v1/roles/"), 405),
        (api.post("/api/v1/roles/", "{not json", content_type="application/json"), 400),
        (api.get("/api/v1/roles/abc/"), 422),
        (ApiClient("ktp_nonsense").get("/api/v1/roles/"), 401),
    ):
        assert response.status_code == status, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status


def test_the_schema_and_its_docs_come_from_the_portal():
    client = ApiClient()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/roles/{role_id}/matches/" in schema["paths"]
    assert "application/problem+json" in json.dumps(
        schema["paths"]["/api/v1/roles/"]["post"]
    )
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert external_resources(docs) == []


def test_the_cached_public_list_follows_the_catalogue(company, settings):
    settings.ROLES_SEARCH_CACHE_SECONDS = 300
    role = RoleFactory(company=company)
    client = ApiClient()
    assert client.get("/api/v1/public/roles/").json()["count"] == 1
    RoleFactory(company=company)
    assert client.get("/api/v1/public/roles/").json()["count"] == 2
    close_role(role=role)
    assert client.get("/api/v1/public/roles/").json()["count"] == 1
    # A repeat is served from the cache: no query for the roles themselves.
    with CaptureQueriesContext(connection) as repeat:
        client.get("/api/v1/public/roles/")
    assert not any('"jobs_role"."description"' in q["sql"] for q in repeat)


def test_a_role_posted_and_published_at_once_is_found_by_its_city(api, settings):
    """Publishing right after saving once wrote the saved copy back whole, with
    its city key and search columns still blank: the role was public but no
    city or keyword search found it."""
    settings.ROLES_AUTO_APPROVE_VERIFIED = True
    role_id = api.post_json("/api/v1/roles/", {**BODY, "submit": True}).json()["id"]
    client = ApiClient()
    for query in ({"city": "Beijing"}, {"city": "北京"}, {"q": "lidar"}):
        found = client.get("/api/v1/public/roles/", query).json()
        assert [r["id"] for r in found["results"]] == [role_id], query
