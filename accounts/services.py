"""Account and profile services: every write to a seeker's data goes through here."""

import io
import json
import zipfile
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.exports import (
    declare_not_exported,
    jsonable,
    register_section,
    row,
    sections,
)
from accounts.models import (
    AccountDeletion,
    CandidateProfile,
    Education,
    LanguageSkill,
    Position,
    Skill,
    User,
)
from accounts.signals import profile_changed
from accounts.skills import skill_display_name, skill_key, split_skills
from accounts.uploads import sniff_cv_format, stored_cv_format
from portal.files import safe_download_name


def landing_url_for(user) -> str:
    """The page a user starts on: staff the admin, employers the dashboard."""
    if user.is_staff:
        return reverse("admin:index")
    if user.is_employer:
        return reverse("jobs:employer_dashboard")
    return reverse("accounts:profile")


def set_language(*, user: User, language: str) -> User:
    """Remember the person's language ("" = follow the browser again).

    Used by the Preferences page and by the footer's language switch, and read on
    every request (`accounts.middleware`) and for every email to them.
    """
    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"not a language the site offers: {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def profile_for(user: User) -> CandidateProfile:
    """The seeker's profile, created empty on first use."""
    profile, _created = CandidateProfile.objects.get_or_create(user=user)
    return profile


def _profile_changed(profile: CandidateProfile) -> None:
    """Mark the profile changed and tell listeners (screening, matching) on commit."""
    CandidateProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())
    profile_changed.send(sender=CandidateProfile, profile_id=profile.pk)


@transaction.atomic
def update_profile(*, profile: CandidateProfile, **changes) -> CandidateProfile:
    """Set some of the profile's own fields, validate and save only those."""
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.full_clean(
        exclude=[f.name for f in profile._meta.fields if f.name not in changes]
    )
    profile.save(update_fields=[*changes, "updated_at"])
    _profile_changed(profile)
    return profile


@transaction.atomic
def set_skills(*, profile: CandidateProfile, names: Iterable[str] | str) -> list[Skill]:
    """Replace the profile's skills; variants of one skill collapse to one tag."""
    if isinstance(names, str):
        names = split_skills(names)
    wanted = {skill_key(name): name for name in names if skill_key(name)}
    existing = {s.slug: s for s in Skill.objects.filter(slug__in=wanted)}
    Skill.objects.bulk_create(
        [
            Skill(slug=key, name=skill_display_name(key, typed))
            for key, typed in wanted.items()
            if key not in existing
        ],
        ignore_conflicts=True,  # a concurrent save may have created the same tag
    )
    skills = list(Skill.objects.filter(slug__in=wanted))
    profile.skills.set(skills)
    _profile_changed(profile)
    return skills


@transaction.atomic
def save_education(*, education: Education) -> Education:
    education.full_clean()
    education.save()
    _profile_changed(education.profile)
    return education


@transaction.atomic
def save_position(*, position: Position) -> Position:
    position.full_clean()
    position.save()
    _profile_changed(position.profile)
    return position


@transaction.atomic
def delete_entry(*, entry: Education | Position | LanguageSkill) -> None:
    profile = entry.profile
    entry.delete()
    _profile_changed(profile)


@transaction.atomic
def save_languages(*, profile: CandidateProfile, formset) -> None:
    formset.save()
    _profile_changed(profile)


def upload_cv(*, profile: CandidateProfile, uploaded: UploadedFile) -> CandidateProfile:
    """Store a CV checked by content; the old file is removed once the new one is saved."""
    kind = sniff_cv_format(uploaded)
    old_name = profile.cv.name if profile.cv else ""
    original = (uploaded.name or "cv").rsplit("/", 1)[-1][:150]
    # The stored name is ours: the user's file name is kept only as a label.
    profile.cv.save(f"cv-{profile.pk}.{kind}", uploaded, save=False)
    profile.cv_filename = original
    profile.cv_uploaded_at = timezone.now()
    profile.save(update_fields=["cv", "cv_filename", "cv_uploaded_at", "updated_at"])
    if old_name and old_name != profile.cv.name:
        profile.cv.storage.delete(old_name)
    return profile


def remove_cv(*, profile: CandidateProfile) -> None:
    if profile.cv:
        profile.cv.delete(save=False)
    profile.cv_filename = ""
    profile.cv_uploaded_at = None
    profile.save(update_fields=["cv", "cv_filename", "cv_uploaded_at", "updated_at"])


@transaction.atomic
def update_privacy(
    *,
    profile: CandidateProfile,
    visibility: str,
    consent_share: bool,
    consent_cross_border: bool,
) -> CandidateProfile:
    """Set visibility and the two PIPL consents; a consent keeps its first timestamp."""
    now = timezone.now()
    profile.visibility = visibility
    if consent_share and profile.consent_share_at is None:
        profile.consent_share_at = now
    elif not consent_share:
        profile.consent_share_at = None
    if consent_cross_border and profile.consent_cross_border_at is None:
        profile.consent_cross_border_at = now
    elif not consent_cross_border:
        profile.consent_cross_border_at = None
    profile.full_clean()
    profile.save()
    return profile


def _account_section(*, user: User, profile: CandidateProfile | None) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "account_type": user.account_type,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
    }


def _profile_section(*, user: User, profile: CandidateProfile | None) -> dict | None:
    if profile is None:
        return None
    return {
        **row(profile, exclude=("id", "user")),
        "education": [
            row(e, exclude=("id", "profile")) for e in profile.education.all()
        ],
        "positions": [
            row(p, exclude=("id", "profile")) for p in profile.positions.all()
        ],
        "languages": [
            row(lang, exclude=("id", "profile")) for lang in profile.languages.all()
        ],
        "skills": [s.name for s in profile.skills.all()],
    }


def _cv_files(
    *, user: User, profile: CandidateProfile | None
) -> list[tuple[str, bytes]]:
    if profile is None or not profile.cv:
        return []
    try:
        with profile.cv.open("rb") as cv:
            kind = stored_cv_format(cv)
            content = cv.read()
    except FileNotFoundError:  # the row outlived its file: export the rest
        return []
    # The same safe name the download uses: the user's label, the content's type.
    name = safe_download_name(profile.cv_filename, extension=kind or "bin")
    return [(f"cv/{name}", content)]


def _two_factor_section(*, user: User, profile: CandidateProfile | None) -> list:
    # Which methods are on and when they were used; never their secrets (the
    # TOTP seed, recovery codes): a leaked zip must not pass the second factor.
    return [
        {
            "type": authenticator.type,
            "created_at": jsonable(authenticator.created_at),
            "last_used_at": jsonable(authenticator.last_used_at),
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
    ]


def register_export_sections() -> None:
    """accounts' own parts of "My data" and its documented exclusions."""
    register_section(
        "account",
        _account_section,
        covers=("accounts.User", "account.EmailAddress.user"),
    )
    register_section(
        "profile",
        _profile_section,
        covers=(
            "accounts.CandidateProfile.user",
            "accounts.Education.profile",
            "accounts.Position.profile",
            "accounts.LanguageSkill.profile",
            "accounts.Skill.profiles",
        ),
        files=_cv_files,
    )
    register_section(
        "two_factor", _two_factor_section, covers=("mfa.Authenticator.user",)
    )
    declare_not_exported(
        "account.EmailConfirmation.email_address",
        "A pending confirmation key (a secret that signs the person in) for an "
        "address already exported under account.email_addresses.",
    )
    declare_not_exported(
        "admin.LogEntry.user",
        "The admin's log of a staff member's own changes to other records: an "
        "audit of staff work, whose entries name other people's records.",
    )


def export_data(*, user: User, profile: CandidateProfile | None = None) -> dict:
    """Everything the portal holds about the user, one key per registered section."""
    if profile is None:
        profile = CandidateProfile.objects.with_details().filter(user=user).first()
    data = {"exported_at": timezone.now().isoformat()}
    for section in sections():
        data[section.name] = section.provider(user=user, profile=profile)
    return data


def export_my_data(*, user: User) -> bytes:
    """A zip of everything the portal holds about the user: data.json plus the CV."""
    profile = CandidateProfile.objects.with_details().filter(user=user).first()
    data = export_data(user=user, profile=profile)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for section in sections():
            if section.files is None:
                continue
            for path, content in section.files(user=user, profile=profile):
                archive.writestr(path, content)
    return buffer.getvalue()


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase the user's personal data and CV file; keep only an anonymous count."""
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is not None and profile.cv.name:  # a FieldFile is truthy by its name
        cv_name = profile.cv.name
        storage = profile.cv.storage
        transaction.on_commit(lambda: storage.delete(cv_name))
    _scrub_admin_log(user=user, profile=profile)
    AccountDeletion.objects.create(account_type=user.account_type)
    user.delete()


def _scrub_change_message(message: str) -> str:
    """Django's JSON change message without the objects' names (e.g. a degree's
    institution); the field names and the kind of change stay."""
    try:
        entries = json.loads(message)
    except ValueError:
        return ""  # an old free-text message may name anything
    if not isinstance(entries, list):
        return ""
    for entry in entries:
        for change in entry.values() if isinstance(entry, dict) else ():
            if isinstance(change, dict) and "object" in change:
                change["object"] = ""
    return json.dumps(entries)


def _scrub_admin_log(*, user: User, profile: CandidateProfile | None) -> None:
    """Forget the account in the admin log: its rows name objects by `str()`, i.e.
    the email, the profile's name and the entries' titles."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    def rows_of(model, ids) -> Q:
        content_type = ContentType.objects.get_for_model(model)
        return Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])

    about = rows_of(User, [user.pk])
    if user.email:  # an empty string would match every row
        about |= Q(object_repr__icontains=user.email)
        about |= Q(change_message__icontains=user.email)
    if profile is not None:
        about |= rows_of(CandidateProfile, [profile.pk])
        for model in (Education, Position, LanguageSkill):
            ids = model.objects.filter(profile=profile).values_list("pk", flat=True)
            about |= rows_of(model, ids)
    entries = list(LogEntry.objects.filter(about))
    for entry in entries:
        entry.object_repr = gettext("deleted account")
        entry.change_message = _scrub_change_message(entry.change_message)
    LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"])
