"""Account services: landing pages and role checks."""

from django.urls import reverse


def landing_url_for(user) -> str:
    """The page a user starts on: staff the admin, employers the dashboard."""
    if user.is_staff:
        return reverse("admin:index")
    if user.is_employer:
        return reverse("jobs:employer_dashboard")
    return reverse("accounts:profile")
