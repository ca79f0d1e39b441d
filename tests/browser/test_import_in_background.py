"""A 20,000-row import in a real browser with a real worker (issue #18): the upload and the
confirmation each answer at once with the job's page, whose progress bar advances while a
worker (django-tasks' database worker, in a thread of this process) reads and then writes
the rows; each job's page moves on to the preview by itself; the clients are there.

"The page answers within 1 s" is shown without a timed assertion: each job page, when it
first shows, reports the job not finished yet (the request did not wait for the work).
The answer times are printed (pytest -s) for the closing note.
"""

import re
import threading
import time

import pytest
from django.db import connections
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from beneficiaries.models import Client, ClientImport
from beneficiaries.tests.factories import BOJONEGORO, place
from beneficiaries.tests.import_helpers import HEADER, person
from core.jobs.models import Job

from .conftest import PHONE
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

ROWS = 20_000
JOB_PAGE = re.compile(r"/jobs/[0-9a-f-]+/$")


@pytest.fixture
def worker(transactional_db, settings):
    """The database backend for the live server's requests, and a worker taking its tasks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runner = Worker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
    )

    def run():
        try:
            runner.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield runner
    runner.running = False
    thread.join(timeout=30)


def _watch_progress(page, until):
    """The <progress> values seen on a job's page until the URL matches `until`."""
    seen = []
    deadline = time.monotonic() + 180
    while not until.search(page.url) and time.monotonic() < deadline:
        try:
            value = page.evaluate(
                "() => { const bar = document.querySelector('#job-progress');"
                " return bar ? [bar.value, bar.max] : null; }"
            )
        except PlaywrightError:  # the page navigated away meanwhile
            value = None
        if value and (not seen or seen[-1] != value):
            seen.append(value)
        time.sleep(0.1)
    return seen


def _first_look(page, answered):
    """The job's page as it first showed: the job was not finished."""
    page.wait_for_url(JOB_PAGE)
    shown = time.monotonic() - answered
    status = page.locator("[data-job-status-label]").inner_text()
    assert status in ("Menunggu dimulai", "Sedang berjalan"), status
    return shown


def test_a_20000_row_import_runs_in_the_background_with_a_progress_bar(
    logged_in_page, worker, worker_bojonegoro, tmp_path
):
    place(BOJONEGORO)
    path = tmp_path / "klien-20000.csv"
    path.write_text("\n".join([HEADER, *(person(n) for n in range(ROWS))]) + "\n")
    page = logged_in_page(worker_bojonegoro)
    page.goto(reverse("beneficiaries:client_import"))
    page.set_input_files("#id_file", str(path))

    # 1. The check: the job's page at once, its bar advancing, then the preview.
    answered = time.monotonic()
    page.locator("form.card button[type=submit]").click()
    check_shown = _first_look(page, answered)
    assert_accessible(page, "a running job's page")
    page.set_viewport_size(PHONE)
    preview = re.compile(r"/clients/import/\d+/$")
    checked = _watch_progress(page, preview)
    page.wait_for_url(preview, timeout=180_000)
    client_import = ClientImport.objects.get()
    assert client_import.rows_ready == ROWS
    expect(page.locator(".stat__value").nth(1)).to_have_text("20.000")
    assert Client.objects.count() == 0

    # 2. The confirmation: again at once, the bar advancing, back to the imported preview.
    answered = time.monotonic()
    page.locator("#confirm-title + form button[type=submit]").click()
    confirm_shown = _first_look(page, answered)
    imported = _watch_progress(page, preview)
    page.wait_for_url(preview, timeout=180_000)
    expect(page.locator(".facts")).to_contain_text("Sudah diimpor")
    assert Client.objects.count() == ROWS
    assert_accessible(page, "the imported file's page")

    # The bar advanced: from the job's first look (not finished) through at least one
    # value part of the way, never back, to the finished page. (The check of 20,000 rows
    # takes about a second here, so its bar may be seen only once on the way.)
    for name, seen in (("check", checked), ("import", imported)):
        moving = [value for value, maximum in seen if 0 < value < maximum]
        values = [value for value, _ in seen]
        assert moving and values == sorted(values), f"{name}: the bar showed {seen}"
    jobs = list(Job.objects.order_by("created_at"))
    assert [(j.kind, j.status, j.done) for j in jobs] == [
        ("client_import_check", "done", ROWS),
        ("client_import_confirm", "done", ROWS),
    ]
    print(
        f"\njob pages shown {check_shown:.2f} s after the upload, {confirm_shown:.2f} s after"
        f" confirming; bar values seen: check {checked}, import {imported}"
    )
