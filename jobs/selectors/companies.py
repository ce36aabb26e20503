"""Company reads: the employer's company, its owners, open invitations, the team."""

from datetime import timedelta

from django.utils import timezone

from jobs.models import Company, Invitation, MemberRole, Membership

# How long a team invitation link stays valid.
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
