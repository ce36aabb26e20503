"""Screening models: rules versions, reference tables, stored verdicts and runs.

The pure engine (`jobs.engines.screening`) ships defaults for all three; these tables are
the live copies `jobs.selectors.rules.current_rules()` turns back into engine objects.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jobs.engines.screening.cities import MEASURES
from jobs.engines.screening.institutions import KINDS, RANK_BANDS
from jobs.engines.screening.institutions import Institution as InstitutionRecord


class RulesConfiguration(models.Model):
    """One version of the screening rules; a change adds a row, never edits one.

    `config` is the complete `RulesConfig.to_dict()` snapshot, city wages included,
    so every `version` (the engine fingerprint verdicts record) can be read back
    exactly. The live wage table is `CityWage`; the newest row is the current one.
    """

    config = models.JSONField(verbose_name=_("config"))
    version = models.CharField(verbose_name=_("version"), max_length=64, db_index=True)
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), auto_now_add=True, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = _("rules configuration")

    def __str__(self) -> str:
        return f"Rules {self.version}"


class CityWageQuerySet(models.QuerySet["CityWage"]):
    def active(self) -> "CityWageQuerySet":
        return self.filter(is_active=True)


class CityWage(models.Model):
    """A city's average annual wage for one year, and its work-location points flag."""

    city = models.CharField(
        verbose_name=_("city"),
        max_length=100,
        help_text=_("English name, e.g. Shanghai"),
    )
    city_zh = models.CharField(_("city (Chinese)"), max_length=50, blank=True)
    province = models.CharField(verbose_name=_("province"), max_length=100, blank=True)
    average_wage_cny = models.PositiveIntegerField(_("average wage (CNY/year)"))
    year = models.PositiveSmallIntegerField(
        help_text=_("Statistical year of the figure."),
        verbose_name=_("year"),
    )
    measure = models.CharField(
        max_length=100,
        blank=True,
        choices=[(m, m) for m in MEASURES],
        help_text=_("Which average wage the figure is (visa-rules-sources §8.2)."),
        verbose_name=_("measure"),
    )
    valid_from = models.DateField(
        null=True,
        blank=True,
        help_text=_("First application date the figure is used for (empty: open)."),
        verbose_name=_("valid from"),
    )
    valid_to = models.DateField(
        null=True,
        blank=True,
        help_text=_("Last application date the figure is used for (empty: open)."),
        verbose_name=_("valid to"),
    )
    source = models.TextField(verbose_name=_("source"), blank=True)
    location_points = models.BooleanField(
        default=False,
        help_text=_(
            "A job here earns the work-permit work-location points "
            "(western region, north-east old industrial bases)."
        ),
        verbose_name=_("location points"),
    )
    is_active = models.BooleanField(verbose_name=_("is active"), default=True)
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), auto_now=True, db_index=True
    )

    objects = CityWageQuerySet.as_manager()

    class Meta:
        ordering = ["city", "-year"]
        constraints = [
            models.UniqueConstraint(
                Lower("city"), "year", name="jobs_citywage_city_year_unique"
            )
        ]
        verbose_name = _("city wage")

    def __str__(self) -> str:
        return f"{self.city} {self.year}: CNY {self.average_wage_cny:,}"


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def ranked(self) -> "InstitutionQuerySet":
        return self.filter(rank_best__isnull=False)


class Institution(models.Model):
    """A university or research institution: the DB copy of the engine's table."""

    KIND_CHOICES = [(kind, kind.title()) for kind in KINDS]
    BAND_CHOICES = [("", "unranked"), *((band, band) for band in RANK_BANDS)]

    key = models.CharField(verbose_name=_("key"), max_length=200, unique=True)
    name = models.CharField(
        verbose_name=pgettext_lazy("institution", "name"), max_length=300, db_index=True
    )
    country = models.CharField(
        verbose_name=_("country"), max_length=2, blank=True, db_index=True
    )
    kind = models.CharField(
        verbose_name=pgettext_lazy("category", "kind"),
        max_length=20,
        choices=KIND_CHOICES,
        default="university",
    )
    rank_best = models.PositiveIntegerField(
        verbose_name=_("best rank"), null=True, blank=True
    )
    rank_band = models.CharField(
        verbose_name=_("rank band"), max_length=10, choices=BAND_CHOICES, blank=True
    )
    ranking = models.CharField(verbose_name=_("ranking"), max_length=200, blank=True)
    ranking_year = models.PositiveSmallIntegerField(
        verbose_name=_("ranking year"), null=True, blank=True
    )
    double_first_class = models.BooleanField(
        verbose_name=_("double first class"), default=False
    )
    national_research = models.BooleanField(
        verbose_name=_("national research"), default=False
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    aliases = models.JSONField(verbose_name=_("aliases"), default=list, blank=True)
    source = models.TextField(
        verbose_name=_("source"), blank=True, help_text=_("files this row came from")
    )
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), auto_now=True, db_index=True
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def to_record(self) -> InstitutionRecord:
        """The engine dataclass for this row (the bridge from the ORM to the rules)."""
        return InstitutionRecord(
            key=self.key,
            name=self.name,
            country=self.country,
            kind=self.kind,
            rank_best=self.rank_best,
            rank_band=self.rank_band,
            ranking=self.ranking,
            ranking_year=self.ranking_year,
            double_first_class=self.double_first_class,
            national_research=self.national_research,
            name_zh=self.name_zh,
            aliases=tuple(self.aliases or ()),
        )


class OutcomeChoices(models.TextChoices):
    """The K-visa outcomes, worst to best (the engine's `Outcome`)."""

    UNLIKELY = "unlikely", _("Unlikely")
    DOUBTFUL = "doubtful", _("Doubtful — needs review")
    UNKNOWN = "unknown", _("Not enough information")
    POSSIBLE = "possible", _("Possibly eligible — needs review")
    LIKELY = "likely", _("Likely eligible")


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def flagged(self) -> "ScreeningQuerySet":
        """Candidates who might qualify: `likely` or `possible`."""
        return self.filter(outcome__in=[OutcomeChoices.LIKELY, OutcomeChoices.POSSIBLE])


class Screening(models.Model):
    """A candidate's current K-visa pre-screen: one row per profile, replaced in place."""

    profile = models.OneToOneField(
        "accounts.CandidateProfile",
        on_delete=models.CASCADE,
        related_name="screening",
        verbose_name=_("profile"),
    )
    outcome = models.CharField(
        max_length=16,
        choices=OutcomeChoices.choices,
        db_index=True,
        verbose_name=_("outcome"),
    )
    result = models.JSONField(
        help_text=_("The engine's full result (reasons, hints, checklist)."),
        verbose_name=_("result"),
    )
    failed_rules = models.JSONField(
        default=list,
        help_text=_("Rule ids whose outcome was not a pass (for filtering)."),
        verbose_name=_("failed rules"),
    )
    rules_version = models.CharField(
        verbose_name=_("rules version"), max_length=64, db_index=True
    )
    facts_hash = models.CharField(verbose_name=_("facts hash"), max_length=64)
    screened_at = models.DateTimeField(
        verbose_name=_("screened at"), help_text=_("When this verdict was computed.")
    )
    checked_at = models.DateTimeField(
        db_index=True,
        help_text=_("When the facts and rules were last confirmed unchanged."),
        verbose_name=_("checked at"),
    )
    outcome_since = models.DateTimeField(
        verbose_name=_("outcome since"), help_text=_("When the outcome last changed.")
    )

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.outcome}"


class ScreeningChange(models.Model):
    """History: each change of a candidate's outcome, for audit and for emails."""

    profile = models.ForeignKey(
        "accounts.CandidateProfile",
        on_delete=models.CASCADE,
        related_name="screening_changes",
        verbose_name=_("profile"),
    )
    from_outcome = models.CharField(
        max_length=16,
        choices=OutcomeChoices.choices,
        blank=True,
        verbose_name=_("from outcome"),
    )
    to_outcome = models.CharField(
        verbose_name=_("to outcome"), max_length=16, choices=OutcomeChoices.choices
    )
    rules_version = models.CharField(verbose_name=_("rules version"), max_length=64)
    facts_hash = models.CharField(verbose_name=_("facts hash"), max_length=64)
    changed_at = models.DateTimeField(verbose_name=_("changed at"), db_index=True)
    notified_at = models.DateTimeField(
        verbose_name=_("notified at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("screening change")
        verbose_name_plural = _("screening changes")
        constraints = [
            # Two workers screening the same facts at once record one change.
            models.UniqueConstraint(
                fields=["profile", "to_outcome", "rules_version", "facts_hash"],
                name="one_change_per_verdict",
            )
        ]
        indexes = [models.Index(fields=["notified_at", "to_outcome"])]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.from_outcome or '—'} → {self.to_outcome}"


class ScreeningRun(models.Model):
    """A sweep or a re-screen: how many candidates it queued and how many are done."""

    class Kind(models.TextChoices):
        SWEEP = "sweep", _("Periodic sweep")
        ALL = "all", _("Re-screen all")
        STALE = "stale", _("Re-screen stale")
        SELECTED = "selected", _("Re-screen selected")

    kind = models.CharField(
        verbose_name=pgettext_lazy("category", "kind"),
        max_length=16,
        choices=Kind.choices,
    )
    rules_version = models.CharField(
        verbose_name=_("rules version"), max_length=64, blank=True
    )
    total = models.PositiveIntegerField(verbose_name=_("total"), default=0)
    done = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("screening run", "done"), default=0
    )
    started_at = models.DateTimeField(
        verbose_name=_("started at"), auto_now_add=True, db_index=True
    )
    finished_at = models.DateTimeField(
        verbose_name=_("finished at"), null=True, blank=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("started by"),
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")

    def __str__(self) -> str:
        # In the portal's zone (Beijing time), as the run's fields are shown.
        return f"{self.get_kind_display()} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def progress_percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class ScreeningRunChunk(models.Model):
    """One queued chunk of a run. A chunk counts towards `done` once, when this
    row is first marked done: a chunk redelivered after its worker died (late
    acknowledgement) screens again but is not counted twice."""

    run = models.ForeignKey(
        ScreeningRun,
        on_delete=models.CASCADE,
        related_name="chunks",
        verbose_name=_("run"),
    )
    index = models.PositiveIntegerField(verbose_name=_("index"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    done_at = models.DateTimeField(verbose_name=_("done at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="run_chunk_unique")
        ]
        verbose_name = _("screening run chunk")
        verbose_name_plural = _("screening run chunks")

    def __str__(self) -> str:
        return f"{self.run_id}#{self.index}"
