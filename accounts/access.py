"""View decorators that check who may see a page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def _account_type_required(check, view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not check(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def seeker_required(view):
    """Only job seekers may open the page; others get 403."""
    return _account_type_required(lambda user: user.is_seeker, view)


def employer_required(view):
    """Only employers may open the page; others get 403."""
    return _account_type_required(lambda user: user.is_employer, view)
