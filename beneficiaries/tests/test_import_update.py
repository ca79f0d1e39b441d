"""Existing clients and the "update" choice: changed fields and relations are written with
a version bump, a history row naming the import, and a status change record."""

import datetime

from beneficiaries.models import Client, ClientStatusChange
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory

from .import_helpers import preview, write_csv

HEADER = "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Kabupaten/Kota;Status;No HP;Jenis PPKS"


def _client():
    return ClientFactory(
        regency_code=BOJONEGORO,
        name="Sri Wahyuni",
        nik="3522125507800001",
        sex=Client.Sex.FEMALE,
        birth_date=datetime.date(1980, 7, 15),
        status=Client.Status.FORMER_CLIENT,
        phone="",
    )


def test_update_changes_the_given_fields_and_bumps_the_version(
    import_regions, worker_bojonegoro, tmp_path
):
    client = _client()
    path = write_csv(
        tmp_path / "update.csv",
        ["Sri Wahyuni;3522125507800001;P;15/07/1980;Bojonegoro;klien;081234567890;Lansia"],
        header=HEADER,
    )

    summary = preview(
        path, worker_bojonegoro, write=True, on_existing="update", change_reason="Import 7"
    )

    assert (summary.existing, summary.updated, summary.created) == (1, 1, 0)
    client.refresh_from_db()
    assert (client.status, client.phone, client.version) == ("klien", "081234567890", 2)
    assert client.updated_by == worker_bojonegoro
    assert [t.code for t in client.ppks_types.all()] == ["08"]
    # The address columns the file lacks are one unit with the regency: set from the row.
    assert (client.regency_id, client.district_id, client.village_id) == ("35.22", None, None)
    change = ClientStatusChange.objects.get(client=client)
    assert (change.old_status, change.new_status, change.changed_by) == (
        "eks_klien",
        "klien",
        worker_bojonegoro,
    )
    latest = client.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        worker_bojonegoro,
        "Import 7",
    )
    assert [t.ppkstype.code for t in latest.ppks_types.all()] == ["08"]


def test_skip_leaves_existing_clients_and_an_unchanged_row_is_no_update(
    import_regions, worker_bojonegoro, tmp_path
):
    client = _client()
    path = write_csv(
        tmp_path / "same.csv",
        ["Sri Wahyuni;3522125507800001;P;15/07/1980;Tlogohaji;Sumberrejo;Bojonegoro;eks klien"],
        header="Nama;NIK;Jenis Kelamin;Tanggal Lahir;Desa;Kecamatan;Kabupaten/Kota;Status",
    )
    history = client.history.count()

    skipped = preview(path, worker_bojonegoro, write=True, on_existing="skip")
    unchanged = preview(path, worker_bojonegoro, write=True, on_existing="update")

    assert (skipped.updated, skipped.unchanged) == (0, 1)
    assert (unchanged.updated, unchanged.unchanged) == (0, 1)  # nothing differs
    client.refresh_from_db()
    assert client.version == 1
    assert client.history.count() == history
