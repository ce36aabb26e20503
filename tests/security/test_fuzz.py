"""Fuzzing every form and query string: junk, huge, Unicode-edge and NUL values,
sent as the actor the page is for. No answer may be a 500 (the test client
re-raises a view's exception, so an error fails the test with its traceback),
and an error answer (4xx, or a POST re-rendered with 200) changes nothing in the
database. Runs on SQLite and, under scripts/with-postgres, on PostgreSQL.

`test_every_url_is_fuzzed_or_excused` fails when a new URL appears that is neither
fuzzed here nor excused with a reason, so a new form cannot skip the fuzzer.
"""

import datetime
import io
import os
from dataclasses import dataclass, field
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Visibility
from accounts.services import set_skills
from jobs.models import Invitation
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    CompanyFactory,
    EducationFactory,
    EmployerFactory,
    MembershipFactory,
    PendingRoleFactory,
    PositionFactory,
    RoleFactory,
    StaffFactory,
    WebhookEndpointFactory,
)
from tests.jobs.cv_files import pdf_one_column

pytestmark = pytest.mark.django_db

# Examples per target: ~50 targets, so the file takes about a minute per database.
# FUZZ_EXAMPLES=200 digs deeper (a nightly run, or after changing a form).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZED = {"inputs": 0, "targets": 0}

# --- values -------------------------------------------------------------------------

_EDGE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "ﷺ",  # NFKC turns this one character into 18
    "ﷺ" * 40,
    "\u202eevil.exe",  # right-to-left override
    "שלום עולם",
    "مرحبا",
    "e\u0301" * 300,  # combining marks
    "Z\u0351\u0352\u0353\u0354" * 50,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 𠜎",  # astral plane
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "\ufeff\u200b\u200d",
    "\x7f\x1b[31m",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "9" * 40,
    str(10**23),
    str(2**63),
    "-9223372036854775809",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "1949-12-31",
    "12/31/2020",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%27",
    "../../etc/passwd",
    "javascript:alert(1)",
    "http://[::1",
    "a@b",
    "a" * 5_000,
    "x," * 3_000,
]
_sendable = st.characters(exclude_categories=("Cs",))  # HTTP cannot carry surrogates
junk = st.one_of(
    st.sampled_from(_EDGE),
    st.text(alphabet=_sendable, max_size=40),
    st.builds(lambda c, n: c * n, _sendable, st.integers(81, 6_000)),
)
junk_key = st.one_of(
    st.sampled_from(["", "x" * 300, "a\u0301", "ﷺ"]), st.text(max_size=10)
)


@st.composite
def garbled(draw, base: dict, fields: list[str]):
    """The valid form `base` with one to three of `fields` replaced by junk, a
    field sometimes repeated, and sometimes an unknown field added."""
    data = dict(base)
    chosen = draw(
        st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)
    )
    for name in chosen:
        data[name] = draw(st.one_of(junk, st.lists(junk, min_size=2, max_size=3)))
    if draw(st.integers(0, 4)) == 0:
        data[draw(junk_key)] = draw(junk)
    return data


# --- the world every target acts on ---------------------------------------------------


@dataclass
class World:
    seeker: object
    profile: object
    education: object
    position: object
    owner: object
    company: object
    role: object
    application: object
    candidate: object
    staff: object
    pending_role: object
    unverified: object
    invitation: object
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(private_media):
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    set_skills(profile=profile, names=["Python", "ROS"])
    profile.cv.save("cv.pdf", ContentFile(pdf_one_column()), save=True)
    member = MembershipFactory()
    role = RoleFactory(company=member.company, skills=["Python"])
    candidate = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    invitee = EmployerFactory(email="recruiter@example.com")
    application = ApplicationFactory(role=role, candidate=profile.user)
    from jobs.services.messages import conversation_for_application

    conversation = conversation_for_application(application=application)
    return World(
        seeker=profile.user,
        profile=profile,
        education=EducationFactory(profile=profile),
        position=PositionFactory(profile=profile),
        owner=member.user,
        company=member.company,
        role=role,
        application=application,
        candidate=candidate,
        staff=StaffFactory(),
        pending_role=PendingRoleFactory(),
        unverified=CompanyFactory(verified_at=None),
        invitation=Invitation.objects.create(
            company=member.company,
            email=invitee.email,
            token="t" * 43,
            invited_by=member.user,
        ),
        extra={
            "invitee": invitee,
            "open_role": RoleFactory(),
            "conversation": conversation,
            "webhook": WebhookEndpointFactory(company=member.company),
        },
    )


def _counted_tables() -> list[str]:
    return [
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "jobs", "account", "mfa", "auth"}
        and not model._meta.proxy
        and model._meta.managed
        # The public check's anonymous count by day: its answer is a 200 that counts.
        and model._meta.db_table != "jobs_visachecktally"
    ]


def _snapshot(w: World) -> dict:
    """Row counts of every table (one query), and the rows the targets edit."""
    from django.db import connection

    tables = _counted_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
        )
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    rows = {}
    edited = (w.profile, w.education, w.position, w.company, w.role, w.application)
    for obj in (*edited, w.extra["webhook"]):
        model = type(obj)
        rows[model._meta.label] = list(
            model._default_manager.filter(pk=obj.pk).values()
        )
    return {"counts": counts, "rows": rows}


# --- targets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One form or query string: who sends it, where, a valid input and its fields."""

    name: str  # the URL name (checked against the resolver below)
    actor: str  # anonymous, seeker, owner, invitee, staff
    method: str
    url: object  # World -> str
    base: object  # World -> dict of valid values
    fields: tuple[str, ...]
    upload: str = ""  # a file field filled with junk bytes


def _t(name, actor, method, url, base, fields, upload=""):
    return Target(name, actor, method, url, base, tuple(fields), upload)


_PERSONAL = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "chinese_name": "",
    "headline": "Engineer",
    "nationality": "GB",
    "country": "GB",
    "city": "London",
    "date_of_birth": "1990-01-01",
    "summary": "",
}
_PREFERENCES = {
    "desired_roles": "ML engineer",
    "desired_cities": "Shanghai",
    "salary_expectation_cny": "400000",
    "available_from": "2030-01-01",
    "willing_to_relocate": "on",
}
_ACHIEVEMENTS = {
    "hsk_level": "3",
    "publications": "2",
    "patents": "0",
    "awards": "",
    "years_working_in_china": "1.5",
}
_LINKS = {"github_url": "https://github.com/a", "scholar_url": "", "website_url": ""}
_LANGUAGES = {
    "languages-TOTAL_FORMS": "1",
    "languages-INITIAL_FORMS": "0",
    "languages-MIN_NUM_FORMS": "0",
    "languages-MAX_NUM_FORMS": "20",
    "languages-0-language": "en",
    "languages-0-level": "native",
}
_EDUCATION = {
    "level": "master",
    "field": "Computer Science",
    "discipline_code": "0812",
    "institution": "ETH Zurich",
    "country": "CH",
    "start_date": "2010-09-01",
    "conferred_date": "2012-06-30",
    "grade": "A",
}
_POSITION = {
    "title": "Engineer",
    "organisation": "Huawei",
    "kind": "engineering",
    "field": "Robotics",
    "start_date": "2015-01-01",
    "end_date": "2016-01-01",
    "description": "",
}
_COMPANY = {
    "name": "Example Robotics",
    "name_zh": "示例机器人有限公司",
    "credit_code": "91350100M000100Y43",
    "city": "Hangzhou",
    "industry": "Robotics",
    "size": "50-199",
    "website": "https://example.com",
    "description": "We build robots.",
}
_ROLE = {
    "title": "Robot engineer",
    "description": "Build **arms**.",
    "required_skills_text": "Python, ROS",
    "preferred_skills_text": "C++",
    "field_of_study": "Robotics",
    "min_degree": "master",
    "years_experience": "2",
    "salary_min": "300000",
    "salary_max": "500000",
    "city": "Shanghai",
    "work_mode": "onsite",
    "months_in_china": "12",
    "english_level": "fluent",
    "hsk_level": "0",
    "openings": "1",
    "valid_until": "",  # set per run: a role may be open 180 days at most
}
_SEARCH = {
    "q": "engineer",
    "city": "Shanghai",
    "skills": "Python",
    "salary_from": "100000",
    "degree": "master",
    "visa": "k_visa",
    "work_mode": "onsite",
    "posted_within": "7",
    "sort": "newest",
    "page": "1",
}


def _role_data(w) -> dict:
    valid_until = timezone.localdate() + datetime.timedelta(days=60)
    return {**_ROLE, "valid_until": valid_until.isoformat()}


def _r(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _keys(data: dict) -> list[str]:
    return list(data)


TARGETS = [
    # Anonymous: allauth's forms and the public pages' query strings.
    _t(
        "account_signup",
        "anonymous",
        "post",
        lambda w: _r("account_signup"),
        lambda w: {
            "email": "new@example.com",
            "password1": "Str0ng-pass-phrase",
            "password2": "Str0ng-pass-phrase",
            "account_type": "seeker",
        },
        ["email", "password1", "password2", "account_type"],
    ),
    _t(
        "account_login",
        "anonymous",
        "post",
        lambda w: _r("account_login"),
        lambda w: {"login": w.seeker.email, "password": "wrong-password"},
        ["login", "password", "remember"],
    ),
    _t(
        "account_reset_password",
        "anonymous",
        "post",
        lambda w: _r("account_reset_password"),
        lambda w: {"email": "a@example.com"},
        ["email"],
    ),
    _t(
        "role_search",
        "anonymous",
        "get",
        lambda w: _r("jobs:role_search"),
        lambda w: dict(_SEARCH),
        _keys(_SEARCH),
    ),
    _t(
        "role_feed",
        "anonymous",
        "get",
        lambda w: _r("jobs:role_feed"),
        lambda w: dict(_SEARCH),
        _keys(_SEARCH),
    ),
    _t(
        "role_detail",
        "anonymous",
        "get",
        lambda w: _r("jobs:role_detail", w.role.pk),
        lambda w: {"page": "1"},
        ["page", "ref"],
    ),
    _t(
        "company_detail",
        "anonymous",
        "get",
        lambda w: _r("jobs:company_detail", w.company.pk),
        lambda w: {"page": "1"},
        ["page"],
    ),
    _t(
        "switch_language",
        "anonymous",
        "get",
        lambda w: _r("switch_language"),
        lambda w: {"language": "zh-hans", "next": "/roles/"},
        ["language", "next"],
    ),
    _t("home", "anonymous", "get", lambda w: "/", lambda w: {"q": "x"}, ["q"]),
    # The language switch saves a signed-in person's choice on the account.
    _t(
        "switch_language",
        "seeker",
        "get",
        lambda w: _r("switch_language"),
        lambda w: {"language": "zh-hans", "next": "/roles/"},
        ["language", "next"],
    ),
    *[
        _t(
            "accounts:preferences",
            actor,
            "post",
            lambda w: _r("accounts:preferences"),
            lambda w: {"language": "zh-hans"},
            ["language"],
        )
        for actor in ("seeker", "owner")
    ],
    # Seekers: every profile section, degrees, positions, applying, saved searches.
    *[
        _t(
            "profile_section",
            "seeker",
            "post",
            (lambda s: lambda w: _r("accounts:profile_section", s))(section),
            (lambda b: lambda w: dict(b))(base),
            _keys(base),
        )
        for section, base in (
            ("personal", _PERSONAL),
            ("preferences", _PREFERENCES),
            ("achievements", _ACHIEVEMENTS),
            ("links", _LINKS),
            ("languages", _LANGUAGES),
            ("skills", {"skills": "Python, ROS"}),
            (
                "privacy",
                {
                    "visibility": "verified",
                    "consent_share": "on",
                    "consent_cross_border": "on",
                },
            ),
        )
    ],
    _t(
        "profile_section",
        "seeker",
        "post",
        lambda w: _r("accounts:profile_section", "cv"),
        lambda w: {},
        ["x"],
        upload="cv",
    ),
    _t(
        "education_add",
        "seeker",
        "post",
        lambda w: _r("accounts:education_add"),
        lambda w: dict(_EDUCATION),
        [*_EDUCATION, "expected", "taught_in_chinese"],
    ),
    _t(
        "education_edit",
        "seeker",
        "post",
        lambda w: _r("accounts:education_edit", w.education.pk),
        lambda w: dict(_EDUCATION),
        _keys(_EDUCATION),
    ),
    _t(
        "position_add",
        "seeker",
        "post",
        lambda w: _r("accounts:position_add"),
        lambda w: dict(_POSITION),
        _keys(_POSITION),
    ),
    _t(
        "position_edit",
        "seeker",
        "post",
        lambda w: _r("accounts:position_edit", w.position.pk),
        lambda w: dict(_POSITION),
        _keys(_POSITION),
    ),
    _t(
        "skill_suggest",
        "seeker",
        "get",
        lambda w: _r("accounts:skill_suggest"),
        lambda w: {"q": "py"},
        ["q"],
    ),
    _t(
        "institution_suggest",
        "seeker",
        "get",
        lambda w: _r("jobs:institution_suggest"),
        lambda w: {"q": "eth"},
        ["q"],
    ),
    _t(
        "field_suggest",
        "seeker",
        "get",
        lambda w: _r("jobs:field_suggest"),
        lambda w: {"q": "comp"},
        ["q"],
    ),
    _t(
        "city_suggest",
        "seeker",
        "get",
        lambda w: _r("jobs:city_suggest"),
        lambda w: {"q": "bei"},
        ["q"],
    ),
    _t(
        "account_delete",
        "seeker",
        "post",
        lambda w: _r("accounts:account_delete"),
        lambda w: {"password": "not-the-password", "confirm": "on"},
        ["password", "confirm"],
    ),
    _t(
        "role_apply",
        "seeker",
        "post",
        lambda w: _r("jobs:role_apply", w.extra["open_role"].pk),
        lambda w: {"cover_note": "I build robots."},
        ["cover_note"],
    ),
    _t(
        "saved_search_create",
        "seeker",
        "post",
        lambda w: _r("jobs:saved_search_create") + "?q=robot&city=Shanghai",
        lambda w: {"name": "Robots"},
        ["name"],
    ),
    _t(
        "saved_search_create",
        "seeker",
        "post-query",
        lambda w: _r("jobs:saved_search_create"),
        lambda w: dict(_SEARCH),
        _keys(_SEARCH),
    ),
    _t(
        "visa_outlook",
        "seeker",
        "get",
        lambda w: _r("jobs:visa_outlook"),
        lambda w: {
            "salary_cny_annual": "400000",
            "city": "Shanghai",
            "months_per_year_in_china": "12",
            "inviting_unit": "on",
        },
        ["salary_cny_annual", "city", "months_per_year_in_china", "inviting_unit"],
    ),
    _t(
        "my_applications",
        "seeker",
        "get",
        lambda w: _r("jobs:my_applications"),
        lambda w: {"page": "1"},
        ["page"],
    ),
    _t(
        "roles_for_you",
        "seeker",
        "get",
        lambda w: _r("jobs:roles_for_you"),
        lambda w: {"page": "1"},
        ["page"],
    ),
    # Employers: the company, the team, roles, applicants, the board, matching.
    _t(
        "company_edit",
        "owner",
        "post",
        lambda w: _r("jobs:company_edit"),
        # The company's own legal name and code: a valid edit keeps it verified.
        lambda w: {
            **_COMPANY,
            "name_zh": w.company.name_zh,
            "credit_code": w.company.credit_code,
        },
        _keys(_COMPANY),
        upload="logo_upload",
    ),
    _t(
        "team_invite",
        "owner",
        "post",
        lambda w: _r("jobs:team_invite"),
        lambda w: {"email": "someone@example.com"},
        ["email"],
    ),
    _t(
        "api_key_create",
        "owner",
        "post",
        lambda w: _r("jobs:api_key_create"),
        lambda w: {"name": "ATS sync", "scopes": ["roles:read", "matches:read"]},
        ["name", "scopes"],
    ),
    _t(
        "role_create",
        "owner",
        "post",
        lambda w: _r("jobs:role_create"),
        _role_data,
        [*_ROLE, "k_visa_welcome", "sponsors_work_permit"],
    ),
    _t(
        "role_edit",
        "owner",
        "post",
        lambda w: _r("jobs:role_edit", w.role.pk),
        _role_data,
        _keys(_ROLE),
    ),
    _t(
        "application_detail",
        "owner",
        "post",
        lambda w: _r("jobs:application_detail", w.application.pk),
        lambda w: {"stage": "interview", "message": "See you", "note": "Good"},
        ["stage", "message", "note"],
    ),
    # Messages (issue 16): the form, and the poll's `after`.
    _t(
        "message_post",
        "seeker",
        "post",
        lambda w: _r("jobs:message_post", w.extra["conversation"].pk),
        lambda w: {"body": "Is the role still open?"},
        ["body"],
    ),
    _t(
        "message_post",
        "owner",
        "post",
        lambda w: _r("jobs:message_post", w.extra["conversation"].pk),
        lambda w: {"body": "Yes, it is."},
        ["body"],
    ),
    _t(
        "message_poll",
        "seeker",
        "get",
        lambda w: _r("jobs:message_poll", w.extra["conversation"].pk),
        lambda w: {"after": "0"},
        ["after"],
    ),
    _t(
        "role_board",
        "owner",
        "get",
        lambda w: _r("jobs:role_board", w.role.pk),
        lambda w: {"stage": "applied"},
        ["stage", "page"],
    ),
    _t(
        "role_board_move",
        "owner",
        "post",
        lambda w: _r("jobs:role_board_move", w.role.pk),
        lambda w: {
            "application": str(w.application.pk),
            "stage": "interview",
            "note": "ok",
        },
        ["application", "stage", "note"],
    ),
    _t(
        "role_board_reject",
        "owner",
        "post",
        lambda w: _r("jobs:role_board_reject", w.role.pk),
        lambda w: {"applications": [str(w.application.pk)], "reason": "Filled."},
        ["applications", "reason"],
    ),
    _t(
        "role_applicants_csv",
        "owner",
        "get",
        lambda w: _r("jobs:role_applicants_csv", w.role.pk),
        lambda w: {},
        ["x"],
    ),
    _t(
        "employer_role",
        "owner",
        "get",
        lambda w: _r("jobs:employer_role", w.role.pk),
        lambda w: {"sort": "score"},
        ["sort"],
    ),
    _t(
        "role_matches",
        "owner",
        "get",
        lambda w: _r("jobs:role_matches", w.role.pk),
        lambda w: {
            "outcome": "likely",
            "min_score": "10",
            "degree": "master",
            "field": "Robotics",
            "page": "1",
        },
        ["outcome", "min_score", "degree", "field", "page"],
    ),
    _t(
        "candidate_detail",
        "owner",
        "get",
        lambda w: _r("jobs:candidate_detail", w.candidate.pk),
        lambda w: {"role": str(w.role.pk)},
        ["role"],
    ),
    _t(
        "invite_candidate",
        "owner",
        "post",
        lambda w: _r("jobs:invite_candidate", w.candidate.pk),
        lambda w: {"role": str(w.role.pk), "message": "Apply!"},
        ["role", "message"],
    ),
    _t(
        "employer_dashboard",
        "owner",
        "get",
        lambda w: _r("jobs:employer_dashboard"),
        lambda w: {"page": "1"},
        ["page"],
    ),
    _t(
        "invitation_accept",
        "invitee",
        "post",
        lambda w: _r("jobs:invitation_accept", w.invitation.token),
        lambda w: {},
        ["x"],
    ),
    # Staff: moderation reasons and the admin's search, filters and sorting.
    _t(
        "role_moderate",
        "staff",
        "post",
        lambda w: _r("jobs:role_moderate", w.pending_role.pk, "reject"),
        lambda w: {"reason": "Please add a salary."},
        ["reason"],
    ),
    _t(
        "company_moderate",
        "staff",
        "post",
        lambda w: _r("jobs:company_moderate", w.unverified.pk, "reject"),
        lambda w: {"reason": "Licence unreadable."},
        ["reason"],
    ),
    *[
        _t(
            f"admin:{changelist}",
            "staff",
            "get",
            (lambda c: lambda w: _r(f"admin:{c}"))(changelist),
            lambda w: {"q": "a", "o": "1", "p": "0"},
            ["q", "o", "p", "all"],
        )
        for changelist in (
            "jobs_company_changelist",
            "jobs_role_changelist",
            "jobs_application_changelist",
            "accounts_user_changelist",
            "accounts_candidateprofile_changelist",
            "accounts_skill_changelist",
        )
    ],
    # The public check (issue 17): the answer, and "save this as my profile".
    _t(
        "jobs:visa_check",
        "anonymous",
        "post",
        lambda w: _r("jobs:visa_check"),
        lambda w: {
            "degree-TOTAL_FORMS": "3",
            "degree-INITIAL_FORMS": "0",
            "date_of_birth": "1997-05-10",
            "degree-0-level": "master",
            "degree-0-field": "Computer Science",
            "degree-0-institution": "ETH Zurich",
            "degree-0-date": "2022-06-30",
            "post_kind": "research",
            "post_institution": "ETH Zurich",
            "post_start": "2023-01-01",
        },
        [
            "degree-TOTAL_FORMS",
            "date_of_birth",
            "degree-0-level",
            "degree-0-field",
            "degree-0-institution",
            "degree-0-date",
            "degree-0-expected",
            "post_kind",
            "post_title",
            "post_field",
            "post_institution",
            "post_start",
        ],
    ),
    _t(
        "jobs:visa_check_save",
        "seeker",
        "post",
        lambda w: _r("jobs:visa_check_save"),
        lambda w: {
            "answers": '{"date_of_birth": "1997-05-10", "degrees": [{"level": '
            '"master", "field": "Physics", "institution": "ETH Zurich", '
            '"conferred": "2022-06-30"}], "positions": [{"kind": "research", '
            '"organisation": "ETH Zurich", "start": "2023-01-01"}]}'
        },
        ["answers"],
    ),
    # The review form of "Fill my profile from this CV" (the seeker's own CV).
    _t(
        "jobs:cv_import",
        "seeker",
        "post",
        lambda w: _r("jobs:cv_import"),
        lambda w: {
            "edu-TOTAL_FORMS": "1",
            "edu-INITIAL_FORMS": "0",
            "edu-0-include": "on",
            "edu-0-level": "master",
            "edu-0-field": "Computer Science",
            "edu-0-institution": "Tsinghua University",
            "edu-0-start_date": "2019-09-01",
            "edu-0-conferred_date": "2021-06-30",
            "pos-TOTAL_FORMS": "1",
            "pos-INITIAL_FORMS": "0",
            "pos-0-include": "on",
            "pos-0-title": "Research Assistant",
            "pos-0-organisation": "Max Planck Institute for Informatics",
            "pos-0-kind": "research",
            "pos-0-start_date": "2021-09-01",
            "lang-TOTAL_FORMS": "1",
            "lang-INITIAL_FORMS": "0",
            "lang-0-include": "on",
            "lang-0-language": "de",
            "lang-0-level": "fluent",
            "skills-skills": "Python, PyTorch",
        },
        [
            "edu-TOTAL_FORMS",
            "edu-0-include",
            "edu-0-level",
            "edu-0-field",
            "edu-0-conferred_date",
            "edu-0-expected",
            "pos-TOTAL_FORMS",
            "pos-0-kind",
            "pos-0-start_date",
            "pos-0-end_date",
            "lang-TOTAL_FORMS",
            "lang-0-language",
            "skills-skills",
        ],
    ),
]

# Company webhooks (issue 18): an owner's endpoint form, new and edited.
_WEBHOOK = {"url": "https://hooks.example.com/k-talent", "events": ["role.published"]}
TARGETS += [
    _t(
        "webhook_create",
        "owner",
        "post",
        lambda w: _r("jobs:webhook_create"),
        lambda w: dict(_WEBHOOK),
        ["url", "events"],
    ),
    _t(
        "webhook_edit",
        "owner",
        "post",
        lambda w: _r("jobs:webhook_edit", w.extra["webhook"].pk),
        lambda w: dict(_WEBHOOK),
        ["url", "events", "rotate_secret"],
    ),
]


@pytest.fixture(autouse=True)
def _webhook_hosts():
    """Every host name the webhook forms check resolves to a public address,
    without asking DNS (the fuzzer's junk host names must not leave the machine)."""
    with mock.patch("jobs.services.webhooks._resolve", return_value=["93.184.215.14"]):
        yield


def _client(w: World, actor: str) -> Client:
    client = Client()
    user = {
        "seeker": w.seeker,
        "owner": w.owner,
        "staff": w.staff,
        "invitee": w.extra["invitee"],
    }.get(actor)
    if user is not None:
        client.force_login(user)
    return client


def _send(client: Client, target: Target, w: World, data: dict, upload: bytes | None):
    url = target.url(w)
    if target.method == "get":
        return client.get(url, data)
    if target.method == "post-query":  # the criteria travel in the query string
        from urllib.parse import urlencode

        return client.post(f"{url}?{urlencode(data, doseq=True)}", {"name": "x"})
    if target.upload:
        data = {
            **data,
            target.upload: SimpleUploadedFile(
                "upload.bin", upload or b"", "application/octet-stream"
            ),
        }
    return client.post(url, data)


_UPLOADS = st.one_of(
    st.binary(max_size=2_000),
    st.sampled_from(
        [
            b"%PDF-1.4\n%\x00\x00 junk",
            b"PK\x03\x04" + b"\x00" * 100,
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
            b"GIF89a" + b"\xff" * 20,
        ]
    ),
)


def _target_id(target: Target) -> str:
    return (
        f"{target.actor}-{target.method}-{target.name}-" + ",".join(target.fields)[:40]
    )


@pytest.mark.parametrize("target", TARGETS, ids=[_target_id(t) for t in TARGETS])
def test_fuzzed_input_never_500s_and_errors_change_nothing(world, target):
    client = _client(world, target.actor)
    FUZZED["targets"] += 1

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        data=garbled(target.base(world), list(target.fields)),
        upload=_UPLOADS if target.upload else st.none(),
    )
    def check(data, upload):
        FUZZED["inputs"] += 1
        before = _snapshot(world)
        response = _send(client, target, world, data, upload)
        assert response.status_code < 500, (target.name, data)
        failed = response.status_code >= 400 or (
            target.method == "post" and response.status_code == 200
        )
        if failed:
            assert _snapshot(world) == before, (target.name, response.status_code, data)

    check()


def test_a_valid_input_of_each_target_is_accepted(world):
    """The base inputs are valid: the fuzzer starts from forms that get through.
    (Deleting the account is fuzzed from a wrong password, so it never succeeds.)"""
    for target in TARGETS:
        if target.name == "account_delete":
            continue
        client = _client(world, target.actor)
        upload = None
        if target.upload == "logo_upload":
            from PIL import Image

            buffer = io.BytesIO()
            Image.new("RGB", (8, 8)).save(buffer, "PNG")
            upload = buffer.getvalue()
        elif target.upload:
            upload = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
        response = _send(client, target, world, target.base(world), upload)
        errors = response.context and response.context.get("form")
        errors = getattr(errors, "errors", None)
        # 201: a new API key, shown in the answer to its POST.
        assert response.status_code in (200, 201, 302), (target.name, errors)


# --- every URL is fuzzed or excused ---------------------------------------------------

# URL names with no form or query string the fuzzer could send, and why.
EXCUSED = {
    "healthz": "no input",
    "accounts:landing": "no input: a redirect",
    "accounts:profile": "no input",
    "accounts:profile_edit": "no input (the sections are fuzzed on POST)",
    "accounts:entry_delete": "ids in the path only; the resolver refuses non-integers",
    "accounts:cv_download": "no input",
    "accounts:cv_remove": "no input",
    "accounts:my_data": "no input",
    "accounts:my_data_export": "no input (owned by the My-data export work)",
    "jobs:company_logo": "id in the path only",
    "jobs:role_save": "id in the path only",
    "jobs:application_withdraw": "id in the path only",
    "jobs:saved": "no input",
    "jobs:saved_search_delete": "id in the path only",
    "jobs:team": "no input",
    "jobs:team_remove": "id in the path only",
    "jobs:api_key_revoke": "id in the path only",
    "jobs:role_submit": "id in the path only",
    "jobs:role_close": "id in the path only",
    "jobs:application_cv": "id in the path only",
    "jobs:candidate_cv": "id in the path only",
    "jobs:moderation": "no input",
    "jobs:my_application_detail": "id in the path only",
    "jobs:message_inbox": "no input",
    "jobs:conversation_detail": "id in the path only",
    "jobs:invitation_thread": "id in the path only",
    "api_index": "no input",
    "api_not_found": "no input: every path is a 404 problem",
    "api_v1:api-root": "behind api_index",
    "api_v1:openapi-json": "no input",
    "api_v1:openapi-view": "no input",
    "jobs:webhook_list": "no input",
    "jobs:webhook_delete": "id in the path only",
    "jobs:webhook_enable": "id in the path only",
    "jobs:webhook_deliveries": "id in the path only",
    "jobs:webhook_redeliver": "id in the path only",
}
# Every API operation is fuzzed from its schema by tests/api/test_api_contract.py
# (schemathesis: valid and invalid bodies, queries and paths, with and without a
# key), which checks more than this file can: the answer against the schema.
EXCUSED.update(
    dict.fromkeys(
        [
            "api_v1:public_roles",
            "api_v1:public_role",
            "api_v1:roles",
            "api_v1:role",
            "api_v1:role_submit",
            "api_v1:role_close",
            "api_v1:role_applications",
            "api_v1:application",
            "api_v1:application_stage",
            "api_v1:role_matches",
            "api_v1:screening",
        ],
        "fuzzed from the OpenAPI schema by tests/api/test_api_contract.py",
    )
)


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin"} or str(pattern.pattern).startswith(
                "accounts/"
            ):
                continue  # the admin and allauth: their forms are fuzzed by name above
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_fuzzed_or_excused():
    names = set(_names(get_resolver().url_patterns))

    def qualified(name: str) -> str:
        return (
            name
            if name in names
            # A short target name is a web page's: the API's operations share
            # some names (role_matches) and are fuzzed from their schema.
            else next(
                (
                    n
                    for n in sorted(names)
                    if n.endswith(f":{name}") and not n.startswith("api_v1:")
                ),
                name,
            )
        )

    fuzzed = {qualified(t.name) for t in TARGETS}
    missing = names - fuzzed - set(EXCUSED)
    assert not missing, f"URLs neither fuzzed nor excused: {sorted(missing)}"


@pytest.fixture(scope="module", autouse=True)
def _report_count(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and FUZZED["inputs"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nfuzzing: {FUZZED['inputs']} inputs over {FUZZED['targets']} targets"
            )
