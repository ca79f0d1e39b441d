"""Training programs and equipment grants in a real browser: a social worker enrols a
client, marks her completed and records the equipment handed over to her (no JavaScript
needed for the extra item row), then finds it on the client's page. axe-core checks every
page of the programs app; the roster and the grant form must fit a phone screen.

Translations of the new strings may lag behind the code, so the tests find things by URL,
id, name or value, and by label only with both languages allowed.
"""

import datetime
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, upt
from programs import services
from programs.models import (
    Batch,
    Enrolment,
    EquipmentType,
    FundingSource,
    Grant,
    SkillArea,
    TrainingProgram,
)

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

AXE = Axe()
PROGRAM_NAME = "Pelatihan Menjahit dan Konveksi"
BATCH_NAME = "Angkatan I 2026"
CERTIFICATE = "SRT/0142/UPT-BD/2026"
BAST = "BAST/0231/DINSOS-JATIM/2026"
# The standard values of the reference data: Mesin jahit Rp2.500.000 + Mesin obras Rp2.750.000.
STANDARD_TOTAL = "Rp5.250.000"
GRANT_DETAIL = re.compile(r"/programs/grants/\d+/$")


# Helpers --------------------------------------------------------------------------------


def _summary(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.extend(
                    f"        {line}" for line in node["failureSummary"].splitlines() if line
                )
    return "\n".join(lines)


def assert_accessible(page, what, failures):
    """Run axe on the page as shown now, on a desktop and on a phone; collect violations
    in `failures` so that one run reports every page, then leave the desktop size."""
    for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        page.set_viewport_size(viewport)
        violations = AXE.run(page).response["violations"]
        if violations:
            failures.append(f"{what}, {name} ({viewport['width']}px):\n{_summary(violations)}")
    page.set_viewport_size(DESKTOP)


def assert_no_sideways_scroll(page, what):
    """The page is no wider than the window; on failure, name what sticks out."""
    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            sticking_out: [...document.querySelectorAll("main *")]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                    + (typeof el.className === "string" && el.className.trim()
                        ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                    + " (right edge " + Math.round(el.getBoundingClientRect().right) + "px)"),
        })"""
    )
    assert widths["scroll"] <= widths["inner"], (
        f"{what} scrolls sideways on a {widths['inner']}px wide window: {widths['scroll']}px "
        f"wide content; sticking out: {widths['sticking_out']}"
    )


def path_is(path):
    """A URL pattern: the path is exactly `path`, with any query string."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def png_photo():
    """A small PNG, like a phone picture of the hand-over (re-encoded to JPEG on upload)."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="PNG")
    return {"name": "serah-terima.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def bilingual(indonesian, english):
    return re.compile(rf"^\s*({re.escape(indonesian)}|{re.escape(english)})\s*$", re.IGNORECASE)


def grants_section(page):
    return page.get_by_role("region", name=bilingual("Bantuan", "Grants"))


def trainings_section(page):
    return page.get_by_role("region", name=bilingual("Pelatihan", "Trainings"))


def page_errors(page):
    """The errors a form page shows, each with its field's label (for failure messages)."""
    return page.evaluate(
        """() => [
            ...[...document.querySelectorAll("main .form-errors")].map((el) => el.innerText),
            ...[...document.querySelectorAll("main .field--error")].map((field) => {
                const label = field.querySelector("label, legend")?.innerText ?? "?";
                const input = field.querySelector("input, select, textarea");
                const errors = [...field.querySelectorAll(".error")].map((e) => e.innerText);
                return `${input?.id ?? "?"} (${label}): ${errors.join(" ")}`.replace(/\\s+/g, " ");
            }),
        ]"""
    )


def submit(page, button, expected_path):
    """Click a submit button, wait for the response page and check where it landed."""
    with page.expect_navigation():
        button.click()
    assert expected_path.search(page.url), (
        f"after submitting, the browser is on {page.url}; the page shows: {page_errors(page)}"
    )


def submit_button(page):
    """The form's main button (in .actions), not "add another item"."""
    return page.locator("main form .actions button[type=submit]")


# Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def sewing_batch(transactional_db):
    """A sewing program with a batch that ended ten days ago, organised by a UPT."""
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
def siti(transactional_db):
    """Siti Aminah of Bojonegoro, another Bojonegoro client, and a namesake in Kota Malang
    whom the Bojonegoro worker must not find."""
    ClientFactory(regency_code=BOJONEGORO, name="Sri Rahayu")
    ClientFactory(regency_code=KOTA_MALANG, name="Siti Aminah Malang")
    return ClientFactory(regency_code=BOJONEGORO, name="Siti Aminah")


@pytest.fixture
def graduate_with_grant(sewing_batch, siti, worker_bojonegoro):
    """Siti enrolled, completed and given a sewing machine and an overlock (services only)."""
    enrolment = services.enrolment_create(
        batch=sewing_batch,
        client=siti,
        enrolled_by=worker_bojonegoro,
        enrolled_on=sewing_batch.start_date - datetime.timedelta(days=7),
        income_before=900_000,
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
        client=siti,
        recorded_by=worker_bojonegoro,
        handed_over_on=timezone.localdate(),
        bast_number=BAST,
        funding_source=FundingSource.objects.get(name="APBD Provinsi"),
        enrolment=enrolment,
        notes="Diserahkan di rumah klien.",
        items=[
            services.ItemInput(
                equipment_type=EquipmentType.objects.get(name="Mesin jahit"),
                quantity=1,
                serial_numbers="JH-2026-0012",
            ),
            services.ItemInput(
                equipment_type=EquipmentType.objects.get(name="Mesin obras"), quantity=1
            ),
        ],
    )
    return enrolment, grant


# The acceptance -----------------------------------------------------------------


def test_worker_enrols_a_client_and_hands_over_equipment(
    logged_in_page, worker_bojonegoro, sewing_batch, siti
):
    batch_url = sewing_batch.get_absolute_url()
    enrol_url = reverse("programs:batch_enrol", args=[sewing_batch.pk])
    page = logged_in_page(worker_bojonegoro)
    page.goto(batch_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PROGRAM_NAME}: {BATCH_NAME}")

    # Enrol: search by name; only visible clients (Bojonegoro) are offered.
    page.locator(f'main a[href="{enrol_url}"]').click()
    page.wait_for_url(path_is(enrol_url))
    page.fill("#id_q", "aminah")
    page.locator("#id_q").press("Enter")
    page.wait_for_url(re.compile(r"\?q=aminah$"))
    candidates = page.locator(".candidate-list > li")
    expect(candidates).to_have_count(1)
    expect(candidates).to_contain_text("Siti Aminah")
    expect(candidates).to_contain_text(siti.registration_number)
    page.fill(f"#income-{siti.pk}", "Rp1.500.000")
    # Enrolled before the cohort began (it ended ten days ago, and a completion cannot
    # come before the enrolment).
    enrolled_on = sewing_batch.start_date - datetime.timedelta(days=7)
    page.fill(f"#enrolled-{siti.pk}", enrolled_on.isoformat())
    submit(page, candidates.locator("button[type=submit]"), path_is(batch_url))

    enrolment = Enrolment.objects.get()
    assert (enrolment.client, enrolment.batch) == (siti, sewing_batch)
    assert enrolment.income_before == 1_500_000
    assert enrolment.status == Enrolment.Status.REGISTERED
    expect(page.locator(".messages")).to_contain_text("Siti Aminah")
    row = page.locator("tbody tr", has=page.locator(f'a[href="{siti.get_absolute_url()}"]'))
    expect(row).to_have_count(1)
    expect(page.locator(f"#status-{enrolment.pk}")).to_have_value("registered")
    # Not completed yet: no hand-over link.
    expect(row.locator('a[href*="/programs/grants/new/"]')).to_have_count(0)

    # Completed, with a certificate, through the enrolment's own page.
    edit_url = reverse("programs:enrolment_edit", args=[enrolment.pk])
    row.locator(f'a[href="{edit_url}"]').click()
    page.wait_for_url(path_is(edit_url))
    expect(page.locator("#id_income_before")).to_have_value("1.500.000")
    page.select_option("#id_status", "completed")
    page.fill("#id_completed_on", sewing_batch.end_date.isoformat())
    page.fill("#id_sessions_attended", "20")
    page.fill("#id_certificate_number", CERTIFICATE)
    submit(page, submit_button(page), path_is(batch_url))

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_on == sewing_batch.end_date
    assert enrolment.certificate_number == CERTIFICATE
    assert enrolment.sessions_attended == 20
    expect(page.locator(f"#status-{enrolment.pk}")).to_have_value("completed")
    expect(row).to_contain_text(CERTIFICATE)

    # Hand over equipment, from the roster.
    grant_path = reverse("programs:grant_create", args=[siti.pk])
    row.locator(f'a[href="{grant_path}?enrolment={enrolment.pk}"]').click()
    page.wait_for_url(path_is(grant_path))
    expect(page.locator("#id_enrolment")).to_have_value(str(enrolment.pk))
    page.fill("#id_handed_over_on", timezone.localdate().isoformat())
    page.fill("#id_bast_number", BAST)
    page.select_option("#id_funding_source", label="APBD Provinsi")
    page.select_option("#id_items-0-equipment_type", label="Mesin jahit")
    page.fill("#id_items-0-quantity", "1")
    page.fill("#id_items-0-serial_numbers", "JH-2026-0012")
    if page.locator("#id_items-1-equipment_type").count() == 0:
        submit(page, page.locator("button[name=add_item]"), path_is(grant_path))
        expect(page.locator("#id_bast_number")).to_have_value(BAST)
        expect(page.locator("#id_items-0-serial_numbers")).to_have_value("JH-2026-0012")
    page.select_option("#id_items-1-equipment_type", label="Mesin obras")
    page.fill("#id_items-1-quantity", "1")
    page.set_input_files("#id_document", files=[png_photo()])
    submit(page, submit_button(page), GRANT_DETAIL)

    grant = Grant.objects.get()
    assert page.url.endswith(grant.get_absolute_url())
    assert (grant.client, grant.enrolment, grant.bast_number) == (siti, enrolment, BAST)
    assert grant.funding_source.name == "APBD Provinsi"
    assert grant.created_by == worker_bojonegoro
    assert grant.document.name.endswith(".jpg")  # the PNG, re-encoded without metadata
    assert sorted(
        (item.equipment_type.name, item.quantity, item.unit_value) for item in grant.items.all()
    ) == [("Mesin jahit", 1, 2_500_000), ("Mesin obras", 1, 2_750_000)]
    expect(page.locator("h1")).to_contain_text(BAST)
    expect(page.locator("main tbody tr")).to_have_count(2)
    expect(page.locator("main tbody")).to_contain_text("Mesin jahit")
    expect(page.locator("main tbody")).to_contain_text("Mesin obras")
    expect(page.locator("main tfoot .total")).to_have_text(STANDARD_TOTAL)
    document_url = reverse("programs:grant_document", args=[grant.pk])
    expect(page.locator(f'a[href="{document_url}"]')).to_have_count(1)

    # Her page shows the training and, under "Bantuan", both items and the total.
    page.locator(f'main a[href="{siti.get_absolute_url()}"]').first.click()
    page.wait_for_url(path_is(siti.get_absolute_url()))
    trainings = trainings_section(page)
    expect(trainings).to_contain_text(PROGRAM_NAME)
    expect(trainings).to_contain_text(CERTIFICATE)
    grants = grants_section(page)
    expect(grants.locator(f'a[href="{grant.get_absolute_url()}"]')).to_have_text(BAST)
    expect(grants).to_contain_text("1 Mesin jahit")
    expect(grants).to_contain_text("1 Mesin obras")
    expect(grants.locator("tbody td").filter(has_text=re.compile(r"^Rp"))).to_have_text(
        STANDARD_TOTAL
    )
    expect(grants.locator("tfoot .total")).to_have_text(STANDARD_TOTAL)


def test_add_another_item_keeps_what_was_typed(logged_in_page, worker_bojonegoro, siti):
    """The no-JavaScript "add another item" button: same page, typed values kept, one row
    more; the rows left empty are ignored when the grant is recorded."""
    grant_path = reverse("programs:grant_create", args=[siti.pk])
    page = logged_in_page(worker_bojonegoro)
    page.goto(grant_path)
    rows_before = page.locator("fieldset.item-row").count()
    page.fill("#id_handed_over_on", timezone.localdate().isoformat())
    page.fill("#id_bast_number", BAST)
    page.select_option("#id_funding_source", label="APBD Provinsi")
    page.select_option("#id_items-0-equipment_type", label="Mesin jahit")
    page.fill("#id_items-0-unit_value", "2.400.000")

    submit(page, page.locator("button[name=add_item]"), path_is(grant_path))

    expect(page.locator("fieldset.item-row")).to_have_count(rows_before + 1)
    expect(page.locator("#id_bast_number")).to_have_value(BAST)
    expect(page.locator("#id_handed_over_on")).to_have_value(timezone.localdate().isoformat())
    expect(page.locator("#id_items-0-unit_value")).to_have_value("2.400.000")
    expect(page.locator("#id_items-0-equipment_type option:checked")).to_have_text("Mesin jahit")
    assert not Grant.objects.exists()

    # The rows added but left empty are not items: only the sewing machine is recorded.
    submit(page, submit_button(page), GRANT_DETAIL)

    grant = Grant.objects.get()
    assert [(i.equipment_type.name, i.unit_value) for i in grant.items.all()] == [
        ("Mesin jahit", 2_400_000)
    ]
    expect(page.locator("main tfoot .total")).to_have_text("Rp2.400.000")


# axe-core and the phone screen ----------------------------------------------------------


def test_programs_pages_have_no_axe_violations(
    logged_in_page, worker_bojonegoro, graduate_with_grant
):
    enrolment, grant = graduate_with_grant
    batch = enrolment.batch
    # A second participant still in training, so the roster shows both kinds of rows.
    services.enrolment_create(
        batch=batch,
        client=ClientFactory(regency_code=BOJONEGORO, name="Sri Rahayu Ningsih"),
        enrolled_by=worker_bojonegoro,
    )
    failures = []
    page = logged_in_page(worker_bojonegoro)

    page.goto(reverse("programs:program_list"))
    expect(page.locator(f'main a[href="{batch.program.get_absolute_url()}"]')).to_be_visible()
    assert_accessible(page, "program list", failures)

    page.goto(batch.program.get_absolute_url())
    expect(page.locator(f'main a[href="{batch.get_absolute_url()}"]')).to_be_visible()
    assert_accessible(page, "program detail", failures)

    page.goto(batch.get_absolute_url())
    expect(page.locator("main tbody tr")).to_have_count(2)
    assert_accessible(page, "batch roster", failures)

    page.goto(reverse("programs:batch_enrol", args=[batch.pk]) + "?q=s")
    expect(page.locator(".candidate-list > li")).to_have_count(3)  # 2 enrolled, 1 not
    assert_accessible(page, "enrol page with search results", failures)

    page.goto(reverse("programs:enrolment_edit", args=[enrolment.pk]))
    expect(page.locator("#id_certificate_number")).to_have_value(CERTIFICATE)
    assert_accessible(page, "enrolment edit page", failures)

    client = enrolment.client
    page.goto(reverse("programs:grant_create", args=[client.pk]) + f"?enrolment={enrolment.pk}")
    expect(page.locator("#id_enrolment")).to_have_value(str(enrolment.pk))
    assert_accessible(page, "empty grant form", failures)

    submit_button(page).click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator(".field--error").first).to_be_visible()
    assert_accessible(page, "grant form with errors", failures)

    page.goto(grant.get_absolute_url())
    expect(page.locator("main tfoot .total")).to_have_text(STANDARD_TOTAL)
    assert_accessible(page, "grant detail", failures)

    page.goto(client.get_absolute_url())
    expect(grants_section(page).locator("tfoot .total")).to_have_text(STANDARD_TOTAL)
    expect(trainings_section(page)).to_contain_text(CERTIFICATE)
    assert_accessible(page, "client page with trainings and grants", failures)

    assert not failures, "axe found accessibility violations:\n" + "\n\n".join(failures)


def test_roster_and_grant_form_fit_the_screen(
    logged_in_page, worker_bojonegoro, graduate_with_grant
):
    enrolment, _grant = graduate_with_grant
    services.enrolment_create(
        batch=enrolment.batch,
        client=ClientFactory(
            regency_code=BOJONEGORO, name="Sri Wahyuni Kusumaningtyas Rahayuningsih"
        ),
        enrolled_by=worker_bojonegoro,
    )
    page = logged_in_page(worker_bojonegoro, viewport=PHONE)

    page.goto(enrolment.batch.get_absolute_url())
    expect(page.locator("main tbody tr")).to_have_count(2)
    assert_no_sideways_scroll(page, "the batch roster")

    page.goto(reverse("programs:grant_create", args=[enrolment.client.pk]))
    expect(page.locator("#id_items-0-equipment_type")).to_be_visible()
    assert_no_sideways_scroll(page, "the grant form")

    submit_button(page).click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_no_sideways_scroll(page, "the grant form with errors")

    # The item rows must not stick out on a desktop either.
    page.set_viewport_size(DESKTOP)
    assert_no_sideways_scroll(page, "the grant form with errors, on a desktop")
