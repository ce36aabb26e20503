"""The authorisation matrix: every URL pattern × every actor against one declared table.

`tests/security/access_table.toml` declares, for every URL pattern of the resolver,
the answer class each actor must get (GET, and POST for views that change state).
This test walks `get_resolver()` recursively and fails when a pattern has no rule,
so a new URL without a row fails here. Path arguments are filled with objects that
seeker A and company X own (see `_build_world`), so every other actor is asking
for someone else's data. A denied POST must not write to the database (no
INSERT, UPDATE or DELETE outside the session table).

Each actor's request runs in a savepoint that is rolled back, so an allowed POST
(a withdrawal, a deletion) does not change what the next actor sees; the objects
are built once per module.
"""

import io
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

TABLE_PATH = Path(__file__).with_name("access_table.toml")
TABLE = tomllib.loads(TABLE_PATH.read_text(encoding="utf-8"))

ACTORS = (
    "anonymous",
    "seeker_a",
    "seeker_b",
    "owner",
    "recruiter",
    "other_owner",
    "unverified_owner",
    "moderator",
    "support",
    "superuser",
    "staff_no_mfa",
)
OUTCOMES = {
    "ok",  # 2xx
    "redirect",  # 3xx to anywhere but the login or MFA pages
    "login",  # 3xx to the login page (allauth's or the admin's)
    "mfa",  # 3xx to set up or confirm TOTP
    "bad",  # 400, 415 or 422: a form or request error, nothing saved
    "unauthenticated",  # 401: the API without a key
    "forbidden",  # 403
    "not_found",  # 404
    "method",  # 405
}
DENIED = {"login", "mfa", "bad", "unauthenticated", "forbidden", "not_found", "method"}
ADMIN_MODEL_KINDS = ("changelist", "add", "change", "delete", "history")
# Requests made per case; tests/security/conftest.py prints the total.
_checked: list[int] = []
# ACCESS_MATRIX_OBSERVE=file.json records what each actor gets instead of
# asserting: a help for writing a new row, never a way to accept answers unread.
OBSERVE = os.environ.get("ACCESS_MATRIX_OBSERVE")


def _observe(pattern, method, observed) -> None:
    path = Path(OBSERVE)
    seen = json.loads(path.read_text()) if path.exists() else {}
    seen[f"{method} {pattern.key}"] = observed
    path.write_text(json.dumps(seen, indent=1, sort_keys=True))


# --- the URL patterns -----------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "namespace:/route" for an unnamed pattern
    route: str
    name: str | None
    namespace: str | None


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"{namespace or ''}:/{route}"
            yield Pattern(key, route, entry.name, namespace)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def _admin_models() -> dict[str, str]:
    """URL-name prefix ("jobs_role_") -> model label ("jobs.role")."""
    return {
        f"{m._meta.app_label}_{m._meta.model_name}_": m._meta.label_lower
        for m in admin.site._registry
    }


_OBJECT_REDIRECT = re.compile(r"^admin/(\w+)/(\w+)/<path:object_id>/$")


def rule_for(pattern: Pattern) -> dict | None:
    """The declared rule of a pattern: its row in [urls], else the admin's rule."""
    if pattern.key in TABLE["urls"]:
        return {"source": "urls", **TABLE["urls"][pattern.key]}
    if pattern.namespace != "admin":
        return None
    rules = TABLE["admin"]
    if pattern.name is None:
        match = _OBJECT_REDIRECT.match(pattern.route)
        if match:
            label = f"{match[1]}.{match[2]}"
            return {"source": "admin", "kind": "object_redirect", "model": label}
        if pattern.route == "admin/(?P<url>.*)$":
            return {"source": "admin", "kind": "catch_all"}
        return None
    for prefix, label in _admin_models().items():
        suffix = pattern.name.removeprefix(prefix)
        if pattern.name.startswith(prefix) and suffix in ADMIN_MODEL_KINDS:
            if label not in rules["models"]:
                return None  # a newly registered model needs its rights declared
            return {"source": "admin", "kind": suffix, "model": label}
    return None


# --- expected answers -------------------------------------------------------------


def _expand(spec) -> dict[str, str]:
    """An outcome class, a profile name or a table -> one class per actor."""
    if isinstance(spec, str):
        if spec in OUTCOMES:
            return dict.fromkeys(ACTORS, spec)
        return _expand(TABLE["profiles"][spec])
    spec = dict(spec)
    base = _expand(spec.pop("profile")) if "profile" in spec else {}
    default = spec.pop("default", None)
    result = {actor: base.get(actor, default) for actor in ACTORS}
    unknown = set(spec) - set(ACTORS)
    assert not unknown, f"unknown actors in the access table: {unknown}"
    result.update(spec)
    assert None not in result.values(), f"an actor has no answer in {spec}"
    return result


def _admin_expected(rule: dict, method: str) -> dict[str, str] | None:
    """Expected answers for an admin model page from the declared group rights."""
    if method != "GET":
        return None
    rules = TABLE["admin"]
    kind = rule["kind"]
    expected = _expand(rules["profile"])
    if kind == "catch_all":
        return {**expected, **rules["catch_all"]}
    if kind == "object_redirect":
        return {**expected, **rules["object_redirect"]}
    model = rules["models"][rule["model"]]
    need = {"changelist": "view", "change": "view", "history": "view"}.get(kind, kind)
    for group in ("moderator", "support", "superuser"):
        rights = set(model.get(group, ["view", "change", "add", "delete"]))
        if "change" in rights:
            rights.add("view")
        expected[group] = "ok" if need in rights else "forbidden"
    expected.update(model.get("overrides", {}).get(kind, {}))
    return expected


def expected_for(pattern: Pattern, method: str, rule: dict) -> dict[str, str] | None:
    if rule["source"] == "admin":
        return _admin_expected(rule, method)
    spec = rule.get(method.lower())
    return None if spec is None else _expand(spec)


def _cases():
    cases = []
    for pattern in all_patterns():
        rule = rule_for(pattern)
        methods = ["GET"] if rule is None or rule["source"] == "admin" else []
        if rule is not None and rule["source"] == "urls":
            methods = [m for m in ("GET", "POST") if m.lower() in rule]
        for method in methods:
            marks = []
            reason = (rule or {}).get(f"{method.lower()}_xfail")
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            cases.append(
                pytest.param(
                    pattern, method, None, id=f"{method} {pattern.key}", marks=marks
                )
            )
    # [[cases]]: the same URL again with other objects (e.g. a withdrawn applicant).
    by_key = {p.key: p for p in all_patterns()}
    for index, case in enumerate(TABLE.get("cases", [])):
        for method in ("GET", "POST"):
            if method.lower() in case:
                cases.append(
                    pytest.param(
                        by_key[case["url"]],
                        method,
                        index,
                        id=f"{method} {case['url']} ({case['name']})",
                    )
                )
    return cases


def _rule(pattern: Pattern, case: int | None) -> dict | None:
    if case is None:
        return rule_for(pattern)
    return {"source": "urls", **TABLE["cases"][case]}


# --- the world: objects owned by seeker A and company X --------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _build_world() -> dict:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django.contrib.sites.models import Site

    from accounts.models import AccountDeletion, LanguageSkill, Visibility
    from accounts.services import set_skills
    from jobs.models import (
        ApplyInvitation,
        Institution,
        MemberRole,
        ProfileView,
        RulesConfiguration,
        ScreeningChange,
        ScreeningRun,
    )
    from jobs.services.applications import apply_to_role, withdraw_application
    from jobs.services.companies import invite_recruiter
    from jobs.services.saved import save_search, toggle_saved_role
    from jobs.services.screening import screen_candidates
    from tests import factories as f

    now = timezone.now()
    profile_a = f.CandidateProfileFactory(
        user=f.SeekerFactory(email="seeker-a@example.com"),
        visibility=Visibility.HIDDEN,  # only companies A applied to may see A
    )
    profile_a.cv.save("cv-a.pdf", ContentFile(b"%PDF-1.4 seeker A"), save=False)
    profile_a.cv_filename = "seeker-a.pdf"
    profile_a.save()
    education_a = f.EducationFactory(profile=profile_a)
    position_a = f.PositionFactory(profile=profile_a)
    LanguageSkill.objects.create(profile=profile_a, language="en", level="fluent")
    set_skills(profile=profile_a, names=["Python", "ROS"])
    screen_candidates(profile_ids=[profile_a.pk])
    screening_a = profile_a.screening
    ScreeningChange.objects.filter(
        profile=profile_a
    ).exists() or ScreeningChange.objects.create(
        profile=profile_a,
        from_outcome="",
        to_outcome="likely",
        rules_version="test",
        facts_hash="test",
        changed_at=now,
    )
    profile_b = f.CandidateProfileFactory(
        user=f.SeekerFactory(email="seeker-b@example.com"),
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )

    owner = f.MembershipFactory(user=f.EmployerFactory(email="owner-x@example.com"))
    company_x = owner.company
    company_x.logo.save("logo-x.png", ContentFile(_png()))
    recruiter = f.MembershipFactory(
        company=company_x,
        user=f.EmployerFactory(email="recruiter-x@example.com"),
        role=MemberRole.RECRUITER,
    )
    role_x = f.RoleFactory(company=company_x, skills=["Python"])
    role_x_draft = f.DraftRoleFactory(company=company_x)
    role_x_pending = f.PendingRoleFactory(company=company_x)
    invitation = invite_recruiter(
        company=company_x, email="invitee@example.com", by=owner.user
    )
    application_a = apply_to_role(
        role=role_x, user=profile_a.user, cover_note="Seeker A's cover note"
    )
    # Seeker C applied to X, withdrew, hid the profile and revoked both consents
    # (issue 11, defect 1): X may no longer see C.
    profile_c = f.CandidateProfileFactory(
        user=f.SeekerFactory(email="seeker-c@example.com"),
        visibility=Visibility.HIDDEN,
    )
    profile_c.cv.save("cv-c.pdf", ContentFile(b"%PDF-1.4 seeker C"), save=False)
    profile_c.save()
    application_c = apply_to_role(role=role_x, user=profile_c.user, cover_note="C")
    withdraw_application(application=application_c)
    toggle_saved_role(user=profile_a.user, role=role_x)
    from django.http import QueryDict

    saved_search_a = save_search(
        user=profile_a.user, data=QueryDict("q=robotics"), name="Robots"
    )
    apply_invitation_b = ApplyInvitation.objects.create(
        role=role_x, profile=profile_b, message="Apply!", invited_by=owner.user
    )
    # Messages (issue 16): A's thread with X, and C's (withdrawn, hidden from X).
    from jobs.services.messages import conversation_for_application, post_message

    conversation_a = conversation_for_application(application=application_a)
    post_message(conversation=conversation_a, sender=owner.user, body="Hello A")
    conversation_c = conversation_for_application(application=application_c)
    ProfileView.objects.create(
        profile=profile_a, company=company_x, viewer=owner.user, role=role_x
    )
    # Company API keys (issue 18): one of X's, revoked by X's owner in the matrix.
    api_key_x = f.ApiKeyFactory(company=company_x, created_by=owner.user)

    other = f.MembershipFactory(user=f.EmployerFactory(email="owner-y@example.com"))
    f.RoleFactory(company=other.company)
    unverified = f.MembershipFactory(
        user=f.EmployerFactory(email="owner-z@example.com"),
        company=f.CompanyFactory(verified_at=None),
    )
    company_z = unverified.company
    company_z.logo.save("logo-z.png", ContentFile(_png()))
    f.DraftRoleFactory(company=company_z)

    moderator = f.staff_in_group("Moderators", email="moderator@example.com")
    support = f.staff_in_group("Support", email="support@example.com")
    superuser = f.StaffFactory(email="superuser@example.com")
    staff_no_mfa = f.StaffFactory(email="staff-no-mfa@example.com")
    users = {
        "seeker_a": profile_a.user,
        "seeker_b": profile_b.user,
        "owner": owner.user,
        "recruiter": recruiter.user,
        "other_owner": other.user,
        "unverified_owner": unverified.user,
        "moderator": moderator,
        "support": support,
        "superuser": superuser,
        "staff_no_mfa": staff_no_mfa,
    }
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.totp import TEST_SECRET

    totp = TOTP.activate(superuser, TEST_SECRET).instance
    AccountDeletion.objects.create(account_type="seeker")
    rules = RulesConfiguration.objects.create(config={}, version="matrix", note="")
    run = ScreeningRun.objects.create(kind=ScreeningRun.Kind.ALL, total=1, done=1)
    names = {
        "seeker_a_user": profile_a.user.pk,
        "profile_a": profile_a.pk,
        "profile_b": profile_b.pk,
        "profile_c": profile_c.pk,
        "application_c_withdrawn": application_c.pk,
        "conversation_a": conversation_a.pk,
        "conversation_c_withdrawn": conversation_c.pk,
        "apply_invitation_b": apply_invitation_b.pk,
        "education_a": education_a.pk,
        "position_a": position_a.pk,
        "screening_a": screening_a.pk,
        "application_a": application_a.pk,
        "application_event_a": application_a.events.first().pk,
        "saved_search_a": saved_search_a.pk,
        "saved_role_a": profile_a.user.saved_roles.first().pk,
        "company_x": company_x.pk,
        "company_z": company_z.pk,
        "role_x": role_x.pk,
        "role_x_draft": role_x_draft.pk,
        "role_x_pending": role_x_pending.pk,
        "recruiter_membership": recruiter.pk,
        "api_key_x": api_key_x.pk,
        "invitation": invitation.pk,
        "invitation_token": invitation.token,
        "email_address_a": EmailAddress.objects.get(user=profile_a.user).pk,
        "authenticator": totp.pk,
        "moderators_group": Group.objects.get(name="Moderators").pk,
        "site": Site.objects.get_current().pk,
        "skill": profile_a.skills.first().pk,
        "rules_configuration": rules.pk,
        "screening_run": run.pk,
        "institution": Institution.objects.order_by("pk").first().pk,
        "role_content_type": apps.get_model("contenttypes", "ContentType")
        .objects.get_for_model(role_x)
        .pk,
    }
    # Webhooks (issue 18): company X's endpoint and one delivery to it.
    webhook_x = f.WebhookDeliveryFactory(
        endpoint=f.WebhookEndpointFactory(company=company_x)
    )
    names["webhook_x"] = webhook_x.endpoint_id
    names["webhook_delivery_x"] = webhook_x.pk
    for name, obj in (
        ("rules_configuration", rules),
        ("company_x", company_x),
        ("role_x", role_x),
        ("application_a", application_a),
    ):
        names[f"{name}_history"] = obj.history.order_by("history_id").first().history_id
    files = {}
    for field in (profile_a.cv, profile_c.cv, company_x.logo, company_z.logo):
        with field.open("rb") as handle:
            files[field.name] = handle.read()
    return {"users": users, "names": names, "files": files}


def _restore_files(files: dict[str, bytes]) -> None:
    """Put back files an allowed request removed (the database is rolled back,
    the storage is not)."""
    from django.core.files.storage import default_storage

    for name, content in files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


def _sign_in(user, *, mfa: bool) -> str:
    """A session key for the user, with the MFA step recorded when `mfa`."""
    from tests.totp import force_login_with_mfa

    client = Client()
    if mfa:
        force_login_with_mfa(client, user)
    else:
        client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("private"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    media.enable()
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build_world()
        built["sessions"] = {
            actor: _sign_in(user, mfa=actor in {"moderator", "support", "superuser"})
            for actor, user in built["users"].items()
        }
        yield built
        transaction.set_rollback(True)
    media.disable()


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.ADMIN_REQUIRE_MFA = True


# --- requests ----------------------------------------------------------------------


def _resolve(value, names: dict):
    if isinstance(value, str) and value.startswith("@"):
        return names[value[1:]]
    if isinstance(value, list):
        return [_resolve(v, names) for v in value]
    return value


def _url(pattern: Pattern, rule: dict, names: dict) -> str:
    if rule["source"] == "urls":
        if pattern.name is None:
            raise AssertionError(f"give unnamed pattern {pattern.key} a name")
        args = rule.get("args", {})
        if isinstance(args, list):  # a regex pattern's positional groups
            url = reverse(pattern.key, args=_resolve(args, names))
        else:
            url = reverse(
                pattern.key, kwargs={k: _resolve(v, names) for k, v in args.items()}
            )
        query = rule.get("query")
        return f"{url}?{_resolve_query(query, names)}" if query else url
    kind = rule["kind"]
    if kind == "catch_all":
        return "/admin/no-such-page/"
    label = rule["model"]
    app_label, model_name = label.split(".")
    object_name = TABLE["admin"]["models"].get(label, {}).get("object")
    if object_name:
        object_id = names[object_name.removeprefix("@")]
    else:
        first = apps.get_model(label).objects.order_by("pk").first()
        assert first is not None, f"the matrix world has no {label} for the admin"
        object_id = first.pk
    if kind == "object_redirect":
        return f"/admin/{app_label}/{model_name}/{object_id}/"
    name = f"admin:{app_label}_{model_name}_{kind}"
    args = [] if kind in ("changelist", "add") else [object_id]
    return reverse(name, args=args)


def _resolve_query(query: str, names: dict) -> str:
    return re.sub(r"@(\w+)", lambda m: str(names[m[1]]), query)


_LOGIN = ("account_login", "admin:login")
_MFA = ("mfa_activate_totp", "mfa_reauthenticate", "mfa_authenticate")


def classify(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if 300 <= code < 400:
        path = urlsplit(response["Location"]).path
        if path in {reverse(name) for name in _LOGIN}:
            return "login"
        if path in {reverse(name) for name in _MFA}:
            return "mfa"
        return "redirect"
    return {
        400: "bad",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method",
        415: "bad",
        422: "bad",
    }.get(code, f"error {code}")


_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes(queries) -> list[str]:
    """The statements that changed a table other than the sessions."""
    return [
        q["sql"]
        for q in queries
        if _WRITE.match(q["sql"]) and Session._meta.db_table not in q["sql"]
    ]


def _close(response) -> None:
    """Close a streamed file as a WSGI server would, but keep the test's connection
    (the test client does the same for the responses it closes itself)."""
    if not response.streaming:
        return
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _request(client: Client, method: str, url: str, data: dict):
    if method == "GET":
        return client.get(url)
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "method", "case"), _cases())
def test_access(world, pattern: Pattern, method: str, case: int | None):
    rule = _rule(pattern, case)
    assert rule is not None, (
        f"{pattern.key} ({pattern.route}) has no row in {TABLE_PATH.name}: "
        "declare who may open it"
    )
    expected = expected_for(pattern, method, rule)
    names = world["names"]
    url = _url(pattern, rule, names)
    data = {k: _resolve(v, names) for k, v in rule.get("data", {}).items()}
    check_unchanged = method == "POST"
    # Actors whose POST is answered with a redirect but must change nothing.
    must_not_change = set(rule.get("unchanged", []))
    mismatches = []
    observed = {}
    for actor in ACTORS:
        client = Client(raise_request_exception=False)
        if actor != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][actor]
        savepoint = transaction.savepoint_create()
        try:
            with CaptureQueriesContext(connection) as queries:
                response = _request(client, method, url, data)
                got = classify(response)
                _close(response)
            changed = (
                check_unchanged
                and (expected[actor] in DENIED or actor in must_not_change)
                and writes(queries.captured_queries)
            )
        finally:
            transaction.savepoint_rollback(savepoint)
            _restore_files(world["files"])
        observed[actor] = got + (" CHANGED" if changed else "")
        if got != expected[actor]:
            mismatches.append(f"{actor}: expected {expected[actor]}, got {got}")
        if changed:
            mismatches.append(f"{actor}: denied ({got}) but wrote {changed[:3]}")
    _checked.append(len(ACTORS))
    if OBSERVE:
        _observe(pattern, method, observed)
        return
    assert not mismatches, f"{method} {url}\n" + "\n".join(mismatches)


def test_every_pattern_has_a_rule():
    """Also as one test, so a missing row is named even when run with -k."""
    missing = [p.key for p in all_patterns() if rule_for(p) is None]
    assert not missing, f"declare these URL patterns in {TABLE_PATH.name}: {missing}"


def test_table_names_only_existing_patterns():
    keys = {p.key for p in all_patterns()}
    stale = sorted(set(TABLE["urls"]) - keys)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"
    admin_labels = {m._meta.label_lower for m in admin.site._registry}
    assert set(TABLE["admin"]["models"]) <= admin_labels


@pytest.mark.django_db
def test_write_detection_sees_an_allowed_change(world):
    """The "nothing changed" check is only worth something if it sees a change."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"]["owner"]
    url = reverse("jobs:role_close", args=[world["names"]["role_x"]])
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url).status_code == 302
    assert any("jobs_role" in sql for sql in writes(queries.captured_queries))
