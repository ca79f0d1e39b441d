"""The market-support report (programs/marketing/report.py) against figures worked out by
hand on one small fixed world: every cell of every table, for the whole province, a year,
a regency/city, and a worker's scope.

The world (today is after 2026; the derived follow-up figures are set directly, as
programs.follow_up.refresh would keep them from visits):

  business  regency     sector     status at the   income     income    employees
                                   latest visit    now        before
  A         Kota Malang konveksi   berkembang      3,000,000  1,000,000  2
  B         Bojonegoro  kuliner    tutup                   0    500,000  0
  C         Kota Malang kuliner    stagnan         1,200,000  1,000,000  1
  D         Bojonegoro  konveksi   (never visited)         -    800,000  -
  F         Kota Malang kerajinan  belum_berkembang  900,000  1,000,000  3
  E         Kota Malang konveksi   berkembang: its client archived, in no table

  market support (orders: buyer, value, delivery)
  A  order      2026-03-10  5,000,000  on time
  A  order      2025-11-20  3,000,000  late
  A  exhibition 2026-05-01  (sales 1,000,000)
  B  order      2026-04-02  2,000,000  on time
  B  order      2026-06-15  (no value) not delivered yet
  B  marketplace 2025-08-01
  F  order      2025-09-09  4,500,000  on time
  F  promotion  2025-02-01
  E  order      2026-01-05 99,000,000  on time      (archived client)
"""

import datetime

import pytest
from django.utils import translation

from beneficiaries.models import Regency
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory
from core.record_writes import record_archive
from programs.marketing import services
from programs.marketing.report import (
    _orders_by,
    by_kind,
    comparison,
    market_report,
    report_businesses,
    report_supports,
)
from programs.models import Business, FollowUpVisit, MarketSupport
from programs.tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind, Buyer, OnTime, Status = (
    MarketSupport.Kind,
    MarketSupport.Buyer,
    MarketSupport.OnTime,
    FollowUpVisit.Status,
)

COMPARISON_HEADER = [
    "Businesses",
    "Number",
    "Followed up",
    "Still open (%)",
    "Median change of income (Rp)",
    "Employees",
    "Employees per business",
]
ORDERS_HEADER = ["Orders", "Businesses", "Value (Rp)", "Delivered on time", "Delivered late"]
WITH, WITHOUT = "With market support", "Without market support"


def a_business(name, regency_code, sector, *, status, income, before, employees):
    business = BusinessFactory(
        client=ClientFactory(regency_code=regency_code), name=name, sector=sector
    )
    # The derived figures, as the follow-up refresh keeps them (set after every factory).
    Business.objects.filter(pk=business.pk).update(
        latest_status=status,
        latest_income=income,
        baseline_income=before,
        latest_employees=employees,
    )
    return business


def order(business, user, on, value, delivery, *, buyer=Buyer.SCHOOL):
    return services.support_record(
        business=business,
        recorded_by=user,
        kind=Kind.ORDER,
        on=on,
        buyer_kind=buyer,
        product="Seragam",
        quantity=10,
        value=value,
        delivery=delivery,
    )


def other(business, user, kind, on, **fields):
    return services.support_record(business=business, recorded_by=user, kind=kind, on=on, **fields)


# name: regency, sector, status at the latest visit, income now, before, employees
BUSINESSES = {
    "A": (KOTA_MALANG, "konveksi", Status.DEVELOPING, 3_000_000, 1_000_000, 2),
    "B": (BOJONEGORO, "kuliner", Status.CLOSED, 0, 500_000, 0),
    "C": (KOTA_MALANG, "kuliner", Status.FLAT, 1_200_000, 1_000_000, 1),
    "D": (BOJONEGORO, "konveksi", None, None, 800_000, None),
    "F": (KOTA_MALANG, "kerajinan", Status.NOT_YET, 900_000, 1_000_000, 3),
    "E": (KOTA_MALANG, "konveksi", Status.DEVELOPING, 5_000_000, 1_000_000, 9),
}


@pytest.fixture
def world(manager, admin_user):
    made = {}
    for name, (regency_code, sector, status, income, before, employees) in BUSINESSES.items():
        made[name] = a_business(
            name,
            regency_code,
            sector,
            status=status,
            income=income,
            before=before,
            employees=employees,
        )
    a, b, e, f = made["A"], made["B"], made["E"], made["F"]

    order(a, manager, D(2026, 3, 10), 5_000_000, OnTime.YES)
    order(a, manager, D(2025, 11, 20), 3_000_000, OnTime.NO, buyer=Buyer.OFFICE)
    other(a, manager, Kind.EXHIBITION, D(2026, 5, 1), title="Gelar Produk", value=1_000_000)
    order(b, manager, D(2026, 4, 2), 2_000_000, OnTime.YES, buyer=Buyer.COMPANY)
    order(b, manager, D(2026, 6, 15), None, OnTime.PENDING)
    other(b, manager, Kind.MARKETPLACE, D(2025, 8, 1), title="Shopee")
    order(f, manager, D(2025, 9, 9), 4_500_000, OnTime.YES)
    other(f, manager, Kind.PROMOTION, D(2025, 2, 1), title="Instagram Dinsos")
    order(e, manager, D(2026, 1, 5), 99_000_000, OnTime.YES)
    record_archive(record=e.client, archived_by=admin_user, reason="Meninggal dunia")
    return made


def report(user, *, regency=None, year=None):
    """The report's tables as the page builds them, in English: (title, header, rows)."""
    with translation.override("en"):
        businesses = report_businesses(user, regency=regency)
        supports = report_supports(businesses, year=year)
        return [(t.title, t.header, t.rows) for t in market_report(businesses, supports)]


def tables(comparison_rows, kinds, regencies, sectors):
    return [
        ("Businesses with and without market support", COMPARISON_HEADER, comparison_rows),
        ("Market support by kind", ["Kind", "Times", "Businesses"], kinds),
        ("Orders brokered by regency/city", ["Regency/city", *ORDERS_HEADER], regencies),
        ("Orders brokered by sector", ["Sector", *ORDERS_HEADER], sectors),
    ]


# --- The whole province ------------------------------------------------------------------


def test_the_whole_province_every_year(world, manager):
    assert report(manager) == tables(
        [
            # A, B, F: A and F open of 3 followed; changes 2,000,000, -500,000, -100,000.
            [WITH, 3, 3, 66.7, -100_000, 5, 1.7],
            # C, D: only C followed (open); its change 200,000.
            [WITHOUT, 2, 1, 100.0, 200_000, 1, 1.0],
        ],
        [
            ["Exhibition or bazaar", 1, 1],
            ["Onboarding to an online marketplace", 1, 1],
            ["Order brokered", 5, 3],
            ["Promotion in the office's channels", 1, 1],
        ],
        [
            ["Kabupaten Bojonegoro", 2, 1, 2_000_000, 1, 0],
            ["Kota Malang", 3, 2, 12_500_000, 2, 1],
        ],
        [
            ["Crafts", 1, 1, 4_500_000, 1, 0],
            ["Garments and tailoring", 2, 1, 8_000_000, 1, 1],
            ["Food and catering", 2, 1, 2_000_000, 1, 0],
        ],
    )


def test_the_year_2026(world, manager):
    assert report(manager, year=2026) == tables(
        [
            # A, B helped in 2026; changes 2,000,000 and -500,000.
            [WITH, 2, 2, 50.0, 750_000, 2, 1.0],
            # F was helped in 2025 only: without, with C and D. Changes 200,000, -100,000.
            [WITHOUT, 3, 2, 100.0, 50_000, 4, 2.0],
        ],
        [["Exhibition or bazaar", 1, 1], ["Order brokered", 3, 2]],
        [
            ["Kabupaten Bojonegoro", 2, 1, 2_000_000, 1, 0],
            ["Kota Malang", 1, 1, 5_000_000, 1, 0],
        ],
        [
            ["Garments and tailoring", 1, 1, 5_000_000, 1, 0],
            ["Food and catering", 2, 1, 2_000_000, 1, 0],
        ],
    )


def test_the_year_2025(world, manager):
    assert report(manager, year=2025) == tables(
        [[WITH, 3, 3, 66.7, -100_000, 5, 1.7], [WITHOUT, 2, 1, 100.0, 200_000, 1, 1.0]],
        [
            ["Onboarding to an online marketplace", 1, 1],
            ["Order brokered", 2, 2],
            ["Promotion in the office's channels", 1, 1],
        ],
        [["Kota Malang", 2, 2, 7_500_000, 1, 1]],
        [
            ["Crafts", 1, 1, 4_500_000, 1, 0],
            ["Garments and tailoring", 1, 1, 3_000_000, 0, 1],
        ],
    )


def test_a_year_without_support(world, manager):
    assert report(manager, year=2024) == tables(
        [[WITH, 0, 0, None, None, 0, None], [WITHOUT, 5, 4, 75.0, 50_000, 6, 1.5]],
        [],
        [],
        [],
    )


# --- Scope and the regency filter --------------------------------------------------------

MALANG = tables(
    [
        # A, F: both open; changes 2,000,000 and -100,000.
        [WITH, 2, 2, 100.0, 950_000, 5, 2.5],
        [WITHOUT, 1, 1, 100.0, 200_000, 1, 1.0],
    ],
    [
        ["Exhibition or bazaar", 1, 1],
        ["Order brokered", 3, 2],
        ["Promotion in the office's channels", 1, 1],
    ],
    [["Kota Malang", 3, 2, 12_500_000, 2, 1]],
    [
        ["Crafts", 1, 1, 4_500_000, 1, 0],
        ["Garments and tailoring", 2, 1, 8_000_000, 1, 1],
    ],
)

BOJONEGORO_TABLES = tables(
    [
        [WITH, 1, 1, 0.0, -500_000, 0, 0.0],
        # D, never visited: counted, not followed up, no figures.
        [WITHOUT, 1, 0, None, None, 0, None],
    ],
    [["Onboarding to an online marketplace", 1, 1], ["Order brokered", 2, 1]],
    [["Kabupaten Bojonegoro", 2, 1, 2_000_000, 1, 0]],
    [["Food and catering", 2, 1, 2_000_000, 1, 0]],
)


def test_a_kota_malang_worker_sees_kota_malang_only(world, worker_malang):
    assert report(worker_malang) == MALANG
    assert set(report_businesses(worker_malang).values_list("name", flat=True)) == {"A", "C", "F"}


def test_a_bojonegoro_worker_sees_bojonegoro_only(world, worker_bojonegoro):
    assert report(worker_bojonegoro) == BOJONEGORO_TABLES


def test_the_regency_filter(world, manager):
    assert report(manager, regency=Regency.objects.get(pk=KOTA_MALANG)) == MALANG
    assert report(manager, regency=Regency.objects.get(pk=BOJONEGORO)) == BOJONEGORO_TABLES


def test_a_worker_filtering_on_another_regency_gets_nothing(world, worker_malang):
    assert report(worker_malang, regency=Regency.objects.get(pk=BOJONEGORO)) == tables(
        [[WITH, 0, 0, None, None, 0, None], [WITHOUT, 0, 0, None, None, 0, None]], [], [], []
    )


def test_a_kota_malang_worker_in_2026(world, worker_malang):
    assert report(worker_malang, year=2026) == tables(
        [
            [WITH, 1, 1, 100.0, 2_000_000, 2, 2.0],
            # C and F (helped in 2025 only): changes 200,000 and -100,000.
            [WITHOUT, 2, 2, 100.0, 50_000, 4, 2.0],
        ],
        [["Exhibition or bazaar", 1, 1], ["Order brokered", 1, 1]],
        [["Kota Malang", 1, 1, 5_000_000, 1, 0]],
        [["Garments and tailoring", 1, 1, 5_000_000, 1, 0]],
    )


# --- The pieces --------------------------------------------------------------------------


def test_orders_by_groups_orders_only(world, manager):
    businesses = report_businesses(manager)
    supports = report_supports(businesses)

    table = _orders_by(
        supports,
        "business__client__regency_id",
        {KOTA_MALANG: "Malang", BOJONEGORO: "Bojonegoro"}.get,
        title="Orders",
        column="Where",
    )

    # The exhibition's sales (1,000,000), the marketplace and the promotion are not orders.
    assert table.rows == [
        ["Bojonegoro", 2, 1, 2_000_000, 1, 0],
        ["Malang", 3, 2, 12_500_000, 2, 1],
    ]
    assert table.header[0] == "Where"
    assert table.title == "Orders"


def test_comparison_and_by_kind_take_the_supports_they_are_given(world, manager):
    businesses = report_businesses(manager)
    only_a = MarketSupport.objects.filter(business=world["A"])

    with translation.override("en"):
        rows = comparison(businesses, only_a).rows
        kinds = by_kind(only_a).rows

    assert rows == [
        [WITH, 1, 1, 100.0, 2_000_000, 2, 2.0],
        # B, C, D, F: B closed, C and F open of 3 followed; changes -500,000, 200,000,
        # -100,000; employees 0 + 1 + 3.
        [WITHOUT, 4, 3, 66.7, -100_000, 4, 1.3],
    ]
    assert kinds == [["Exhibition or bazaar", 1, 1], ["Order brokered", 2, 1]]


def test_an_archived_clients_business_is_in_no_figure(world, manager):
    businesses = report_businesses(manager)

    assert world["E"] not in businesses
    assert not report_supports(businesses).filter(business=world["E"]).exists()
    assert MarketSupport.objects.filter(business=world["E"]).count() == 1  # kept, not counted
