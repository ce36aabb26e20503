"""`python manage.py screening_status [--json]`: screening totals."""

import json

from django.core.management.base import BaseCommand, CommandParser

from jobs.selectors.screening import screening_totals


class Command(BaseCommand):
    help = (
        "Print screening totals: candidates, screened, pending, by outcome, last sweep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        totals = screening_totals()
        if options["json"]:
            self.stdout.write(json.dumps(totals, indent=2))
            return
        self.stdout.write(f"Candidates: {totals['candidates']}")
        self.stdout.write(f"Screened:   {totals['screened']}")
        self.stdout.write(f"Pending:    {totals['pending']} (never screened or stale)")
        for outcome, count in totals["by_outcome"].items():
            self.stdout.write(f"  {outcome:<9} {count}")
        self.stdout.write(f"Rules version: {totals['rules_version']}")
        self.stdout.write(f"Last sweep:    {totals['last_sweep'] or 'never'}")
        running = totals["running"]
        if running:
            self.stdout.write(
                f"Running: {running['kind']} {running['done']}/{running['total']}"
                f" ({running['percent']}%)"
            )
