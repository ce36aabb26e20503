"""The session store: database sessions, read through the shared cache.

Django's `cached_db` store (the database holds every session; the cache holds a
copy, so a signed-in request reads Redis instead of the database), with two
changes:
- The copy lives at most `SESSION_CACHE_SECONDS`, not the session's two weeks.
  A sign-out deletes the copy; if Redis cannot be reached at that moment the
  copy survives, and this bounds how long.
- A cache miss reads the row in one precompiled statement (`portal.row_reads`).

Without Redis the "sessions" cache is Django's dummy cache: every request reads
the database, as the plain `db` store does. A per-process memory cache would
keep a signed-out session alive in the other processes.
"""

from typing import cast

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.models import Session
from django.core.cache.backends.base import BaseCache
from django.utils import timezone

from portal.row_reads import PrimaryKeyReader

_sessions = PrimaryKeyReader(Session, placeholder="")


def _copy_seconds(expiry_age: int) -> int:
    return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))


class SessionStore(CachedDBStore):
    _cache: BaseCache  # cached_db's, absent from Django's stubs

    def _get_session_from_db(self):
        row = cast(
            Session | None,
            _sessions.get(self.session_key) if self.session_key else None,
        )
        if row is None or row.expire_date <= timezone.now():
            self._session_key = None
            return None
        return row

    def load(self):
        data = self._cache.get(self.cache_key)
        if data is not None:
            return data
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.decode(row.session_data)
        seconds = _copy_seconds(self.get_expiry_age(expiry=row.expire_date))
        if seconds:
            self._cache.set(self.cache_key, data, seconds)
        return data

    def save(self, must_create=False):
        # The database first (`super(CachedDBStore, …)`: the plain db store's
        # save), then the copy, bounded.
        super(CachedDBStore, self).save(must_create)
        seconds = _copy_seconds(self.get_expiry_age())
        if seconds:
            session = self._get_session()  # type: ignore[attr-defined]  # not in the stubs
            self._cache.set(self.cache_key, session, seconds)
        else:
            self._cache.delete(self.cache_key)
