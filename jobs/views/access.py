"""The access decorators of every jobs page: one set, answering one way.

- Not signed in: the sign-in page (`login_required`).
- Signed in without the account type or rights the page needs (a seeker on an
  employer page, a non-staff member on a staff page): 403.
- Signed in with them but asking for another's object: 404. Company pages are
  given the member's company as the keyword argument `company` and look every
  object up through it, so an id never confirms that something exists.
- A role's board, its moves and its export (`role_member_required`) answer 404
  to every outsider, seekers included: those URLs carry a role id.

The account-type checks live in `accounts.access` (accounts never imports jobs);
they are re-exported here so jobs views import their access from one place.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.access import employer_required, seeker_required, staff_required
from accounts.requests import AuthenticatedRequest
from jobs.selectors.companies import company_for, is_owner

__all__ = [
    "company_member_required",
    "employer_required",
    "role_member_required",
    "seeker_required",
    "staff_required",
]

# HttpResponseBase: a CV download answers with a FileResponse (a streaming response).
CompanyView = Callable[..., HttpResponseBase]


def company_member_required(
    view: CompanyView | None = None, *, owner: bool = False
) -> Callable:
    """Employers who belong to a company; the view gets it as `company=`.

    An employer with no company yet is sent to create one; with `owner=True` a
    member who is not an owner gets 403.
    """

    def decorator(view: CompanyView) -> CompanyView:
        @employer_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            company = company_for(request.user)
            if company is None:
                messages.info(request, _("First tell us about your company."))
                return redirect("jobs:company_edit")
            if owner and not is_owner(company=company, user=request.user):
                raise PermissionDenied
            return view(request, *args, company=company, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


def role_member_required(view: CompanyView) -> CompanyView:
    """A member of the role's company; anyone else signed in gets a 404.

    The employer pages answer 403 to a seeker; a role's board, its moves and
    its export answer 404 to every outsider, so they never tell whether a role
    id exists.
    """

    @login_required
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_employer:
            raise Http404
        return company_member_required(view)(request, *args, **kwargs)

    return wrapped
