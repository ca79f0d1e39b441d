"""The whole story, end to end, in a real browser.

A social worker in Bojonegoro registers a woman who uses a wheelchair, enrols her in a
sewing cohort, marks her completed with a certificate, records the sewing machine and the
overlock handed over to her, her tailoring business and a visit that finds it developing.
Then a manager opens the outcome report filtered to that cohort and finds her in every
figure she belongs to, on the page and in the XLSX download (the same tables). The report
is also used with the keyboard alone, and axe-core checks it (filtered and not) at 1280 px
and at 390 px, where the document must not scroll sideways (tables scroll in .table-wrap).

The report's labels are still being translated, so the tests find things by URL, id, name
and value; where a label is needed it is the msgid put through the same catalogue as the
page (so the test reads whatever the page shows, Indonesian or still English).
"""

import datetime
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from beneficiaries.models import AssistiveDevice, Client, DisabilityKind, PpksType
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, place, upt
from core.jobs.models import Job
from programs import services
from programs.models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    Grant,
    SkillArea,
    TrainingProgram,
)
from programs.tests.factories import BatchFactory, TrainingProgramFactory

from .conftest import DESKTOP, PageProblems
from .test_programs import _summary, assert_no_sideways_scroll, path_is, submit

pytestmark = pytest.mark.browser

AXE = Axe()
PHONE = {"width": 390, "height": 844}
REPORT = reverse("programs:report_outcomes")

NAME = "Wahyu Lestari"
NIK = "3522125507800002"  # Sumberrejo, Bojonegoro; a woman born 15 July 1980
BIRTH_DATE = "1980-07-15"
DISABILITY = "Disabilitas fisik: Lumpuh layuh atau kaku"
DEVICE = "Kursi roda"
PPKS = "Penyandang Disabilitas"
PROGRAM_NAME = "Pelatihan Menjahit dan Konveksi"
BATCH_NAME = "Angkatan I 2026"
CERTIFICATE = "SRT/0177/UPT-BD/2026"
BAST = "BAST/0318/DINSOS-JATIM/2026"
BUSINESS_NAME = "Konveksi Bu Wahyu"
GRANT_VALUE = 5_250_000  # Mesin jahit Rp2.500.000 + Mesin obras Rp2.750.000 (standard values)
INCOME_BEFORE = 400_000
INCOME_NOW = 3_000_000
EMPLOYEES = 4
XLSX = re.compile(r"^\s*(Unduh|Download) XLSX\s*$", re.IGNORECASE)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def t(msgid):
    """A msgid as the page shows it: the live server runs in this process, with the same
    catalogue, and the pages are in Indonesian."""
    with translation.override("id"):
        return str(translation.gettext(msgid))


# Helpers --------------------------------------------------------------------------------


def assert_accessible(page, what, failures):
    """axe-core at 1280 px and at 390 px; the violations go to `failures`, so that one
    run reports every state of the page. Leaves the page at the desktop size."""
    for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        page.set_viewport_size(viewport)
        violations = AXE.run(page).response["violations"]
        if violations:
            failures.append(f"{what}, {name} ({viewport['width']}px):\n{_summary(violations)}")
    page.set_viewport_size(DESKTOP)


def number(text):
    """A cell of a report table as the page writes it (programs/numbers.py): an en dash
    (none), Rp5.250.000, 1.234, 100,0 %, 1,8."""
    text = text.strip()
    if text in ("\u2013", ""):
        return None
    sign = -1 if text.startswith("-") else 1
    bare = text.lstrip("-").removeprefix("Rp").removesuffix(" %")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})*", bare):
        return sign * int(bare.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})*,\d+", bare):
        return sign * float(bare.replace(".", "").replace(",", "."))
    return text


def page_tables(page):
    """Every table of the report (the ones shared with the exports), as
    {title: {"header": [...], "rows": [[label, values...], ...]}}."""
    raw = page.evaluate(
        """() => [...document.querySelectorAll("main table.report-table")].map((table) => ({
            title: table.caption.textContent.trim(),
            header: [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim()),
            rows: [...table.tBodies[0].rows].map(
                (row) => [...row.cells].map((cell) => cell.textContent.trim())),
        }))"""
    )
    return {
        table["title"]: {
            "header": table["header"],
            "rows": [[row[0], *(number(cell) for cell in row[1:])] for row in table["rows"]],
        }
        for table in raw
    }


def xlsx_tables(path):
    """The XLSX report: the title, the filters in force, then each table after an empty
    row (its title, its header, its rows). Returns (filters, {title: table})."""
    # From the bytes: openpyxl goes by the file name's extension, and a download has none.
    sheet = load_workbook(io.BytesIO(Path(path).read_bytes()), read_only=True).active
    blocks, block = [], []
    for row in sheet.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:  # every row is as wide as the widest table
            row.pop()
        if not row:
            blocks.append(block)
            block = []
        else:
            block.append(row)
    blocks.append(block)
    heading, *tables = [b for b in blocks if b]
    filters = {str(row[0]): str(row[1]) for row in heading[1:]}
    parsed = {}
    for table in tables:
        title, header, *body = table
        width = len(header)
        parsed[str(title[0])] = {
            "header": ["" if cell is None else str(cell) for cell in header],
            "rows": [[*row, *[None] * (width - len(row))] for row in body],
        }
    return filters, parsed


def row_of(table, label):
    """The values of the row whose first cell is `label` (padded to the header)."""
    for row in table["rows"]:
        if row[0] == label:
            values = list(row[1:])
            return values + [None] * (len(table["header"]) - 1 - len(values))
    raise AssertionError(f"no row {label!r} in {[row[0] for row in table['rows']]}")


def figure(table, msgid):
    return row_of(table, t(msgid))[0]


def stat(page, msgid):
    """A headline figure of the report page, found by its label."""
    label = t(msgid)
    return page.locator("main .stat").filter(
        has=page.locator(".stat__label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )


def open_filters(page):
    """The report's filters are folded (a <details>) until one is set: open them."""
    filters = page.locator("main form.report-filters details")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()


def filter_by_cohort(page, batch):
    open_filters(page)
    page.select_option("#id_batch", label=str(batch))
    with page.expect_navigation():
        page.locator("main form.report-filters button[type=submit]").click()
    assert re.search(rf"[?&]batch={batch.pk}(&|$)", page.url), page.url


def xlsx_button(page):
    """The report's "Download XLSX": a form's button, whose POST starts the job that makes
    the workbook (programs/reports/jobs.py); its action carries the report's filters."""
    return page.locator("main form.inline-form button", has_text=XLSX)


def download_from_job(page):
    """On the job's page (tests run a job at once: it is done), its download link."""
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    return page.locator('main a[href$="/download/"]')


def focused(page):
    """What has the focus: its tag, id, href and computed outline."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                href: el.getAttribute("href"),
                text: el.textContent.trim().slice(0, 60),
                outlineStyle: style.outlineStyle,
                outlineWidth: style.outlineWidth,
                focusVisible: el.matches(":focus-visible"),
            };
        }"""
    )


def tab_to(page, matches, what, limit=80):
    """Press Tab until `matches(focused)`; fail naming the last focus if it never comes."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if matches(now):
            return now
        seen.append(now["id"] or now["href"] or now["tag"])
    raise AssertionError(f"{limit} presses of Tab never reached {what}; went through {seen}")


# Fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def downloads_are_not_failed_requests(monkeypatch):
    """Chromium ends a navigation that turns into a download with net::ERR_ABORTED, and
    Playwright reports that as a failed request; conftest's PageProblems would fail the
    test for it. Let through exactly that: an aborted navigation to a report export or to a
    job's file. The
    tests check the download itself (its name and its content)."""
    report_failure = PageProblems._request_failed

    def request_failed(self, request):
        query = urlsplit(request.url).query
        if (
            request.failure == "net::ERR_ABORTED"
            and request.is_navigation_request()
            and (
                (
                    urlsplit(request.url).path == REPORT
                    and re.search(r"(^|&)format=(xlsx|csv)(&|$)", query)
                )
                or re.fullmatch(r"/jobs/[0-9a-f-]+/download/", urlsplit(request.url).path)
            )
        ):
            return
        report_failure(self, request)

    monkeypatch.setattr(PageProblems, "_request_failed", request_failed)


@pytest.fixture
def sumberrejo(transactional_db):
    """Kabupaten Bojonegoro with the district 35.22.12 Sumberrejo and its village
    35.22.12.2001 Tlogohaji."""
    return place(BOJONEGORO)


@pytest.fixture
def sewing_batch(transactional_db):
    """The sewing cohort at a UPT; it ended ten days ago."""
    today = timezone.localdate()
    program = TrainingProgram.objects.create(
        name=PROGRAM_NAME,
        skill_area=SkillArea.objects.get(name="Menjahit dan konveksi"),
        funding_source=FundingSource.objects.get(name="APBD Provinsi"),
        description="Menjahit pakaian dan konveksi rumahan untuk penyandang disabilitas.",
    )
    return Batch.objects.create(
        program=program,
        name=BATCH_NAME,
        service_unit=upt(),
        venue="Aula UPT Rehabilitasi Sosial Bina Daksa Pasuruan",
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=10),
        capacity=20,
    )


@pytest.fixture
def other_cohort(transactional_db, worker_malang):
    """Someone the cohort filter must leave out: a man of Kota Malang trained in catering,
    given an oven, whose business was flat at its visit."""
    program = TrainingProgramFactory(
        name="Pelatihan Tata Boga", skill_area=SkillArea.objects.get(name="Tata boga")
    )
    batch = BatchFactory(
        program=program,
        name="Angkatan II 2025",
        start_date=days_ago(200),
        end_date=days_ago(150),
    )
    # A number of an earlier year: the registration form allocates this year's numbers
    # from its own sequence, which does not skip a number a factory has already used.
    client = ClientFactory(
        regency_code=KOTA_MALANG,
        name="Bambang Santoso",
        sex=Client.Sex.MALE,
        registration_number="35-2025-000417",
    )
    enrolment = services.enrolment_create(
        batch=batch,
        client=client,
        enrolled_by=worker_malang,
        enrolled_on=batch.start_date - datetime.timedelta(days=14),
        income_before=800_000,
    )
    services.enrolment_update(
        enrolment=enrolment,
        changed_by=worker_malang,
        status=Enrolment.Status.COMPLETED,
        completed_on=batch.end_date,
        sessions_attended=22,
    )
    grant = services.grant_hand_over(
        client=client,
        recorded_by=worker_malang,
        handed_over_on=days_ago(140),
        bast_number="BAST/0099/DINSOS-JATIM/2025",
        funding_source=FundingSource.objects.get(name="APBN"),
        enrolment=enrolment,
        items=[services.ItemInput(EquipmentType.objects.get(name="Oven"), 1)],
    )
    business = services.business_register(
        client=client,
        registered_by=worker_malang,
        grants=[grant],
        name="Katering Pak Bambang",
        sector=Business.Sector.FOOD,
    )
    services.visit_record(
        business=business,
        visited_by=worker_malang,
        visited_on=days_ago(60),
        net_income=900_000,
        employees=1,
        status=FollowUpVisit.Status.FLAT,
        equipment=dict.fromkeys(grant.items.all(), EquipmentCheck.Condition.IN_USE),
    )
    return batch


@pytest.fixture
def her_story(sumberrejo, sewing_batch, other_cohort, worker_bojonegoro):
    """The same story as the first test, recorded through the services (for the tests of
    the report page alone)."""
    client = ClientFactory(
        regency_code=BOJONEGORO,
        name=NAME,
        birth_date=datetime.date(1980, 7, 15),
    )
    client.disabilities.set(
        DisabilityKind.objects.get(code="fisik").types.filter(name="Lumpuh layuh atau kaku")
    )
    client.assistive_devices.set(AssistiveDevice.objects.filter(name=DEVICE))
    client.ppks_types.set(PpksType.objects.filter(name=PPKS))
    enrolment = services.enrolment_create(
        batch=sewing_batch,
        client=client,
        enrolled_by=worker_bojonegoro,
        enrolled_on=sewing_batch.start_date - datetime.timedelta(days=7),
        income_before=INCOME_BEFORE,
    )
    services.enrolment_update(
        enrolment=enrolment,
        changed_by=worker_bojonegoro,
        status=Enrolment.Status.COMPLETED,
        completed_on=sewing_batch.end_date,
        sessions_attended=20,
        certificate_number=CERTIFICATE,
    )
    grant = services.grant_hand_over(
        client=client,
        recorded_by=worker_bojonegoro,
        handed_over_on=days_ago(5),
        bast_number=BAST,
        funding_source=FundingSource.objects.get(name="APBD Provinsi"),
        enrolment=enrolment,
        items=[
            services.ItemInput(EquipmentType.objects.get(name="Mesin jahit"), 1),
            services.ItemInput(EquipmentType.objects.get(name="Mesin obras"), 1),
        ],
    )
    business = services.business_register(
        client=client,
        registered_by=worker_bojonegoro,
        grants=[grant],
        name=BUSINESS_NAME,
        sector=Business.Sector.GARMENTS,
    )
    services.visit_record(
        business=business,
        visited_by=worker_bojonegoro,
        visited_on=timezone.localdate(),
        net_income=INCOME_NOW,
        employees=EMPLOYEES,
        status=FollowUpVisit.Status.DEVELOPING,
        equipment=dict.fromkeys(grant.items.all(), EquipmentCheck.Condition.IN_USE),
    )
    return sewing_batch


# The acceptance: the whole story -------------------------------------------------


def test_her_story_from_registration_to_the_outcome_report(
    logged_in_page, worker_bojonegoro, manager, sumberrejo, sewing_batch, other_cohort
):
    page = logged_in_page(worker_bojonegoro)

    # 1. Registration, with the dependent address selects.
    page.goto(reverse("beneficiaries:client_create"))
    page.fill("#id_name", NAME)
    page.fill("#id_nik", NIK)
    page.select_option("#id_sex", value=Client.Sex.FEMALE)
    page.fill("#id_birth_date", BIRTH_DATE)
    page.select_option("#id_regency", label="Kabupaten Bojonegoro")
    expect(page.locator("#id_district option", has_text="Sumberrejo")).to_be_attached()
    page.select_option("#id_district", label="Sumberrejo")
    expect(page.locator("#id_village option", has_text="Tlogohaji")).to_be_attached()
    page.select_option("#id_village", label="Tlogohaji")
    page.get_by_label(PPKS, exact=True).check()
    page.get_by_label(DISABILITY, exact=True).check()
    page.get_by_label(DEVICE, exact=True).check()
    submit(page, page.locator("main form button[type=submit]"), re.compile(r"/clients/\d+/$"))

    client = Client.objects.get(name=NAME)
    assert page.url.endswith(client.get_absolute_url())
    assert (client.nik, client.sex, client.birth_date) == (
        NIK,
        Client.Sex.FEMALE,
        datetime.date(1980, 7, 15),
    )
    assert (client.regency_id, client.district.code, client.village.code) == (
        BOJONEGORO,
        "35.22.12",
        "35.22.12.2001",
    )
    assert [str(d) for d in client.disabilities.all()] == [DISABILITY]
    assert [d.name for d in client.assistive_devices.all()] == [DEVICE]
    assert [p.name for p in client.ppks_types.all()] == [PPKS]

    # 2. Enrolment in the sewing cohort, with her income before the training.
    batch_url = sewing_batch.get_absolute_url()
    enrol_url = reverse("programs:batch_enrol", args=[sewing_batch.pk])
    page.goto(batch_url)
    page.locator(f'main a[href="{enrol_url}"]').click()
    page.wait_for_url(path_is(enrol_url))
    page.fill("#id_q", "lestari")
    with page.expect_navigation():
        page.locator("#id_q").press("Enter")
    candidates = page.locator(".candidate-list > li")
    expect(candidates).to_have_count(1)
    expect(candidates).to_contain_text(client.registration_number)
    page.fill(f"#income-{client.pk}", "Rp400.000")
    # Enrolled a week before the cohort began (it has ended: a completion cannot come
    # before the enrolment).
    enrolled_on = sewing_batch.start_date - datetime.timedelta(days=7)
    page.fill(f"#enrolled-{client.pk}", enrolled_on.isoformat())
    submit(page, candidates.locator("button[type=submit]"), path_is(batch_url))
    enrolment = Enrolment.objects.get(client=client)
    assert (enrolment.batch, enrolment.income_before) == (sewing_batch, INCOME_BEFORE)

    # 3. Completed, with a certificate, on the enrolment's page.
    edit_url = reverse("programs:enrolment_edit", args=[enrolment.pk])
    row = page.locator("main tbody tr", has=page.locator(f'a[href="{client.get_absolute_url()}"]'))
    row.locator(f'a[href="{edit_url}"]').click()
    page.wait_for_url(path_is(edit_url))
    page.select_option("#id_status", Enrolment.Status.COMPLETED)
    page.fill("#id_completed_on", sewing_batch.end_date.isoformat())
    page.fill("#id_sessions_attended", "20")
    page.fill("#id_certificate_number", CERTIFICATE)
    submit(page, page.locator("main form .actions button[type=submit]"), path_is(batch_url))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.certificate_number) == (
        Enrolment.Status.COMPLETED,
        CERTIFICATE,
    )

    # 4. The grant: a sewing machine and an overlock, with the BAST number.
    grant_path = reverse("programs:grant_create", args=[client.pk])
    row.locator(f'a[href="{grant_path}?enrolment={enrolment.pk}"]').click()
    page.wait_for_url(path_is(grant_path))
    expect(page.locator("#id_enrolment")).to_have_value(str(enrolment.pk))
    page.fill("#id_handed_over_on", days_ago(5).isoformat())
    page.fill("#id_bast_number", BAST)
    page.select_option("#id_funding_source", label="APBD Provinsi")
    page.select_option("#id_items-0-equipment_type", label="Mesin jahit")
    page.fill("#id_items-0-quantity", "1")
    if page.locator("#id_items-1-equipment_type").count() == 0:
        submit(page, page.locator("button[name=add_item]"), path_is(grant_path))
    page.select_option("#id_items-1-equipment_type", label="Mesin obras")
    page.fill("#id_items-1-quantity", "1")
    submit(
        page,
        page.locator("main form .actions button[type=submit]"),
        re.compile(r"/programs/grants/\d+/$"),
    )
    grant = Grant.objects.get(client=client)
    assert (grant.bast_number, grant.enrolment) == (BAST, enrolment)
    assert sorted((i.equipment_type.name, i.quantity) for i in grant.items.all()) == [
        ("Mesin jahit", 1),
        ("Mesin obras", 1),
    ]
    assert sum(i.quantity * i.unit_value for i in grant.items.all()) == GRANT_VALUE

    # 5. Her business, from her page ("Catat usaha"), working with the grant.
    business_path = reverse("programs:business_create", args=[client.pk])
    page.goto(client.get_absolute_url())
    record_business = page.locator(f'main a[href="{business_path}"]')
    expect(record_business).to_have_text(re.compile(r"^\s*(Catat usaha|Record a business)\s*$"))
    record_business.click()
    page.wait_for_url(path_is(business_path))
    page.fill("#id_name", BUSINESS_NAME)
    page.select_option("#id_sector", Business.Sector.GARMENTS)
    page.fill("#id_products", "Jahitan seragam dan gamis")
    page.locator(f'input[name="grants"][value="{grant.pk}"]').check()
    submit(
        page,
        page.locator("main form .actions button[type=submit]"),
        re.compile(r"/programs/businesses/\d+/$"),
    )
    business = Business.objects.get(client=client)
    assert list(business.grants.all()) == [grant]

    # 6. A visit: developing, Rp3.000.000 a month, four employees, both machines in use.
    visit_path = reverse("programs:visit_create", args=[business.pk])
    page.locator(f'main a[href="{visit_path}"]').first.click()
    page.wait_for_url(path_is(visit_path))
    page.fill("#id_net_income", "Rp3.000.000")
    page.fill("#id_employees", str(EMPLOYEES))
    page.locator(f'input[name="status"][value="{FollowUpVisit.Status.DEVELOPING}"]').check()
    conditions = page.locator('main select[id^="id_item_"]')
    expect(conditions).to_have_count(2)
    for index in range(2):
        conditions.nth(index).select_option(EquipmentCheck.Condition.IN_USE)
    submit(
        page,
        page.locator("main form .actions button[type=submit]"),
        path_is(business.get_absolute_url()),
    )
    visit = FollowUpVisit.objects.get(business=business)
    assert (visit.net_income, visit.employees, visit.status) == (
        INCOME_NOW,
        EMPLOYEES,
        FollowUpVisit.Status.DEVELOPING,
    )
    assert sorted(
        (c.grant_item.equipment_type.name, c.condition) for c in visit.equipment_checks.all()
    ) == [
        ("Mesin jahit", EquipmentCheck.Condition.IN_USE),
        ("Mesin obras", EquipmentCheck.Condition.IN_USE),
    ]

    # 7. The manager's outcome report, filtered to the cohort with the filter form.
    report = logged_in_page(manager)
    report.goto(REPORT)
    expect(stat(report, "Trained").locator(".stat__value")).to_have_text("2")  # both cohorts
    filter_by_cohort(report, sewing_batch)
    expect(report.locator("#id_batch")).to_have_value(str(sewing_batch.pk))
    assert_report_shows_her(report)

    # 8. The XLSX download, made by a job: the same tables and figures.
    tables_on_page = page_tables(report)
    button = xlsx_button(report)
    expect(button).to_have_count(1)
    assert f"batch={sewing_batch.pk}" in button.locator("xpath=..").get_attribute("action")
    button.click()
    with report.expect_download() as download_info:
        download_from_job(report).click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    filters, workbook = xlsx_tables(download.path())
    assert filters.get(t("Cohort")) == str(sewing_batch), filters
    assert_figures_are_hers(workbook, "the XLSX")
    assert workbook == tables_on_page, "the XLSX's tables differ from the page's"


def assert_report_shows_her(page):
    """The headline figures (value and note, as the template words them) and the tables
    of the report page, filtered to her cohort."""
    figures = {
        "Trained": ("1", f"{t('%(completed)s completed') % {'completed': 1}} (100 %)"),
        "Received equipment": (
            "1",
            t("%(count)s grants worth %(value)s") % {"count": 1, "value": "Rp5.250.000"},
        ),
        "Businesses followed up": (
            "1",
            t("coverage in the last %(interval)s months:")
            % {"interval": settings.FOLLOW_UP_INTERVAL_MONTHS}
            + " 100 %",
        ),
        "Median net monthly income now": (
            "Rp3.000.000",
            f"{t('before training: %(before)s') % {'before': 'Rp400.000'}}; "
            f"{t('median change: %(change)s') % {'change': 'Rp2.600.000'}}",
        ),
        "People working": ("5", t("%(employees)s jobs beyond the owners") % {"employees": 4}),
    }
    for msgid, (value, note) in figures.items():
        expect(stat(page, msgid).locator(".stat__value")).to_have_text(value)
        expect(stat(page, msgid).locator(".stat__note")).to_have_text(note)
    assert_figures_are_hers(page_tables(page), "the report page")


def assert_figures_are_hers(tables, where):
    """Her figures in the tables of the page or of the XLSX (the same tables)."""
    titles = list(tables)
    assert len(titles) == 9, f"{where}: tables {titles}"
    headline = tables[t("Headline figures")]
    expected = {
        "Enrolled in training": 1,
        "Completed training": 1,
        "Completion rate (%)": 100,
        "Grants": 1,
        "Clients who received a grant": 1,
        "Value of grants (Rp)": GRANT_VALUE,
        "Businesses followed up": 1,
        "Median net monthly income now (Rp)": INCOME_NOW,
        "Mean net monthly income now (Rp)": INCOME_NOW,
        "Median monthly income before training (Rp)": INCOME_BEFORE,
        "Median change in monthly income (Rp)": INCOME_NOW - INCOME_BEFORE,
        "Employees (jobs beyond the owner)": EMPLOYEES,
        "People working in the businesses": EMPLOYEES + 1,
    }
    found = {msgid: figure(headline, msgid) for msgid in expected}
    assert found == expected, f"{where}: headline figures"

    statuses = tables[t("Status at the latest visit")]
    with translation.override("id"):
        developing = str(FollowUpVisit.Status.DEVELOPING.label)
    assert row_of(statuses, developing) == [1, 100], f"{where}: {statuses}"
    assert sum(row[1] for row in statuses["rows"]) == 1, f"{where}: {statuses}"

    # Her row in every breakdown: enrolled, completed, grants, value, followed,
    # developing, developing %, mean income; and nobody else in that breakdown.
    hers = [1, 1, 1, GRANT_VALUE, 1, 1, 100, INCOME_NOW]
    for msgid, label in (
        ("By regency/city", "Kabupaten Bojonegoro"),
        ("By program", PROGRAM_NAME),
        ("By cohort", f"{PROGRAM_NAME}: {BATCH_NAME}"),
        ("By PPKS type", PPKS),
        ("By disability kind", "Disabilitas fisik"),
        ("By sex", "Perempuan"),
    ):
        table = tables[t(msgid)]
        assert row_of(table, label) == hers, f"{where}, {msgid}: {row_of(table, label)}"
        trained = sum(row[1] or 0 for row in table["rows"])
        assert trained == 1, f"{where}, {msgid}: others are counted: {table['rows']}"
    trend = tables[t("Visits by quarter")]
    assert [row[1:] for row in trend["rows"]] == [[1, 1, INCOME_NOW]], f"{where}: {trend}"


# The report with the keyboard alone ------------------------------------------------------


def test_report_filtered_and_downloaded_with_the_keyboard_alone(logged_in_page, manager, her_story):
    batch = her_story
    page = logged_in_page(manager)
    page.goto(REPORT)

    # From the top of the page, Tab to the filters (folded while none is set), open them
    # with Enter, then Tab on to the cohort filter.
    tab_to(
        page,
        lambda el: el["tag"] == "summary" and el["text"] == t("Filters"),
        "the report's filters (their <summary>)",
    )
    page.keyboard.press("Enter")
    tab_to(page, lambda el: el["id"] == "id_batch", "the cohort filter (#id_batch)")
    # Choose her cohort with the arrow keys (the select stays closed: no mouse, no popup).
    options = page.locator("#id_batch option").evaluate_all(
        "(options) => options.map((o) => o.value)"
    )
    assert str(batch.pk) in options, options
    for _ in range(options.index(str(batch.pk))):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_batch")).to_have_value(str(batch.pk))
    # On to the form's button, then Enter submits the filter.
    button = tab_to(
        page,
        lambda el: el["tag"] == "button" and el["id"] == "" and el["href"] is None,
        "the filter form's submit button",
    )
    assert page.evaluate(
        "() => document.activeElement.closest('form')?.classList.contains('report-filters')"
        " && document.activeElement.type === 'submit'"
    ), f"the first button after the cohort filter is not the form's submit button: {button}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(rf"[?&]batch={batch.pk}(&|$)", page.url), page.url
    expect(stat(page, "Trained").locator(".stat__value")).to_have_text("1")

    # From the top of the new page, Tab to "Unduh XLSX", start its job with Enter, then
    # Tab to the job's download link and download with Enter.
    button = tab_to(
        page,
        lambda el: el["tag"] == "button" and XLSX.match(el["text"]),
        "the XLSX download button",
    )
    assert button["focusVisible"], (
        f"the focused XLSX button does not match :focus-visible: {button}"
    )
    assert button["outlineStyle"] != "none" and button["outlineWidth"] != "0px", (
        f"the focused XLSX button shows no focus outline: {button}"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    download_from_job(page)
    assert f"batch={batch.pk}" in Job.objects.latest("created_at").params["query"]
    link = tab_to(
        page,
        lambda el: el["tag"] == "a" and (el["href"] or "").endswith("/download/"),
        "the job's download link",
    )
    assert link["focusVisible"], f"the focused download link does not match :focus-visible: {link}"
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    filters, workbook = xlsx_tables(download_info.value.path())
    assert filters.get(t("Cohort")) == str(batch), filters
    assert_figures_are_hers(workbook, "the XLSX downloaded with the keyboard")


# axe-core and the phone screen ----------------------------------------------------------


def test_report_has_no_axe_violations_and_fits_a_phone(logged_in_page, manager, her_story):
    batch = her_story
    failures = []
    page = logged_in_page(manager)

    page.goto(REPORT)
    expect(stat(page, "Trained").locator(".stat__value")).to_have_text("2")
    assert_accessible(page, "outcome report", failures)
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page, "the outcome report")
    page.set_viewport_size(DESKTOP)

    filter_by_cohort(page, batch)
    expect(stat(page, "Trained").locator(".stat__value")).to_have_text("1")
    assert_accessible(page, "outcome report filtered to a cohort", failures)
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page, "the outcome report filtered to a cohort")

    assert not failures, "axe found accessibility violations:\n" + "\n\n".join(failures)
