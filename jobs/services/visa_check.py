"""Writes for the public check: the anonymous tally, and answers kept to become a
profile ("Save this as my profile") once the person signs in as a job seeker."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccountType, Education, Position
from accounts.services import profile_for, save_education, save_position, update_profile
from jobs.models import VisaCheckTally

logger = logging.getLogger(__name__)

# The session key that carries the answers through sign-up (nothing else keeps them).
SESSION_KEY = "visa_check_answers"


def count_check(*, outcome: str) -> None:
    """Count one check by day and outcome: no person, address or session."""
    day = timezone.localdate()
    updated = VisaCheckTally.objects.filter(day=day, outcome=outcome).update(
        count=F("count") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            VisaCheckTally.objects.create(day=day, outcome=outcome, count=1)
    except IntegrityError:  # a concurrent check created the row first
        VisaCheckTally.objects.filter(day=day, outcome=outcome).update(
            count=F("count") + 1
        )


def keep_answers(*, session, answers: dict) -> None:
    """Keep the answers in the person's session until they sign in as a seeker."""
    session[SESSION_KEY] = answers


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@transaction.atomic
def profile_from_answers(*, user, answers: dict) -> int:
    """Add the check's degrees and post to a seeker's profile (and the date of
    birth, when the profile has none). Entries the profile's own checks refuse
    are skipped. Returns the number of entries added; the screening follows the
    profile change as for any edit."""
    if user.account_type != AccountType.SEEKER:
        return 0
    profile = profile_for(user)
    born = _date(answers.get("date_of_birth"))
    if born and not profile.date_of_birth:
        update_profile(profile=profile, date_of_birth=born)
    added = 0
    for degree in answers.get("degrees") or []:
        expected = _date(degree.get("expected"))
        entry = Education(
            profile=profile,
            level=degree.get("level") or "",
            field=(degree.get("field") or "")[:200],
            institution=(degree.get("institution") or "")[:255],
            conferred_date=expected or _date(degree.get("conferred")),
            expected=bool(expected),
        )
        try:
            with transaction.atomic():
                save_education(education=entry)
            added += 1
        except ValidationError as error:
            logger.info("check answers: a degree was skipped (%s)", error.messages)
    for post in answers.get("positions") or []:
        start = _date(post.get("start"))
        if start is None:
            continue  # a post needs its start (the check asks for it)
        entry_p = Position(
            profile=profile,
            title=(post.get("title") or _("Teaching or research post"))[:200],
            organisation=(post.get("organisation") or "")[:255],
            kind=post.get("kind") or "",
            field=(post.get("field") or "")[:200],
            start_date=start,
        )
        try:
            with transaction.atomic():
                save_position(position=entry_p)
            added += 1
        except ValidationError as error:
            logger.info("check answers: a post was skipped (%s)", error.messages)
    return added


def take_answers_into_profile(*, session, user) -> int:
    """After a sign-in: the answers kept in the session become profile entries."""
    answers = session.pop(SESSION_KEY, None)
    if not isinstance(answers, dict):
        return 0
    return profile_from_answers(user=user, answers=answers)
