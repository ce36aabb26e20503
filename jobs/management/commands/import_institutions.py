"""`python manage.py import_institutions FILE --format F`: merge a reference file."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.engines.screening.sources import FORMATS
from jobs.services.rules import import_institutions

_SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = (
        "Merge a university / research-institution reference file into the "
        "institution table. Idempotent: importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the file to import")
        parser.add_argument(
            "--format",
            required=True,
            choices=sorted(FORMATS),
            dest="fmt",
            help="domains-json: Hipo world universities; ranking-csv: QS-style "
            "ranking; arwu-csv / the-csv: ARWU or THE ranking (rank,rank_band,name,"
            "country,year); dfc-csv: China Double First-Class list; ror-csv: "
            "research institutions",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="ranking edition (ranking formats only; default: from the file)",
        )
        parser.add_argument(
            "--names-only",
            action="store_true",
            help="ranking formats: add the spellings, not the ranks (an older edition)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change, write nothing",
        )

    def handle(
        self,
        *args,
        file: str,
        fmt: str,
        year: int | None,
        dry_run: bool,
        names_only: bool,
        **options,
    ) -> None:
        try:
            report = import_institutions(
                path=file, fmt=fmt, year=year, dry_run=dry_run, names_only=names_only
            )
        except OSError as exc:
            raise CommandError(
                f"cannot read {file}: {exc.strerror or exc}", returncode=2
            ) from exc
        except ValueError as exc:
            raise CommandError(
                f"{file} was not imported, nothing written: {exc}", returncode=2
            ) from exc
        for error in report.errors[:_SHOWN_ERRORS]:
            self.stderr.write(f"skipped record: {error}")
        if len(report.errors) > _SHOWN_ERRORS:
            self.stderr.write(f"… and {len(report.errors) - _SHOWN_ERRORS} more")
        self.stdout.write(self.style.SUCCESS(str(report)))
