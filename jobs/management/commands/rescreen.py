"""`python manage.py rescreen [--all | --stale]`: queue a re-screen, report progress."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jobs.models import ScreeningRun
from jobs.services.pipeline import queue_rescreen


class Command(BaseCommand):
    help = "Queue a re-screen of all candidates (--all) or of pending ones (--stale)."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--all", action="store_true", help="every candidate")
        group.add_argument(
            "--stale", action="store_true", help="never screened or stale (the default)"
        )
        parser.add_argument(
            "--no-wait", action="store_true", help="queue and return without waiting"
        )
        parser.add_argument(
            "--timeout", type=int, default=3600, help="seconds to wait (default 3600)"
        )

    def handle(self, *args, **options) -> None:
        kind = ScreeningRun.Kind.ALL if options["all"] else ScreeningRun.Kind.STALE
        with transaction.atomic():
            run = queue_rescreen(kind=kind)
        self.stdout.write(f"Queued {run.total} candidates ({kind}), run #{run.pk}.")
        if options["no_wait"] or run.total == 0:
            return
        deadline = time.monotonic() + options["timeout"]
        last = -1
        while True:
            run.refresh_from_db()
            if run.done != last:
                self.stdout.write(f"  {run.done}/{run.total} ({run.progress_percent}%)")
                last = run.done
            if run.finished_at:
                self.stdout.write(self.style.SUCCESS(f"Done: {run.total} screened."))
                return
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Timed out at {run.done}/{run.total}; the workers go on in the background."
                )
            time.sleep(1)
