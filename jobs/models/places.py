"""Cities as places: one row per Chinese city, with its names in both languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobs.models.screening import CityWage


class City(models.Model):
    """A Chinese city however it is written (北京, 北京市, Beijing, Peking).

    Seeded from `jobs/engines/data/cities.csv` (migration 0015, `load_cities`).
    `key` is the folded English name: the work-permit wage table
    (`CityWage.city`) is found by it, so a role's place gives the estimate its
    city's wage (`wage_rows`).
    """

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("English name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    pinyin = models.CharField(_("pinyin"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100)
    province_zh = models.CharField(_("province (Chinese)"), max_length=50, blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), default=3)
    variants = models.JSONField(_("other spellings"), default=list, blank=True)
    # Seekers who want to work here (their `desired_cities` text, resolved).
    # Declared on this side so that accounts never imports jobs.
    desired_by = models.ManyToManyField(
        "accounts.CandidateProfile",
        related_name="desired_city_places",
        blank=True,
        verbose_name=_("wanted by"),
    )

    class Meta:
        ordering = ["tier", "name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name_for(get_language())

    def name_for(self, language: str | None) -> str:
        """The name in `language` ("zh…" gives the Chinese name)."""
        if (language or "").lower().startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name

    def wage_rows(self):
        """The work-permit wage rows of this city (`CityWage`), newest first."""
        return CityWage.objects.filter(city__iexact=self.name).order_by("-year")
