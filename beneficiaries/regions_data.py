"""Reading the shipped Kemendagri region files and writing them into the region tables.

The files in `data/idn-area/` are idn-area-data 4.0.1 unchanged (ODbL-1.0, attribution in
that folder's README.md). This module knows nothing of models beyond the four it is given,
so the data migration (historical models) and `load_regions` (current ones) share it.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "idn-area"
BATCH_SIZE = 2000


def read_rows(filename: str) -> Iterator[dict]:
    # csv.DictReader, never split(","): some names hold quoted commas and doubled quotes.
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def upsert(model, rows: list[dict], update_fields: list[str]) -> int:
    """Insert the rows, updating name and parent of codes that exist: safe to rerun."""
    for start in range(0, len(rows), BATCH_SIZE):
        model.objects.bulk_create(
            [model(**row) for row in rows[start : start + BATCH_SIZE]],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=update_fields,
        )
    return len(rows)


def load_provinces_and_regencies(Province, Regency) -> tuple[int, int]:
    provinces = [{"code": r["code"], "name": r["name"]} for r in read_rows("provinces.csv")]
    regencies = [
        {"code": r["code"], "province_id": r["province_code"], "name": r["name"]}
        for r in read_rows("regencies.csv")
    ]
    return upsert(Province, provinces, ["name"]), upsert(Regency, regencies, ["province", "name"])


def load_districts(District) -> int:
    """All districts of Indonesia: a NIK's first six digits may come from anywhere."""
    districts = [
        {"code": r["code"], "regency_id": r["regency_code"], "name": r["name"]}
        for r in read_rows("districts.csv")
    ]
    return upsert(District, districts, ["regency", "name"])


def load_villages(Village, province_code: str) -> int:
    """The villages of one province (addresses are only recorded inside it)."""
    prefix = f"{province_code}."
    villages = [
        {"code": r["code"], "district_id": r["district_code"], "name": r["name"]}
        for r in read_rows("villages.csv")
        if r["code"].startswith(prefix)
    ]
    return upsert(Village, villages, ["district", "name"])
