"""`python manage.py screen_profiles INPUT`: screen JSON Lines, one result a line."""

import argparse
import io
import json
import sys
from collections.abc import Iterable
from datetime import date
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from jobs.engines.screening.jsonl import screen_lines
from jobs.selectors.rules import CurrentRules, current_rules


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"not a date like 2026-01-15: {value!r}"
        ) from exc


class Command(BaseCommand):
    help = (
        "Screen candidates from a JSON Lines file ('-' for standard input) and "
        "write one JSON result a line to standard output, in input order. "
        "A bad line gets an 'error' result; the exit status is non-zero only "
        "when the input cannot be read."
    )
    # Tests pass a text stream as stdin= through call_command.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="JSON Lines file, or - for standard input")
        parser.add_argument(
            "--as-of",
            type=_iso_date,
            default=None,
            help="screening date YYYY-MM-DD for lines without as_of "
            "(default: today in Asia/Shanghai)",
        )

    def handle(self, *args, input: str, as_of: date | None, **options) -> None:
        today = as_of or timezone.localdate()
        if input == "-":
            stream = options.get("stdin") or _utf8(sys.stdin)
            self._run(stream, today, _rules_or_error())
            return
        try:
            stream = open(input, encoding="utf-8-sig", errors="replace")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(
                f"cannot read {input}: {exc.strerror or exc}", returncode=2
            ) from exc
        with stream:
            self._run(stream, today, _rules_or_error())

    def _run(self, stream: Iterable[str], today: date, rules: CurrentRules) -> None:
        results = screen_lines(
            stream, config=rules.config, institutions=rules.institutions, today=today
        )
        try:
            for result in results:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        except OSError as exc:
            raise CommandError(f"input stopped: {exc}", returncode=2) from exc


def _rules_or_error() -> CurrentRules:
    """The rules in force, or a clear error when the rules tables do not exist yet."""
    try:
        return current_rules()
    except DatabaseError as exc:
        # A fresh or unmigrated database has no rules tables: say what to do,
        # instead of a traceback, before any input is read.
        raise CommandError(
            "the screening rules tables are missing from the database "
            f"({type(exc).__name__}): run `python manage.py migrate` first",
            returncode=2,
        ) from exc


def _utf8(stream: TextIO) -> TextIO:
    """Standard input decoded as UTF-8 whatever the locale; bad bytes replaced."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        return stream
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="replace")
