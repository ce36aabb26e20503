"""Template context for the portal's navigation bar."""

from django.utils.functional import SimpleLazyObject

from jobs.selectors.messages import unread_count


def unread_messages(request) -> dict:
    """`unread_messages`: the viewer's conversations with unread messages, counted
    (one query) only when a page renders the nav; 0 without a query when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": SimpleLazyObject(lambda: unread_count(user=user))}
