"""Signals other apps listen to; accounts does not know who listens."""

from django.dispatch import Signal

# Sent inside the transaction that changed a profile's facts, with `profile_id`.
# Listeners that queue work should do it with transaction.on_commit.
profile_changed = Signal()
