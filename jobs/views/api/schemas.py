"""What the API reads and writes, as pydantic schemas (the OpenAPI schema is
generated from these), and the functions that fill them in the reader's language.

Text a person typed (a role's title and description, a company's names) comes as
typed, with the version for the reader's language where the role has one; labels
the portal writes (stages, outlooks, work modes, match reasons) come in the
language of `Accept-Language`.
"""

from datetime import date
from typing import Literal

from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import field_validator

from jobs.models import (
    Application,
    Match,
    OutcomeChoices,
    Role,
    RoleStatus,
    Stage,
    WorkMode,
)
from jobs.web import bilingual, reasons
from portal.formatting import iso_timestamp

# --- shared -------------------------------------------------------------------


class PageMeta(Schema):
    count: int = Field(description="How many objects match, over all pages.")
    page: int
    per_page: int
    pages: int
    next: str | None = Field(description="The URL of the next page, if any.")
    previous: str | None


class Label(Schema):
    code: str = Field(description="Stable machine value.")
    label: str = Field(description="What people read, in the request's language.")


class CompanyOut(Schema):
    id: int
    name: str = Field(description="In the request's language.")
    name_en: str
    name_zh: str
    city: str


class RoleTerms(Schema):
    """The fields a role is written with (as on the web form)."""

    title: str = Field(
        "", max_length=200, description="English, or Chinese if posted in Chinese only."
    )
    title_zh: str = Field("", max_length=200)
    description: str = Field("", max_length=20000, description="Markdown.")
    description_zh: str = Field("", max_length=20000)
    required_skills: list[str] = Field(default_factory=list, max_length=30)
    preferred_skills: list[str] = Field(default_factory=list, max_length=30)
    field_of_study: str = Field("", max_length=200)
    min_degree: str = Field("", description="'' (none), bachelor, master, doctorate …")
    years_experience: int = Field(0, ge=0, le=40)
    salary_min: int = Field(..., ge=1, le=100_000_000, description="CNY per year.")
    salary_max: int = Field(..., ge=1, le=100_000_000, description="CNY per year.")
    city: str = Field(
        ..., max_length=100, description="In English or Chinese: Beijing or 北京."
    )
    work_mode: Literal["onsite", "hybrid", "remote"] = "onsite"
    months_in_china: int = Field(12, ge=0, le=12)
    k_visa_welcome: bool = True
    sponsors_work_permit: bool = False
    english_level: str = ""
    hsk_level: int = Field(0, ge=0, le=6)
    openings: int = Field(1, ge=1, le=999)
    valid_until: date | None = Field(
        None, description="Last open day; at most 180 days ahead."
    )

    @field_validator("required_skills", "preferred_skills")
    @classmethod
    def _short_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if len(name) > 80:
                raise ValueError("a skill name is at most 80 characters")
        return names


class RoleIn(RoleTerms):
    submit: bool = Field(
        False, description="Send for review at once (as “Save and submit”)."
    )


class RolePatch(Schema):
    """Any subset of a role's fields; the others keep their values."""

    title: str | None = Field(None, max_length=200)
    title_zh: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    description_zh: str | None = Field(None, max_length=20000)
    required_skills: list[str] | None = Field(None, max_length=30)
    preferred_skills: list[str] | None = Field(None, max_length=30)
    field_of_study: str | None = Field(None, max_length=200)
    min_degree: str | None = None
    years_experience: int | None = Field(None, ge=0, le=40)
    salary_min: int | None = Field(None, ge=1, le=100_000_000)
    salary_max: int | None = Field(None, ge=1, le=100_000_000)
    city: str | None = Field(None, max_length=100)
    work_mode: Literal["onsite", "hybrid", "remote"] | None = None
    months_in_china: int | None = Field(None, ge=0, le=12)
    k_visa_welcome: bool | None = None
    sponsors_work_permit: bool | None = None
    english_level: str | None = None
    hsk_level: int | None = Field(None, ge=0, le=6)
    openings: int | None = Field(None, ge=1, le=999)
    valid_until: date | None = None


class PublicRoleOut(Schema):
    id: int
    url: str
    title: str = Field(description="In the request's language where the role has it.")
    description: str
    language: Literal["en", "zh"] = Field(
        description="Which version title and description are."
    )
    other_language: Literal["en", "zh"] | None
    company: CompanyOut
    city: str = Field(description="The city named in the request's language.")
    work_mode: Label
    salary_min: int
    salary_max: int
    min_degree: Label
    years_experience: int
    k_visa_welcome: bool
    sponsors_work_permit: bool
    required_skills: list[str]
    published_at: str | None = Field(description="ISO 8601, Beijing time.")
    valid_until: date


class RoleOut(PublicRoleOut):
    status: Label
    title_en: str = Field(description="The role's main title as typed.")
    title_zh: str
    description_en: str
    description_zh: str
    city_as_typed: str
    preferred_skills: list[str]
    field_of_study: str
    months_in_china: int
    english_level: str
    hsk_level: int
    openings: int
    rejection_reason: str
    created_at: str
    updated_at: str


class PublicRolePage(PageMeta):
    count_capped: bool = Field(
        False,
        description=(
            "True when more roles match than `count` (the search counts at most "
            "SEARCH_COUNT_CAP, default 1,000): `count` and `pages` then stop at "
            "the cap, and pages past it are empty."
        ),
    )
    results: list[PublicRoleOut]


class RolePage(PageMeta):
    results: list[RoleOut]


class CandidateOut(Schema):
    profile_id: int | None
    name: str
    headline: str
    outlook: Label | None = Field(
        description="The K-visa pre-screen; never legal advice."
    )


class ApplicationOut(Schema):
    id: int
    role_id: int
    stage: Label
    applied_at: str
    stage_changed_at: str
    cover_note: str
    candidate: CandidateOut | None = Field(
        description="None once the candidate deleted their account."
    )


class ApplicationPage(PageMeta):
    results: list[ApplicationOut]


class StageMove(Schema):
    stage: str = Field(
        description="reviewing, interview, offer, hired or rejected (applied to move one back)."
    )
    note: str = Field("", max_length=5000, description="For the team only.")
    message: str = Field("", max_length=5000, description="Emailed to the candidate.")


class ComponentOut(Schema):
    name: str
    label: str
    score: float
    weight: float
    reason: str


class MatchOut(Schema):
    candidate: CandidateOut
    score: int
    summary: str
    components: list[ComponentOut]
    refreshed_at: str


class MatchPage(PageMeta):
    results: list[MatchOut]


# --- filling them -----------------------------------------------------------------


def _choice(value: str, choices) -> dict:
    return {"code": value, "label": str(dict(choices).get(value, value))}


def company_out(company) -> dict:
    chinese = bilingual.is_chinese(get_language())
    return {
        "id": company.pk,
        "name": (company.name_zh or company.name)
        if chinese
        else (company.name or company.name_zh),
        "name_en": company.name,
        "name_zh": company.name_zh,
        "city": bilingual.city_name(company.city, get_language()),
    }


def public_role_out(role: Role, request) -> dict:
    language = get_language()
    version = bilingual.role_version(role, language)
    degree_choices = role._meta.get_field("min_degree").choices
    return {
        "id": role.pk,
        "url": request.build_absolute_uri(reverse("jobs:role_detail", args=[role.pk])),
        "title": version.title,
        "description": version.description,
        "language": version.language,
        "other_language": version.other,
        "company": company_out(role.company),
        "city": bilingual.city_name(role.city, language),
        "work_mode": _choice(role.work_mode, WorkMode.choices),
        "salary_min": role.salary_min,
        "salary_max": role.salary_max,
        "min_degree": _choice(role.min_degree, degree_choices),
        "years_experience": role.years_experience,
        "k_visa_welcome": role.k_visa_welcome,
        "sponsors_work_permit": role.sponsors_work_permit,
        "required_skills": [s.name for s in role.required_skills.all()],
        "published_at": iso_timestamp(role.published_at) if role.published_at else None,
        "valid_until": role.valid_until,
    }


def role_out(role: Role, request) -> dict:
    return {
        **public_role_out(role, request),
        "status": _choice(role.status, RoleStatus.choices),
        "title_en": role.title,
        "title_zh": role.title_zh,
        "description_en": role.description,
        "description_zh": role.description_zh,
        "city_as_typed": role.city,
        "preferred_skills": [s.name for s in role.preferred_skills.all()],
        "field_of_study": role.field_of_study,
        "months_in_china": role.months_in_china,
        "english_level": role.english_level,
        "hsk_level": role.hsk_level,
        "openings": role.openings,
        "rejection_reason": role.rejection_reason,
        "created_at": iso_timestamp(role.created_at),
        "updated_at": iso_timestamp(role.updated_at),
    }


def _outlook(profile) -> dict | None:
    screening = getattr(profile, "screening", None) if profile is not None else None
    if screening is None:
        return None
    return _choice(screening.outcome, OutcomeChoices.choices)


def candidate_out(profile) -> dict:
    return {
        "profile_id": profile.pk,
        "name": profile.display_name,
        "headline": profile.headline,
        "outlook": _outlook(profile),
    }


def application_out(application: Application) -> dict:
    user = application.candidate
    profile = getattr(user, "profile", None) if user is not None else None
    return {
        "id": application.pk,
        "role_id": application.role_id,
        "stage": _choice(application.stage, Stage.choices),
        "applied_at": iso_timestamp(application.applied_at),
        "stage_changed_at": iso_timestamp(application.stage_changed_at),
        "cover_note": application.cover_note,
        "candidate": candidate_out(profile) if profile is not None else None,
    }


def match_out(match: Match) -> dict:
    return {
        "candidate": candidate_out(match.profile),
        "score": match.score,
        "summary": reasons.match_summary(match),
        "components": [
            {
                "name": c.get("name", ""),
                "label": reasons.component_name(c.get("name", "")),
                "score": c.get("score", 0),
                "weight": c.get("weight", 0),
                "reason": reasons.message(c),
            }
            for c in match.components
        ],
        "refreshed_at": iso_timestamp(match.refreshed_at),
    }
