"""An import goes in all together or not at all: a failure late in a big file leaves the
registry as it was, and importing the same file again adds nobody."""

import pytest

from beneficiaries.importing import writer
from beneficiaries.importing.writer import ImportRefused
from beneficiaries.models import Client, RegistrationSequence

from .import_helpers import HEADER, person, preview, write_csv

# Chunks of 200 rows instead of 1,000, so that a failure at row 2,000 comes after nine
# chunks were written: what a failure at row 40,000 of a real file proves, in a twentieth
# of the rows.
CHUNK_SIZE = 200
ROWS = 2_000


def _registry():
    return (
        Client.objects.count(),
        Client.history.count(),
        Client.ppks_types.through.objects.count(),
        list(RegistrationSequence.objects.values_list("year", "last_value")),
    )


def test_an_error_after_many_written_chunks_leaves_the_registry_unchanged(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch
):
    monkeypatch.setattr(writer, "CHUNK_SIZE", CHUNK_SIZE)
    # Without the PPKS column, to keep the test quick: the rows are what matters.
    rows = [person(n).rsplit(";", 1)[0] for n in range(ROWS)]
    rows[ROWS - 2] = "Tanggal Salah;;L;31/02/1980;Tlogohaji;Sumberrejo;Kabupaten Bojonegoro"
    path = write_csv(tmp_path / "big.csv", rows, header=HEADER.rsplit(";", 1)[0])
    before = _registry()

    with pytest.raises(ImportRefused) as refused:
        preview(path, worker_bojonegoro, write=True)

    summary = refused.value.summary
    assert summary.rows_read == ROWS
    assert [(p["row"], p["column"]) for p in summary.problems] == [(ROWS, "Tanggal Lahir")]
    # Nine chunks had been written when the last one brought the error: all rolled back.
    assert summary.created == ROWS - CHUNK_SIZE == 1_800
    assert _registry() == before


def test_reimporting_the_same_file_adds_nobody(import_regions, worker_bojonegoro, tmp_path):
    rows = [person(n) for n in range(20)] + [person(n, nik=False) for n in range(100, 105)]
    path = write_csv(tmp_path / "clients.csv", rows)

    first = preview(path, worker_bojonegoro, write=True)
    after_first = _registry()
    second = preview(path, worker_bojonegoro, write=True)

    assert (first.created, first.existing) == (25, 0)
    # With NIK matched on the NIK; without, on name, date of birth and village.
    assert (second.created, second.existing, second.updated) == (0, 25, 0)
    assert _registry() == after_first
