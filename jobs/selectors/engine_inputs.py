"""The bridge from ORM rows to the pure engines' inputs: a candidate profile to the
screening engine's facts; a role and a candidate card to the matching engine's
requirements and summary."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django_countries.fields import Country

from accounts.models import CandidateProfile
from accounts.selectors import years_of_experience
from jobs.engines.matching import CandidateSummary, RoleRequirements
from jobs.engines.places import place
from jobs.engines.screening import facts
from jobs.engines.screening.facts import Offer
from jobs.engines.screening.fields import classify_field
from jobs.engines.screening.jsonl import candidate_from_json
from jobs.models import Role


def candidate_facts(
    profile: CandidateProfile,
    *,
    as_of: date,
    education: Sequence[Any] | None = None,
    positions: Sequence[Any] | None = None,
) -> facts.Candidate:
    """The facts the rules read, from a profile with its relations prefetched.

    `education` and `positions` default to the profile's (prefetched) relations;
    a bulk caller passes the rows it loaded (models, or plain rows with the same
    attributes: `jobs.services.screening` reads them with `values_list`), which
    saves building two QuerySets per profile.

    A profile that lists neither a degree nor a position has not told us
    anything yet: the facts say "not given" (None), so the verdict is "not enough
    information" rather than a confident "no degree". Once it lists either, a
    missing list means none listed, as SCREENING.md says of the file interface:
    the profile form has no way to say "unknown" for one of them.
    """
    if education is None:
        education = list(profile.education.all())
    if positions is None:
        positions = list(profile.positions.all())
    degrees = tuple(
        facts.Degree(
            level=facts.DegreeLevel(e.level),
            field=e.field or None,
            discipline_code=e.discipline_code or None,
            institution=e.institution or None,
            conferred=None if e.expected else e.conferred_date,
            taught_in_chinese=e.taught_in_chinese,
        )
        for e in education
    )
    held = tuple(
        facts.Position(
            title=p.title or None,
            kind=facts.PositionKind(p.kind),
            organisation=p.organisation or None,
            field=p.field or None,
            start=p.start_date,
            end=p.end_date,
        )
        for p in positions
    )
    return facts.Candidate(
        id=str(profile.pk),
        date_of_birth=profile.date_of_birth,
        # django-stubs types a CountryField as its CharField base (str); the
        # descriptor gives a Country.
        nationality=cast(Country, profile.nationality).code or None,
        degrees=degrees if degrees or held else None,
        positions=held if degrees or held else None,
        years_experience=years_of_experience(positions, as_of=as_of)
        if positions
        else None,
        hsk_level=profile.hsk_level,
        former_chinese_national=profile.former_chinese_national,
        fortune500_experience=profile.fortune500_experience,
        patents=profile.patents,
        years_working_in_china=float(profile.years_working_in_china),
        talent_programme=profile.talent_programme,
        major_award=profile.major_award,
    )


def role_offer(role) -> "Offer":
    """A role's terms as the work-permit rules read them (the guaranteed base pay).

    The city is the role's place when the portal knows it (its English name is
    what the wage table is found by: a role in 北京市 or Peking gets Beijing's
    wage), else the text as written.
    """
    place = role.city_place if role.city_place_id else None
    return Offer(
        salary_cny_annual=role.salary_min,
        city=place.name if place is not None else role.city,
        months_per_year_in_china=role.months_in_china,
        inviting_unit=role.sponsors_work_permit,
    )


def answers_facts(answers: dict) -> tuple[facts.Candidate, date | None]:
    """The facts of answers in the file interface's shape (the public check, a CV).

    As for a profile (`candidate_facts`): answers that list neither a degree nor a
    post have not told us anything, so the verdict is "not enough information".
    """
    candidate, _offer, as_of = candidate_from_json(answers)
    if not candidate.degrees and not candidate.positions:
        candidate = replace(candidate, degrees=None, positions=None)
    return candidate, as_of


# --- matching ------------------------------------------------------------------------


def field_codes(name: str, code: str = "") -> set[str]:
    """The matching engine's field categories of a field of study (and its code)."""
    fc = classify_field(name or None, code or None)
    return {c for c in (fc.category, fc.subject) if c}


def known_city(name: str) -> str:
    """A known city by its English name (北京 -> Beijing), else as written."""
    known = place(name)
    return known[0] if known else name


# The role columns the matching engine reads.
_REQUIREMENT_FIELDS = (
    "pk",
    "field_of_study",
    "min_degree",
    "years_experience",
    "english_level",
    "hsk_level",
    "city",
    "work_mode",
    "salary_min",
    "salary_max",
)


def _requirements(
    row: Mapping[str, Any], *, required: Iterable[str], preferred: Iterable[str]
) -> RoleRequirements:
    return RoleRequirements(
        role_id=row["pk"],
        required_skills=frozenset(required),
        preferred_skills=frozenset(preferred),
        field_categories=frozenset(field_codes(row["field_of_study"])),
        min_degree=row["min_degree"] or None,
        min_years=float(row["years_experience"]) or None,
        english_level=row["english_level"] or None,
        min_hsk=row["hsk_level"] or None,
        # The engine folds case and punctuation; a known city goes in by its key.
        city=known_city(row["city"]) or None,
        remote=row["work_mode"] == "remote",
        salary_min=row["salary_min"],
        salary_max=row["salary_max"],
    )


def requirements_of(role: Role) -> RoleRequirements:
    """The role as the matching engine reads it (skills must be prefetched)."""
    return _requirements(
        {name: getattr(role, name) for name in _REQUIREMENT_FIELDS},
        required=(s.slug for s in role.required_skills.all()),
        preferred=(s.slug for s in role.preferred_skills.all()),
    )


def requirements_for(roles: QuerySet[Role]) -> list[RoleRequirements]:
    """These roles as the matching engine reads them, in the queryset's order, from
    plain rows (three queries): model instances with their prefetched skills held
    about 20 KB a role (340 MB for a batch reading 16,000)."""
    skills: dict[str, dict[int, list[str]]] = {}
    for name, through in (
        ("required", Role.required_skills.through),
        ("preferred", Role.preferred_skills.through),
    ):
        into = skills[name] = {}
        for role_id, slug in through.objects.filter(
            role__in=roles.values("pk")
        ).values_list("role_id", "skill__slug"):
            into.setdefault(role_id, []).append(slug)
    return [
        _requirements(
            row,
            required=skills["required"].get(row["pk"], ()),
            preferred=skills["preferred"].get(row["pk"], ()),
        )
        for row in roles.values(*_REQUIREMENT_FIELDS)
    ]


def open_role_requirements() -> list[RoleRequirements]:
    """Every public role as the matching engine reads it, in id order (a candidate
    batch reads all of them)."""
    return requirements_for(Role.objects.public().order_by("pk"))


def summary_of(card) -> CandidateSummary:
    """A candidate card (`jobs.models.CandidateCard`) as the matching engine reads it."""
    return CandidateSummary(
        candidate_id=card.profile_id,
        skills=frozenset(card.skills),
        field_categories=frozenset(card.field_categories),
        highest_degree=card.highest_degree or None,
        years_experience=card.years_experience,
        english_level=card.english_level or None,
        hsk_level=card.hsk_level,
        desired_cities=frozenset(card.desired_cities),
        willing_to_relocate=card.willing_to_relocate,
        salary_expectation=card.salary_expectation,
    )
