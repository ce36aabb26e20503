"""Staff moderation: approve or reject roles, verify or reject companies.

One implementation for the quick page (`/moderation/`), the admin's change-page
buttons and the admin's list actions, so a decision means the same wherever a
moderator takes it: approving needs a pending role, rejecting needs a reason
(it is emailed), and each answer is the same sentence.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Company, Role, RoleStatus
from jobs.services.companies import reject_company, verify_company
from jobs.services.roles import approve_role, reject_role

# Roles a moderator may send back to draft (drafts have nothing to reject).
REJECTABLE_ROLES = (RoleStatus.PENDING, RoleStatus.PUBLISHED)


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason: it is emailed to the employer."))
    return reason


@transaction.atomic
def moderate_role(
    *, role: Role, decision: Decision, by: User | None, reason: str = ""
) -> str:
    """Approve (a pending role) or reject (with a reason); the moderator's message.

    Raises ValidationError, with the message to show, when the decision cannot
    be taken: approving a role not pending review, rejecting without a reason.
    """
    if decision is Decision.APPROVE:
        if role.status != RoleStatus.PENDING:
            raise ValidationError(_("Only a role pending review can be approved."))
        approve_role(role=role, by=by)
        return _("“%(title)s” approved.") % {"title": role.title}
    reject_role(role=role, reason=_reason(reason), by=by)
    return _("“%(title)s” sent back to draft; the reason was emailed.") % {
        "title": role.title
    }


@transaction.atomic
def moderate_company(
    *, company: Company, decision: Decision, by: User | None, reason: str = ""
) -> str:
    """Verify or reject (with a reason) a company; the moderator's message."""
    if decision is Decision.APPROVE:
        verify_company(company=company, by=by)
        return _("%(name)s verified.") % {"name": company.name}
    reject_company(company=company, reason=_reason(reason), by=by)
    return _("%(name)s not verified; the reason was emailed.") % {"name": company.name}


@transaction.atomic
def approve_roles(*, roles: Iterable[Role], by: User | None) -> int:
    """Approve every pending role among `roles` (others are left); how many."""
    count = 0
    for role in roles:
        if role.status == RoleStatus.PENDING:
            moderate_role(role=role, decision=Decision.APPROVE, by=by)
            count += 1
    return count


@transaction.atomic
def reject_roles(*, roles: Iterable[Role], by: User | None, reason: str) -> int:
    """Send every pending or published role among `roles` back to draft; how many."""
    count = 0
    for role in roles:
        if role.status in REJECTABLE_ROLES:
            moderate_role(role=role, decision=Decision.REJECT, by=by, reason=reason)
            count += 1
    return count


@transaction.atomic
def verify_companies(*, companies: Iterable[Company], by: User | None) -> int:
    """Verify every company among `companies` not yet verified; how many."""
    count = 0
    for company in companies:
        if company.verified_at is None:
            moderate_company(company=company, decision=Decision.APPROVE, by=by)
            count += 1
    return count


@transaction.atomic
def reject_companies(
    *, companies: Iterable[Company], by: User | None, reason: str
) -> int:
    """Refuse (or withdraw) the verification of each of `companies`; how many."""
    count = 0
    for company in companies:
        moderate_company(
            company=company, decision=Decision.REJECT, by=by, reason=reason
        )
        count += 1
    return count
