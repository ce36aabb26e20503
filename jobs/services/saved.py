"""Saved roles and saved searches: toggle, save, and the daily new-roles email."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import (
    Role,
    SavedRole,
    SavedSearch,
)
from jobs.selectors.search import RoleFilter
from jobs.services import notifications


@transaction.atomic
def toggle_saved_role(*, user: User, role: Role) -> bool:
    """Save the role, or unsave it if saved. Returns whether it is now saved."""
    deleted, _rows = SavedRole.objects.filter(user=user, role=role).delete()
    if deleted:
        return False
    SavedRole.objects.get_or_create(user=user, role=role)
    return True


# Query parameters that do not change which roles match.
_NOT_CRITERIA = {"page", "sort", "csrfmiddlewaretoken", "name"}


def search_query_string(data: QueryDict) -> str:
    """The GET query of a search, sorted and without paging, for storing."""
    pairs = sorted(
        (key, value)
        for key in data
        if key not in _NOT_CRITERIA
        for value in data.getlist(key)
        if value.strip()
    )
    return urlencode(pairs)


@transaction.atomic
def save_search(*, user: User, data: QueryDict, name: str = "") -> SavedSearch:
    query = search_query_string(data)
    if not query:
        raise ValidationError(_("Choose a keyword or a filter before saving a search."))
    max_length = SavedSearch._meta.get_field("query").max_length
    if max_length is not None and len(query) > max_length:
        # PostgreSQL refuses an over-long value outright (SQLite would keep it).
        raise ValidationError(
            _("This search is too long to save: remove some keywords or filters.")
        )
    if SavedSearch.objects.filter(user=user).count() >= 20:
        raise ValidationError(_("You can keep up to 20 saved searches."))
    saved, _created = SavedSearch.objects.get_or_create(
        user=user,
        query=query,
        defaults={
            "name": (name or query)[:100],
            "last_sent_at": timezone.now(),
        },
    )
    return saved


def delete_saved_search(*, user: User, pk: int) -> bool:
    """Remove one of `user`'s saved searches; False when they have none by that id
    (another person's search is not theirs to remove, nor to learn about)."""
    search = SavedSearch.objects.filter(pk=pk, user=user).first()
    if search is None:
        return False  # not even a DELETE statement for someone else's id
    search.delete()
    return True


def send_saved_search_emails(*, now=None) -> int:
    """Email each saved search's owner the public roles new since the last email.

    Idempotent per day: `last_sent_at` moves forward only after a search has been
    handled, and only roles published after it are listed.
    """

    now = now or timezone.now()
    sent = 0
    searches = SavedSearch.objects.select_related("user").filter(user__is_active=True)
    for saved in searches.iterator(chunk_size=500):
        since = saved.last_sent_at or saved.created_at
        fresh = Role.objects.public().filter(
            published_at__gt=since, published_at__lte=now
        )
        roles = list(
            RoleFilter(QueryDict(saved.query), queryset=fresh).qs.select_related(
                "company"
            )[:20]
        )
        # The email and the new `last_sent_at` commit together: a crash cannot
        # skip these roles, nor list them twice.
        with transaction.atomic():
            email = (
                notifications.saved_search_roles(saved=saved, roles=roles)
                if roles
                else None
            )
            SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=now)
        if email is not None:
            notifications.deliver(email_id=email.pk)
            sent += 1
    return sent
