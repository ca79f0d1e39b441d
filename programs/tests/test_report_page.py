"""The outcome report page at /reports/outcomes/: figures, filters in the URL, constant
queries, CSV and XLSX with the page's numbers, scope, and who may open it."""

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, UserFactory
from programs.reports.exports import report_tables
from programs.reports.figures import outcome_report
from programs.reports.forms import ReportFilterForm
from programs.tests.factories import (
    BatchFactory,
    BusinessFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantFactory,
    GrantItemFactory,
    TrainingProgramFactory,
    overlock_machine,
    sewing_machine,
)

URL = reverse("programs:report_outcomes")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def grantee(batch, *, regency_code, sex="P", equipment=None, income=1_500_000, visitor=None):
    """A client who completed `batch`, received one machine, runs a business visited a
    month ago."""
    enrolment = EnrolmentFactory(
        batch=batch,
        client__regency_code=regency_code,
        client__sex=sex,
        status="completed",
        completed_on=batch.end_date,
        income_before=500_000,
    )
    grant = GrantFactory(
        client=enrolment.client, enrolment=enrolment, handed_over_on=batch.end_date
    )
    item = GrantItemFactory(grant=grant, equipment_type=equipment or sewing_machine())
    business = BusinessFactory(client=enrolment.client, grants=[grant])
    FollowUpVisitFactory(
        business=business,
        visited_by=visitor or business.created_by or _visitor(),
        visited_on=days_ago(30),
        net_income=income,
        employees=1,
    )
    return enrolment.client, item


def _visitor():
    return UserFactory(username="petugas-kunjungan")


def make_world(malang_count):
    """`malang_count` women in Kota Malang with a sewing machine (Rp2.500.000) and a business
    earning Rp1.500.000, and one man in Bojonegoro with an overlock machine (Rp2.750.000)
    earning Rp3.000.000."""
    visitor = _visitor()
    batch = BatchFactory(
        program=TrainingProgramFactory(),
        start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 5, 29),
    )
    for _ in range(malang_count):
        grantee(batch, regency_code=KOTA_MALANG, visitor=visitor)
    grantee(
        batch,
        regency_code=BOJONEGORO,
        sex="L",
        equipment=overlock_machine(),
        income=3_000_000,
        visitor=visitor,
    )
    return batch


@pytest.fixture
def world(db):
    return make_world(3)


def direct_report(user, query=None):
    """What the report code says for these GET parameters, computed without the view."""
    form = ReportFilterForm(query or None)
    filters = form.to_filters() if form.is_bound else ReportFilterForm().to_filters()
    with translation.override(settings.LANGUAGE_CODE):
        report = outcome_report(
            user,
            filters,
            today=timezone.localdate(),
            interval_months=settings.FOLLOW_UP_INTERVAL_MONTHS,
        )
        return report, report_tables(report)


# -- the page --------------------------------------------------------------------------


def test_manager_sees_the_headline_figures(client, manager, world):
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    h = response.context["h"]
    assert (h.clients, h.enrolled, h.completed, h.grants, h.grantees) == (4, 4, 4, 4, 4)
    assert h.grant_value == 3 * 2_500_000 + 2_750_000
    assert h.businesses_followed == 4
    assert h.income_median == 1_500_000
    assert h.people_working == 8
    page = response.content.decode()
    assert "Rp10.250.000" in page  # value of the grants
    assert "Rp1.500.000" in page  # median income now
    assert "Rp500.000" in page  # median income before training
    assert "Rp1.000.000" in page  # median change
    assert "100 %" in page  # completion rate and coverage
    # Every table of the report is on the page, headed by its title.
    for table in response.context["tables"]:
        assert str(table.title) in page


def test_the_page_shows_the_numbers_of_report_tables(client, manager, world):
    client.force_login(manager)

    response = client.get(URL)

    _, tables = direct_report(manager)
    assert response.context["tables"] == tables


def _pages_queries(client, user, django_assert_num_queries, expected):
    client.force_login(user)
    with django_assert_num_queries(expected):
        response = client.get(URL, {"sex": "P"})
    assert response.status_code == 200
    return response


# Session, user, the user's and the groups' permissions, the scope (5); the clients'
# count (1); three queries grouped by the clients' regency and sex, which give the other
# headline counts and the breakdowns by regency and by sex (3); the four medians: two
# percentile_cont queries on PostgreSQL, two small queries each elsewhere (2 or 8); the
# regencies (1); by program, cohort, PPKS type and disability kind: the categories and
# three grouped queries each (16); the trend (1); the filter form's choices: regency,
# service unit, program, cohort, PPKS type, disability kind (6). Each query is one pass
# over a table, whatever the number of categories (the report used to ask one subquery
# per category and figure: 32 queries, but minutes at a million clients).
PAGE_QUERIES = 35 if connection.vendor == "postgresql" else 41


def test_query_count_does_not_grow_with_the_clients(client, manager, db, django_assert_num_queries):
    make_world(2)
    small = _pages_queries(client, manager, django_assert_num_queries, PAGE_QUERIES)
    assert small.context["h"].clients == 2

    make_world(10)
    large = _pages_queries(client, manager, django_assert_num_queries, PAGE_QUERIES)
    assert large.context["h"].clients == 12


def test_query_count_is_the_same_for_a_social_worker(
    client, worker_malang, db, django_assert_num_queries
):
    make_world(2)
    _pages_queries(client, worker_malang, django_assert_num_queries, PAGE_QUERIES)
    make_world(8)
    response = _pages_queries(client, worker_malang, django_assert_num_queries, PAGE_QUERIES)
    assert response.context["h"].clients == 10


# -- filters ---------------------------------------------------------------------------


def test_filters_are_in_the_url(client, manager, world):
    client.force_login(manager)

    response = client.get(URL, {"sex": "L", "year_from": "2026", "basis": "grant"})

    assert response.status_code == 200
    report = response.context["report"]
    assert report.filters.sex == "L"
    assert report.filters.year_from == 2026
    assert report.headline.clients == 1
    assert report.headline.grant_value == 2_750_000
    page = response.content.decode()
    assert '<form method="get"' in page
    # The download links carry the same filters.
    query = response.context["query"]
    assert "sex=L" in query
    assert "year_from=2026" in query
    assert "format" not in query
    assert f'href="?{query.replace("&", "&amp;")}&amp;format=csv"' in page
    # The workbook is made by a job, started by a POST with the same filters.
    assert f'<form method="post" action="?{query.replace("&", "&amp;")}"' in page
    # And the filters in force are written out.
    assert "2026" in page
    assert response.context["described"]


def test_a_program_filter_from_the_url(client, manager, world):
    other = BatchFactory(program=TrainingProgramFactory(name="Pelatihan Tata Boga"))
    client.force_login(manager)

    response = client.get(URL, {"program": other.program_id})

    h = response.context["h"]
    assert (h.enrolled, h.grants, h.grant_value, h.businesses_followed) == (0, 0, 0, 0)
    assert h.income_median is None
    assert response.status_code == 200


def test_the_download_link_keeps_the_filters_out_of_the_format(client, manager, world):
    client.force_login(manager)

    response = client.get(URL, {"sex": "P", "format": "html"})

    assert response.status_code == 200
    assert response.context["query"] == "sex=P"


@pytest.mark.parametrize(
    "query, field",
    [
        ({"year_from": "2026", "year_to": "2025"}, "year_to"),
        ({"year_from": "abc"}, "year_from"),
        ({"year_to": "1900"}, "year_to"),
        ({"basis": "nonsense"}, "basis"),
        ({"regency": "99.99"}, "regency"),
        ({"age_band": "200+"}, "age_band"),
    ],
)
def test_an_invalid_filter_is_a_field_error_not_a_500(client, manager, world, query, field):
    client.force_login(manager)

    response = client.get(URL, query)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    assert 'class="form-errors"' in page
    assert str(form.errors[field][0]) in page
    # The report falls back to no filter at all, and says no filter is in force.
    assert response.context["described"] == []
    assert response.context["h"].clients == 4


def test_an_invalid_year_range_message(client, manager, world):
    client.force_login(manager)

    with translation.override("en"):
        form = ReportFilterForm({"year_from": "2026", "year_to": "2025"})
        assert form.errors["year_to"] == ["The last year cannot be before the first."]

    response = client.get(URL, {"year_from": "2026", "year_to": "2025"})
    assert response.status_code == 200
    assert response.context["form"].errors["year_to"]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_an_export_with_an_invalid_filter_is_not_a_500(client, manager, world, export):
    client.force_login(manager)

    response = client.get(URL, {"year_from": "2026", "year_to": "2025", "format": export})

    assert response.status_code == 200


# -- exports ---------------------------------------------------------------------------


def expected_rows(tables, described, empty):
    """The rows the exports should hold: title, filters, then each table."""
    rows = [[None], *([label, value] for label, value in described)]  # [None]: the title
    for table in tables:
        rows.append([])
        rows.append([str(table.title)])
        rows.append([str(cell) for cell in table.header])
        rows.extend(list(row) for row in table.rows)
        if table.note:  # e.g. that a filter leaves the other regencies out
            rows.append([str(table.note)])
    return [[empty if cell is None else cell for cell in row] for row in rows]


def strip_trailing(row, empty):
    row = list(row)
    while row and row[-1] == empty:
        row.pop()
    return row


FILTERS = {"sex": "P", "basis": "grant", "year_from": "2026", "year_to": "2026"}


def test_csv_holds_the_numbers_of_the_page(client, manager, world):
    client.force_login(manager)
    page = client.get(URL, FILTERS)

    response = client.get(URL, {**FILTERS, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-hasil-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))

    _, tables = direct_report(manager, FILTERS)
    assert page.context["tables"] == tables
    described = page.context["described"]
    # The filters, written at the top under the title.
    assert len(described) == 4
    assert rows[1 : 1 + len(described)] == [[label, value] for label, value in described]
    assert [value for _, value in described].count("2026") == 2
    # Then the tables, cell by cell as the page has them (numbers as text).
    expected = expected_rows(tables, described, "")
    expected = [[str(cell) for cell in row] for row in expected]
    assert rows[1:] == expected[1:]
    assert len(rows[0]) == 1 and rows[0][0]
    # The headline numbers are there.
    headline = {row[0]: row[1] for row in rows if len(row) == 2}
    assert str(page.context["h"].grant_value) in headline.values()
    assert page.context["h"].grant_value == 3 * 2_500_000


def test_xlsx_holds_the_numbers_of_the_page(client, manager, world):
    client.force_login(manager)
    page = client.get(URL, FILTERS)

    response = client.get(URL, {**FILTERS, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [strip_trailing(row, None) for row in sheet.iter_rows(values_only=True)]

    _, tables = direct_report(manager, FILTERS)
    assert page.context["tables"] == tables
    described = page.context["described"]
    assert rows[1 : 1 + len(described)] == [[label, value] for label, value in described]
    expected = [strip_trailing(row, None) for row in expected_rows(tables, described, None)]
    assert rows[1:] == expected[1:]
    assert rows[0] and rows[0][0]
    # Numbers are numbers, not text.
    headline = {row[0]: row[1] for row in rows if len(row) == 2}
    assert 7_500_000 in headline.values()


def test_exports_without_filters_have_no_filter_rows(client, manager, world):
    client.force_login(manager)

    text = client.get(URL, {"format": "csv"}).content.decode("utf-8")

    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[1] == []  # the title, then straight to the first table
    _, tables = direct_report(manager)
    assert rows[2] == [str(tables[0].title)]


# -- scope and access ------------------------------------------------------------------


def test_a_social_worker_sees_the_report_of_her_scope(client, worker_malang, manager, world):
    client.force_login(manager)
    everyone = client.get(URL).context["h"]
    client.force_login(worker_malang)

    response = client.get(URL)

    assert response.status_code == 200
    mine = response.context["h"]
    assert (everyone.clients, mine.clients) == (4, 3)
    assert (everyone.grant_value, mine.grant_value) == (10_250_000, 7_500_000)
    assert (everyone.income_mean, mine.income_mean) == (1_875_000, 1_500_000)
    _, tables = direct_report(worker_malang)
    assert response.context["tables"] == tables
    _, manager_tables = direct_report(manager)
    assert tables != manager_tables
    regency_rows = {row.label: row for row in response.context["report"].breakdowns[0].rows}
    assert regency_rows["Kabupaten Bojonegoro"].grants == 0
    assert regency_rows["Kota Malang"].grants == 3
    page = response.content.decode()
    assert "Rp7.500.000" in page
    assert "Rp10.250.000" not in page


def test_a_social_worker_export_is_limited_to_her_scope(client, worker_malang, world):
    client.force_login(worker_malang)

    text = client.get(URL, {"format": "csv"}).content.decode("utf-8")

    assert "7500000" in text
    assert "10250000" not in text
    assert "2750000" not in text


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_anonymous_gets_no_export(client, world):
    response = client.get(URL, {"format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_a_user_without_permission_is_forbidden(client, outsider, world, export):
    client.force_login(outsider)

    response = client.get(URL, {"format": export} if export else {})

    assert response.status_code == 403


def test_the_pages_xlsx_button_makes_the_same_workbook_in_a_job(client, manager, world):
    from beneficiaries.models import RecordAccess
    from core.jobs.models import Job

    client.force_login(manager)
    direct = client.get(URL, {**FILTERS, "format": "xlsx"})

    started = client.post(f"{URL}?{urlencode(FILTERS)}")

    job = Job.objects.get(kind="report_xlsx")
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.user, job.done, job.total) == ("done", manager, 3, 3)
    assert "format" not in job.params["query"]
    made = client.get(reverse("jobs:download", args=[job.pk]))
    assert made["Content-Disposition"].endswith('.xlsx"')

    def cells(content):
        sheet = load_workbook(io.BytesIO(content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    assert cells(b"".join(made.streaming_content)) == cells(direct.content)
    logged = RecordAccess.objects.filter(user=manager, action=RecordAccess.Action.EXPORT)
    assert [a.detail.split(",")[0] for a in logged.order_by("at")][-2:] == [
        f"outcome report XLSX {urlencode(FILTERS)}",
        f"outcome report XLSX {urlencode(FILTERS)}",
    ]
