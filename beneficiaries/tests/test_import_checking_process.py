"""The rows are checked in a child process while the import matches and writes (
validation.checked_chunks): the verdict, the messages (in the user's language), the
progress and the rows written are the same as when they are checked in the process
itself, a file that breaks half-way is the same error, and a process that may not have
children checks in itself."""

import multiprocessing
import sys

import pytest
from django.utils import translation

from beneficiaries.importing import validation, writer
from beneficiaries.importing.readers import FileError
from beneficiaries.importing.writer import run_import
from beneficiaries.models import Client

from .import_helpers import HEADER, person, preview, write_csv

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")


def _rows(n):
    rows = [person(i) for i in range(n)]
    rows[3] = rows[3].replace(";L;", ";X;")  # an error row
    rows[7] = person(2)  # the same NIK as row 4 of the file
    rows[9] = person(9, nik=False)
    return rows


def _verdict(summary):
    return (
        summary.verdict,
        summary.created,
        summary.problems,
        summary.warning_list,
        summary.sample,
        summary.existing_rows,
    )


@pytest.fixture(params=[True, False], ids=["child", "in-process"])
def in_child(request, monkeypatch):
    monkeypatch.setattr(validation, "CHECK_IN_CHILD", request.param)
    return request.param


def test_a_child_and_the_process_itself_give_the_same_verdict(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch
):
    monkeypatch.setattr(writer, "CHUNK_SIZE", 7)
    path = write_csv(tmp_path / "rows.csv", _rows(40))
    found = {}
    for child in (True, False):
        monkeypatch.setattr(validation, "CHECK_IN_CHILD", child)
        found[child] = _verdict(preview(path, worker_bojonegoro))
    assert found[True] == found[False]
    assert found[True][0] == (40, 38, 0, 2)


def test_messages_are_in_the_users_language(import_regions, worker_bojonegoro, tmp_path, in_child):
    path = write_csv(tmp_path / "rows.csv", [person(1).replace(";L;", ";X;")])
    with translation.override("id"):
        summary = run_import(path, user=worker_bojonegoro)
    with translation.override("en"):
        english = run_import(path, user=worker_bojonegoro)
    assert summary.problems[0]["message"] != english.problems[0]["message"]
    assert english.problems[0]["message"].startswith("X is not a sex")


def test_progress_every_chunk_of_both_passes(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch, in_child
):
    monkeypatch.setattr(writer, "CHUNK_SIZE", 10)
    path = write_csv(tmp_path / "rows.csv", [person(i) for i in range(35)])
    for write in (False, True):
        calls = []
        summary = preview(path, worker_bojonegoro, write=write, progress=_appender(calls))
        assert [rows for rows, _fraction in calls] == [10, 20, 30, 35, 35]
        fractions = [fraction for _rows, fraction in calls]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0
        assert summary.rows_read == 35
    assert Client.objects.count() == 35


def test_a_file_that_breaks_half_way_is_the_same_error(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch, in_child
):
    monkeypatch.setattr(writer, "CHUNK_SIZE", 5)
    path = tmp_path / "broken.csv"
    rows = "\n".join([HEADER, *(person(i) for i in range(12))])
    # A cell longer than the csv module reads (131,072 characters) after twelve rows.
    path.write_text(rows + '\n"' + "x" * 200_000 + '";1;L\n', encoding="utf-8")

    with pytest.raises(FileError) as error:
        preview(path, worker_bojonegoro, write=True)

    assert "after row" in error.value.message
    assert Client.objects.count() == 0


def _appender(calls):
    return lambda *args: calls.append(args)


@linux_only
def test_a_daemonic_process_checks_in_itself(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch
):
    """A daemonic process may not start children (multiprocessing refuses): the rows are
    checked in the process itself."""
    monkeypatch.setitem(multiprocessing.current_process()._config, "daemon", True)
    started = []
    monkeypatch.setattr(
        validation, "_check_in_child", lambda *args: started.append(args)
    )  # never called
    path = write_csv(tmp_path / "rows.csv", [person(i) for i in range(3)])
    summary = preview(path, worker_bojonegoro, write=True)
    assert (summary.created, started) == (3, [])


@linux_only
def test_a_child_that_dies_is_an_error_not_a_hang(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch
):
    import os

    monkeypatch.setattr(validation, "CHECK_IN_CHILD", True)
    monkeypatch.setattr(validation, "_check_in_child", lambda *args: os._exit(3))
    path = write_csv(tmp_path / "rows.csv", [person(i) for i in range(3)])
    with pytest.raises(RuntimeError, match="exit code 3"):
        preview(path, worker_bojonegoro, write=True)
    assert Client.objects.count() == 0


@linux_only
def test_a_failure_while_writing_stops_the_child(
    import_regions, worker_bojonegoro, tmp_path, monkeypatch
):
    """The child, a chunk or more ahead, is stopped (its pipe closed) and waited for:
    the failure is raised, nothing is written and no process is left behind."""
    monkeypatch.setattr(validation, "CHECK_IN_CHILD", True)
    monkeypatch.setattr(writer, "CHUNK_SIZE", 50)

    def fail(self, chunk):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(writer.ChunkWriter, "write", fail)
    # More than the pipe holds (1 MB): the child is still sending when the write fails.
    path = write_csv(tmp_path / "rows.csv", [person(i) for i in range(6000)])
    with pytest.raises(RuntimeError, match="went away"):
        preview(path, worker_bojonegoro, write=True)
    assert multiprocessing.active_children() == []
    assert Client.objects.count() == 0
