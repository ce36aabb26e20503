"""API key reads: the key a request presents, a company's keys."""

import hmac

from django.db.models import F

from jobs.models import ApiKey, Company
from jobs.models.api_keys import KEY_PREFIX, digest_of


def key_for(raw_key: str) -> ApiKey | None:
    """The active key `raw_key` is, with its company, or None (one query).

    Looked up by the prefix, then the digests are compared in constant time, so
    the answer's timing says nothing about how much of a guess was right.
    """
    if not raw_key.startswith(KEY_PREFIX) or len(raw_key) > 100:
        return None
    prefix = raw_key[len(KEY_PREFIX) :].split("_", 1)[0]
    key = (
        ApiKey.objects.active()
        .select_related("company", "created_by")
        .filter(prefix=prefix)
        .first()
    )
    if key is None or not hmac.compare_digest(key.digest, digest_of(raw_key)):
        return None
    return key


def keys_of(*, company: Company):
    """A company's keys, active first (on every database: PostgreSQL and SQLite
    sort NULL differently), then newest first."""
    return (
        ApiKey.objects.filter(company=company)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )
