"""A client list longer than CLIENT_EXPORT_JOB_ROWS is exported by a background job: the
link shows a page whose button starts it; the file is the one a short list streams, scoped
to the user who asked, kept for her alone; asking and downloading are both logged."""

import pytest
from django.urls import reverse

from beneficiaries.models import RecordAccess
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory
from core.jobs.models import Job


@pytest.fixture
def clients(db):
    return [ClientFactory(regency_code=KOTA_MALANG) for _ in range(3)] + [
        ClientFactory(regency_code=BOJONEGORO)
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_long_list_is_made_by_a_job_equal_to_the_streamed_file(
    client, worker_malang, clients, settings, kind
):
    url = reverse(f"beneficiaries:client_export_{kind}")
    client.force_login(worker_malang)
    settings.CLIENT_EXPORT_JOB_ROWS = 10
    streamed = client.get(url, {"q": ""})
    streamed_body = b"".join(streamed.streaming_content)
    settings.CLIENT_EXPORT_JOB_ROWS = 2

    page = client.get(url, {"q": ""})
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert Job.objects.count() == 0  # a link starts nothing
    started = client.post(f"{url}?q=")

    job = Job.objects.get()
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.user, job.done, job.total) == (
        "client_export",
        "done",
        worker_malang,
        3,  # her three Kota Malang clients, not Bojonegoro's
        3,
    )
    download = client.get(reverse("jobs:download", args=[job.pk]))
    made = b"".join(download.streaming_content)
    if kind == "csv":
        assert made == streamed_body
    else:
        from io import BytesIO

        from openpyxl import load_workbook

        def cells(content):
            sheet = load_workbook(BytesIO(content)).active
            return [list(row) for row in sheet.iter_rows(values_only=True)]

        assert cells(made) == cells(streamed_body)
    details = list(
        RecordAccess.objects.filter(action=RecordAccess.Action.EXPORT)
        .order_by("at")
        .values_list("detail", flat=True)
    )
    # The streamed download; the job asked for, and its file downloaded.
    assert len(details) == 3
    assert details[1].endswith(", by a job, q=")
    assert "download of the file made by job" in details[2]
