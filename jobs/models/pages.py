"""Versions of what the signed-in pages show, for their whole-page cache.

One row per scope: `user:<id>` (what a person's own pages show of them: their
applications, saved roles, profile, screening, unread messages, account) and
`company:<id>` (what its members' pages show: roles, applicants, matches, team).
Every write that changes one of those gives the scope a new random version
(`jobs.services.page_versions`), so a page cached under the old one is never
read again (`jobs.web.page_cache`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageVersion(models.Model):
    scope = models.CharField(_("scope"), max_length=40, primary_key=True)
    version = models.CharField(_("version"), max_length=32)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"
