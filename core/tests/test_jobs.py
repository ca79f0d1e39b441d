"""Background jobs (core/jobs/): a job runs as its owner's, reports progress, keeps its file
for its owner only, fails saying why with nothing kept, runs once per subject at a time,
and a job whose worker died is marked failed rather than left running."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.factories import UserFactory
from core.jobs import services
from core.jobs.kinds import JobFailed, JobKind, JobOutcome, job_kinds
from core.jobs.models import Job
from core.jobs.progress import progress_write

downloads = []


def _writes_a_file(job, progress):
    for done in range(0, 101, 10):
        progress(done, 100)
    return JobOutcome(file=io.BytesIO(b"a;b\n1;2\n"), file_name="hasil.csv", url="/clients/")


def _refuses(job, progress):
    progress(5, 10)
    raise JobFailed("Berkasnya rusak.", url="/clients/import/")


def _breaks(job, progress):
    raise RuntimeError("a bug")


def _waits(job, progress):
    return None


@pytest.fixture
def kinds(monkeypatch):
    for name, run in [
        ("test_file", _writes_a_file),
        ("test_refused", _refuses),
        ("test_broken", _breaks),
        ("test_nothing", _waits),
    ]:
        monkeypatch.setitem(
            job_kinds._contributions,
            name,
            JobKind(run=run, on_download=lambda request, job: downloads.append(job.pk)),
        )


@pytest.fixture
def owner(db):
    return UserFactory(username="pemilik")


def test_a_job_runs_as_started_and_keeps_its_file_for_its_owner(client, kinds, owner):
    job = services.job_start(user=owner, kind="test_file", title="Ekspor")

    assert (job.status, job.done, job.total, job.percent) == ("done", 100, 100, 100)
    assert job.result_name == "hasil.csv" and job.result_url == "/clients/"
    assert job.result_file.name.startswith("jobs/") and "hasil" not in job.result_file.name
    assert job.expires_at > timezone.now() + datetime.timedelta(hours=23)
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"a;b\n1;2\n"
    assert download["Cache-Control"] == "private, no-store"
    assert 'filename="hasil.csv"' in download["Content-Disposition"]
    assert downloads[-1] == job.pk  # the kind logged the download
    assert client.get(reverse("jobs:list")).context["jobs"] == [job]


@pytest.mark.parametrize("name", ["detail", "status", "download"])
def test_nobody_else_sees_a_job_not_even_a_superuser(client, kinds, owner, name):
    job = services.job_start(user=owner, kind="test_file", title="Ekspor")
    for other in (UserFactory(username="lain"), UserFactory(username="admin", is_superuser=True)):
        client.force_login(other)
        assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:list")).context["jobs"] == []


def test_a_refused_job_says_why_and_keeps_no_file(client, kinds, owner):
    job = services.job_start(user=owner, kind="test_refused", title="Impor")

    assert (job.status, job.error, job.result_url, job.done) == (
        "failed",
        "Berkasnya rusak.",
        "/clients/import/",
        5,
    )
    assert not job.result_file
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Berkasnya rusak." in page and 'href="/clients/import/"' in page


def test_a_bug_in_a_job_fails_it_with_a_message_in_the_owners_language(kinds, owner):
    job = services.job_start(user=owner, kind="test_broken", title="Rusak")

    assert job.status == "failed"
    assert job.language == "id"
    assert "Tidak ada yang disimpan" in job.error


def test_one_active_job_per_subject(kinds, owner):
    queued = Job.objects.create(
        user=owner, kind="test_nothing", title="a", subject="impor:1", language="id"
    )

    with pytest.raises(services.JobAlreadyActive) as raised:
        services.job_start(user=owner, kind="test_nothing", title="b", subject="impor:1")

    assert raised.value.job == queued
    assert Job.objects.count() == 1
    # Once it has finished, the subject is free again.
    Job.objects.filter(pk=queued.pk).update(status=Job.Status.DONE)
    assert services.job_start(user=owner, kind="test_nothing", title="c", subject="impor:1")


def test_a_job_already_run_or_failed_is_not_run_again(kinds, owner):
    job = services.job_start(user=owner, kind="test_file", title="Ekspor")
    finished_at = job.finished_at

    services.job_run(job.pk)  # the task delivered twice

    job.refresh_from_db()
    assert (job.status, job.finished_at) == ("done", finished_at)


def test_a_running_job_without_heartbeat_is_marked_failed(client, kinds, owner, settings):
    settings.JOB_STALE_SECONDS = 60
    job = Job.objects.create(
        user=owner,
        kind="test_nothing",
        title="Impor",
        language="id",
        status=Job.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    progress_write(job.pk, done=40, total=100)
    client.force_login(owner)

    # A fresh heartbeat: running, with its progress.
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == (
        "running",
        40,
        100,
        40,
    )

    settings.JOB_STALE_SECONDS = 0
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["status"] == "failed"
    assert "Tidak ada" in status["error"]
    job.refresh_from_db()
    assert job.status == "failed"


def test_prune_deletes_expired_files_and_keeps_the_rows(kinds, owner):
    kept = services.job_start(user=owner, kind="test_file", title="baru")
    expired = services.job_start(user=owner, kind="test_file", title="lama")
    Job.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    storage = expired.result_file.storage
    name = expired.result_file.name

    call_command("prune_jobs", stdout=io.StringIO())

    expired.refresh_from_db()
    kept.refresh_from_db()
    assert not expired.result_file and not storage.exists(name)
    assert kept.result_file and storage.exists(kept.result_file.name)


def test_the_health_check_fails_when_a_job_waits_for_no_worker(kinds, owner):
    job = Job.objects.create(user=owner, kind="test_nothing", title="a", language="id")
    call_command("jobs_health", stdout=io.StringIO())

    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(CommandError, match="waited"):
        call_command("jobs_health", "--max-wait", "300", stdout=io.StringIO())


def test_a_finished_job_whose_result_is_a_page_leads_to_it(client, monkeypatch, owner):
    monkeypatch.setitem(
        job_kinds._contributions,
        "test_page",
        JobKind(run=lambda job, progress: JobOutcome(url="/clients/import/7/")),
    )
    job = services.job_start(user=owner, kind="test_page", title="Memeriksa klien.csv")
    client.force_login(owner)

    response = client.get(reverse("jobs:detail", args=[job.pk]), follow=False)

    assert response["Location"] == "/clients/import/7/"
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == ["Memeriksa klien.csv: selesai."]


def test_the_job_pages_queries_do_not_grow_with_the_jobs(
    client, kinds, owner, django_assert_num_queries
):
    for n in range(5):
        services.job_start(user=owner, kind="test_file", title=f"Ekspor {n}")
    job = Job.objects.first()
    client.force_login(owner)
    # session, user, the count for the pages, the page's jobs, the menu's permissions (2)
    with django_assert_num_queries(6):
        assert client.get(reverse("jobs:list")).status_code == 200
    # session, user, the job, the menu's permissions (2)
    with django_assert_num_queries(5):
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    # session, user, the job
    with django_assert_num_queries(3):
        assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 200
