"""A role in the reader's language: its title, description and city name.

A role is written in one language (its `title` and `description`, English or
Chinese) and optionally in Chinese too (`title_zh`, `description_zh`). A reader
of Chinese gets the Chinese version where given, anyone else the main one; the
role page offers the other version with `?lang=zh` / `?lang=en`. City names come
from the place the text names (`jobs.engines.places`), in memory: no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobs.engines.places import find_place


def is_chinese(language: str | None) -> bool:
    return (language or "").lower().startswith("zh")


def has_chinese_version(role) -> bool:
    """Whether the role has a separate Chinese title or description."""
    return bool(role.title_zh or role.description_zh)


@dataclass(frozen=True, slots=True)
class RoleVersion:
    title: str
    description: str
    language: str  # "zh" for the Chinese version, "en" for the main one
    other: str | None  # the language of the other version, if the role has one


def role_version(role, language: str | None) -> RoleVersion:
    """The title and description to show a reader of `language`."""
    if not has_chinese_version(role):
        return RoleVersion(role.title, role.description, "en", None)
    if is_chinese(language):
        return RoleVersion(
            role.title_zh or role.title,
            role.description_zh or role.description,
            "zh",
            "en",
        )
    return RoleVersion(role.title, role.description, "en", "zh")


def role_title(role, language: str | None) -> str:
    """The role's title in the reader's language where given."""
    if is_chinese(language) and role.title_zh:
        return role.title_zh
    return role.title


def city_name(text: str, language: str | None) -> str:
    """A city as written, named in the reader's language when it is a known place."""
    known = find_place(text) if text else None
    return known.name_for(language) if known else text
