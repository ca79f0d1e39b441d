"""One row of a file to a client ready to write, or the problems that stop it.

The rules are the form's: the NIK through `nik.parse_nik` and `nik.nik_warnings`, the
model's field validators and `Client.clean()` (address levels must nest), and the staff
scope (a worker records clients of her own regencies or service units only). Duplicates
inside the file are caught here, in file order: the first row wins and later copies are
errors naming it. Duplicates against the registry are found a chunk at a time in
`registry.py`.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
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

    def _cell(self, cells, key):
        position = self._index.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def validate(self, number, cells) -> RowResult:
        result = RowResult(number)
        data = {}

        def read(key, parse, *, target=None):
            value = self._cell(cells, key)
            if values.is_blank(value):
                return None
            try:
                parsed = parse(value)
            except CellError as error:
                self._error(result, key, error.message)
                return None
            data[target or key] = parsed
            result.given.add(key)
            return parsed

        name = read("name", lambda v: values.limited_text(v, max_length=150))
        if not name and not self._has_error(result, "name"):
            self._error(result, "name", self.messages["name"])
        nik = read("nik", lambda v: values.identity_number(v, what="NIK"))
        info = None
        if nik:
            try:
                info = values.nik_info(nik)
            except CellError as error:
                self._error(result, "nik", error.message)
        kk = read("kk_number", lambda v: values.identity_number(v, what=self.messages["kk"]))
        if kk:
            try:
                values.nik_info(kk)  # a KK number has the NIK's shape (the model's validator)
            except CellError as error:
                self._error(result, "kk_number", error.message)
        sex = read("sex", values.sex)
        if sex is None and not self._has_error(result, "sex"):
            self._error(result, "sex", self.messages["sex"])
        if "birth_place_date" in self._index:
            self._read_place_and_date(result, data, self._cell(cells, "birth_place_date"))
        read("birth_place", lambda v: values.limited_text(v, max_length=100))
        read("birth_date", lambda v: values.birth_date(v, today=self.today))
        read("address", lambda v: values.limited_text(v, max_length=255))
        read("phone", values.phone)
        read("status", self.reference.status)
        read("service_unit", self.reference.unit_id, target="service_unit_id")
        for relation, method in RELATIONS.items():
            ids = read(relation, getattr(self.reference, method))
            if ids is not None:
                result.relations[relation] = ids
                data.pop(relation)

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
                result.warnings.append(Problem(number, self._label(warning.field), warning.message))
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


__all__ = ["Outcome", "Problem", "RowResult", "RowValidator", "field_label"]
