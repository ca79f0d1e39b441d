"""How far a running job is, where every web and worker process can read it.

Not in the job's database row: an import writes all its rows in one transaction, and
nothing it writes through that connection (a progress count included) is visible before
the commit. The count goes to the cache alias "jobs" instead (settings: the shared cache
of CACHE_URL, else files on this machine), with the time it was written: that time is
the job's heartbeat, by which a job whose worker died is told from one that is working.
"""

import time

from django.core.cache import caches

JOBS_CACHE = "jobs"
# Kept long after a job ends; a finished job's figures are in its row anyway.
KEPT_SECONDS = 2 * 24 * 3600
# A reporter called for every chunk writes at most this often.
WRITE_EVERY_SECONDS = 0.25


def _key(job_id) -> str:
    return f"job-progress:{job_id}"


def progress_write(job_id, *, done: int, total: int | None) -> None:
    caches[JOBS_CACHE].set(_key(job_id), (done, total, time.time()), KEPT_SECONDS)


def progress_read(job_id) -> tuple[int, int | None, float] | None:
    """(done, total, when written as a Unix time), or None before the first write."""
    return caches[JOBS_CACHE].get(_key(job_id))


class Progress:
    """What a job's function is given to report with: `progress(done, total)`.

    Writes at most every WRITE_EVERY_SECONDS (a job may report every row); `beat()` only
    says the job is alive, for a long step without rows to count.
    """

    def __init__(self, job_id, *, total: int | None = None):
        self.job_id = job_id
        self.done = 0
        self.total = total
        self._written_at = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self._written_at >= WRITE_EVERY_SECONDS:
            self._written_at = now
            progress_write(self.job_id, done=self.done, total=self.total)

    def beat(self) -> None:
        self._written_at = time.monotonic()
        progress_write(self.job_id, done=self.done, total=self.total)
