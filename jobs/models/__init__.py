"""Models of the jobs app, one module per subject; import them from here."""

from jobs.models.screening import (
    CityWage,
    Institution,
    OutcomeChoices,
    RulesConfiguration,
    Screening,
    ScreeningChange,
    ScreeningRun,
)

__all__ = [
    "CityWage",
    "Institution",
    "OutcomeChoices",
    "RulesConfiguration",
    "Screening",
    "ScreeningChange",
    "ScreeningRun",
]
