"""Writes the messy files of the import tests. The files themselves are committed; run
this (`python beneficiaries/tests/imports/make_corpus.py`) only to change them, and update
the expected previews in test_import_corpus.py to match.

Each file is what offices really send: a title above the header, a BOM, semicolons, old
Windows encodings, NIKs mangled by spreadsheets, dates in every style, merged header
cells, empty rows, duplicates. Regions are those of tests/imports/conftest.py.
"""

import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

BOM_SEMICOLON = [
    "DATA PPKS KABUPATEN BOJONEGORO 2024;;;;;;;;;;;",
    "No;Nama Lengkap;NIK;Jenis Kelamin;Tgl Lahir;Desa/Kelurahan;Kecamatan;Kabupaten/Kota;"
    "Jenis PPKS;Ragam Disabilitas;No HP;Catatan",
    # 3: a woman's NIK (day 15 + 40 = 55), consistent: ready
    "1;Sri Wahyuni;3522125507800001;P;15/07/1980;Tlogohaji;Sumberrejo;Bojonegoro;"
    "Penyandang Disabilitas;Tuna netra;081234567890;kursi roda di rumah",
    # 4: a NIK in scientific notation
    "2;Budi Santoso;3.52212E+15;L;17 Agustus 1980;Tlogohaji;Sumberrejo;Kabupaten Bojonegoro;"
    "Lansia;;;",
    "",
    # 6: row 3 again, the NIK written with dots: the same person twice in the file
    "3;Sri Wahyuni;3522.1255.0780.0001;P;15/07/1980;Tlogohaji;Sumberrejo;Bojonegoro;PD;;;",
    # 7: a village name found in two districts of the regency
    "4;Ahmad Hidayat;3522 1217 0880 0002;Laki-laki;17-08-1980;Butoh;;Bojonegoro;"
    "Gelandangan, Pengemis;;8123456789;",
    # 8: a NIK with the decimals a spreadsheet adds
    "5;Dewi Lestari;3522126002850003.0;Perempuan;1985-02-20;Tlogohaji;Sumberrejo;Bojonegoro;;;;",
    # 9: 15 digits
    "6;Joko Susilo;352212170880000;L;17/08/1980;Tlogohaji;Sumberrejo;Bojonegoro;;;;",
    # 10: no NIK, ready; "gepeng" is two PPKS types
    "7;Paijo;;L;1975-03-01;Tlogohaji;Sumberrejo;Bojonegoro;gepeng;;;",
    ";;;;;;;;;;;",
    # 12: row 10 again (same name, birth date and village, no NIK)
    "8;PAIJO;;L;01/03/1975;Tlogohaji;Sumberrejo;Bojonegoro;Gelandangan;;;",
    # 13: a woman's NIK with sex L: a warning, still ready
    "9;Rina Wati;'3522124107900004;L;01/07/1990;Tlogohaji;Sumberrejo;Bojonegoro;;;;",
    # 14: "Malang" is Kabupaten Malang and Kota Malang
    "10;Anak Muda;3522121508100005;L;15/08/2010;Blimbing;;Malang;;;;",
    # 15: outside the importing worker's regency
    "11;Orang Jauh;3573015507800007;P;15/07/1980;Balearjosari;Blimbing;Kota Malang;PD;;;",
    # 16: a date that does not exist
    "12;Tanggal Salah;;P;31/02/1980;Tlogohaji;Sumberrejo;Bojonegoro;;;;",
    # 17: no sex
    "13;Tanpa Kelamin;;;01/01/1970;Tlogohaji;Sumberrejo;Bojonegoro;;;;",
    # 18: already in the registry (the test creates this client)
    "14;Sudah Terdaftar;3522121207700008;L;12/07/1970;Tlogohaji;Sumberrejo;Bojonegoro;;;;",
]

WINDOWS_1252 = [
    "Nama,NIK,JK,Tanggal Lahir,Desa,Kecamatan,Kabupaten,PPKS,Disabilitas",
    # 2: an Excel serial date (29448 = 15/08/1980)
    "José Ramírez,3522121508800009,L,29448,Tlogohaji,Sumberrejo,Bojonegoro,,",
    # 3: a woman born 17 August 1980 (day 57 in the NIK)
    "Iñes Wulandari,3522125708800010,P,17 Agustus 1980,Tlogohaji,Sumberrejo,Bojonegoro,PD,Rungu",
    # 4: two disabilities, one whose name holds commas
    "Renée Siregar,,P,20-02-1985,Tlogohaji,Sumberrejo,Bojonegoro,Penyandang Disabilitas,"
    '"Psikososial (skizofrenia, bipolar, depresi, anxietas, gangguan kepribadian), Rungu"',
    # 5: not a sex
    "Señor Tanpa,,X,01/01/1970,Tlogohaji,Sumberrejo,Bojonegoro,,",
    "",
    # 7: a kind of disability without the sub-type
    "Ñoman Tua,,L,01/01/1950,Tlogohaji,Sumberrejo,Bojonegoro,PD,Tuna daksa",
]


def write_csv(name, lines, encoding):
    (HERE / name).write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")


def write_merged_header_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Klien"
    sheet["A1"] = "DAFTAR KLIEN UPT 2024"
    sheet.merge_cells("A1:H1")
    for column, label in zip(
        "ABCD", ["Nama", "NIK", "Jenis Kelamin", "Tanggal Lahir"], strict=True
    ):
        sheet[f"{column}2"] = label
        sheet.merge_cells(f"{column}2:{column}3")
    sheet["E2"] = "Alamat"
    sheet.merge_cells("E2:G2")
    sheet["E3"], sheet["F3"], sheet["G3"] = "Desa", "Kecamatan", "Kabupaten/Kota"
    sheet["H2"] = "Jenis PPKS"
    sheet.merge_cells("H2:H3")
    rows = {
        # 4: a real date cell, a text NIK (a woman: 5 + 40)
        4: ["Sri Rahayu", "3522124507800011", "P", datetime.date(1980, 7, 5), "Tlogohaji",
            "Sumberrejo", "Kabupaten Bojonegoro", "PD"],
        # 6: the NIK typed into a number cell
        6: ["Budi Angka", 3522121507800012, "L", datetime.date(1980, 7, 15), "Tlogohaji",
            "Sumberrejo", "Kabupaten Bojonegoro", ""],
        # 7: the same as a float, as Excel stores it
        7: ["Tri Pecahan", 3.522121507800013e15, "L", datetime.date(1980, 7, 15), "Tlogohaji",
            "Sumberrejo", "Kabupaten Bojonegoro", ""],
        # 8: the date an unformatted number (an Excel serial), NIK and place by code
        8: ["Eko Serial", "3522121508800014", "L", 29448, "35.22.12.2001", "", "3522", "09"],
    }  # fmt: skip
    for number, values in rows.items():  # row 5 stays empty
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    other = workbook.create_sheet("Lain")
    other.append(["Nama", "JK", "Kabupaten/Kota"])
    other.append(["Lain Sheet", "P", "Kabupaten Bojonegoro"])
    workbook.save(HERE / "merged_header.xlsx")


if __name__ == "__main__":
    write_csv("bom_semicolon.csv", ["\ufeff" + BOM_SEMICOLON[0], *BOM_SEMICOLON[1:]], "utf-8")
    write_csv("windows1252_comma.csv", WINDOWS_1252, "cp1252")
    write_merged_header_xlsx()
