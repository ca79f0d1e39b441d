"""The follow-up worklist: who is on it, why, in what order, in constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.follow_up.dates import months_ago
from programs.follow_up.refresh import follow_up_refresh
from programs.follow_up.worklist import Reason
from programs.models import EquipmentCheck
from programs.tests.factories import FollowUpVisitFactory, grantee_with_business
from tests.worlds import built_once, for_this_test

URL = reverse("programs:worklist")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _build_cases():
    """One client per reason and per non-reason, named for what they show."""
    made = {}

    def grantee(name, *, granted_days_ago=800, regency_code="35.73"):
        client, business, item = grantee_with_business(
            regency_code=regency_code, handed_over_on=days_ago(granted_days_ago)
        )
        client.name = name
        client.save()
        made[name] = (client, business, item)
        return business, item

    def visit(business, item, *, days, status="berkembang", condition="dipakai"):
        v = FollowUpVisitFactory(business=business, visited_on=days_ago(days), status=status)
        EquipmentCheck.objects.create(visit=v, grant_item=item, condition=condition)
        follow_up_refresh(client_ids=[business.client_id])  # as visit_record does

    business, item = grantee("Fine, visited last month")
    visit(business, item, days=300, status="belum_berkembang")
    visit(business, item, days=30)
    grantee("Never visited, old grant", granted_days_ago=900)
    grantee("Never visited, new grant", granted_days_ago=10)
    business, item = grantee("Overdue")
    visit(business, item, days=250)
    business, item = grantee("Overdue longer")
    visit(business, item, days=400)
    business, item = grantee("Flat")
    visit(business, item, days=20, status="stagnan")
    business, item = grantee("Not yet developing")
    visit(business, item, days=90, status="belum_berkembang")
    business, item = grantee("Closed")
    visit(business, item, days=60, status="tutup")
    business, item = grantee("Machine sold")
    visit(business, item, days=40, condition="dijual")
    business, item = grantee("Machine broken earlier, repaired now")
    visit(business, item, days=200, condition="rusak")
    visit(business, item, days=15)
    ClientFactory(name="No grant at all")
    grantee("Bojonegoro, never visited", regency_code=BOJONEGORO)
    return made


@pytest.fixture(scope="module")
def _cases_once(request, django_db_setup, django_db_blocker):
    # A dozen grantees with grants, businesses and visits: built once for the module.
    yield from built_once(request, django_db_blocker, _build_cases)


@pytest.fixture
def cases(_cases_once, db, settings):
    return for_this_test(_cases_once, settings)


def listed(response):
    return [row.client.name for row in response.context["rows"]]


def test_each_reason_and_each_non_reason(client, worker_malang, cases):
    client.force_login(worker_malang)

    response = client.get(URL)

    reasons = {row.client.name: row.reasons for row in response.context["rows"]}
    assert reasons == {
        "Machine sold": [Reason.EQUIPMENT],
        "Closed": [Reason.STATUS],
        "Flat": [Reason.STATUS],
        "Not yet developing": [Reason.STATUS],
        "Never visited, old grant": [Reason.NEVER_VISITED],
        "Never visited, new grant": [Reason.NEVER_VISITED],
        "Overdue": [Reason.OVERDUE],
        "Overdue longer": [Reason.OVERDUE],
    }


def test_most_urgent_first(client, worker_malang, cases):
    client.force_login(worker_malang)

    assert listed(client.get(URL)) == [
        # 1. equipment or closed, longest without contact first
        "Closed",  # last visit 60 days ago
        "Machine sold",  # 40 days ago
        # 2. flat or not yet developing
        "Not yet developing",  # 90 days ago
        "Flat",  # 20 days ago
        # 3. overdue or never visited: since the last visit, or the grant
        "Never visited, old grant",  # granted 900 days ago
        "Overdue longer",  # 400
        "Overdue",  # 250
        "Never visited, new grant",  # granted 10 days ago
    ]


def test_rows_say_how_overdue(client, worker_malang, cases):
    client.force_login(worker_malang)

    rows = {row.client.name: row for row in client.get(URL).context["rows"]}

    cutoff_days = (timezone.localdate() - months_ago(timezone.localdate(), 6)).days
    assert rows["Overdue longer"].days_overdue == 400 - cutoff_days
    assert rows["Never visited, new grant"].days_overdue == 0
    assert rows["Flat"].days_overdue is None
    assert rows["Overdue longer"].days_without_contact == 400


def test_filters_by_reason_and_regency(client, manager, cases):
    client.force_login(manager)

    by_reason = client.get(URL, {"reason": Reason.EQUIPMENT})
    by_regency = client.get(URL, {"regency": BOJONEGORO})

    assert listed(by_reason) == ["Machine sold"]
    assert listed(by_regency) == ["Bojonegoro, never visited"]


def test_only_the_viewers_scope(client, worker_bojonegoro, cases):
    client.force_login(worker_bojonegoro)

    assert listed(client.get(URL)) == ["Bojonegoro, never visited"]


def test_each_row_links_to_record_a_visit(client, worker_malang, cases):
    client.force_login(worker_malang)
    closed = cases["Closed"][0]

    page = client.get(URL).content.decode()

    assert reverse("programs:client_record_visit", args=[closed.pk]) in page


def test_query_count_is_constant_in_the_rows_shown(
    client, worker_malang, cases, django_assert_num_queries
):
    client.force_login(worker_malang)

    # session, user, 2 x permissions, scope, count, the page of rows, regencies for the
    # filter; the grievances (sensitive-group membership, mine, past the deadline, their
    # count)
    with django_assert_num_queries(12):
        response = client.get(URL)
    for _ in range(20):
        grantee_with_business()
    with django_assert_num_queries(12):
        bigger = client.get(URL)

    assert len(bigger.context["rows"]) == len(response.context["rows"]) + 17  # page of 25


def test_csv_download_has_every_row(client, worker_malang, cases):
    client.force_login(worker_malang)

    response = client.get(URL, {"format": "csv", "reason": Reason.STATUS})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert lines[0].startswith("No. registrasi,Nama,Kabupaten/kota")
    assert [line.split(",")[1] for line in lines[1:]] == ["Closed", "Not yet developing", "Flat"]


def test_manager_reads_the_worklist(client, manager, cases):
    client.force_login(manager)

    assert client.get(URL).status_code == 200


def test_outsider_is_refused(client, outsider, cases):
    client.force_login(outsider)

    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("reason", ["", *[code for code, _label in Reason.CHOICES]])
def test_the_province_count_leaves_out_archived_clients(client, manager, cases, reason):
    """The province-wide list is counted from the follow-up rows (less the archived
    clients'), not through the join to every client: the count must still be the rows'."""
    archived = cases["Closed"][0] if reason != Reason.EQUIPMENT else cases["Machine sold"][0]
    archived.archived_at = timezone.now()
    archived.save()
    client.force_login(manager)

    response = client.get(URL, {"reason": reason, "page": 1})

    page = response.context["page"]
    assert page.paginator.count == len(listed(response))
    assert archived.name not in listed(response)


def test_the_province_list_is_counted_in_two_queries(
    client, manager, cases, django_assert_num_queries
):
    client.force_login(manager)

    # session, user, 2 x permissions, scope, two counts (the rows on the list, those of
    # archived clients), the page of rows, regencies for the filter; the grievances (4)
    with django_assert_num_queries(13):
        client.get(URL)
