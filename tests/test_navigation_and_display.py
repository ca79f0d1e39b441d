"""What the header's menu marks current, how a BAST number is shown, and when the report's
filters open (issue #16, items 10 and 11; the phone layout itself is tested in the browser,
tests/browser/test_phone_layout.py)."""

import re

import pytest
from django.urls import reverse

from beneficiaries.tests.factories import KOTA_MALANG, ClientFactory, place
from programs.models.grants import bast_label
from programs.reports.forms import ReportFilterForm
from programs.templatetags.report_filters import filters_set
from programs.tests.factories import (
    BatchFactory,
    GrantFactory,
    GrantItemFactory,
    grantee_with_business,
)

REPORT = reverse("programs:report_outcomes")


def current_entries(html):
    """The hrefs of the main menu's links marked aria-current="page"."""
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    assert nav, "no main menu on the page"
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav.group(0))


# The menu: one entry is current, the page's own ------------------------------------------


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("home", "home"),
        ("beneficiaries:client_list", "beneficiaries:client_list"),
        ("beneficiaries:client_detail", "beneficiaries:client_list"),
        ("programs:worklist", "programs:worklist"),
        ("programs:report_outcomes", "programs:report_outcomes"),
        ("programs:program_list", "programs:program_list"),
        ("programs:batch_detail", "programs:program_list"),
    ],
)
def test_the_menu_marks_one_entry_current(client, worker_malang, page, current):
    place(KOTA_MALANG)
    args = {
        "beneficiaries:client_detail": lambda: [ClientFactory().pk],
        "programs:batch_detail": lambda: [BatchFactory().pk],
    }.get(page, list)()
    client.force_login(worker_malang)

    response = client.get(reverse(page, args=args))

    assert response.status_code == 200
    assert current_entries(response.content.decode()) == [reverse(current)]


# A BAST number: as typed, "BAST" put before it only when it lacks the word ---------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("BAST/0318/DINSOS-JATIM/2026", "BAST/0318/DINSOS-JATIM/2026"),
        ("bast 0318/2026", "bast 0318/2026"),
        ("Bast-0318", "Bast-0318"),
        ("0318/DINSOS-JATIM/2026", "BAST 0318/DINSOS-JATIM/2026"),
        ("  0318  ", "BAST 0318"),
        ("", ""),
        (None, ""),
    ],
)
def test_bast_label(typed, shown):
    assert bast_label(typed) == shown


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("BAST/0007/DINSOS/2026", "BAST/0007/DINSOS/2026"),
        ("0007/DINSOS/2026", "BAST 0007/DINSOS/2026"),
    ],
)
def test_the_grant_page_names_the_bast_once(client, worker_malang, typed, title):
    place(KOTA_MALANG)
    grant = GrantFactory(bast_number=typed)
    GrantItemFactory(grant=grant)
    client.force_login(worker_malang)

    page = client.get(reverse("programs:grant_detail", args=[grant.pk])).content.decode()

    assert f"<title>{title} ·" in page
    assert re.search(rf"<h1>[^<]*, {re.escape(title)}</h1>", page), page[:3000]
    assert "BAST BAST" not in page


def test_the_client_page_shows_the_bast_number_as_typed(client, worker_malang):
    place(KOTA_MALANG)
    grant = GrantFactory(bast_number="BAST/0009/DINSOS/2026")
    GrantItemFactory(grant=grant)
    client.force_login(worker_malang)

    page = client.get(grant.client.get_absolute_url()).content.decode()

    assert f'<a href="{grant.get_absolute_url()}">BAST/0009/DINSOS/2026</a>' in page


# The report's filters: folded unless one is set ------------------------------------------


@pytest.mark.parametrize(
    ("data", "is_set"),
    [
        (None, False),  # the report as first opened
        ({}, False),
        ({"basis": "grant", "year_from": "", "sex": ""}, False),  # "Show" with the defaults
        ({"basis": "training"}, True),
        ({"sex": "P"}, True),
        ({"year_from": "2025"}, True),
        ({"year_from": "2026", "year_to": "2025"}, True),  # an error to correct
        ({"year_from": "not a year"}, True),
    ],
)
def test_filters_set(db, data, is_set):
    assert filters_set(ReportFilterForm(data)) is is_set


@pytest.mark.parametrize(("query", "opened"), [("", False), ("?sex=P", True)])
def test_the_report_folds_its_filters_unless_one_is_set(client, manager, query, opened):
    client.force_login(manager)

    page = client.get(REPORT + query).content.decode()

    details = re.search(
        r'<form method="get" class="filters report-filters"[^>]*>\s*'
        r'(?:\{#.*?#\}\s*)?<details class="filters__more"( open)?>',
        page,
    )
    assert details, "the report's filters are not in a <details>"
    assert bool(details.group(1)) is opened


def test_no_page_or_log_says_bast_twice(client, worker_malang):
    """The client's timeline, the business page and the document's access log name a
    grant through Grant.bast_label too."""
    grantee, business, item = grantee_with_business(regency_code=KOTA_MALANG)
    item.grant.bast_number = "BAST/0010/DINSOS/2026"
    item.grant.save()
    client.force_login(worker_malang)

    pages = [
        client.get(grantee.get_absolute_url()).content.decode(),
        client.get(reverse("programs:business_detail", args=[business.pk])).content.decode(),
    ]

    assert all("BAST/0010/DINSOS/2026" in page for page in pages)
    assert not any("BAST BAST" in page for page in pages)
