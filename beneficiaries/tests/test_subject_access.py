"""Subject access (UU 27/2022): a manager downloads everything held about one client,
with its change history, as one file: /clients/<id>/subject-access/."""

import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse

from beneficiaries import services
from beneficiaries.models import RecordAccess
from beneficiaries.tests.factories import CaseNoteFactory, ClientFactory, UserFactory
from core.jobs.models import Job
from programs.tests.factories import EnrolmentFactory, FollowUpVisitFactory, grantee_with_business

FAKE_JPEG = b"\xff\xd8\xff\xe0 stands in for a photo"


def url(client_obj):
    return reverse("beneficiaries:client_subject_access", args=[client_obj.pk])


def download(client, client_obj):
    """Ask for the file (a job, run at once in tests) and download what it made."""
    asked = client.post(url(client_obj))
    assert asked.status_code == 302
    job = Job.objects.latest("created_at")
    assert asked["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "done", job.error
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return response, archive, json.loads(archive.read("data.json"))


def test_manager_downloads_everything_held_about_a_client(client, manager):
    grantee, business, item = grantee_with_business()
    grantee.photo.save("p.jpg", ContentFile(FAKE_JPEG), save=True)
    item.grant.document.save("bast.jpg", ContentFile(FAKE_JPEG), save=True)
    EnrolmentFactory(client=grantee)
    FollowUpVisitFactory(business=business, net_income=2_500_000)
    CaseNoteFactory(client=grantee, text="Butuh modal tambahan")
    services.client_update(client=grantee, updated_by=UserFactory(), phone="0899")
    client.force_login(manager)

    response, archive, data = download(client, grantee)

    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["registration_number"] == grantee.registration_number
    record = data["client"][0]
    assert grantee.nik in record.values() and grantee.name in record.values()
    assert "Butuh modal tambahan" in data["case_notes"][0].values()
    assert len(data["enrolments"]) == 1
    assert data["grants"][0]["items"]
    assert any(2_500_000 in v.values() for v in data["follow_up_visits"])
    assert any(
        change["after"] == "0899" for entry in data["change_history"] for change in entry["changes"]
    )
    names = set(archive.namelist())
    assert f"files/{grantee.photo.name}" in names
    assert f"files/{item.grant.document.name}" in names
    assert archive.read(f"files/{grantee.photo.name}") == FAKE_JPEG


def test_the_download_is_logged_and_the_log_is_in_the_next_file(client, manager):
    shown = ClientFactory()
    client.force_login(manager)

    download(client, shown)
    _, _, data = download(client, shown)

    # Each time: asked for, and downloaded.
    logged = RecordAccess.objects.filter(client=shown, action=RecordAccess.Action.EXPORT)
    assert logged.count() == 4
    assert len(data["access_log"]) >= 1


def test_archived_records_are_included(client, manager):
    from core.record_writes import record_archive

    shown = ClientFactory()
    record_archive(record=shown, archived_by=UserFactory(), reason="Data ganda")
    client.force_login(manager)

    _, _, data = download(client, shown)

    assert "Data ganda" in data["client"][0].values()


def test_social_worker_and_outsider_cannot_download(client, worker_malang, outsider):
    shown = ClientFactory()
    for user in (worker_malang, outsider):
        client.force_login(user)
        assert client.post(url(shown)).status_code == 403
    assert not RecordAccess.objects.filter(action=RecordAccess.Action.EXPORT).exists()
