"""manage.py bench_import --rows 50000: how fast, and in how much memory, a file imports.

See devtools/bench/client_import.py for the file generated and the steps timed, and
docs/performance.md for the figures. Needs the regions (`manage.py load_regions`).
"""

from django.core.management.base import BaseCommand, CommandError

from devtools.bench.client_import import bench_import


class Command(BaseCommand):
    help = "Benchmark the client import on a generated file (see devtools/bench/client_import.py)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep", action="store_true", help="Keep the imported clients.")
        parser.add_argument(
            "--no-memory", action="store_true", help="Skip the tracemalloc run (faster)."
        )

    def handle(self, *args, rows, format, seed, keep, no_memory, **options):
        try:
            bench_import(
                rows=rows,
                format=format,
                seed=seed,
                keep=keep,
                no_memory=no_memory,
                stdout=self.stdout,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
