"""Reads about accounts and candidate profiles: derived facts, completeness, data
export, the language each address is written to in."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import CandidateProfile, DegreeLevel, User


def rows_by_profile(
    model: type[Model],
    *,
    profile_ids: Iterable[int],
    fields: Sequence[str],
    key: str = "profile_id",
    row: Callable | None = None,
) -> dict[int, list]:
    """Each profile's rows of `model` as plain values, in one query.

    The batch screening and card rebuild read this instead of a prefetch, which
    built a model and a related manager per row (two thirds of a card rebuild's
    time). The rows come in the model's order, as a prefetch gives them, so what
    is computed from them is the same. Every id gets a list, empty if it has no
    rows; a row is `row(*values)`, else the value of a single field or a tuple.
    """
    by_profile: dict[int, list] = {pk: [] for pk in profile_ids}
    values = model._default_manager.filter(
        **{f"{key}__in": list(by_profile)}
    ).values_list(key, *fields)
    if row is None:
        row = (lambda value: value) if len(fields) == 1 else (lambda *columns: columns)
    for owner, *columns in values:
        by_profile[owner].append(row(*columns))
    return by_profile


def years_of_experience(positions, *, as_of: date) -> float:
    """Years worked, from positions; overlapping periods are counted once."""
    spans = sorted(
        (p.start_date, min(p.end_date or as_of, as_of))
        for p in positions
        if p.start_date and p.start_date <= as_of
    )
    total_days = 0
    current_start: date = date.min  # set with current_end, before any use
    current_end: date | None = None
    for start, end in spans:
        if end < start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None:
                total_days += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total_days += (current_end - current_start).days
    return round(total_days / 365.25, 1)


@dataclass(frozen=True)
class ProfileStrength:
    percent: int
    next_step: str  # the most useful missing item, or "" when complete


def profile_strength(profile: CandidateProfile) -> ProfileStrength:
    """How complete the profile is, and the one thing to add next.

    The checks are ordered by what they unlock: first what the K-visa pre-screen
    needs, then what employers filter on, then what makes a profile convincing.
    Uses the prefetched relations (see `CandidateProfile.objects.with_details`).
    """
    education = list(profile.education.all())
    degrees = [e for e in education if e.level != DegreeLevel.ASSOCIATE]
    checks = [
        (bool(profile.given_name and profile.family_name), _("Add your name.")),
        (
            profile.date_of_birth is not None,
            _("Add your date of birth: the K visa has an age requirement."),
        ),
        (bool(education), _("Add your highest degree: the K visa looks at it first.")),
        (
            all(e.institution for e in degrees),
            _("Add your degree's institution so we can check the K visa."),
        ),
        (
            all(e.conferred_date or e.expected for e in degrees),
            _("Add your degree's conferral date so we can check the K visa."),
        ),
        (bool(profile.nationality), _("Add your nationality.")),
        (
            bool(list(profile.positions.all())),
            _("Add your work or research positions."),
        ),
        (
            bool(list(profile.skills.all())),
            _("Add your skills so employers can find you."),
        ),
        (bool(profile.headline), _("Add a headline employers see first.")),
        (
            profile.hsk_level is not None,
            _("Add your HSK level: employers and the work permit look at it."),
        ),
        (bool(list(profile.languages.all())), _("Add the languages you speak.")),
        (
            profile.salary_expectation_cny is not None,
            _("Add your salary expectation so we can match you with roles."),
        ),
        (bool(profile.desired_cities), _("Add the cities in China you would work in.")),
        (bool(profile.cv), _("Upload your CV (PDF or Word).")),
        (bool(profile.summary), _("Write a short summary of your work.")),
    ]
    done = sum(1 for ok, _message in checks if ok)
    next_step = next((message for ok, message in checks if not ok), "")
    return ProfileStrength(percent=round(100 * done / len(checks)), next_step=next_step)


def languages_of(emails: Iterable[str]) -> dict[str, str]:
    """Each address's chosen language ("" when its account chose none), by the
    address lowercased (as the database lowers it); addresses without an
    account are missing."""
    wanted = {e.lower() for e in emails if e}
    if not wanted:
        return {}
    rows = (
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=wanted)
        .values_list("address", "language")
    )
    offered = dict(settings.LANGUAGES)
    return {
        address: language if language in offered else "" for address, language in rows
    }
