"""Read the engines' vocabulary files (CSV and TOML under each engine's `data/`).

The tables are data so that a maintainer edits a row, not Python; this module only
reads them. Every problem names the file and the line, and fails at import: a
mistyped row must stop the process rather than quietly change a screening answer.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["DataFileError", "fail", "read_csv", "read_toml", "toml_line"]


class DataFileError(ValueError):
    """A data file is missing, malformed or contradicts itself."""


def fail(path: Path, line: int, problem: str) -> NoReturn:
    """Raise a `DataFileError` naming `path:line` (line 0 = the file as a whole)."""
    where = f"{path}:{line}" if line else str(path)
    raise DataFileError(f"{where}: {problem}")


def read_csv(
    path: Path, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each non-blank row of a CSV with exactly `columns`."""
    with path.open(encoding="utf-8", newline="") as fp:
        reader = csv.reader(fp, strict=True)
        try:
            header = next(reader, [])
            if tuple(header) != columns:
                fail(path, 1, f"expected the columns {list(columns)}, found {header}")
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(columns):
                    fail(
                        path,
                        reader.line_num,
                        f"expected {len(columns)} fields, found {len(row)}",
                    )
                yield reader.line_num, dict(zip(columns, row, strict=True))
        except csv.Error as exc:
            fail(path, reader.line_num, f"malformed CSV: {exc}")


def read_toml(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Parse a TOML file; return the document and its lines (for `toml_line`)."""
    text = path.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message already says "(at line N, column M)".
        fail(path, 0, f"malformed TOML: {exc}")
    return document, text.splitlines()


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")


def toml_line(lines: list[str], table: str, key: str) -> int:
    """The first line of `[table]` that names `key` (as a key or a quoted value), or 0.

    tomllib keeps no positions; this finds the line to report for a value that
    parsed but is wrong.
    """
    section = ""
    quoted = re.compile(rf"(^|[\s,\[])\"{re.escape(key)}\"")
    bare = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(lines, 1):
        header = _HEADER.match(line)
        if header:
            section = header.group(1)
        elif section == table and (quoted.search(line) or bare.match(line)):
            return number
    return 0
