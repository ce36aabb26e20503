"""What "My data" exports, section by section, and what it leaves out and why.

PIPL's right of access covers everything the portal holds about a person, and
much of it lives in other apps (applications, screening, matching). accounts
must not import them, so each app registers the sections it owns here, the way
`profile_changed` lets accounts announce changes without knowing who listens:
accounts registers its own below, jobs in `JobsConfig.ready()`.

Every relation from a model to a person (`"app_label.Model.field"` pointing at a
user, a candidate profile, an application or an email address) is declared
either by the section that exports it (`covers`) or in `not_exported` with the
reason. tests/accounts/test_export_complete.py walks every installed model, so a
new personal model fails the suite until someone decides which it is.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ExportSection:
    """One key of data.json. `provider(user=..., profile=...)` returns its value
    (JSON-able); `files(user=..., profile=...)` may add (path, bytes) to the zip."""

    name: str
    provider: Callable[..., Any]
    covers: tuple[str, ...]
    files: Callable[..., list[tuple[str, bytes]]] | None = field(default=None)


_sections: dict[str, ExportSection] = {}
_not_exported: dict[str, str] = {}


def register_section(
    name: str,
    provider: Callable[..., Any],
    *,
    covers: tuple[str, ...] | list[str],
    files: Callable[..., list[tuple[str, bytes]]] | None = None,
) -> None:
    """Add a section; registering the same name again replaces it (reloads)."""
    _sections[name] = ExportSection(name, provider, tuple(covers), files)


def declare_not_exported(relation: str, why: str) -> None:
    """Record a relation to a person the export leaves out on purpose, and why."""
    _not_exported[relation] = why


def sections() -> list[ExportSection]:
    return list(_sections.values())


def not_exported() -> dict[str, str]:
    return dict(_not_exported)


def jsonable(value):
    """A model value as JSON: dates as ISO 8601, decimals as numbers, countries as codes."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "code"):  # django-countries' Country
        return str(value)
    return value


def row(instance, *, exclude=("id",)) -> dict:
    """A model instance's own columns; relations appear as their ids unless excluded."""
    data = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        value = getattr(instance, model_field.attname)
        if model_field.get_internal_type() == "FileField":
            value = bool(value)
        data[model_field.name] = jsonable(value)
    return data
