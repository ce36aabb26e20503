"""The public "Do I qualify?" check keeps nothing about the person: only a count of
checks per day and outcome, for the staff dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.screening import OutcomeChoices


class VisaCheckTally(models.Model):
    """How many public checks gave `outcome` on `day` (Asia/Shanghai). No person,
    address or session is recorded with it."""

    day = models.DateField(_("day"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=OutcomeChoices.choices
    )
    count = models.PositiveIntegerField(_("checks"), default=0)

    class Meta:
        ordering = ["-day", "outcome"]
        verbose_name = _("public check tally")
        verbose_name_plural = _("public check tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "outcome"], name="one_tally_per_day_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.outcome}: {self.count}"
