"""Which column of a file holds which field: header labels matched against aliases.

Labels are compared after `normal_key` (case, spaces and punctuation ignored), so `NIK`,
` nik `, `N.I.K.` and `Nik` are one column. The canonical labels (first of each list) are
the ones the template and the export write, so an export can be imported again.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .values import normal_key

# field key -> (label shown to users, [aliases]); the first alias is the canonical header.
COLUMNS: dict[str, tuple] = {
    "name": (
        _("Name"),
        ["Nama", "Nama Lengkap", "Nama Klien", "Nama PPKS", "Nama Penerima", "Name",
         "Full Name"],
    ),
    "nik": (_("NIK"), ["NIK", "No NIK", "Nomor NIK", "NIK KTP", "No KTP", "ID Number"]),
    "kk_number": (
        _("KK number"),
        ["No KK", "Nomor KK", "KK", "No Kartu Keluarga", "Nomor Kartu Keluarga",
         "Family Card Number"],
    ),
    "sex": (_("Sex"), ["Jenis Kelamin", "JK", "L/P", "Kelamin", "Sex", "Gender"]),
    "birth_place": (
        _("Place of birth"), ["Tempat Lahir", "Tmp Lahir", "Tempat Lhr", "Place of Birth"]
    ),
    "birth_date": (
        _("Date of birth"),
        ["Tanggal Lahir", "Tgl Lahir", "Tgl Lhr", "Tanggal Lhr", "Date of Birth", "Birth Date",
         "DOB"],
    ),
    "birth_place_date": (
        _("Place and date of birth"),
        ["Tempat/Tanggal Lahir", "Tempat, Tanggal Lahir", "Tempat Tgl Lahir", "TTL",
         "Place and Date of Birth"],
    ),
    "address": (_("Address"), ["Alamat", "Alamat Lengkap", "Jalan", "Address", "Street"]),
    "village": (
        _("Village"), ["Desa/Kelurahan", "Desa", "Kelurahan", "Kel/Desa", "Village"]
    ),
    "district": (_("District"), ["Kecamatan", "Kec", "District"]),
    "regency": (
        _("Regency/city"),
        ["Kabupaten/Kota", "Kabupaten", "Kota", "Kab/Kota", "Regency", "Regency/City",
         "City"],
    ),
    "ppks_types": (
        _("PPKS types"), ["Jenis PPKS", "PPKS", "Kategori PPKS", "PPKS Type", "PPKS Types"]
    ),
    "disabilities": (
        _("Disabilities"),
        ["Ragam Disabilitas", "Jenis Disabilitas", "Disabilitas", "Jenis Kecacatan",
         "Kecacatan", "Disability", "Disabilities"],
    ),
    "assistive_devices": (
        _("Assistive devices"), ["Alat Bantu", "Alat Bantu Disabilitas", "Assistive Devices"]
    ),
    "phone": (
        _("Phone number"),
        ["No HP", "Nomor HP", "HP", "No Telp", "No Telepon", "Telepon", "No WA", "Phone",
         "Phone Number"],
    ),
    "status": (_("Status"), ["Status", "Status Klien"]),
    "service_unit": (
        _("Service unit"), ["Unit Layanan", "UPT", "Unit", "Panti", "Service Unit"]
    ),
}  # fmt: skip

# Columns offices keep that the registry has no field for and that need no report.
IGNORED = {normal_key(label) for label in ("No", "No.", "Nomor", "No Urut", "#", "No Registrasi")}

ALIASES = {
    normal_key(alias): key for key, (_label, aliases) in COLUMNS.items() for alias in aliases
}


def canonical_header(key: str) -> str:
    return COLUMNS[key][1][0]


def field_label(key: str) -> str:
    return str(COLUMNS[key][0])


def recognised(label) -> bool:
    return normal_key(label) in ALIASES


@dataclass
class ColumnMap:
    """Where each field is in a row: field key -> cell index, plus what was not used."""

    index: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field key -> label in the file
    unknown: list[str] = field(default_factory=list)  # labels that match no field
    repeated: list[str] = field(default_factory=list)  # a second column for one field

    def label(self, key: str) -> str:
        """The column as the user wrote it (errors name it so she can find it)."""
        return self.labels.get(key) or field_label(key)


def map_columns(labels: list[str]) -> ColumnMap:
    columns = ColumnMap()
    for position, label in enumerate(labels):
        key = normal_key(label)
        if not key or key in IGNORED:
            continue
        field_key = ALIASES.get(key)
        if field_key is None:
            columns.unknown.append(str(label).strip())
        elif field_key in columns.index:
            columns.repeated.append(str(label).strip())
        else:
            columns.index[field_key] = position
            columns.labels[field_key] = " ".join(str(label).split())
    return columns
