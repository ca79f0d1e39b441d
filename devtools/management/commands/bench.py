"""manage.py bench [--runs R] [--json FILE] [--admin]: how fast the key pages are.

Against the configured database (meant for one filled by `seed_bulk`); see devtools/bench/
for what is measured and docs/performance.md for the figures and the targets. The bench
makes three logins of its own (bench-manager, bench-worker, bench-admin) and, as any use of
the app does, leaves rows in the access log.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools.bench import pages, report
from devtools.bench.admin_pages import time_admin


class Command(BaseCommand):
    help = (
        "Time the client list, client page, worklist, outcome report, CSV export and import "
        "through the full request stack; print p50/p95, queries and rows per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="Timed runs per page.")
        parser.add_argument(
            "--json", type=Path, dest="json_path", help="Also write the results to this file."
        )
        parser.add_argument(
            "--regency",
            default="35.22",
            help="The bench worker's regency, also the list filter (default 35.22).",
        )
        parser.add_argument(
            "--import-rows",
            type=int,
            default=20_000,
            help="Rows for the import measure; 0 skips it (default 20000).",
        )
        parser.add_argument(
            "--export-rows",
            type=int,
            default=pages.EXPORT_ROWS,
            help=f"Rows of the CSV and XLSX exports written (default {pages.EXPORT_ROWS}).",
        )
        parser.add_argument(
            "--only",
            default="",
            help="Only the pages whose name contains one of these comma-separated words.",
        )
        parser.add_argument(
            "--admin", action="store_true", help="Also time every admin changelist."
        )
        parser.add_argument(
            "--admin-only", action="store_true", help="Only time the admin changelists."
        )

    def handle(self, *args, runs, json_path, regency, import_rows, export_rows, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        result = {}
        if not options["admin_only"]:
            try:
                result = pages.run(
                    runs=runs,
                    regency_code=regency,
                    import_rows=import_rows,
                    export_rows=export_rows,
                    only=[part for part in options["only"].split(",") if part],
                    stdout=self.stderr,
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(report.table(result))
        if options["admin"] or options["admin_only"]:
            result["admin"] = time_admin(runs=runs, stdout=self.stderr)
            self.stdout.write("")
            self.stdout.write(report.table({"pages": result["admin"]}))
        if json_path:
            json_path.write_text(_dumps(result))
            self.stdout.write(f"Written to {json_path}.")


def _dumps(result):
    return json.dumps(result, indent=2, default=str, ensure_ascii=False)
