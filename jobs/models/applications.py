"""Applications to roles, their stage history, saved roles and saved searches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jobs.models.roles import Role


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REVIEWING = "reviewing", _("Reviewing")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The stages an employer may move an application to.
EMPLOYER_STAGES = [s for s in Stage if s != Stage.WITHDRAWN]


class ApplicationQuerySet(models.QuerySet["Application"]):
    def active(self) -> "ApplicationQuerySet":
        return self.exclude(stage=Stage.WITHDRAWN)

    def shared_profile(self) -> "ApplicationQuerySet":
        """Applications that share the candidate's profile with the role's company:
        not withdrawn (`jobs.selectors.matching.candidates_visible_to` reads it)."""
        return self.active()

    def of_company(self, company) -> "ApplicationQuerySet":
        return self.filter(role__company=company)

    def of_candidate(self, user) -> "ApplicationQuerySet":
        return self.filter(candidate=user)


class Application(models.Model):
    """A seeker's application to a role; one per seeker and role.

    When the seeker deletes their account the row stays, anonymised
    (`candidate` NULL, texts blanked), so employers' counts stay right.
    """

    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("role"),
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    cover_note = models.TextField(_("cover note"), blank=True, max_length=5000)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.APPLIED
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()
    # The cover note is the seeker's own text: not kept where deletion can't reach.
    history = HistoricalRecords(excluded_fields=["cover_note"])

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "candidate"], name="jobs_one_application_per_role"
            )
        ]
        indexes = [models.Index(fields=["role", "stage"])]

    def __str__(self) -> str:
        return f"{self.candidate or _('deleted account')} → {self.role}"


class ApplicationEvent(models.Model):
    """One stage change with the employer's note; the application's history."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events"
    )
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    note = models.TextField(
        _("internal note"),
        blank=True,
        max_length=5000,
        help_text=_("Seen by your team only."),
    )
    message = models.TextField(
        _("message to the candidate"),
        blank=True,
        max_length=5000,
        help_text=_("Included in the email the candidate receives."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"


class SavedRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_roles"
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("saved role")
        verbose_name_plural = _("saved roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="jobs_save_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.role}"


class SavedSearch(models.Model):
    """A search's GET query; a daily email lists roles new since the last one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(pgettext_lazy("saved search", "name"), max_length=100)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query"], name="jobs_save_search_once"
            )
        ]

    def __str__(self) -> str:
        return self.name
