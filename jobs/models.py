"""Screening data staff maintain: rules versions, city wages and institutions.

The pure engine (`jobs.screening`) ships defaults for all three; these tables are
the live copies `jobs.rules.current_rules()` turns back into engine objects.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from jobs.screening.institutions import KINDS, RANK_BANDS
from jobs.screening.institutions import Institution as InstitutionRecord


class RulesConfiguration(models.Model):
    """One version of the screening rules; a change adds a row, never edits one.

    `config` is the complete `RulesConfig.to_dict()` snapshot, city wages included,
    so every `version` (the engine fingerprint verdicts record) can be read back
    exactly. The live wage table is `CityWage`; the newest row is the current one.
    """

    config = models.JSONField()
    version = models.CharField(max_length=64, db_index=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = "rules configuration"

    def __str__(self) -> str:
        return f"Rules {self.version}"


class CityWageQuerySet(models.QuerySet["CityWage"]):
    def active(self) -> "CityWageQuerySet":
        return self.filter(is_active=True)


class CityWage(models.Model):
    """A city's average annual wage for one year, and its work-location points flag."""

    city = models.CharField(max_length=100, help_text="English name, e.g. Shanghai")
    city_zh = models.CharField("city (Chinese)", max_length=50, blank=True)
    province = models.CharField(max_length=100, blank=True)
    average_wage_cny = models.PositiveIntegerField("average wage (CNY/year)")
    year = models.PositiveSmallIntegerField()
    source = models.TextField(blank=True)
    location_points = models.BooleanField(
        default=False,
        help_text="A job here earns the work-permit work-location points "
        "(western region, north-east old industrial bases).",
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CityWageQuerySet.as_manager()

    class Meta:
        ordering = ["city", "-year"]
        constraints = [
            models.UniqueConstraint(
                Lower("city"), "year", name="jobs_citywage_city_year_unique"
            )
        ]
        verbose_name = "city wage"

    def __str__(self) -> str:
        return f"{self.city} {self.year}: CNY {self.average_wage_cny:,}"


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def ranked(self) -> "InstitutionQuerySet":
        return self.filter(rank_best__isnull=False)


class Institution(models.Model):
    """A university or research institution: the DB copy of the engine's table."""

    KIND_CHOICES = [(kind, kind.title()) for kind in KINDS]
    BAND_CHOICES = [("", "unranked"), *((band, band) for band in RANK_BANDS)]

    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=300, db_index=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default="university")
    rank_best = models.PositiveIntegerField(null=True, blank=True)
    rank_band = models.CharField(max_length=10, choices=BAND_CHOICES, blank=True)
    ranking = models.CharField(max_length=200, blank=True)
    ranking_year = models.PositiveSmallIntegerField(null=True, blank=True)
    double_first_class = models.BooleanField(default=False)
    national_research = models.BooleanField(default=False)
    name_zh = models.CharField("name (Chinese)", max_length=300, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    source = models.TextField(blank=True, help_text="files this row came from")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

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
