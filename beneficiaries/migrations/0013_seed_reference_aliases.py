"""Issue #16: a disability known by its kind alone, and the names offices write for PPKS
types and disabilities kept as reference data (each type's `aliases`, editable in admin).

One type "<kind> (jenis belum diketahui)" per disability kind. The aliases the import
held in code until now move here, with the KBBI spelling "telantar" (the one Permensos
8/2012 itself uses) for every "Terlantar" type and the abbreviation ODHIV. Aliases are
added to what a type already has, matched by PPKS code and by a sub-type's kind and name,
so a type renamed in admin keeps them and one deleted is skipped."""

from django.db import migrations

KIND_ONLY_SUFFIX = " (jenis belum diketahui)"

PPKS_ALIASES = {
    "01": ["Anak Balita Telantar", "ABT", "Balita terlantar", "Balita telantar"],
    "02": ["Anak Telantar", "AT"],
    "03": ["ABH", "Anak berhadapan dengan hukum"],
    "04": ["Anjal"],
    "05": ["ADK", "Anak disabilitas", "Anak penyandang disabilitas"],
    "06": ["AKTK", "Anak korban tindak kekerasan", "Anak korban kekerasan"],
    "07": ["AMPK", "Anak memerlukan perlindungan khusus"],
    "08": ["Lanjut Usia Telantar", "Lansia", "Lansia terlantar", "Lansia telantar", "LUT",
           "Lanjut usia"],
    "09": ["PD", "Disabilitas", "Penyandang cacat", "Penca"],
    "10": ["WTS", "PSK"],
    "11": ["Gepeng"],
    "12": ["Gepeng"],
    "14": ["Minoritas"],
    "15": ["BWBLP", "Eks napi", "Mantan narapidana", "Bekas warga binaan"],
    "16": ["ODHA", "ODHIV", "HIV", "HIV/AIDS"],
    "17": ["NAPZA", "Korban NAPZA"],
    "18": ["Trafficking", "Korban perdagangan orang"],
    "19": ["KTK", "Korban kekerasan"],
    "20": ["PMBS", "TKI bermasalah"],
    "21": ["KBA", "Bencana alam"],
    "22": ["KBS", "Bencana sosial"],
    "23": ["PRSE"],
    "24": ["FM", "Miskin"],
    "25": ["KBSP"],
    "26": ["KAT"],
}  # fmt: skip

PSIKOSOSIAL = "Psikososial (skizofrenia, bipolar, depresi, anxietas, gangguan kepribadian)"
PERKEMBANGAN = "Disabilitas perkembangan (autis, hiperaktif)"

# (kind code, sub-type name, or None for the kind alone) -> aliases.
DISABILITY_ALIASES = {
    ("fisik", None): ["Daksa", "Tuna daksa", "Tunadaksa"],
    ("fisik", "Lumpuh layuh atau kaku"): ["Lumpuh", "Lumpuh layuh", "Lumpuh kaku", "Polio"],
    ("fisik", "Paraplegi"): ["Paraplegia"],
    ("fisik", "Cerebral palsy"): ["CP", "Celebral palsy"],
    ("fisik", "Akibat stroke"): ["Stroke", "Pasca stroke"],
    ("fisik", "Akibat kusta"): ["Kusta", "Eks kusta"],
    ("fisik", "Orang kecil"): ["Dwarfisme", "Achondroplasia"],
    ("intelektual", "Disabilitas grahita"): ["Grahita", "Tuna grahita", "Tunagrahita",
                                             "Retardasi mental"],
    ("intelektual", "Down syndrome"): ["Sindrom down", "Down sindrom"],
    ("intelektual", "Lambat belajar"): ["Slow learner"],
    ("mental", PSIKOSOSIAL): ["Psikososial", "Disabilitas psikososial", "Skizofrenia",
                              "Bipolar", "Depresi", "ODGJ", "Gangguan jiwa"],
    ("mental", PERKEMBANGAN): ["Autis", "Autisme", "Hiperaktif", "ADHD",
                               "Disabilitas perkembangan"],
    ("sensorik", "Disabilitas netra"): ["Netra", "Tuna netra", "Tunanetra", "Buta",
                                        "Low vision"],
    ("sensorik", "Disabilitas rungu"): ["Rungu", "Tuna rungu", "Tunarungu", "Tuli",
                                        "Rungu wicara", "Tuna rungu wicara",
                                        "Tunarungu wicara"],
    ("sensorik", "Disabilitas wicara"): ["Wicara", "Tuna wicara", "Tunawicara", "Bisu",
                                         "Rungu wicara", "Tuna rungu wicara",
                                         "Tunarungu wicara"],
}  # fmt: skip


def _add_aliases(record, aliases):
    lines = [line.strip() for line in record.aliases.splitlines() if line.strip()]
    known = {line.casefold() for line in lines}
    new = [alias for alias in aliases if alias.casefold() not in known]
    if new:
        record.aliases = "\n".join(lines + new)
        record.save(update_fields=["aliases"])


def seed(apps, schema_editor):
    PpksType = apps.get_model("beneficiaries", "PpksType")
    DisabilityKind = apps.get_model("beneficiaries", "DisabilityKind")
    DisabilityType = apps.get_model("beneficiaries", "DisabilityType")

    for kind in DisabilityKind.objects.all():
        if not DisabilityType.objects.filter(kind=kind, kind_only=True).exists():
            # A type of that name already there (left by a migration back) becomes it.
            DisabilityType.objects.update_or_create(
                kind=kind, name=f"{kind.name}{KIND_ONLY_SUFFIX}", defaults={"kind_only": True}
            )
    for code, aliases in PPKS_ALIASES.items():
        for ppks in PpksType.objects.filter(code=code):
            _add_aliases(ppks, aliases)
    for (kind, name), aliases in DISABILITY_ALIASES.items():
        found = DisabilityType.objects.filter(kind__code=kind)
        found = found.filter(kind_only=True) if name is None else found.filter(name=name)
        for disability in found:
            _add_aliases(disability, aliases)


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0012_reference_aliases_and_kind_only_disabilities")]

    # Backwards: the schema migration drops the aliases; the kind-only types stay as
    # ordinary types, since clients may carry them.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
