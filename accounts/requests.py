"""The request type of views behind a sign-in check.

`login_required`, `seeker_required` and the other access decorators let only a
signed-in user through, so such a view's `request.user` is a `User`, never the
`AnonymousUser` a plain `HttpRequest` may carry. Annotating the view with this
type says so to mypy (the django-stubs idiom); nothing changes at run time.
"""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
