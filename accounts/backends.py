"""The sign-in backends, with the per-request user load done in one statement.

Django loads the signed-in user on every request through the backend that
signed them in (its dotted path is kept in the session). These subclasses of
Django's and allauth's backends change only that load: `portal.row_reads`
runs a statement compiled once instead of compiling `User.objects.get(pk=…)`
on every request. Who may sign in (`user_can_authenticate`: not inactive) and
how (passwords, allauth's email sign-in) is theirs, unchanged.
"""

from functools import cache

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model

from portal.row_reads import PrimaryKeyReader


@cache
def _user_reader() -> PrimaryKeyReader:
    # On first use, not at import: the user model is known once apps are ready.
    return PrimaryKeyReader(get_user_model(), placeholder=0)


class _OneStatementUserLoad:
    def get_user(self, user_id):
        user = _user_reader().get(user_id)
        if user is None or not self.user_can_authenticate(user):  # type: ignore[attr-defined]
            return None
        return user


class ModelBackend(_OneStatementUserLoad, django_backends.ModelBackend):
    pass


class AuthenticationBackend(
    _OneStatementUserLoad, allauth_backends.AuthenticationBackend
):
    pass
