"""Outbox reads: the emails written to an address (My data, account deletion)."""

from django.db.models import TextField
from django.db.models.functions import Cast

from jobs.models import OutboxEmail


def addressed_to(email: str):
    """Outbox rows with `email` among their recipients (case-insensitive).

    The recipients are a JSON list; its text is searched (the same on SQLite
    and PostgreSQL), then each row is checked exactly.
    """
    wanted = email.casefold()
    candidates = (
        OutboxEmail.objects.annotate(recipients_text=Cast("recipients", TextField()))
        .filter(recipients_text__icontains=email)
        .order_by("pk")
    )
    return [
        row for row in candidates if any(r.casefold() == wanted for r in row.recipients)
    ]
