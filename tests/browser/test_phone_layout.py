"""The pages a social worker and a manager use most, on a 360 x 740 phone (issue #16).

At 360 px the client page's training and grant tables, the cohort roster, the report's
breakdowns and the client list must read without a value cut off, the page must not scroll
sideways, and axe-core must find nothing. The header must stay compact, and the report must
show its figures before its eleven filters (collapsed unless a filter is set).

"No cell is clipped" is checked on every rendered <td> and <th> in <main>:

* its content fits the cell: `cell.scrollWidth <= cell.clientWidth + 1` (a word or a form
  control wider than its cell sticks out of it, and a stacked row whose value column is too
  narrow shows it so);
* walking up from the cell, every ancestor that clips (`overflow-x` hidden or clip) holds
  the cell's box; an ancestor that scrolls (`overflow-x` auto or scroll) may hold it
  beyond its edge, since the reader scrolls to it, and from there on the scroll container
  itself is what must be held;
* what is left (the cell, or its outermost scroll container) lies within the window,
  0 to `window.innerWidth`;
* a scroll container that does scroll keeps its table's first column in view
  (`position: sticky`), so that a scrolled value still has its row's name beside it.

Cells that are not rendered (a closed <details>) or hidden on purpose for screen readers
only (the `clip` of the visually-hidden pattern, as the stacked tables' header rows) are
not looked at: nobody sees them.

Each test collects what it finds on every page, so that one run reports all of it.
"""

import datetime
import itertools

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from beneficiaries import roles
from beneficiaries.models import AssistiveDevice, DisabilityKind, PpksType
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory, place, staff_user, upt
from programs import services
from programs.models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    SkillArea,
    TrainingProgram,
)

from .conftest import DESKTOP
from .test_programs import _summary

pytestmark = pytest.mark.browser

AXE = Axe()
PHONE = {"width": 360, "height": 740}
HEADER_MAX_PX = 100
DESKTOP_HEADER_MAX_PX = 120  # the brand, and the longest menu beside or below it
REPORT = reverse("programs:report_outcomes")

NAME = "Wahyu Lestari Ningsih Rahayuningtyas"
# Typed with its own prefix: the pages show it as typed, never "BAST BAST/...".
BAST_PREFIXED = "BAST/0318/DINSOS-JATIM/2026"
BAST_PLAIN = "0412/DINSOS-JATIM/UPT-BD/2026"
CERTIFICATE = "SRT/0177/UPT-BD/2026"


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


# The checks -----------------------------------------------------------------------------

LAYOUT = """() => {
    const vw = window.innerWidth;
    const describe = (el) => {
        const row = el.closest("tr");
        const table = el.closest("table");
        const caption = table?.caption?.textContent.trim()
            || table?.closest("section")?.querySelector("h2")?.textContent.trim() || "table";
        const text = el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40);
        const rowIndex = row ? [...table.rows].indexOf(row) : -1;
        return `${caption} row ${rowIndex} ${el.tagName.toLowerCase()} "${text}"`;
    };
    const hiddenOnPurpose = (el) => {
        for (let a = el; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.clip !== "auto" || (style.clipPath && style.clipPath !== "none")) return true;
        }
        return false;
    };
    const problems = [];
    const scrollers = new Set();
    for (const cell of document.querySelectorAll("main td, main th")) {
        const rect = cell.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        if (hiddenOnPurpose(cell)) continue;
        if (cell.scrollWidth > cell.clientWidth + 1) {
            problems.push(`${describe(cell)}: content ${cell.scrollWidth}px wide in a `
                + `${cell.clientWidth}px wide cell`);
        }
        let box = rect;
        let scroller = null;
        for (let a = cell.parentElement; a && a !== document.body; a = a.parentElement) {
            const overflow = getComputedStyle(a).overflowX;
            if (overflow === "visible") continue;
            const held = a.getBoundingClientRect();
            if (overflow === "auto" || overflow === "scroll") {
                scroller = a;
                scrollers.add(a);
                box = held;
                continue;
            }
            if (box.left < held.left - 1 || box.right > held.right + 1) {
                problems.push(`${describe(cell)}: cut off by ${a.tagName.toLowerCase()}`
                    + `.${a.className} (overflow-x: ${overflow})`);
            }
        }
        if (box.left < -1 || box.right > vw + 1) {
            problems.push(`${describe(cell)}: ${scroller ? "its scroll container" : "the cell"} `
                + `spans ${Math.round(box.left)}..${Math.round(box.right)}px of a ${vw}px window`);
        }
    }
    for (const scroller of scrollers) {
        if (scroller.scrollWidth <= scroller.clientWidth + 1) continue;
        for (const row of scroller.querySelectorAll("tr")) {
            const first = row.cells[0];
            const shown = first && first.getBoundingClientRect().width > 0;
            if (!shown || hiddenOnPurpose(first)) continue;
            if (getComputedStyle(first).position !== "sticky") {
                problems.push(`${describe(first)}: its table scrolls sideways `
                    + `(${scroller.scrollWidth}px in ${scroller.clientWidth}px) `
                    + "but its first column does not stay in view");
                break;
            }
        }
    }
    const header = document.querySelector(".site-header").getBoundingClientRect().height;
    return {
        problems,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: vw,
        header: Math.round(header),
        cells: document.querySelectorAll("main td, main th").length,
    };
}"""


def check_page(page, what, failures, *, cells=True):
    """The layout checks of the module docstring, the header's height and axe-core, on the
    page as shown now; what fails goes to `failures`."""
    found = page.evaluate(LAYOUT)
    if cells:
        assert found["cells"] > 0, f"{what}: no table cells at all (the world is missing?)"
    if found["scrollWidth"] > found["innerWidth"]:
        failures.append(
            f"{what}: the page scrolls sideways ({found['scrollWidth']}px wide content in a "
            f"{found['innerWidth']}px window)"
        )
    failures.extend(f"{what}: {problem}" for problem in found["problems"][:12])
    if found["header"] > HEADER_MAX_PX:
        failures.append(f"{what}: the header is {found['header']}px high (at most {HEADER_MAX_PX})")
    violations = AXE.run(page).response["violations"]
    if violations:
        failures.append(f"{what}, axe-core at {PHONE['width']}px:\n{_summary(violations)}")


def assert_no_failures(failures):
    assert not failures, "On a 360 px phone:\n" + "\n".join(failures)


# The world ------------------------------------------------------------------------------


@pytest.fixture
def world(transactional_db, worker_bojonegoro):
    """A sewing cohort of four women of Bojonegoro; one of them (long name) completed it
    with a certificate, is in a second, longer-named program, received two grants (one BAST
    number typed with its own prefix, one without) and runs a business visited once."""
    place(BOJONEGORO)
    sewing = TrainingProgram.objects.create(
        name="Pelatihan Menjahit dan Konveksi",
        skill_area=SkillArea.objects.get(name="Menjahit dan konveksi"),
        funding_source=FundingSource.objects.get(name="APBD Provinsi"),
    )
    catering = TrainingProgram.objects.create(
        name="Pelatihan Tata Boga dan Pengolahan Makanan Ringan Berbasis Rumah Tangga",
        skill_area=SkillArea.objects.get(name="Tata boga"),
        funding_source=FundingSource.objects.get(name="APBN"),
    )
    batch = Batch.objects.create(
        program=sewing,
        name="Angkatan I 2026 (Kelas Reguler Bina Daksa)",
        service_unit=upt(),
        venue="Aula UPT Rehabilitasi Sosial Bina Daksa Pasuruan",
        start_date=days_ago(60),
        end_date=days_ago(20),
        capacity=20,
    )
    later = Batch.objects.create(
        program=catering,
        name="Angkatan II 2026",
        service_unit=upt(),
        start_date=days_ago(10),
        end_date=days_ago(-30),
        capacity=20,
    )
    worker = worker_bojonegoro
    her = ClientFactory(regency_code=BOJONEGORO, name=NAME, birth_date=datetime.date(1980, 7, 15))
    her.disabilities.set(
        DisabilityKind.objects.get(code="fisik").types.filter(name="Lumpuh layuh atau kaku")
    )
    her.assistive_devices.set(AssistiveDevice.objects.filter(name="Kursi roda"))
    her.ppks_types.set(PpksType.objects.filter(name="Penyandang Disabilitas"))
    others = [
        ClientFactory(regency_code=BOJONEGORO, name=name)
        for name in ("Siti Aminah", "Dewi Kusumawardhani Pratiwi", "Rina Marlina")
    ]
    enrolment = services.enrolment_create(
        batch=batch, client=her, enrolled_by=worker, enrolled_on=days_ago(70), income_before=400_000
    )
    services.enrolment_update(
        enrolment=enrolment,
        changed_by=worker,
        status=Enrolment.Status.COMPLETED,
        completed_on=batch.end_date,
        sessions_attended=18,
        certificate_number=CERTIFICATE,
    )
    services.enrolment_create(batch=later, client=her, enrolled_by=worker)
    for other, status in zip(
        others,
        (Enrolment.Status.WITHDREW, Enrolment.Status.FAILED, Enrolment.Status.ATTENDING),
        strict=True,
    ):
        services.enrolment_update(
            enrolment=services.enrolment_create(
                batch=batch, client=other, enrolled_by=worker, enrolled_on=days_ago(70)
            ),
            changed_by=worker,
            status=status,
        )
    grants = [
        services.grant_hand_over(
            client=her,
            recorded_by=worker,
            handed_over_on=days_ago(15),
            bast_number=BAST_PREFIXED,
            funding_source=FundingSource.objects.get(name="APBD Provinsi"),
            enrolment=enrolment,
            items=[
                services.ItemInput(EquipmentType.objects.get(name="Mesin jahit"), 1),
                services.ItemInput(EquipmentType.objects.get(name="Mesin obras"), 1),
            ],
        ),
        services.grant_hand_over(
            client=her,
            recorded_by=worker,
            handed_over_on=days_ago(5),
            bast_number=BAST_PLAIN,
            funding_source=FundingSource.objects.get(name="APBN"),
            items=[services.ItemInput(EquipmentType.objects.get(name="Oven"), 2)],
        ),
    ]
    business = services.business_register(
        client=her,
        registered_by=worker,
        grants=grants[:1],
        name="Konveksi dan Jahit Seragam Bu Wahyu",
        sector=Business.Sector.GARMENTS,
    )
    services.visit_record(
        business=business,
        visited_by=worker,
        visited_on=days_ago(1),
        net_income=3_000_000,
        employees=4,
        status=FollowUpVisit.Status.DEVELOPING,
        equipment=dict.fromkeys(grants[0].items.all(), EquipmentCheck.Condition.IN_USE),
    )
    return {"client": her, "batch": batch}


# The tests ------------------------------------------------------------------------------


def test_client_page_roster_and_list_read_on_a_phone(logged_in_page, worker_bojonegoro, world):
    page = logged_in_page(worker_bojonegoro, PHONE)
    failures = []

    page.goto(world["client"].get_absolute_url())
    expect(page.locator("#grants-title")).to_be_visible()
    check_page(page, "the client page", failures)
    # The BAST numbers as typed (item 11); the header's buttons together, "Edit" first
    # (not spread across the header with "Edit" in its middle).
    grants = page.locator("main section[aria-labelledby=grants-title] tbody th")
    expect(grants).to_have_text([BAST_PLAIN, BAST_PREFIXED])
    page.set_viewport_size(DESKTOP)
    buttons = (
        page.locator("main .page-header")
        .first.locator("a.button")
        .evaluate_all(
            "(links) => links.map((a) => [a.textContent.trim(), a.getBoundingClientRect().left,"
            " a.getBoundingClientRect().right])"
        )
    )
    assert buttons and buttons[0][0] == "Ubah", buttons
    for (name, _, right), (after, left, _) in itertools.pairwise(buttons):
        if not 0 <= left - right <= 17:
            failures.append(
                f"the client page's header: {after!r} is {left - right:.0f}px "
                f"after {name!r} (its buttons are not together)"
            )
    page.set_viewport_size(PHONE)

    page.goto(world["batch"].get_absolute_url())
    expect(page.locator("#roster-title")).to_be_visible()
    check_page(page, "the cohort roster", failures)

    page.goto(reverse("beneficiaries:client_list"))
    expect(page.locator("main tbody tr")).to_have_count(4)
    check_page(page, "the client list", failures)

    assert_no_failures(failures)


def test_report_reads_on_a_phone_with_its_filters_collapsed(logged_in_page, manager, world):
    page = logged_in_page(manager, PHONE)
    failures = []

    page.goto(REPORT)
    filters = page.locator("main form.report-filters details")
    expect(filters).to_have_count(1)
    if filters.get_attribute("open") is not None:
        failures.append("the report without a filter: its filters are open")
    first_figure = page.locator("main .stat").first.bounding_box()
    if first_figure["y"] >= PHONE["height"]:
        failures.append(
            f"the report without a filter: its first figure starts at {first_figure['y']:.0f}px, "
            f"below the first {PHONE['height']}px screen"
        )
    check_page(page, "the report", failures)

    # Opened with the keyboard from its summary, the filters are usable.
    page.locator("main form.report-filters summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_batch")).to_be_visible()
    page.select_option("#id_batch", str(world["batch"].pk))
    with page.expect_navigation():
        page.locator("main form.report-filters button[type=submit]").click()
    assert f"batch={world['batch'].pk}" in page.url, page.url
    if page.locator("main form.report-filters details").get_attribute("open") is None:
        failures.append("the report filtered to a cohort: its filters are closed")
    expect(page.locator("#id_batch")).to_have_value(str(world["batch"].pk))
    check_page(page, "the report filtered to a cohort", failures)

    assert_no_failures(failures)


def test_the_header_is_compact_on_a_phone_and_whole_on_a_desktop(logged_in_page, live_server):
    # The longest menu: every entry (a staff user who is a manager) and a long name.
    user = staff_user("kepala-bidang", group=roles.MANAGER, province_wide=True)
    user.first_name, user.last_name, user.is_staff = "Bambang Sutrisno", "Wicaksono Adi", True
    user.save()
    page = logged_in_page(user, PHONE)
    failures = []
    reports = page.locator(f'.site-header a[href="{REPORT}"]')

    page.goto(REPORT)
    height = page.evaluate("() => document.querySelector('.site-header').offsetHeight")
    if height > HEADER_MAX_PX:
        failures.append(f"the header is {height}px high (at most {HEADER_MAX_PX})")
    expect(reports).to_be_hidden()
    # The menu opens with the keyboard; the report alone is marked current (item 11).
    menu = page.locator(".site-header summary")
    menu.focus()
    page.keyboard.press("Enter")
    expect(reports).to_be_visible()
    expect(page.locator(".site-header [aria-current=page]")).to_have_count(1)
    expect(reports).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Keluar", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    expect(reports).to_be_hidden()
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    violations = AXE.run(page).response["violations"]
    if violations:
        failures.append(f"the report with its menu open, axe-core:\n{_summary(violations)}")

    # On a desktop the whole menu shows, no button to open it, in two rows at most.
    page.set_viewport_size(DESKTOP)
    expect(reports).to_be_visible()
    expect(menu).to_be_hidden()
    height = page.evaluate("() => document.querySelector('.site-header').offsetHeight")
    if height > DESKTOP_HEADER_MAX_PX:
        failures.append(f"the header on a desktop is {height}px high")

    assert_no_failures(failures)
