"""manage.py rebuild_report_summaries [--check]: the outcome report's summaries recomputed
from the records (after a restore, a bulk fix in the database, or a new figure), or, with
--check, compared with them: every difference is listed, and the command fails if any."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from core.progress import ProgressBar
from programs.reports.summaries.store import report_summaries_check, report_summaries_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the outcome report's summaries from the records; with --check, compare "
        "them with the records instead and list every difference (exit 1 if any)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare only; change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, check, no_progress, **options):
        bar = None if no_progress else ProgressBar(sys.stderr, "clients")
        started = time.monotonic()
        if check:
            differences = report_summaries_check(progress=bar)
            if bar:
                bar.done()
            seconds = time.monotonic() - started
            if differences:
                for line in differences:
                    self.stdout.write(line)
                raise CommandError(
                    f"The report's summaries differ from the records ({seconds:.1f}s)."
                )
            self.stdout.write(f"The report's summaries equal the records ({seconds:.1f}s).")
            return
        result = report_summaries_rebuild(progress=bar)
        if bar:
            bar.done()
        self.stdout.write(
            f"Report summaries rebuilt: {result['clients']:,} clients, {result['rows']:,} rows "
            f"in {time.monotonic() - started:.1f}s."
        )
