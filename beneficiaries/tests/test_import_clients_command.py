"""manage.py import_clients: the same import from the command line, with a progress line,
all or nothing unless --skip-errors; --dry-run writes nothing at all."""

import io

import pytest
from django.core.management import CommandError, call_command

from beneficiaries.models import Client, ClientImport

from .import_helpers import person, write_csv


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_clients", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_the_file_and_records_it(import_regions, worker_bojonegoro, tmp_path):
    path = write_csv(tmp_path / "klien.csv", [person(n) for n in range(3)])

    out, err = _run(path, "--user", "worker-bojonegoro")

    assert Client.objects.count() == 3
    record = ClientImport.objects.get()
    assert (record.status, record.source, record.clients_created) == ("imported", "command", 3)
    assert (record.user, record.original_name) == (worker_bojonegoro, "klien.csv")
    assert "3 rows read" in out
    assert "100%" in err  # the progress line


def test_errors_stop_everything_unless_skipped(import_regions, worker_bojonegoro, tmp_path):
    path = write_csv(tmp_path / "klien.csv", [person(1), "Tanpa;;;;;;Bojonegoro;"])

    with pytest.raises(CommandError, match="1 rows have errors"):
        _run(path, "--user", "worker-bojonegoro")
    assert Client.objects.count() == 0
    assert ClientImport.objects.get().status == "refused"

    _run(path, "--user", "worker-bojonegoro", "--skip-errors")
    assert Client.objects.count() == 1


def test_dry_run_writes_nothing(import_regions, worker_bojonegoro, tmp_path):
    path = write_csv(tmp_path / "klien.csv", [person(1)])

    out, _err = _run(path, "--user", "worker-bojonegoro", "--dry-run")

    assert "1 new" in out
    assert (Client.objects.count(), ClientImport.objects.count()) == (0, 0)


def test_a_manager_may_not_import(import_regions, manager, tmp_path):
    path = write_csv(tmp_path / "klien.csv", [person(1)])

    with pytest.raises(CommandError, match="may not add clients"):
        _run(path, "--user", "manager")
