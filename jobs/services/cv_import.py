"""Writes for "Fill my profile from this CV": the entries the seeker confirmed."""

from django.db import transaction

from accounts.models import CandidateProfile, Education, LanguageSkill, Position
from accounts.services import save_education, save_position, set_skills


@transaction.atomic
def add_cv_entries(
    *,
    profile: CandidateProfile,
    education: list[Education],
    positions: list[Position],
    skills: str,
    languages: list[tuple[str, str]],
) -> int:
    """Add the confirmed degrees, posts, skills (comma-separated, to those
    already listed) and
    languages (those not listed yet). Returns the number of entries added."""
    added = 0
    for entry in education:
        entry.profile = profile
        save_education(education=entry)
        added += 1
    for post in positions:
        post.profile = profile
        save_position(position=post)
        added += 1
    if skills.strip():
        existing = [s.name for s in profile.skills.all()]
        set_skills(profile=profile, names=", ".join([*existing, skills]))
    known = set(profile.languages.values_list("language", flat=True))
    for language, level in languages:
        if language not in known:
            LanguageSkill.objects.create(
                profile=profile, language=language, level=level
            )
            known.add(language)
            added += 1
    return added
