"""manage.py import_clients FILE --user USERNAME: the upload page's import, for large files.

Reads, checks and imports in one streaming pass inside one transaction: rows with errors
stop the whole import (nothing is written) unless --skip-errors leaves them out. The
file is kept with its ClientImport record, as an upload is. --dry-run only checks.
"""

import os
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from beneficiaries.importing.readers import FileError
from beneficiaries.importing.services import client_import_local_path, client_import_store
from beneficiaries.importing.writer import ImportRefused, run_import
from beneficiaries.models import ClientImport
from beneficiaries.services import record_lookups_log

LISTED = 50


class ProgressBar:
    """A line on stderr redrawn in place: rows done, share of the file, rows per second."""

    WIDTH = 30

    def __init__(self, stream):  # the command's OutputWrapper for stderr
        self.stream = stream
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self.last_line = 0.0

    def __call__(self, rows, fraction):
        now = time.monotonic()
        # A log file gets a line every few seconds, a terminal a redraw per chunk.
        if not self.interactive and fraction < 1 and now - self.last_line < 5:
            return
        self.last_line = now
        filled = int(self.WIDTH * fraction)
        rate = rows / max(now - self.started, 1e-6)
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%} "
            f"{rows:,} rows, {rate:,.0f} rows/s"
        )
        end = "\n" if fraction >= 1 or not self.interactive else ""
        self.stream.write(("\r" if self.interactive else "") + line + end, ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import clients from a CSV or XLSX file (see the import page for the format)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="Username the import is made as.")
        parser.add_argument("--sheet", default="", help="XLSX sheet to read (default: first).")
        parser.add_argument(
            "--on-existing",
            choices=["skip", "update"],
            default="skip",
            help="What to do with people already in the registry (default: skip).",
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="Import the rows without errors and leave out the others.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, file, user, sheet, on_existing, skip_errors, dry_run, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user}.") from None
        if not account.has_perm("beneficiaries.add_client"):
            raise CommandError(f"{user} may not add clients.")
        if on_existing == "update" and not account.has_perm("beneficiaries.change_client"):
            raise CommandError(f"{user} may not change clients.")
        if not os.path.isfile(file):
            raise CommandError(f"No file {file}.")
        progress = ProgressBar(self.stderr) if options["verbosity"] > 0 else None
        started = time.monotonic()
        if dry_run:
            try:
                summary = run_import(file, user=account, sheet=sheet or None, progress=progress)
            except FileError as error:
                raise CommandError(error.message) from None
            self._report(summary, time.monotonic() - started, written=False)
            return

        with open(file, "rb") as handle:
            record = self._record(account, handle, file, sheet)
        try:
            with transaction.atomic(), client_import_local_path(record) as path:
                summary = run_import(
                    path,
                    user=account,
                    sheet=sheet or None,
                    write=True,
                    on_existing=on_existing,
                    skip_errors=skip_errors,
                    change_reason=f"Import {record.original_name} (no. {record.pk})",
                    progress=progress,
                    source=f"import {record.original_name}",
                )
                self._finish(record, summary, ClientImport.Status.IMPORTED, on_existing)
        except ImportRefused as refused:
            # The lookups of rows matching clients outside the user's area were rolled back
            # with the rest; the access log keeps them all the same.
            record_lookups_log(user=account, hits=refused.lookups)
            self._finish(record, refused.summary, ClientImport.Status.REFUSED, on_existing)
            self._report(refused.summary, time.monotonic() - started, written=False)
            raise CommandError(
                f"{refused.summary.errors} rows have errors: nothing was imported. Correct "
                "them, or run again with --skip-errors to leave them out."
            ) from None
        except FileError as error:
            raise CommandError(error.message) from None
        self._report(summary, time.monotonic() - started, written=True)

    def _record(self, account, handle, path, sheet):
        """The ClientImport for this file, with the file stored, without a preview pass."""
        record = ClientImport(user=account, sheet=sheet, source=ClientImport.Source.COMMAND)
        try:
            # The same storage and hashing as an upload; the check pass is the import below.
            client_import_store(record, handle, name=path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        record.save()
        return record

    def _finish(self, record, summary, status, on_existing):
        record.preview = summary.as_dict()
        record.rows_read = summary.rows_read
        record.rows_ready = summary.ready
        record.rows_existing = summary.existing
        record.rows_with_errors = summary.errors
        record.clients_created = summary.created
        record.clients_updated = summary.updated
        record.status = status
        record.on_existing = on_existing
        record.finished_at = timezone.now()
        record.save()

    def _report(self, summary, seconds, *, written):
        out = self.stdout
        for problem in summary.problems[:LISTED]:
            out.write(f"row {problem['row']}, {problem['column']}: {problem['message']}")
        if summary.errors and len(summary.problems) > LISTED:
            out.write(f"... and more: {summary.errors} rows with errors in all.")
        if summary.unknown_columns:
            out.write("Columns left out: " + ", ".join(summary.unknown_columns))
        out.write(
            f"{summary.rows_read} rows read: {summary.ready} new, {summary.existing} already "
            f"registered, {summary.errors} with errors, {summary.warnings} with warnings."
        )
        if written:
            out.write(
                self.style.SUCCESS(
                    f"Imported in {seconds:.1f}s: {summary.created} clients added, "
                    f"{summary.updated} updated."
                )
            )
        else:
            out.write(f"Nothing written ({seconds:.1f}s).")
