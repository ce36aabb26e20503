"""Company reads: the employer's company, its owners, open invitations, the team."""

from datetime import timedelta

from django.utils import timezone

from jobs.models import Company, Invitation, MemberRole, Membership
from jobs.validators import normalise_credit_code

# How long a team invitation link stays valid.
INVITATION_DAYS = 14


def membership_of(user) -> Membership | None:
    """The employer's membership with its company (one query), or None."""
    return Membership.objects.select_related("company").filter(user_id=user.pk).first()


def company_for(user) -> Company | None:
    """The company the employer acts for, or None."""
    membership = membership_of(user)
    return membership.company if membership else None


def is_owner(*, company: Company, user) -> bool:
    return Membership.objects.filter(
        company=company, user_id=user.pk, role=MemberRole.OWNER
    ).exists()


def identity_would_change(*, company: Company, name_zh: str, credit_code: str) -> bool:
    """Whether saving these would change the legal identity staff verified.

    The legal (Chinese) name and the unified social credit code are what staff
    check against the business licence; `update_company` unverifies on either.
    """
    before = Company.objects.only("name_zh", "credit_code").get(pk=company.pk)
    return before.name_zh != name_zh or before.credit_code != normalise_credit_code(
        credit_code
    )


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


def team_emails(company: Company) -> list[str]:
    return list(
        Membership.objects.filter(company=company).values_list("user__email", flat=True)
    )
