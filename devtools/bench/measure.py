"""Timing one page the way `manage.py bench` does: the `Measure` of a page (its run times,
median and 95th percentile, queries and rows of one request), the bench's logins, reading
a streamed response as a browser would, and the process's resident memory."""

import re
import statistics
import threading
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings

from beneficiaries.models import StaffScope


@dataclass
class Measure:
    page: str
    times_ms: list = field(default_factory=list)
    queries: int | None = None
    rows: int | None = None
    url: str = ""
    user: str = ""
    target: str = ""
    met: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def p50(self):
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def p95(self):
        if not self.times_ms:
            return None
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def as_dict(self):
        return {**asdict(self), "p50_ms": self.p50, "p95_ms": self.p95}


# -- users ---------------------------------------------------------------------------------


def bench_user(username, *, group=None, regency=None, superuser=False):
    """The bench's logins, made (or put right) as needed; unusable passwords: the bench
    logs in directly. With a group, the user's scope is the regency, or the province
    without one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if group:
        user.groups.add(Group.objects.get(name=group))
        scope, _ = StaffScope.objects.get_or_create(user=user)
        if scope.province_wide != (regency is None):
            scope.province_wide = regency is None
            scope.save(update_fields=["province_wide"])
        scope.regencies.set([regency] if regency is not None else [])
    return User.objects.get(pk=user.pk)


def logged_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def testserver_allowed():
    """The test client's host accepted, whatever ALLOWED_HOSTS the database's settings
    have (the bench runs against a real configuration, not the test settings)."""
    return override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])


# -- one page --------------------------------------------------------------------------------

_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


def rows_in(html: str) -> int:
    """Data rows a page shows: rows of its tables' bodies and events of a timeline."""
    rows = sum(body.count("<tr") for body in _TBODY.findall(html))
    return rows + html.count('class="timeline__event ')


def time_page(name, http, url, *, runs, user="", target="", limit=None) -> Measure:
    measure = Measure(name, url=url, user=user, target=target)
    http.get(url, secure=True)  # warm-up: connection, caches, the planner's statistics
    for run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = http.get(url, secure=True)
            body = read_body(response, limit)
            measure.times_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {url} answered {response.status_code}")
        if run == 0:
            measure.queries = len(queries)
            measure.rows = rows_in(body) if limit is None else body.count("\n") - 1
    return measure


def read_body(response, limit):
    """The body as text; a streamed one read in pieces, stopping after `limit` lines (a
    download cut short, as when a browser stops it: the rest is never generated). Of a
    limited download only the number of lines is kept (as "\n" * lines): the bench must
    not hold in memory what the export streams."""
    if not response.streaming:
        return response.content.decode()
    if limit is None:
        return b"".join(response.streaming_content).decode()
    lines = 0
    for piece in response.streaming_content:
        lines += piece.count(b"\n" if isinstance(piece, bytes) else "\n")
        if lines > limit:  # the header line and `limit` rows
            break
    # Stop the download as a server does when the browser goes away: close the test
    # client's iterator, which closes the response (and the database cursor behind the
    # rows) the way the client itself does at the end of a response.
    iterator = getattr(response, "_iterator", None)
    if hasattr(iterator, "close"):
        iterator.close()
    else:
        response.close()
    return "\n" * min(lines, limit + 1)


# -- memory ----------------------------------------------------------------------------------


class RssSampler:
    """The process's peak resident memory while a block runs, sampled every 20 ms
    (ru_maxrss would report the peak of the process's whole life)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, current_rss_mb())
            time.sleep(0.02)

    def __enter__(self):
        self.before = current_rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, current_rss_mb())


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except OSError:  # not Linux
        return 0.0
    import resource

    return pages * resource.getpagesize() / 2**20
