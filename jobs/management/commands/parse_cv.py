"""`python manage.py parse_cv FILE [FILE ...]`: a CV's degrees and posts as JSON Lines.

One line per file, in the input shape of `screen_profiles` (SCREENING.md, "The file
interface": `id`, `degrees`, `positions`) plus `skills` and `languages`, so the
output pipes straight into `screen_profiles -`. A file that cannot be read gets
`{"file": ..., "error": ...}` and the run goes on.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jobs.engines.cv.extract import Unreadable, cv_text
from jobs.engines.cv.parser import parse_text

MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Read PDF or DOCX CVs and print one JSON line per file: degrees, positions, "
        "skills and languages, in screen_profiles' input shape."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="PDF or DOCX files")

    def handle(self, *args, files: list[str], **options) -> None:
        today = timezone.localdate()
        for name in files:
            self.stdout.write(json.dumps(_line(name, today), ensure_ascii=False))


def _line(name: str, today: date) -> dict:
    try:
        path = Path(name)
        if path.stat().st_size > MAX_BYTES:
            return {"file": name, "error": "larger than 20 MB"}
        data = path.read_bytes()
    except OSError as exc:
        return {"file": name, "error": f"cannot read: {exc.strerror or exc}"}
    try:
        proposals = parse_text(cv_text(data), as_of=today)
    except Unreadable as exc:
        return {"file": name, "error": str(exc)}
    return {"id": name, "file": name, **proposals.to_json()}
