"""One row of a file to a client ready to write, or the problems that stop it.

The rules are the form's: the NIK through `nik.parse_nik` and `nik.nik_warnings`, the
model's field validators and `Client.clean()` (address levels must nest), and the staff
scope (a worker records clients of her own regencies or service units only). Duplicates
inside the file are caught here, in file order: the first row wins and later copies are
errors naming it. Duplicates against the registry are found a chunk at a time in
`registry.py`. `checked_chunks` checks a file's rows a chunk at a time, in a child
process where the system can fork.
"""

import gc
import hashlib
import multiprocessing
import signal
import sys
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Client, normalize_name
from ..models.access import Area
from ..nik import nik_warnings
from . import values
from .columns import ColumnMap, field_label
from .reference import PlaceError, Reference
from .values import CellError

# What a new client gets for a column the file does not have (the model's defaults).
DEFAULTS = {
    "nik": "",
    "kk_number": "",
    "birth_place": "",
    "birth_date": None,
    "address": "",
    "phone": "",
    "status": Client.Status.FORMER_CLIENT,
    "service_unit_id": None,
}


class _Draft:
    """A row's values seen as a Client for `Client.clean()` (the region rules), without
    building a model instance per row: unknown attributes read as None."""

    def __init__(self, values):
        self.__dict__.update(values)

    def __getattr__(self, name):
        return None


class Outcome:
    READY = "ready"  # new client
    EXISTING = "existing"  # already in the registry: skipped or updated
    ERROR = "error"


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowResult:
    number: int
    outcome: str = Outcome.READY
    values: dict | None = None  # the client's fields by attname; None when the row has errors
    given: set = field(default_factory=set)  # fields (and relations) the row has a value for
    relations: dict = field(default_factory=dict)  # "ppks_types" -> [ids], ...
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    existing: Client | None = None  # the registry's record, for EXISTING rows
    # A record outside the user's area the row matched (its id, and by what): an ERROR
    # row naming no record, and a lookup in the access log.
    elsewhere: tuple[int, str] | None = None

    @property
    def nik(self):
        return self.values["nik"] if self.values else ""


RELATIONS = {
    "ppks_types": "ppks_ids",
    "disabilities": "disability_ids",
    "assistive_devices": "device_ids",
}


class RowValidator:
    def __init__(self, *, columns: ColumnMap, reference: Reference, scope: Area):
        self.columns = columns
        self.reference = reference
        self.scope = scope
        self._index = columns.index
        # In-file duplicates: a 64-bit digest per row, not the row, so memory stays small.
        self._seen_nik: dict[int, int] = {}
        self._seen_key: dict[int, int] = {}
        # Translated once, not once per row.
        self.messages = {
            "name": _("Enter the name."),
            "sex": _("Enter the sex: L (laki-laki) or P (perempuan)."),
            "kk": _("KK number"),
            "scope": _(
                "You can only record clients who live in your area or are served by "
                "your service unit."
            ),
            "same_nik": _("The same NIK as row %(row)s of this file."),
            "same_person": _(
                "The same name, date of birth and village as row %(row)s of this file."
            ),
        }
        self._labels = {}
        self.today = timezone.localdate()
        self._read = self._parsers()

    def _cell(self, cells, key):
        position = self._index.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def _parsers(self):
        """(key, its column or None, how its cell is read, where the value goes) in the
        order the cells are checked (and their errors listed): made once, not per row."""
        today, reference, kk = self.today, self.reference, self.messages["kk"]
        parsers = [
            ("name", lambda v: values.limited_text(v, max_length=150), "name"),
            ("nik", lambda v: values.identity_number(v, what="NIK"), "nik"),
            ("kk_number", lambda v: values.identity_number(v, what=kk), "kk_number"),
            ("sex", values.sex, "sex"),
            ("birth_place_date", None, None),  # read by _read_place_and_date
            ("birth_place", lambda v: values.limited_text(v, max_length=100), "birth_place"),
            ("birth_date", lambda v: values.birth_date(v, today=today), "birth_date"),
            ("address", lambda v: values.limited_text(v, max_length=255), "address"),
            ("phone", values.phone, "phone"),
            ("status", reference.status, "status"),
            ("service_unit", reference.unit_id, "service_unit_id"),
            *((key, getattr(reference, method), key) for key, method in RELATIONS.items()),
        ]
        checked_after = ("name", "nik", "kk_number", "sex")  # see validate()
        return [
            (key, self._index.get(key), parse, target)
            for key, parse, target in parsers
            if key in self._index or key in checked_after
        ]

    def validate(self, number, cells) -> RowResult:
        result = RowResult(number)
        data = {}
        given = result.given
        width = len(cells)
        info = None
        for key, position, parse, target in self._read:
            value = cells[position] if position is not None and position < width else None
            if parse is None:
                self._read_place_and_date(result, data, value)
                continue
            # values.is_blank, inline: this runs for every cell of the file.
            if not (value is None or (isinstance(value, str) and not value.strip())):
                try:
                    data[target] = parse(value)
                    given.add(key)
                except CellError as error:
                    self._error(result, key, error.message)
            if key == "name":
                if not data.get("name") and not self._has_error(result, "name"):
                    self._error(result, "name", self.messages["name"])
            elif key == "nik":
                if data.get("nik"):
                    try:
                        info = values.nik_info(data["nik"])
                    except CellError as error:
                        self._error(result, "nik", error.message)
            elif key == "kk_number":
                if data.get("kk_number"):
                    try:
                        # A KK number has the NIK's shape (the model's validator).
                        values.nik_info(data["kk_number"])
                    except CellError as error:
                        self._error(result, "kk_number", error.message)
            elif key == "sex" and data.get("sex") is None and not self._has_error(result, "sex"):
                self._error(result, "sex", self.messages["sex"])
        for relation in RELATIONS:
            if relation in data:
                result.relations[relation] = data.pop(relation)

        self._read_place(result, data, cells)

        if result.errors:
            result.outcome = Outcome.ERROR
            return result

        row = {**DEFAULTS, **data}
        row["name_normalized"] = normalize_name(row["name"])
        self._region_rules(result, row)
        if not self.scope.covers(
            regency_id=row["regency_id"], service_unit_id=row["service_unit_id"]
        ):
            self._error(result, "regency", self.messages["scope"])
        if not result.errors:
            self._check_duplicates_in_file(result, row)
        if result.errors:
            result.outcome = Outcome.ERROR
            return result
        if info is not None:
            for warning in nik_warnings(
                info,
                birth_date=row["birth_date"],
                sex=row["sex"],
                district_known=info.district_prefix in self.reference.district_prefixes,
            ):
                result.warnings.append(
                    Problem(number, self._label(warning.field), str(warning.message))
                )
        result.values = row
        return result

    # -- Parts ------------------------------------------------------------------------

    def _read_place_and_date(self, result, data, value):
        """ "Malang, 17-08-1980" in one column (TTL, tempat/tanggal lahir)."""
        if values.is_blank(value):
            return
        if not isinstance(value, str):  # a date cell: the date alone
            place, date = "", value
        elif "," in value:
            place, date = value.rsplit(",", 1)
        else:
            self._error(
                result,
                "birth_place_date",
                _("Write the place and date of birth as: Malang, 17/08/1980."),
            )
            return
        try:
            if place.strip():
                data["birth_place"] = values.limited_text(place, max_length=100)
                result.given.add("birth_place")
            data["birth_date"] = values.birth_date(
                date.strip() if isinstance(date, str) else date, today=self.today
            )
            result.given.add("birth_date")
        except CellError as error:
            self._error(result, "birth_place_date", error.message)

    def _read_place(self, result, data, cells):
        cell = {level: self._cell(cells, level) for level in ("regency", "district", "village")}
        try:
            place = self.reference.place(cell["regency"], cell["district"], cell["village"])
        except PlaceError as error:
            self._error(result, error.level, error.message)
            return
        if place.regency is None:
            self._error(result, "regency", _("Enter the regency/city."))
            return
        data["regency_id"] = place.regency
        data["district_id"] = place.district
        data["village_id"] = place.village
        result.given.update(
            level
            for level, code in (
                ("regency", place.regency),
                ("district", place.district),
                ("village", place.village),
            )
            if code
        )

    def _region_rules(self, result, row):
        """`Client.clean()`: the address levels must nest, as the form requires.

        The model's field validators are the parsers above (the NIK validator for NIK and
        KK number, the lengths and choices); uniqueness is checked a chunk at a time.
        """
        try:
            Client.clean(_Draft(row))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self._error(result, _column_for_field(name), message)

    def _check_duplicates_in_file(self, result, row):
        if row["nik"]:
            digest, seen, message = int(row["nik"]), self._seen_nik, self.messages["same_nik"]
            column = "nik"
        else:
            key = f"{row['name_normalized']}|{row['birth_date']}|{row['village_id']}"
            digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest())
            seen, message = self._seen_key, self.messages["same_person"]
            column = "name"
        first = seen.setdefault(digest, result.number)
        if first != result.number:
            self._error(result, column, message % {"row": first})

    def _label(self, key):
        if key not in self._labels:
            self._labels[key] = self.columns.label(key)
        return self._labels[key]

    def _error(self, result, key, message):
        result.errors.append(Problem(result.number, self._label(key), str(message)))

    def _has_error(self, result, key):
        label = self._label(key)
        return any(problem.column == label for problem in result.errors)


def _column_for_field(name):
    return "name" if name == "__all__" else name


# --------------------------------------------------------------------------------------
# A file's rows, checked a chunk at a time, in a second process
# --------------------------------------------------------------------------------------


@contextmanager
def checked_chunks(table, validator, *, size):
    """The table's rows, checked, `size` at a time: an iterator of (chunk, share of the
    file read when the chunk was complete).

    Where the system can fork (Linux), the rows are read and checked in a child process
    while the caller matches and writes the chunks before them: reading and checking are
    Python's work, matching and writing mostly PostgreSQL's, so on two cores the three
    overlap. (A second thread was measured slower than none: the two threads' Python
    shares one interpreter lock, and the writing thread waited for it after every
    statement.) The child is a fork of the caller, so it starts with the validator as it
    is (the reference data, the scope, today's date, the rows already seen) and the open
    file; it checks in the caller's language, touches no database and sends each chunk
    back through a pipe. A failure in it (a file that cannot be read after some rows) is
    raised here, where the chunks are taken. Without fork, or in a process that may not
    have children (a daemonic one), the rows are checked here, one chunk at a time.
    """
    context = _fork_context()
    if context is not None:
        receiver, sender = context.Pipe(duplex=False)
        _widen(sender)
        language = translation.get_language()
        child = context.Process(
            target=_check_in_child,
            args=(sender, receiver, table, validator, size, language),
            name="import-check",
            daemon=True,
        )
        try:
            child.start()
        except (AssertionError, OSError):  # a daemonic process; no more processes
            receiver.close()
            context = None
        finally:
            sender.close()
    if context is None:
        yield _checked(table, validator, size)
        return
    try:
        yield _received(receiver, child)
    finally:
        receiver.close()  # a child still sending stops at once (a broken pipe)
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()


def _widen(connection):
    """Let the child run a few chunks ahead (a pipe holds 64 KB, a chunk some 300 KB), so
    that a moment without a core for it does not hold up the writing."""
    import fcntl  # Linux (the only system the child is forked on)

    with suppress(AttributeError, OSError):  # an older kernel; more than a user may have
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


PIPE_BYTES = 1 << 20


def _fork_context():
    if not sys.platform.startswith("linux") or not CHECK_IN_CHILD:
        return None
    return multiprocessing.get_context("fork")


CHECK_IN_CHILD = True  # False: check in the calling process (tests of both ways)


def _checked(table, validator, size):
    chunk = []
    for number, cells in table.rows:
        chunk.append(validator.validate(number, cells))
        if len(chunk) >= size:
            yield chunk, table.progress()
            chunk = []
    if chunk:
        yield chunk, table.progress()


def _check_in_child(sender, receiver, table, validator, size, language):
    # Nothing inherited from the parent is collected here: a database connection's
    # finaliser must never run in a child sharing its socket. What the child makes is
    # nearly all freed as it goes (no cycles): the collector runs less often.
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    receiver.close()  # the parent's end: when the parent closes it, a send here fails
    for number in (signal.SIGINT, signal.SIGTERM):
        with suppress(ValueError):
            signal.signal(number, signal.SIG_DFL)  # not the parent's handlers
    try:
        with translation.override(language):
            for chunk, fraction in _checked(table, validator, size):
                sender.send(("chunk", chunk, fraction))
        sender.send(("done",))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent stopped reading
    except BaseException as error:  # noqa: BLE001 - sent to the parent, raised there
        try:
            sender.send(("error", error))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        sender.close()


def _received(receiver, child):
    while True:
        # Unpickling a chunk makes some 20,000 objects, none of them garbage: without the
        # collector's passes over them, a tenth of the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            message = receiver.recv()
        except EOFError:
            child.join()
            raise RuntimeError(
                f"The import's checking process ended early (exit code {child.exitcode})."
            ) from None
        finally:
            if collecting:
                gc.enable()
        if message[0] == "chunk":
            yield message[1], message[2]
        elif message[0] == "error":
            raise message[1]
        else:
            return


__all__ = ["Outcome", "Problem", "RowResult", "RowValidator", "checked_chunks", "field_label"]
