"""A progress bar for the long management commands (seed_bulk, rebuild_report_summaries):
done/total, elapsed and time left, redrawn in place on one line."""

import time


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
