"""Access checks for employer pages: the signed-in employer's company only."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.access import employer_required
from jobs.companies import company_for, is_owner


def company_member_required(view=None, *, owner: bool = False):
    """Employers who belong to a company; `request.company` is that company.

    Views look every object up through `request.company`, so another company's
    role or applicant is a 404, never a 403 that confirms it exists. An employer
    with no company yet is sent to create one.
    """

    def decorator(view):
        @employer_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            company = company_for(request.user)
            if company is None:
                messages.info(request, _("First tell us about your company."))
                return redirect("jobs:company_edit")
            if owner and not is_owner(company=company, user=request.user):
                raise PermissionDenied
            request.company = company
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
