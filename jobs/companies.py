"""Company services: create and edit a company, its logo, verification, the team."""

import secrets
import warnings
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from jobs.credit_code import normalise_credit_code
from jobs.models import Company, Invitation, MemberRole, Membership, Role

LOGO_MAX_BYTES = 1024 * 1024
# A PNG of a few KB can declare 100 million pixels; decoding it (for a thumbnail,
# or by a browser) takes gigabytes. A logo needs far fewer: 25 megapixels is a
# 5000 × 5000 image.
LOGO_MAX_PIXELS = 25_000_000
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
LOGO_CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
}
INVITATION_DAYS = 14


def company_for(user) -> Company | None:
    """The company the employer acts for, or None."""
    membership = (
        Membership.objects.select_related("company").filter(user_id=user.pk).first()
    )
    return membership.company if membership else None


def is_owner(*, company: Company, user) -> bool:
    return Membership.objects.filter(
        company=company, user_id=user.pk, role=MemberRole.OWNER
    ).exists()


def sniff_logo_format(uploaded) -> str:
    """The file extension for a real image (checked by content), else ValidationError."""
    if uploaded.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is larger than 1 MB."))
    uploaded.seek(0)
    too_large = ValidationError(
        _(
            "This image has too many pixels: a logo may have at most "
            "%(megapixels)d megapixels (e.g. 5000 × 5000)."
        )
        % {"megapixels": LOGO_MAX_PIXELS // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                image_format = image.format
                width, height = image.size
                if width * height > LOGO_MAX_PIXELS:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_large from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image. Please upload a PNG, JPEG, WebP or GIF logo.")
        ) from error
    finally:
        uploaded.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Please upload the logo as PNG, JPEG, WebP or GIF."))
    return LOGO_FORMATS[image_format]


def _store_logo(company: Company, uploaded: UploadedFile) -> None:
    extension = sniff_logo_format(uploaded)
    old_name = company.logo.name if company.logo else ""
    # The stored name is ours; the uploaded file's name is never used.
    company.logo.save(f"logo-{company.pk}.{extension}", uploaded, save=False)
    company.save(update_fields=["logo", "updated_at"])
    if old_name and old_name != company.logo.name:
        storage = company.logo.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def create_company(
    *, user: User, logo: UploadedFile | None = None, **fields
) -> Company:
    """A new company owned by `user`; it waits for staff verification."""
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You already belong to a company."))
    company = Company(**fields)
    company.credit_code = normalise_credit_code(company.credit_code)
    company.full_clean()
    company.save()
    Membership.objects.create(company=company, user=user, role=MemberRole.OWNER)
    if logo:
        _store_logo(company, logo)
    return company


@transaction.atomic
def update_company(
    *, company: Company, logo: UploadedFile | None = None, **changes
) -> Company:
    """Edit a company. A new legal name or credit code needs verifying again."""
    if "credit_code" in changes:
        changes["credit_code"] = normalise_credit_code(changes["credit_code"])
    before = Company.objects.get(pk=company.pk)
    identity_changed = any(
        getattr(before, name) != changes[name]
        for name in ("name_zh", "credit_code")
        if name in changes
    )
    for name, value in changes.items():
        setattr(company, name, value)
    if identity_changed:
        company.verified_at = None
        company.verified_by = None
    company.full_clean()
    company.save()
    if logo:
        _store_logo(company, logo)
    refresh_company_search(company=company)
    return company


def refresh_company_search(*, company: Company) -> None:
    from jobs.roles import update_search_vectors

    update_search_vectors(Role.objects.filter(company=company))


@transaction.atomic
def verify_company(*, company: Company, by: User | None) -> Company:
    company.verified_at = timezone.now()
    company.verified_by = by
    company.rejection_reason = ""
    company.save(
        update_fields=["verified_at", "verified_by", "rejection_reason", "updated_at"]
    )
    return company


@transaction.atomic
def reject_company(*, company: Company, reason: str, by: User | None) -> Company:
    """Refuse (or withdraw) verification and email the reason to the owners."""
    from jobs import notifications

    company.verified_at = None
    company.verified_by = None
    company.rejection_reason = reason
    company.save(
        update_fields=["verified_at", "verified_by", "rejection_reason", "updated_at"]
    )
    notifications.company_rejected(company=company)
    return company


@transaction.atomic
def invite_recruiter(*, company: Company, email: str, by: User) -> Invitation:
    """Invite `email` to the team; the emailed link carries a single-use token."""
    from jobs import notifications

    email = email.strip().lower()
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already on your team."))
    invitation = Invitation.objects.create(
        company=company, email=email, token=secrets.token_urlsafe(32), invited_by=by
    )
    notifications.team_invitation(invitation=invitation)
    return invitation


def open_invitation(token: str) -> Invitation | None:
    """The unused, unexpired invitation with this token."""
    return (
        Invitation.objects.select_related("company")
        .filter(
            token=token,
            accepted_at__isnull=True,
            created_at__gte=timezone.now() - timedelta(days=INVITATION_DAYS),
        )
        .first()
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Join the invitation's company as a recruiter."""
    if not user.is_employer:
        raise ValidationError(_("Only employer accounts can join a company."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _(
                "This invitation was sent to %(email)s. Please sign in with that address."
            )
            % {"email": invitation.email}
        )
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You already belong to a company."))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return Membership.objects.create(
        company=invitation.company, user=user, role=MemberRole.RECRUITER
    )


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    if membership.role == MemberRole.OWNER:
        raise ValidationError(_("The owner cannot be removed."))
    membership.delete()


def team_emails(company: Company) -> list[str]:
    return list(
        Membership.objects.filter(company=company).values_list("user__email", flat=True)
    )


def stored_logo_content_type(fileobj) -> str | None:
    """The type of a stored logo as Pillow reads its header, else None.

    Served by this, not by the file's extension: what the browser is told is
    what was verified. Only the header is read (no decoding), so it is cheap.
    """
    try:
        with Image.open(fileobj, formats=list(LOGO_FORMATS)) as image:
            image_format = image.format
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        return None
    finally:
        fileobj.seek(0)
    extension = LOGO_FORMATS.get(image_format)
    return LOGO_CONTENT_TYPES.get(extension) if extension else None
