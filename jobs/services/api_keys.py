"""API key writes: create (the key is returned once), revoke, count a use."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import COMPANY_SCOPES, ApiKey, ApiScope, Company
from jobs.models.api_keys import KEY_PREFIX, digest_of


def create_api_key(
    *,
    name: str,
    scopes: list[str],
    by: User,
    company: Company | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its plain text, which is shown once and never stored.

    A company key holds company scopes; a key without a company is a staff key and
    holds the screening scope only. A company holds at most
    `API_KEYS_PER_COMPANY` active keys (counted under a lock on the company row,
    so two owners creating at once cannot pass the limit together).
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name.")})
    allowed = COMPANY_SCOPES if company is not None else [ApiScope.SCREENING]
    chosen = [str(scope) for scope in allowed if scope in scopes]
    if not chosen or set(scopes) - set(allowed):
        raise ValidationError(
            {"scopes": _("Choose at least one of the listed scopes.")}
        )
    with transaction.atomic():
        if company is not None:
            Company.objects.select_for_update().filter(pk=company.pk).first()
            limit = settings.API_KEYS_PER_COMPANY
            if ApiKey.objects.active().filter(company=company).count() >= limit:
                raise ValidationError(
                    _(
                        "Your company already holds %(limit)d active API keys, "
                        "the most allowed. Revoke one you no longer use first."
                    )
                    % {"limit": limit}
                )
        prefix = secrets.token_hex(4)
        raw_key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        key = ApiKey.objects.create(
            company=company,
            name=name[:80],
            prefix=prefix,
            digest=digest_of(raw_key),
            scopes=chosen,
            created_by=by,
        )
    return key, raw_key


def revoke_api_key(*, key: ApiKey, by: User | None) -> ApiKey:
    """Refuse the key from now on; kept, with its use count, for the record."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = by
        key.save(update_fields=["revoked_at", "revoked_by"])
    return key


def record_use(*, key: ApiKey) -> None:
    """Last used and how often: one UPDATE, with no read-modify-write race."""
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).update(
        last_used_at=now, use_count=F("use_count") + 1
    )
    key.last_used_at = now
