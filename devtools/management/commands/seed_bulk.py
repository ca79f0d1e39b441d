"""manage.py seed_bulk --clients 1000000 --seed 1: a large synthetic registry, for `bench`.

See devtools/bulk_seed/ for what is generated and how, and docs/performance.md for the
figures. Needs `load_regions` (villages of the province) and the reference data of the
migrations. Adds to what is in the database; meant for an empty one.
"""

import datetime
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from devtools.bulk_seed import seed_bulk


class Command(BaseCommand):
    help = (
        "Write N synthetic clients spread over the province's villages (valid, unique NIKs), "
        "about N enrolments, N/2 grants with items, businesses for most grantees and about "
        "3N follow-up visits with equipment checks; COPY on PostgreSQL. The same --seed and "
        "--until give the same data. No change-history rows are written for these records "
        "(see docs/performance.md). Needs `load_regions`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, required=True, help="How many clients.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="The last day of the synthetic history, YYYY-MM-DD (default: today).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, clients, seed, until, no_progress, **options):
        if clients < 1:
            raise CommandError("--clients must be at least 1.")
        bar = None if no_progress else ProgressBar(sys.stderr, "clients")
        refresh_bar = (
            None if no_progress else ProgressBar(sys.stderr, "follow-up figures", starts_now=False)
        )
        try:
            result = seed_bulk(
                clients=clients,
                seed=seed,
                until=until,
                progress=bar,
                progress_refresh=refresh_bar,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if refresh_bar:
            refresh_bar.done()
        seconds = result.pop("seconds")
        follow_up = result.pop("follow_up_seconds")
        analyze = result.pop("analyze_seconds", None)
        for table, rows in result.items():
            self.stdout.write(f"{table:>20}: {rows:>12,}")
        total = sum(result.values())
        self.stdout.write(
            f"{total:,} rows in {seconds:.1f}s ({total / max(seconds, 0.001):,.0f} rows/s), "
            f"of which {follow_up:.1f}s for the follow-up figures"
            + (f"; VACUUM ANALYZE {analyze:.1f}s" if analyze is not None else "")
        )


class ProgressBar:
    """A one-line progress bar on stderr: done/total, elapsed, time left."""

    WIDTH = 30

    def __init__(self, stream, what, *, starts_now=True):
        self.stream = stream
        self.what = what
        self.started = time.monotonic() if starts_now else None

    def __call__(self, done: int, total: int) -> None:
        if self.started is None:  # a second bar: on its own line, from its first report
            self.started = time.monotonic()
            self.stream.write("\n")
        elapsed = time.monotonic() - self.started
        filled = int(self.WIDTH * done / total)
        left = elapsed / done * (total - done) if done else 0
        self.stream.write(
            f"\r[{'#' * filled}{' ' * (self.WIDTH - filled)}] {done:,}/{total:,} {self.what}, "
            f"{_clock(elapsed)} elapsed, ~{_clock(left)} left "
        )
        self.stream.flush()

    def done(self):
        self.stream.write("\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"
