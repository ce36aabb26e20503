"""Reads for "Fill my profile from this CV": the seeker's own CV, read into
proposals, with institutions and fields passed through the screening's resolvers."""

from django.utils import timezone

from accounts.models import CandidateProfile
from jobs.engines.cv.extract import cv_text
from jobs.engines.cv.parser import Proposals, parse_text
from jobs.engines.screening.fields import classify_field
from jobs.selectors.rules import current_rules

MAX_CV_BYTES = 5 * 1024 * 1024


def cv_proposals(*, profile: CandidateProfile) -> Proposals:
    """The proposals the profile's CV supports. Raises `Unreadable` (or its
    `NoTextLayer`, a scan) when the file gives no text."""
    with profile.cv.open("rb") as fp:
        data = fp.read(MAX_CV_BYTES + 1)
    return parse_text(cv_text(data), as_of=timezone.localdate())


def resolved_institution(name: str) -> str | None:
    """The screening's name for an institution, or None when it does not know it."""
    found = current_rules().institutions.resolve(name) if name.strip() else None
    return found.name if found else None


def field_known(name: str) -> bool:
    """Whether the screening maps this field of study to the discipline catalogue."""
    return bool(name.strip()) and classify_field(name).category is not None
