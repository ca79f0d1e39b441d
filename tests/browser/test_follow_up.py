"""Follow-up of former clients' businesses in a real browser: on a phone, a social worker in
Kota Malang opens "Perlu tindak lanjut", finds a grantee never visited, follows "Catat
kunjungan" to the visit form, records how the business is doing, and sees the business page
compare the income with the baseline from before the training; the grantee leaves the
worklist. A rupiah amount written in words is refused next to its field, keeping what was
typed; the status radios form one named group that their error reaches. axe-core checks
every page of the follow-up, on a desktop and on a 390 px phone.

The translations of these pages are complete, so the tests read the Indonesian texts.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from beneficiaries.models import Client
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory
from programs.follow_up.dates import months_ago, months_between
from programs.models import (
    Business,
    Enrolment,
    EquipmentCheck,
    FollowUpVisit,
    GrantItem,
    SupportKind,
)
from programs.tests.factories import (
    BatchFactory,
    BusinessFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantItemFactory,
    grantee_with_business,
)

from .conftest import DESKTOP
from .test_programs import (
    _summary,
    assert_no_sideways_scroll,
    page_errors,
    path_is,
    png_photo,
    submit,
)

pytestmark = pytest.mark.browser

AXE = Axe()
PHONE = {"width": 390, "height": 844}
WORKLIST = reverse("programs:worklist")
ANI = "Ani Rahmawati"
SRI = "Sri Wahyuni"
SERIAL = "JH-2026-0107"
NOTES = "Pesanan seragam sekolah naik menjelang tahun ajaran baru."
BAD_INCOME_MESSAGE = "Isi jumlah dalam rupiah, misalnya 3000000 atau Rp3.000.000."
NOBODY = "Saat ini tidak ada klien di wilayah Anda yang perlu dikunjungi."


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


# Helpers --------------------------------------------------------------------------------


def assert_accessible(page, what, failures):
    """Run axe on the page as shown now at 1280 px and at 390 px; collect the violations in
    `failures` so that one run reports every page, then go back to the desktop size."""
    for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        page.set_viewport_size(viewport)
        violations = AXE.run(page).response["violations"]
        if violations:
            failures.append(f"{what}, {name} ({viewport['width']}px):\n{_summary(violations)}")
    page.set_viewport_size(DESKTOP)


def worklist_row(page, client):
    return page.locator("main tbody tr", has=page.locator(f'a[href="{client.get_absolute_url()}"]'))


def stat(page, label):
    """One figure of the business page ("Penghasilan bersih per bulan sekarang", ...)."""
    return page.locator("#figures-title ~ .stats .stat").filter(
        has=page.locator(".stat__label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )


def visits_table(page):
    return page.locator('section[aria-labelledby="visits-title"] table')


def field_of(page, input_id):
    """The .field block that holds an input (its label, help and errors)."""
    return page.locator("main .field", has=page.locator(f"#{input_id}"))


def described_by(page, input_id):
    """The texts an input's aria-describedby points to (None for an id that is missing)."""
    return page.evaluate(
        """(id) => (document.getElementById(id).getAttribute("aria-describedby") || "")
            .split(/\\s+/).filter(Boolean)
            .map((ref) => document.getElementById(ref)?.textContent.trim() ?? null)""",
        input_id,
    )


def filter_worklist(page, *, regency="", reason=""):
    """Use the worklist's filter form (a GET form: the page reloads with the query)."""
    if regency:
        page.select_option("#id_regency", label=regency)
    else:
        page.select_option("#id_regency", value="")
    page.select_option("#id_reason", value=reason)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()


# Fixtures -------------------------------------------------------------------------------


@dataclass
class Grantee:
    client: Client
    enrolment: Enrolment
    item: GrantItem
    business: Business


@pytest.fixture
def ani(transactional_db, worker_malang):
    """Ani of Kota Malang: trained (net income Rp400.000 a month before), given a sewing
    machine 200 days ago for her tailoring business, never visited since."""
    client = ClientFactory(regency_code=KOTA_MALANG, name=ANI)
    enrolment = EnrolmentFactory(
        client=client,
        batch=BatchFactory(start_date=days_ago(290), end_date=days_ago(210)),
        enrolled_on=days_ago(300),
        status=Enrolment.Status.COMPLETED,
        status_changed_on=days_ago(210),
        completed_on=days_ago(210),
        sessions_attended=20,
        income_before=400_000,
    )
    item = GrantItemFactory(
        grant__client=client,
        grant__enrolment=enrolment,
        grant__handed_over_on=days_ago(200),
        serial_numbers=SERIAL,
    )
    business = BusinessFactory(
        client=client,
        grants=[item.grant],
        name="Konveksi Bu Ani",
        products="Seragam sekolah dan gamis",
        created_by=worker_malang,
    )
    return Grantee(client, enrolment, item, business)


@pytest.fixture
def others(transactional_db, worker_malang):
    """Sri of Kota Malang, whose business was flat at last month's visit (she stays on the
    worklist), and a Bojonegoro grantee never visited (outside the Malang worker's area)."""
    sri, sri_business, sri_item = grantee_with_business(
        regency_code=KOTA_MALANG, handed_over_on=days_ago(400)
    )
    sri.name = SRI
    sri.save()
    visit = FollowUpVisitFactory(
        business=sri_business,
        visited_on=days_ago(30),
        visited_by=worker_malang,
        status=FollowUpVisit.Status.FLAT,
        net_income=600_000,
    )
    EquipmentCheck.objects.create(
        visit=visit, grant_item=sri_item, condition=EquipmentCheck.Condition.IN_USE
    )
    bojonegoro, _business, _item = grantee_with_business(
        regency_code=BOJONEGORO, handed_over_on=days_ago(300)
    )
    bojonegoro.name = "Siti Bojonegoro"
    bojonegoro.save()
    return sri, bojonegoro


# The acceptance -----------------------------------------------------------------


def test_worker_records_a_visit_from_the_worklist_on_a_phone(
    logged_in_page, worker_malang, ani, others
):
    sri, bojonegoro = others
    client, business, item = ani.client, ani.business, ani.item
    visit_url = reverse("programs:visit_create", args=[business.pk])
    page = logged_in_page(worker_malang, viewport=PHONE)

    # The worklist: Sri (flat business, more urgent) first, then Ani, never visited and
    # overdue since the grant; the Bojonegoro grantee is not the Malang worker's.
    page.goto(WORKLIST)
    expect(page.locator("h1")).to_have_text("Perlu tindak lanjut")
    expect(page.locator("main tbody tr")).to_have_count(2)
    expect(page.locator("main tbody tr").first).to_contain_text(SRI)
    expect(page.locator("main tbody tr").last).to_contain_text(ANI)
    expect(page.locator("main")).not_to_contain_text(bojonegoro.name)
    row = worklist_row(page, client)
    expect(row).to_contain_text("Belum pernah dikunjungi")
    expect(row).to_contain_text("belum pernah")  # last visit
    today = timezone.localdate()
    overdue = (today - days_ago(200)).days - (today - months_ago(today, 6)).days
    expect(row).to_contain_text(f"{overdue} hari")
    expect(worklist_row(page, sri)).to_contain_text("Usaha tidak berkembang atau tutup")
    assert_no_sideways_scroll(page, "the worklist")

    # The filters: Kota Malang, never visited -> Ani alone; the CSV link keeps the filters.
    filter_worklist(page, regency="Kota Malang", reason="never_visited")
    assert re.search(r"[?&]reason=never_visited(&|$)", page.url), page.url
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(row).to_have_count(1)
    expect(page.locator(".result-count")).to_have_text("1 klien perlu tindak lanjut")
    csv_link = page.get_by_role("link", name="Unduh CSV")
    csv_href = csv_link.get_attribute("href")
    assert "reason=never_visited" in csv_href and "format=csv" in csv_href, csv_href
    download = page.request.get(page.url.split("?")[0] + csv_href)
    assert download.ok, download.status
    assert download.headers["content-type"].startswith("text/csv")
    csv_text = download.text()
    assert client.registration_number in csv_text and ANI in csv_text, csv_text
    assert SRI not in csv_text, csv_text
    assert_no_sideways_scroll(page, "the filtered worklist")

    # "Catat kunjungan": she has one business, so straight to its visit form.
    record = row.get_by_role("link", name=re.compile(r"^Catat kunjungan"))
    expect(record).to_be_visible()
    record.click()
    page.wait_for_url(path_is(visit_url))
    expect(page.locator("h1")).to_have_text("Catat kunjungan")
    expect(page.locator("main .lead")).to_contain_text(business.name)
    expect(page.locator("#id_visited_on")).to_have_value(today.isoformat())
    condition = page.locator(f"#id_item_{item.pk}")
    expect(page.locator(f'label[for="id_item_{item.pk}"]')).to_have_text(
        f"Mesin jahit ({SERIAL}) *"
    )
    expect(condition).to_have_value(EquipmentCheck.Condition.IN_USE)
    assert_no_sideways_scroll(page, "the visit form")

    visited_on = days_ago(1)
    page.fill("#id_visited_on", visited_on.isoformat())
    page.fill("#id_net_income", "Rp3.000.000")
    page.fill("#id_employees", "4")
    page.get_by_label("Berkembang", exact=True).check()
    condition.select_option(label="Dipakai")
    page.get_by_label("Pemasaran", exact=True).check()
    page.fill("#id_notes", NOTES)
    page.set_input_files("#id_photo", files=[png_photo()])
    submit(
        page,
        page.get_by_role("button", name="Simpan kunjungan"),
        path_is(business.get_absolute_url()),
    )

    visit = FollowUpVisit.objects.get(business=business)
    assert (visit.visited_on, visit.net_income, visit.revenue, visit.employees) == (
        visited_on,
        3_000_000,
        None,
        4,
    )
    assert visit.status == FollowUpVisit.Status.DEVELOPING
    assert visit.visited_by == worker_malang
    assert visit.notes == NOTES
    assert [s.name for s in visit.support.all()] == ["Pemasaran"]
    assert [(c.grant_item, c.condition) for c in visit.equipment_checks.all()] == [
        (item, EquipmentCheck.Condition.IN_USE)
    ]
    assert visit.photo.name.endswith(".jpg")

    # The business page: income now against the baseline, employees, months since the grant.
    expect(page.locator(".messages")).to_contain_text("Kunjungan telah dicatat.")
    expect(page.locator("h1")).to_have_text(business.name)
    income = stat(page, "Penghasilan bersih per bulan sekarang")
    expect(income.locator(".stat__value")).to_have_text("Rp3.000.000")
    expect(income.locator(".stat__note")).to_have_text("sebelum pelatihan: Rp400.000; +Rp2.600.000")
    employees = stat(page, "Tenaga kerja sekarang")
    expect(employees.locator(".stat__value")).to_have_text("4")
    expect(employees.locator(".stat__note")).to_have_text("pada kunjungan pertama: 4")
    months = months_between(days_ago(200), today)
    expect(stat(page, "Bulan sejak bantuan").locator(".stat__value")).to_have_text(str(months))
    expect(stat(page, "Status pada kunjungan terakhir").locator(".stat__value")).to_have_text(
        "Berkembang"
    )
    visit_row = visits_table(page).locator("tbody tr").first
    with translation.override("id"):
        expect(visit_row.locator("th")).to_have_text(date_format(visited_on, "j M Y"))
    for text in ("Berkembang", "Rp3.000.000", "Mesin jahit: Dipakai", "Pemasaran"):
        expect(visit_row).to_contain_text(text)
    expect(visits_table(page).locator("tbody")).to_contain_text(NOTES)
    photo_url = reverse("programs:visit_photo", args=[visit.pk])
    expect(visit_row.locator(f'a[href="{photo_url}"]')).to_have_count(1)
    photo = page.request.get(photo_url)
    assert photo.ok and photo.headers["content-type"] == "image/jpeg", photo.status
    assert_no_sideways_scroll(page, "the business page with a visit")

    # Fine now: off the worklist, Sri is still on it; no Malang client is never visited.
    page.goto(WORKLIST)
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(worklist_row(page, sri)).to_have_count(1)
    expect(worklist_row(page, client)).to_have_count(0)
    filter_worklist(page, reason="never_visited")
    expect(page.locator("main tbody tr")).to_have_count(0)
    expect(page.locator("main .empty").first).to_have_text(NOBODY)
    expect(page.locator(".result-count")).to_have_text("0 klien perlu tindak lanjut")


def test_income_in_words_is_refused_next_to_the_field(logged_in_page, worker_malang, ani):
    business = ani.business
    visit_url = reverse("programs:visit_create", args=[business.pk])
    page = logged_in_page(worker_malang)
    page.goto(visit_url)
    page.fill("#id_net_income", "tiga juta")
    page.fill("#id_employees", "2")
    page.get_by_label("Berkembang", exact=True).check()
    page.get_by_label("Pemasaran", exact=True).check()
    page.fill("#id_notes", NOTES)

    submit(page, page.get_by_role("button", name="Simpan kunjungan"), path_is(visit_url))

    income = field_of(page, "id_net_income")
    expect(income).to_have_class(re.compile(r"\bfield--error\b"))
    expect(income.locator(".error")).to_have_text(f"Kesalahan: {BAD_INCOME_MESSAGE}")
    expect(page.locator("#id_net_income")).to_have_attribute("aria-invalid", "true")
    references = described_by(page, "id_net_income")
    assert None not in references, f"#id_net_income names a missing id: {references}"
    assert any(BAD_INCOME_MESSAGE in text for text in references), references
    # Only that field is wrong; the summary links to it and takes the focus.
    expect(page.locator("main .field--error"), str(page_errors(page))).to_have_count(1)
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary.locator('a[href="#id_net_income"]')).to_have_text(
        "Penghasilan bersih per bulan (Rp)"
    )
    # What was typed is kept.
    expect(page.locator("#id_notes")).to_have_value(NOTES)
    expect(page.locator("#id_net_income")).to_have_value("tiga juta")
    expect(page.locator("#id_employees")).to_have_value("2")
    expect(page.get_by_label("Berkembang", exact=True)).to_be_checked()
    expect(page.get_by_label("Pemasaran", exact=True)).to_be_checked()
    assert not FollowUpVisit.objects.exists()
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page, "the visit form with an error")


def test_status_radios_are_a_named_group_that_the_error_summary_reaches(
    logged_in_page, worker_malang, ani
):
    """The status is four radios: a screen reader must hear them as one group named
    "Status usaha", hear its error with it, and the summary's link must lead to it."""
    visit_url = reverse("programs:visit_create", args=[ani.business.pk])
    page = logged_in_page(worker_malang)
    page.goto(visit_url)
    page.fill("#id_net_income", "3000000")
    page.fill("#id_employees", "1")

    submit(page, page.get_by_role("button", name="Simpan kunjungan"), path_is(visit_url))

    status = field_of(page, "id_status_0")
    expect(status.locator(".error")).to_have_text("Kesalahan: Bidang ini tidak boleh kosong.")
    found = page.evaluate(
        """() => {
            const radio = document.getElementById("id_status_0");
            const group = radio.closest("fieldset, [role=radiogroup], [role=group]");
            const name = group && group.matches("fieldset")
                ? group.querySelector(":scope > legend")?.textContent
                : group?.getAttribute("aria-label");
            const holder = [radio, group].find((el) => el?.getAttribute("aria-describedby"));
            const described = (holder?.getAttribute("aria-describedby") || "")
                .split(/\\s+/).filter(Boolean)
                .map((id) => document.getElementById(id)?.textContent.trim() ?? "");
            const link = [...document.querySelectorAll("#form-errors a")]
                .find((a) => a.textContent.trim().startsWith("Status usaha"));
            const target = link && document.getElementById(link.hash.slice(1));
            return {
                group: name ? name.replace(/\\s+/g, " ").trim() : null,
                described,
                link: link?.getAttribute("href") ?? null,
                linkReaches: Boolean(target && target.contains(radio) || target === radio),
                emptyFor: [...document.querySelectorAll('main label[for=""]')]
                    .map((label) => label.textContent.replace(/\\s+/g, " ").trim()),
            };
        }"""
    )
    problems = []
    if not (found["group"] or "").startswith("Status usaha"):
        problems.append(
            f"the radios are in no fieldset/group named 'Status usaha' (found {found['group']!r})"
        )
    if not any("tidak boleh kosong" in text for text in found["described"]):
        problems.append(
            "the error is not in the aria-describedby of the radios or of their group "
            f"(describes: {found['described']})"
        )
    if not found["linkReaches"]:
        problems.append(
            f"the error summary's 'Status usaha' link is href={found['link']!r}, "
            "which leads to no element holding the radios"
        )
    if found["emptyFor"]:
        problems.append(f'labels with an empty for="" (tied to nothing): {found["emptyFor"]}')
    assert not problems, "the visit form's status radios:\n- " + "\n- ".join(problems)


# axe-core -------------------------------------------------------------------------------


def test_follow_up_pages_have_no_axe_violations(logged_in_page, worker_malang, ani, others):
    client, business, item = ani.client, ani.business, ani.item
    failures = []
    page = logged_in_page(worker_malang)

    page.goto(WORKLIST)
    expect(page.locator("main tbody tr")).to_have_count(2)
    assert_accessible(page, "worklist", failures)

    page.goto(reverse("programs:business_create", args=[client.pk]))
    expect(page.locator("input[name=grants]")).to_have_count(1)
    assert_accessible(page, "business create form", failures)

    visit_url = reverse("programs:visit_create", args=[business.pk])
    page.goto(visit_url)
    expect(page.locator(f"#id_item_{item.pk}")).to_be_visible()
    assert_accessible(page, "empty visit form", failures)

    page.fill("#id_net_income", "tiga juta")
    submit(page, page.get_by_role("button", name="Simpan kunjungan"), path_is(visit_url))
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator(".field--error")).not_to_have_count(0)
    assert_accessible(page, "visit form with errors", failures)

    # Two visits: flat five months ago, developing last month, with support and a note.
    FollowUpVisitFactory(
        business=business,
        visited_on=days_ago(150),
        visited_by=worker_malang,
        status=FollowUpVisit.Status.FLAT,
        net_income=500_000,
        employees=0,
    )
    visit = FollowUpVisitFactory(
        business=business,
        visited_on=days_ago(30),
        visited_by=worker_malang,
        status=FollowUpVisit.Status.DEVELOPING,
        net_income=2_500_000,
        employees=3,
        notes=NOTES,
    )
    visit.support.add(SupportKind.objects.get(name="Pemasaran"))
    EquipmentCheck.objects.create(
        visit=visit, grant_item=item, condition=EquipmentCheck.Condition.IN_USE
    )

    page.goto(business.get_absolute_url())
    expect(visits_table(page).locator("tbody")).to_contain_text(NOTES)
    expect(stat(page, "Penghasilan bersih per bulan sekarang")).to_contain_text("+Rp2.100.000")
    assert_accessible(page, "business page with visits", failures)

    page.goto(client.get_absolute_url())
    businesses = page.get_by_role("region", name="Usaha", exact=True)
    expect(businesses.locator(f'a[href="{business.get_absolute_url()}"]')).to_have_text(
        business.name
    )
    expect(businesses).to_contain_text("Berkembang")
    assert_accessible(page, "client page with the businesses section", failures)

    assert not failures, "axe found accessibility violations:\n" + "\n\n".join(failures)
