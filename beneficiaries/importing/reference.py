"""The reference data an import resolves names against, loaded once into dicts.

Regions of the configured province (by Kemendagri code or by name), every district code of
Indonesia (a NIK may come from anywhere), PPKS types, disability types (a kind alone, as
"Fisik", is its kind-only type), assistive devices and service units, each with the
aliases offices write: those of PPKS types and disabilities are reference data (each
type's `aliases`, edited in admin), read in the same query as the types. A few queries
per import, then no query per row.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import (
    AssistiveDevice,
    Client,
    DisabilityType,
    District,
    PpksType,
    Regency,
    ServiceUnit,
    Village,
)
from ..models.reference import alias_lines
from .values import CellError, normal_key, several, text

# "PMKS Lanjut Usia Telantar", "PPKS: Fakir Miskin": the category written before the type.
_PPKS_PREFIXES = ("pmks ", "ppks ")

DEVICE_ALIASES = {
    "wheelchair": "Kursi roda", "crutch": "Kruk", "abd": "Alat bantu dengar",
    "hearing aid": "Alat bantu dengar",
}  # fmt: skip

STATUSES = {
    "klien": Client.Status.CLIENT, "client": Client.Status.CLIENT,
    "klien upt": Client.Status.CLIENT, "dalam upt": Client.Status.CLIENT,
    "eks klien": Client.Status.FORMER_CLIENT, "eks_klien": Client.Status.FORMER_CLIENT,
    "mantan klien": Client.Status.FORMER_CLIENT,
    "former client": Client.Status.FORMER_CLIENT,
    "pindah": Client.Status.MOVED, "moved": Client.Status.MOVED,
    "moved away": Client.Status.MOVED,
    "meninggal": Client.Status.DECEASED, "meninggal dunia": Client.Status.DECEASED,
    "wafat": Client.Status.DECEASED, "deceased": Client.Status.DECEASED,
}  # fmt: skip

_PREFIXES = {
    "regency": ("kabupaten ", "kab ", "kota ", "kotamadya "),
    "district": ("kecamatan ", "kec "),
    "village": ("desa ", "kelurahan ", "kel ", "ds "),
}


PLACE_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Place:
    regency: str | None
    district: str | None
    village: str | None


class PlaceError(CellError):
    def __init__(self, message, *, level):
        super().__init__(message)
        self.level = level  # "regency", "district" or "village": the column to blame


def _strip_prefix(key, level):
    for prefix in _PREFIXES[level]:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def _code(value, level):
    """A Kemendagri code of a regency (1), district (2) or village (3), written with or
    without dots (35.73.01 or 357301), or None."""
    raw = text(value).replace(" ", "")
    digits = raw.replace(".", "")
    lengths = {1: (2, 2), 2: (2, 2, 2), 3: (2, 2, 2, 4)}[level]
    if not digits.isdigit() or len(digits) != sum(lengths):
        return None
    pieces, start = [], 0
    for length in lengths:
        pieces.append(digits[start : start + length])
        start += length
    return ".".join(pieces)


class Reference:
    """Everything an import looks names up in, for one province."""

    def __init__(self, province_code=None):
        self.province = province_code or settings.PROVINCE_CODE
        self._places = {}
        prefix = f"{self.province}."
        self.regencies = dict(
            Regency.objects.filter(province_id=self.province).values_list("code", "name")
        )
        self.districts = {}  # code -> (regency code, name), this province
        self.district_prefixes = set()  # every district of Indonesia, as a NIK writes it
        for code, regency, name in District.objects.values_list("code", "regency_id", "name"):
            self.district_prefixes.add(code.replace(".", ""))
            if code.startswith(prefix):
                self.districts[code] = (regency, name)
        self.villages = {
            code: (district, name)
            for code, district, name in Village.objects.filter(code__startswith=prefix).values_list(
                "code", "district_id", "name"
            )
        }
        self._regency_names = defaultdict(list)
        for code, name in self.regencies.items():
            key = normal_key(name)
            self._regency_names[key].append(code)
            bare = _strip_prefix(key, "regency")
            if bare != key:
                self._regency_names[bare].append(code)
                if key.startswith("kabupaten "):
                    self._regency_names[f"kab {bare}"].append(code)
        self._district_names = defaultdict(list)  # (regency or "", name) -> codes
        for code, (regency, name) in self.districts.items():
            key = normal_key(name)
            self._district_names[(regency, key)].append(code)
            self._district_names[("", key)].append(code)
        self._village_names = defaultdict(list)  # (district/regency or "", name) -> codes
        for code, (district, name) in self.villages.items():
            key = normal_key(name)
            regency = district[:5]
            for scope in (district, regency, ""):
                self._village_names[(scope, key)].append(code)

        self.ppks = {}  # name, code ("09" or "9") or alias -> ids
        ppks_aliases = defaultdict(list)
        for pk, code, name, aliases in PpksType.objects.values_list(
            "id", "code", "name", "aliases"
        ):
            self.ppks[normal_key(name)] = [pk]
            self.ppks[normal_key(code)] = [pk]
            if code.isdigit():
                self.ppks[str(int(code))] = [pk]
            for alias in alias_lines(aliases):
                ppks_aliases[normal_key(alias)].append(pk)
        _add_aliases(self.ppks, ppks_aliases)

        self.disabilities = defaultdict(list)  # name or alias -> ids
        kinds = {}  # a kind's code or name -> its kind-only type
        disability_aliases = defaultdict(list)
        # The kinds come with their types: one query for both.
        types = DisabilityType.objects.values_list(
            "id", "name", "kind__code", "kind__name", "kind_only", "aliases"
        )
        for pk, name, kind_code, kind_name, kind_only, aliases in types:
            self.disabilities[normal_key(name)].append(pk)
            if kind_only:
                kinds[normal_key(kind_code)] = kinds[normal_key(kind_name)] = [pk]
            for alias in alias_lines(aliases):
                disability_aliases[normal_key(alias)].append(pk)
        self.disabilities = dict(self.disabilities)
        for key, pks in kinds.items():
            self.disabilities.setdefault(key, pks)
        _add_aliases(self.disabilities, disability_aliases)

        self.devices = {
            normal_key(name): [pk] for pk, name in AssistiveDevice.objects.values_list("id", "name")
        }
        for alias, name in DEVICE_ALIASES.items():
            if normal_key(name) in self.devices:
                self.devices.setdefault(alias, self.devices[normal_key(name)])

        self.units = {}
        for pk, name in ServiceUnit.objects.values_list("id", "name"):
            self.units[normal_key(name)] = pk

    # -- Regions ----------------------------------------------------------------------

    def place(self, regency_cell, district_cell, village_cell) -> Place:
        """The codes a row's three address cells name, or PlaceError. Remembered per
        combination of cells: a file names the same few hundred places again and again."""
        key = (text(regency_cell), text(district_cell), text(village_cell))
        found = self._places.get(key)
        if found is None:
            try:
                found = self._place(regency_cell, district_cell, village_cell)
            except PlaceError as error:
                found = error
            if len(self._places) >= PLACE_CACHE_SIZE:
                self._places.clear()  # bounded memory, whatever the file
            self._places[key] = found
        if isinstance(found, PlaceError):
            raise PlaceError(found.message, level=found.level)  # a fresh one per row
        return found

    def _place(self, regency_cell, district_cell, village_cell) -> Place:
        regency = self._regency(regency_cell) if text(regency_cell) else None
        district = self._district(district_cell, regency) if text(district_cell) else None
        if district and not regency:
            regency = self.districts[district][0]
        village = self._village(village_cell, district, regency) if text(village_cell) else None
        if village and not district:
            district = self.villages[village][0]
            regency = regency or self.districts[district][0]
        return Place(regency, district, village)

    def _regency(self, value):
        code = _code(value, 1)
        if code:
            if code in self.regencies:
                return code
            raise PlaceError(
                _("%(value)s is not a regency/city code of this province.")
                % {"value": text(value)},
                level="regency",
            )
        key = normal_key(value)
        codes = self._regency_names.get(key) or self._regency_names.get(
            _strip_prefix(key, "regency"), []
        )
        return self._one(codes, value, "regency", lambda c: self.regencies[c])

    def _district(self, value, regency):
        code = _code(value, 2)
        if code:
            if code in self.districts:
                return code
            raise PlaceError(
                _("%(value)s is not a district code of this province.") % {"value": text(value)},
                level="district",
            )
        key = _strip_prefix(normal_key(value), "district")
        codes = self._district_names.get((regency or "", key), [])
        return self._one(
            codes,
            value,
            "district",
            lambda c: f"{self.districts[c][1]} ({self.regencies.get(self.districts[c][0], '')})",
            within=self.regencies.get(regency),
        )

    def _village(self, value, district, regency):
        code = _code(value, 3)
        if code:
            if code in self.villages:
                return code
            raise PlaceError(
                _("%(value)s is not a village code of this province.") % {"value": text(value)},
                level="village",
            )
        key = _strip_prefix(normal_key(value), "village")
        scope = district or regency or ""
        codes = self._village_names.get((scope, key), [])
        within = self.districts[district][1] if district else self.regencies.get(regency)
        return self._one(
            codes,
            value,
            "village",
            lambda c: (
                _("%(village)s (district %(district)s)")
                % {
                    "village": self.villages[c][1],
                    "district": self.districts[self.villages[c][0]][1],
                }
            ),
            within=within,
        )

    def _one(self, codes, value, level, describe, within=None):
        if len(codes) == 1:
            return codes[0]
        if not codes:
            if within:
                message = _("No %(level)s named %(value)s in %(within)s.") % {
                    "level": _level_name(level),
                    "value": text(value),
                    "within": within,
                }
            else:
                message = _("No %(level)s named %(value)s in this province.") % {
                    "level": _level_name(level),
                    "value": text(value),
                }
            raise PlaceError(message, level=level)
        raise PlaceError(
            _("%(value)s matches more than one place: %(places)s. Write which one (or its code).")
            % {"value": text(value), "places": _(" or ").join(describe(c) for c in sorted(codes))},
            level=level,
        )

    # -- Categories -------------------------------------------------------------------

    def ppks_ids(self, value) -> list[int]:
        return self._many(value, self.ppks, "ppks", prefixes=_PPKS_PREFIXES)

    def disability_ids(self, value) -> list[int]:
        return self._many(value, self.disabilities, "disability")

    def device_ids(self, value) -> list[int]:
        return self._many(value, self.devices, "device")

    def _many(self, value, index, what, prefixes=()):
        found, unknown = [], []
        whole = _lookup(index, value, prefixes)
        if whole:  # a name that itself holds a comma
            return list(dict.fromkeys(whole))
        for name in several(value):
            pks = _lookup(index, name, prefixes)
            if pks:
                found += pks
            else:
                unknown.append(name)
        if unknown:
            what = {
                "ppks": _("PPKS type"),
                "disability": _("disability"),
                "device": _("assistive device"),
            }[what]
            raise CellError(
                _("Unknown %(what)s: %(names)s.") % {"what": what, "names": ", ".join(unknown)}
            )
        return list(dict.fromkeys(found))

    def status(self, value) -> str:
        key = normal_key(value)
        if key not in STATUSES:
            raise CellError(
                _("%(value)s is not a status. Write klien, eks klien, pindah or meninggal.")
                % {"value": text(value)}
            )
        return STATUSES[key]

    def unit_id(self, value) -> int:
        key = normal_key(value)
        if key not in self.units:
            raise CellError(_("No service unit named %(value)s.") % {"value": text(value)})
        return self.units[key]


def _add_aliases(index, aliases):
    """Aliases into a name index: a type's own name or code wins over another type's
    alias; an alias written on several types ("gepeng") names them all."""
    for key, pks in aliases.items():
        if key:  # an alias of punctuation only (refused by the model's clean())
            index.setdefault(key, list(dict.fromkeys(pks)))


def _lookup(index, name, prefixes):
    key = normal_key(name)
    found = index.get(key)
    if found is None:
        for prefix in prefixes:
            if key.startswith(prefix):
                return index.get(key[len(prefix) :])
    return found


def _level_name(level):
    return {"regency": _("regency/city"), "district": _("district"), "village": _("village")}[level]
