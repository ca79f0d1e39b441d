"""Ordinary words of office spreadsheets (issue #16, item 4): a disability known only by
its kind, the KBBI spelling and common abbreviations of PPKS types, and aliases kept as
reference data that an admin edits."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from beneficiaries.importing.reference import Reference
from beneficiaries.models import Client, ClientImport, DisabilityKind, DisabilityType, PpksType
from beneficiaries.tests.factories import KOTA_MALANG, place

from .import_helpers import HEADER, person

UPLOAD_URL = reverse("beneficiaries:client_import")


def _kind_only(code):
    return DisabilityType.objects.get(kind__code=code, kind_only=True)


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER.split(";"), "Ragam Disabilitas"])
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        "klien.xlsx",
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _row(n, *, ppks, disability=""):
    return [*person(n).split(";")[:-1], ppks, disability]


def _upload_and_confirm(client, rows):
    assert client.post(UPLOAD_URL, {"file": _xlsx(rows)}).status_code == 302
    client_import = ClientImport.objects.latest("pk")
    verdict = (
        client_import.rows_read,
        client_import.rows_ready,
        client_import.rows_existing,
        client_import.rows_with_errors,
    )
    problems = [(p["row"], p["column"], p["message"]) for p in client_import.preview["problems"]]
    if not client_import.rows_with_errors:
        response = client.post(
            reverse("beneficiaries:client_import_confirm", args=[client_import.pk]),
            {"on_existing": "skip", "verdict": ",".join(map(str, verdict))},
        )
        assert response.status_code == 302
    return verdict, problems


def _types_of(name):
    found = Client.objects.get(name=name)
    return (
        sorted(t.code for t in found.ppks_types.all()),
        sorted(d.name for d in found.disabilities.all()),
    )


def test_every_kind_has_one_disability_known_by_its_kind_alone(db):
    kinds = set(DisabilityKind.objects.values_list("code", flat=True))
    assert kinds == {"fisik", "intelektual", "mental", "sensorik"}
    for code in kinds:
        kind_only = _kind_only(code)
        assert kind_only.active
        assert str(kind_only) == kind_only.name == f"{kind_only.kind.name} (jenis belum diketahui)"


def test_an_xlsx_with_kinds_the_kbbi_spelling_and_abbreviations_imports_every_row(
    client, import_regions, worker_bojonegoro
):
    client.force_login(worker_bojonegoro)
    rows = [
        _row(1, ppks="Penyandang Disabilitas", disability="Fisik"),
        _row(2, ppks="PD", disability="Sensorik"),
        _row(3, ppks="Lanjut Usia Telantar"),
        _row(4, ppks="PMKS Anak Telantar, ODHIV"),
        _row(5, ppks="Lansia telantar", disability="Disabilitas mental; tuna daksa"),
        _row(6, ppks="ABH", disability="Disabilitas netra, intelektual"),
        _row(7, ppks="PPKS: Anak Balita Telantar"),
    ]

    verdict, problems = _upload_and_confirm(client, rows)

    assert problems == []
    assert verdict == (7, 7, 0, 0)
    fisik, mental = _kind_only("fisik").name, _kind_only("mental").name
    sensorik, intelektual = _kind_only("sensorik").name, _kind_only("intelektual").name
    assert _types_of("Orang 1") == (["09"], [fisik])
    assert _types_of("Orang 2") == (["09"], [sensorik])
    assert _types_of("Orang 3") == (["08"], [])
    assert _types_of("Orang 4") == (["02", "16"], [])
    assert _types_of("Orang 5") == (["08"], sorted([mental, fisik]))
    assert _types_of("Orang 6") == (["03"], sorted(["Disabilitas netra", intelektual]))
    assert _types_of("Orang 7") == (["01"], [])
    # Counted under its kind, as the reports and the client list's filter read it.
    orang_5 = Client.objects.get(name="Orang 5")
    assert sorted(d.kind.code for d in orang_5.disabilities.all()) == ["fisik", "mental"]
    assert orang_5.has_multiple_disabilities


def test_a_kind_only_disability_is_exported_and_imported_back_by_its_name(db):
    reference = Reference()
    kind_only = _kind_only("sensorik")

    assert reference.disability_ids(kind_only.name) == [kind_only.pk]
    assert reference.disability_ids("Disabilitas sensorik") == [kind_only.pk]


def test_the_client_form_offers_and_saves_a_disability_known_by_its_kind(client, worker_malang):
    regency, district, village = place(KOTA_MALANG)
    client.force_login(worker_malang)
    url = reverse("beneficiaries:client_create")
    kind_only = _kind_only("fisik")

    page = client.get(url)
    offered = list(page.context["form"].fields["disabilities"].queryset)
    assert kind_only in offered
    # First of its kind: the choice for a worker who does not know the sub-type.
    assert next(d for d in offered if d.kind_id == kind_only.kind_id) == kind_only

    response = client.post(
        url,
        {
            "name": "Sri Wahyuni",
            "sex": "P",
            "birth_date": "1980-07-15",
            "regency": regency.pk,
            "district": district.pk,
            "village": village.pk,
            "status": Client.Status.FORMER_CLIENT,
            "ppks_types": [PpksType.objects.get(code="09").pk],
            "disabilities": [kind_only.pk],
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    assert list(Client.objects.get().disabilities.all()) == [kind_only]


def test_the_template_lists_the_kind_only_disabilities(client, import_regions, worker_bojonegoro):
    client.force_login(worker_bojonegoro)

    response = client.get(reverse("beneficiaries:client_import_template"))

    lists = load_workbook(BytesIO(response.content))["Daftar"]
    column = next(c for c in lists[1] if c.value == "Ragam Disabilitas").column
    offered = [row[column - 1].value for row in lists.iter_rows(min_row=2)]
    assert _kind_only("fisik").name in offered


def test_an_alias_added_in_admin_is_accepted_by_the_next_import(
    client, admin_user, import_regions, worker_bojonegoro
):
    pemulung = PpksType.objects.get(code="13")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:beneficiaries_ppkstype_change", args=[pemulung.pk]),
        {
            "code": "13",
            "name": "Pemulung",
            "active": "on",
            "aliases": f"{pemulung.aliases}\nPengumpul barang bekas",
        },
    )
    assert response.status_code == 302
    assert pemulung.history.count() == 1  # the alias is reference data with a history

    client.force_login(worker_bojonegoro)
    verdict, problems = _upload_and_confirm(client, [_row(1, ppks="pengumpul  barang-bekas")])

    assert (verdict, problems) == ((1, 1, 0, 0), [])
    assert _types_of("Orang 1") == (["13"], [])


def test_a_disability_alias_added_in_admin_is_accepted_too(client, admin_user, db):
    grahita = DisabilityType.objects.get(name="Disabilitas grahita")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:beneficiaries_disabilitytype_change", args=[grahita.pk]),
        {
            "kind": grahita.kind_id,
            "name": grahita.name,
            "active": "on",
            "aliases": "Keterbelakangan mental",
        },
    )

    assert response.status_code == 302
    assert Reference().disability_ids("keterbelakangan mental") == [grahita.pk]


def test_an_alias_without_a_letter_or_digit_is_refused(db):
    from django.core.exceptions import ValidationError

    pemulung = PpksType.objects.get(code="13")
    pemulung.aliases = "Pemulung sampah\n- -"

    with pytest.raises(ValidationError) as refused:
        pemulung.full_clean()
    assert "aliases" in refused.value.message_dict


def test_aliases_of_several_types_name_them_all(db):
    reference = Reference()

    assert sorted(reference.ppks_ids("gepeng")) == sorted(
        PpksType.objects.filter(code__in=["11", "12"]).values_list("pk", flat=True)
    )
    # A type's own name or code wins over an alias written on another type.
    assert reference.ppks_ids("8") == [PpksType.objects.get(code="08").pk]
