"""Company services: create and edit a company, its logo, verification, the team."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Company, Invitation, MemberRole, Membership, Role, RoleStatus
from jobs.selectors.companies import identity_would_change
from jobs.services import notifications
from jobs.services.roles import queue_match_refresh, update_search_vectors
from jobs.validators import normalise_credit_code, sniff_logo_format


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
    identity_changed = identity_would_change(
        company=company,
        name_zh=changes.get("name_zh", before.name_zh),
        credit_code=changes.get("credit_code", before.credit_code),
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

    update_search_vectors(Role.objects.filter(company=company))


@transaction.atomic
def verify_company(*, company: Company, by: User | None) -> Company:
    company.verified_at = timezone.now()
    company.verified_by = by
    company.rejection_reason = ""
    company.save(
        update_fields=["verified_at", "verified_by", "rejection_reason", "updated_at"]
    )
    _refresh_published_roles(company)  # they go public now
    return company


def _refresh_published_roles(company: Company) -> None:
    for role in company.roles.filter(status=RoleStatus.PUBLISHED).only("pk"):
        queue_match_refresh(role)


@transaction.atomic
def reject_company(*, company: Company, reason: str, by: User | None) -> Company:
    """Refuse (or withdraw) verification and email the reason to the owners."""

    company.verified_at = None
    company.verified_by = None
    company.rejection_reason = reason
    company.save(
        update_fields=["verified_at", "verified_by", "rejection_reason", "updated_at"]
    )
    _refresh_published_roles(company)  # no longer public: their matches go
    notifications.company_rejected(company=company)
    return company


@transaction.atomic
def invite_recruiter(*, company: Company, email: str, by: User) -> Invitation:
    """Invite `email` to the team; the emailed link carries a single-use token."""

    email = email.strip().lower()
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already on your team."))
    invitation = Invitation.objects.create(
        company=company, email=email, token=secrets.token_urlsafe(32), invited_by=by
    )
    notifications.team_invitation(invitation=invitation)
    return invitation


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
