"""The import template: an XLSX with the canonical headers, one example row, and drop-down
lists (data validation) for the coded columns, fed from a hidden sheet of choices. The
choices are names typed into the registry: written as text, never as formulas
(core/spreadsheets.py)."""

import datetime
import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.spreadsheets import xlsx_row, xlsx_set

from ..models import AssistiveDevice, DisabilityType, PpksType, Regency
from .columns import canonical_header

TEMPLATE_COLUMNS = [
    "name",
    "nik",
    "kk_number",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "village",
    "district",
    "regency",
    "ppks_types",
    "disabilities",
    "assistive_devices",
    "phone",
    "status",
]
# Typed digits, never numbers: a spreadsheet keeps only 15 digits of a number.
TEXT_COLUMNS = {"nik", "kk_number", "phone"}
EXAMPLE = {
    "name": "Sri Wahyuni",
    "nik": "3522125507800001",
    "kk_number": "3522121203050007",
    "sex": "Perempuan",
    "birth_place": "Bojonegoro",
    "birth_date": datetime.date(1980, 7, 15),
    "address": "Jl. Raya Sumberrejo No. 12, RT 02/RW 01",
    "village": "Tlogohaji",
    "district": "Sumberrejo",
    "regency": "Kabupaten Bojonegoro",
    "ppks_types": "Penyandang Disabilitas",
    "disabilities": "Disabilitas netra",
    "assistive_devices": "Tongkat putih",
    "phone": "081234567890",
    "status": "eks klien",
}
ROWS_WITH_LISTS = 5000
LIST_SHEET = "Daftar"


def import_template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Klien"
    lists = workbook.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"

    sheet.append(xlsx_row(sheet, [canonical_header(key) for key in TEMPLATE_COLUMNS]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(xlsx_row(sheet, [EXAMPLE[key] for key in TEMPLATE_COLUMNS]))
    sheet.freeze_panes = "A2"

    choices = {
        "sex": ["Laki-laki", "Perempuan"],
        "regency": list(
            Regency.objects.filter(province_id=settings.PROVINCE_CODE).values_list(
                "name", flat=True
            )
        ),
        "ppks_types": list(PpksType.objects.filter(active=True).values_list("name", flat=True)),
        "disabilities": list(
            DisabilityType.objects.filter(active=True).values_list("name", flat=True)
        ),
        "assistive_devices": list(
            AssistiveDevice.objects.filter(active=True).values_list("name", flat=True)
        ),
        "status": ["klien", "eks klien", "pindah", "meninggal"],
    }
    for list_column, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(list_column)
        xlsx_set(lists.cell(row=1, column=list_column), canonical_header(key))
        for row, value in enumerate(values, start=2):
            xlsx_set(lists.cell(row=row, column=list_column), value)
        column = get_column_letter(TEMPLATE_COLUMNS.index(key) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{LIST_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            # Several PPKS types or disabilities may share a cell ("A, B"): the list helps,
            # it does not forbid.
            showErrorMessage=key in ("sex", "regency", "status"),
        )
        validation.add(f"{column}2:{column}{ROWS_WITH_LISTS}")
        sheet.add_data_validation(validation)

    for index, key in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24 if key in ("name", "address") else 18
        # A column style applies to every cell typed into the column later.
        if key in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if key == "birth_date":
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
