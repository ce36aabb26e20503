"""Company API keys: a secret an employer's own system sends as a bearer token.

Only a SHA-256 digest of the key is stored. A key is 32 random bytes, so a fast
digest is as safe as a password hash here and lets every request be checked in
one indexed lookup; the prefix (shown in the team page) says which key it is.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.companies import Company

# Every key starts with this, so a leaked key is recognisable (secret scanners,
# logs) and a wrong header ("Bearer <session id>") is refused before any query.
KEY_PREFIX = "ktp_"


def digest_of(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiScope(models.TextChoices):
    """What a key may do. A company key holds any of the first five; the screening
    scope belongs to staff keys only."""

    READ_ROLES = "roles:read", _("Read roles")
    WRITE_ROLES = "roles:write", _("Create, change, submit and close roles")
    READ_APPLICATIONS = "applications:read", _("Read applications")
    WRITE_APPLICATIONS = "applications:write", _("Move applications between stages")
    READ_MATCHES = "matches:read", _("Read the candidates who match a role")
    SCREENING = "screening", _("Screen candidate facts (staff)")


COMPANY_SCOPES = [
    ApiScope.READ_ROLES,
    ApiScope.WRITE_ROLES,
    ApiScope.READ_APPLICATIONS,
    ApiScope.WRITE_APPLICATIONS,
    ApiScope.READ_MATCHES,
]


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A company's key (`company` set) or a staff member's key for the screening
    interface (`company` empty, `created_by` a staff user who must still be
    staff with TOTP when the key is used)."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="api_keys",
        null=True,
        blank=True,
        verbose_name=_("company"),
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    use_count = models.PositiveBigIntegerField(_("uses"), default=0)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def scope_labels(self) -> list[str]:
        labels = dict(ApiScope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
