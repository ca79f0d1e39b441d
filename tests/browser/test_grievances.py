"""Grievances in a real browser, on a phone: a social worker records a complaint about the
overlock machine of a Bojonegoro grantee from her grant page, assigns it, comments and
resolves it; it shows on the grantee's timeline. axe-core checks every new page (desktop
and phone), none of which may scroll sideways at 360 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.models import Grievance, GrievanceNote

from .conftest import PHONE
from .test_programs import (
    assert_accessible,
    assert_no_sideways_scroll,
    graduate_with_grant,  # noqa: F401 (fixture)
    path_is,
    png_photo,
    sewing_batch,  # noqa: F401 (fixture)
    siti,  # noqa: F401 (fixture)
    submit,
)

pytestmark = pytest.mark.browser

DETAIL = re.compile(r"/grievances/\d+/$")


def test_worker_records_assigns_comments_and_resolves_a_complaint_on_a_phone(
    logged_in_page,
    worker_bojonegoro,
    graduate_with_grant,  # noqa: F811
    siti,  # noqa: F811
):
    _, grant = graduate_with_grant
    failures = []
    page = logged_in_page(worker_bojonegoro, PHONE)

    # From the grant's page, "record a grievance about this grant".
    page.goto(grant.get_absolute_url())
    create = reverse("programs:grievance_create_for_client", args=[siti.pk])
    page.locator(f'main a[href="{create}?grant={grant.pk}"]').click()
    page.wait_for_url(re.compile(re.escape(create)))
    assert_no_sideways_scroll(page, "the grievance form")
    assert_accessible(page, "the grievance form", failures)
    expect(page.locator("#id_grant")).to_have_value(str(grant.pk))

    # First without a description: refused next to the field, what was typed kept.
    page.select_option("#id_channel", "whatsapp")
    page.select_option("#id_category", label="Bantuan rusak/tidak sesuai")
    page.select_option("#id_severity", "high")
    submit(page, page.locator("main form .actions button[type=submit]"), path_is(create))
    expect(page.locator("#id_description_error")).to_be_visible()
    expect(page.locator("#id_channel")).to_have_value("whatsapp")
    assert_accessible(page, "the grievance form with an error", failures)

    page.fill("#id_description", "mesin obras rusak, tidak bisa menjahit tepi kain")
    page.set_input_files("#id_attachment", png_photo())
    submit(page, page.locator("main form .actions button[type=submit]"), DETAIL)
    grievance = Grievance.objects.get()
    assert (grievance.client, grievance.grant, grievance.channel) == (siti, grant, "whatsapp")
    assert grievance.attachments.count() == 1
    expect(page.locator("h1")).to_contain_text(grievance.number)
    expect(page.locator("main")).to_contain_text("mesin obras rusak")
    assert_no_sideways_scroll(page, "the grievance page")
    assert_accessible(page, "the grievance page", failures)

    # Assign it to herself: "being handled", and a line on the thread.
    page.select_option("#id_assigned_to", str(worker_bojonegoro.pk))
    submit(page, page.locator(f'form[action$="/{grievance.pk}/assign/"] button'), DETAIL)
    grievance.refresh_from_db()
    assert grievance.assigned_to == worker_bojonegoro
    assert grievance.status == Grievance.Status.IN_PROGRESS

    # Comment: the action taken.
    page.select_option("#id_kind", "action")
    page.fill("#id_text", "Teknisi UPT memeriksa mesin di rumah klien.")
    submit(page, page.locator(f'form[action$="/{grievance.pk}/notes/"] button'), DETAIL)
    expect(page.locator(".thread")).to_contain_text("Teknisi UPT memeriksa mesin")

    # Resolve without saying how: refused; then with the resolution.
    page.select_option("#id_status", "resolved")
    status_button = page.locator(f'form[action$="/{grievance.pk}/status/"] button')
    submit(page, status_button, re.compile(r"/grievances/\d+/status/$"))
    expect(page.locator("#id_resolution_error")).to_be_visible()
    assert_accessible(page, "the status form with an error", failures)
    page.fill("#id_resolution", "Mesin obras diganti dengan unit baru.")
    page.select_option("#id_acceptance", "accepted")
    submit(page, page.locator(f'form[action$="/{grievance.pk}/status/"] button'), DETAIL)
    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.RESOLVED
    assert grievance.closed_on is not None
    kinds = list(grievance.notes.values_list("kind", flat=True))
    assert kinds.count(GrievanceNote.Kind.ACTION) == 1
    assert kinds.count(GrievanceNote.Kind.CHANGE) == 2  # assigned, resolved

    # On her timeline and her page.
    page.goto(siti.get_absolute_url())
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text(grievance.number)
    expect(page.locator("#grievances-title")).to_be_visible()

    # The list, the report and the worklist, as she sees them.
    for url, what in (
        (reverse("programs:grievance_list"), "the grievance list"),
        (reverse("programs:grievance_report"), "the grievance report"),
        (reverse("programs:worklist"), "the worklist with grievances"),
    ):
        page.goto(url)
        assert_no_sideways_scroll(page, what)
        assert_accessible(page, what, failures)
    page.goto(reverse("programs:grievance_list"))
    expect(page.locator("main table")).to_contain_text(grievance.number)

    assert not failures, "axe-core found problems:\n" + "\n\n".join(failures)
