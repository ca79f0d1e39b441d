"""The reference data an import resolves names against, loaded once into dicts.

Regions of the configured province (by Kemendagri code or by name), every district code of
Indonesia (a NIK may come from anywhere), PPKS types, disability sub-types, assistive
devices and service units, each with the aliases offices write. A few queries per
import, then no query per row.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import (
    AssistiveDevice,
    Client,
    DisabilityKind,
    DisabilityType,
    District,
    PpksType,
    Regency,
    ServiceUnit,
    Village,
)
from .values import CellError, normal_key, several, text

# Short names and abbreviations used in office files -> PPKS codes (Permensos 8/2012).
PPKS_ALIASES = {
    "abt": ["01"], "balita terlantar": ["01"],
    "at": ["02"],
    "abh": ["03"], "anak berhadapan dengan hukum": ["03"],
    "anjal": ["04"],
    "adk": ["05"], "anak disabilitas": ["05"], "anak penyandang disabilitas": ["05"],
    "aktk": ["06"], "anak korban tindak kekerasan": ["06"], "anak korban kekerasan": ["06"],
    "ampk": ["07"], "anak memerlukan perlindungan khusus": ["07"],
    "lansia": ["08"], "lansia terlantar": ["08"], "lut": ["08"], "lanjut usia": ["08"],
    "pd": ["09"], "disabilitas": ["09"], "penyandang cacat": ["09"], "penca": ["09"],
    "wts": ["10"], "psk": ["10"],
    "gepeng": ["11", "12"],
    "minoritas": ["14"],
    "bwblp": ["15"], "eks napi": ["15"], "mantan narapidana": ["15"],
    "bekas warga binaan": ["15"],
    "odha": ["16"], "hiv": ["16"], "hiv aids": ["16"],
    "napza": ["17"], "korban napza": ["17"],
    "trafficking": ["18"], "korban perdagangan orang": ["18"],
    "ktk": ["19"], "korban kekerasan": ["19"],
    "pmbs": ["20"], "tki bermasalah": ["20"],
    "kba": ["21"], "bencana alam": ["21"],
    "kbs": ["22"], "bencana sosial": ["22"],
    "prse": ["23"],
    "fm": ["24"], "miskin": ["24"], "fakir miskin": ["24"],
    "kbsp": ["25"],
    "kat": ["26"],
}  # fmt: skip

# Everyday and older words for disabilities -> the sub-type names of UU 8/2016's list.
DISABILITY_ALIASES = {
    "netra": ["Disabilitas netra"], "tuna netra": ["Disabilitas netra"],
    "tunanetra": ["Disabilitas netra"], "buta": ["Disabilitas netra"],
    "low vision": ["Disabilitas netra"],
    "rungu": ["Disabilitas rungu"], "tuna rungu": ["Disabilitas rungu"],
    "tunarungu": ["Disabilitas rungu"], "tuli": ["Disabilitas rungu"],
    "wicara": ["Disabilitas wicara"], "tuna wicara": ["Disabilitas wicara"],
    "tunawicara": ["Disabilitas wicara"], "bisu": ["Disabilitas wicara"],
    "rungu wicara": ["Disabilitas rungu", "Disabilitas wicara"],
    "tuna rungu wicara": ["Disabilitas rungu", "Disabilitas wicara"],
    "tunarungu wicara": ["Disabilitas rungu", "Disabilitas wicara"],
    "grahita": ["Disabilitas grahita"], "tuna grahita": ["Disabilitas grahita"],
    "tunagrahita": ["Disabilitas grahita"], "retardasi mental": ["Disabilitas grahita"],
    "sindrom down": ["Down syndrome"], "down sindrom": ["Down syndrome"],
    "slow learner": ["Lambat belajar"],
    "autis": ["Disabilitas perkembangan (autis, hiperaktif)"],
    "autisme": ["Disabilitas perkembangan (autis, hiperaktif)"],
    "hiperaktif": ["Disabilitas perkembangan (autis, hiperaktif)"],
    "adhd": ["Disabilitas perkembangan (autis, hiperaktif)"],
    "disabilitas perkembangan": ["Disabilitas perkembangan (autis, hiperaktif)"],
    **{
        word: ["Psikososial (skizofrenia, bipolar, depresi, anxietas, gangguan kepribadian)"]
        for word in ("psikososial", "disabilitas psikososial", "skizofrenia", "bipolar",
                     "depresi", "odgj", "gangguan jiwa")
    },
    "lumpuh": ["Lumpuh layuh atau kaku"], "lumpuh layuh": ["Lumpuh layuh atau kaku"],
    "lumpuh kaku": ["Lumpuh layuh atau kaku"], "polio": ["Lumpuh layuh atau kaku"],
    "paraplegia": ["Paraplegi"],
    "cp": ["Cerebral palsy"], "celebral palsy": ["Cerebral palsy"],
    "stroke": ["Akibat stroke"], "pasca stroke": ["Akibat stroke"],
    "kusta": ["Akibat kusta"], "eks kusta": ["Akibat kusta"],
    "dwarfisme": ["Orang kecil"], "achondroplasia": ["Orang kecil"],
}  # fmt: skip

# A kind named alone ("Tuna daksa", "Fisik"): the registry records sub-types, so the row
# is refused with the kind's sub-types listed, never guessed.
DISABILITY_KIND_WORDS = {
    "fisik": "fisik", "daksa": "fisik", "tuna daksa": "fisik", "tunadaksa": "fisik",
    "intelektual": "intelektual",
    "mental": "mental",
    "sensorik": "sensorik",
}  # fmt: skip

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
        self._ppks_by_code = {}
        for pk, code, name in PpksType.objects.values_list("id", "code", "name"):
            self._ppks_by_code[code] = pk
            self.ppks[normal_key(name)] = [pk]
            self.ppks[normal_key(code)] = [pk]
            if code.isdigit():
                self.ppks[str(int(code))] = [pk]
        for alias, codes in PPKS_ALIASES.items():
            pks = [self._ppks_by_code[c] for c in codes if c in self._ppks_by_code]
            if pks:
                self.ppks.setdefault(alias, pks)

        self.disabilities = defaultdict(list)
        kinds = defaultdict(list)
        for pk, name, kind_code in DisabilityType.objects.values_list("id", "name", "kind__code"):
            self.disabilities[normal_key(name)].append(pk)
            kinds[kind_code].append(name)
        self.disabilities = dict(self.disabilities)
        for alias, names in DISABILITY_ALIASES.items():
            pks = [pk for name in names for pk in self.disabilities.get(normal_key(name), [])]
            if pks:
                self.disabilities.setdefault(alias, pks)
        self._kind_types = dict(kinds)
        self._kind_names = {
            normal_key(name): code
            for code, name in DisabilityKind.objects.values_list("code", "name")
        }

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
        return self._many(value, self.ppks, "ppks")

    def disability_ids(self, value) -> list[int]:
        for name in several(value):
            kind = DISABILITY_KIND_WORDS.get(normal_key(name)) or self._kind_names.get(
                normal_key(name)
            )
            if kind and normal_key(name) not in self.disabilities:
                raise CellError(
                    _(
                        "%(value)s names a kind of disability, not which one. Write the "
                        "sub-type: %(types)s."
                    )
                    % {"value": name, "types": ", ".join(self._kind_types.get(kind, []))}
                )
        return self._many(value, self.disabilities, "disability")

    def device_ids(self, value) -> list[int]:
        return self._many(value, self.devices, "device")

    def _many(self, value, index, what):
        found, unknown = [], []
        whole = index.get(normal_key(value))
        if whole:  # a name that itself holds a comma
            return list(dict.fromkeys(whole))
        for name in several(value):
            pks = index.get(normal_key(name))
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


def _level_name(level):
    return {"regency": _("regency/city"), "district": _("district"), "village": _("village")}[level]
