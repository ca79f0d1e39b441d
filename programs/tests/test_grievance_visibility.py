"""Who sees which grievance, through the pages: the scope (a client's grievance follows the
client, an unregistered complainant's its regency) and the sensitive rule (only members of
the SENSITIVE_GRIEVANCE_GROUP group open one; the report still counts it)."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from beneficiaries import roles
from beneficiaries.models import Regency
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, staff_user
from programs.documents import attachment_prepare
from programs.grievances import services
from programs.models import Grievance, GrievanceCategory
from programs.models.grievances import SENSITIVE_GRIEVANCE_GROUP

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2026, 8, 13)  # due 19 August 2026 (high): long past by now
LIST = reverse("programs:grievance_list")
REPORT = reverse("programs:grievance_report")
WORKLIST = reverse("programs:worklist")


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 20, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("bukti.jpg", out.getvalue(), content_type="image/jpeg")


def record(user, *, client=None, sensitive=False, category="Bantuan rusak/tidak sesuai", **extra):
    fields = {
        "channel": Grievance.Channel.IN_PERSON,
        "category": GrievanceCategory.objects.get(name=category),
        "severity": "high",
        "description": "Keluhan yang dicatat di kantor.",
        "received_on": RECEIVED,
        "sensitive": sensitive,
        "attachment": attachment_prepare(jpeg()),
        **extra,
    }
    if client is not None:
        fields["client"] = client
    return services.grievance_record(recorded_by=user, **fields)


def sensitive_member(username, regency_code):
    user = staff_user(username, group=roles.SOCIAL_WORKER, regencies=[regency_code])
    user.groups.add(Group.objects.get_or_create(name=SENSITIVE_GRIEVANCE_GROUP)[0])
    return user


@pytest.fixture
def member_malang(db):
    return sensitive_member("sensitive-malang", KOTA_MALANG)


@pytest.fixture
def member_bojonegoro(db):
    return sensitive_member("sensitive-bojonegoro", BOJONEGORO)


@pytest.fixture
def person(db):
    return ClientFactory(regency_code=KOTA_MALANG, name="Siti Rahayu")


@pytest.fixture
def plain(person, worker_malang):
    return record(worker_malang, client=person)


@pytest.fixture
def sensitive(person, worker_malang):
    return record(worker_malang, client=person, sensitive=True, category="Pelecehan atau kekerasan")


def detail(grievance):
    return reverse("programs:grievance_detail", args=[grievance.pk])


def attachment(grievance):
    return reverse("programs:grievance_attachment", args=[grievance.attachments.get().pk])


def listed(response):
    return {g.pk for g in response.context["page"].object_list}


def search(client, grievance):
    return listed(client.get(LIST, {"q": grievance.number}))


def client_page(client, person):
    return client.get(reverse("beneficiaries:client_detail", args=[person.pk]))


def timeline_urls(response):
    return {event.url for event in response.context["timeline"].object_list}


# --- A worker in scope, outside the group ----------------------------------------------


def test_sensitive_grievance_is_not_found_by_an_in_scope_worker(
    client, worker_malang, plain, sensitive
):
    client.force_login(worker_malang)

    assert client.get(detail(plain)).status_code == 200
    assert client.get(attachment(plain)).status_code == 200
    assert client.get(detail(sensitive)).status_code == 404
    assert client.get(attachment(sensitive)).status_code == 404


def test_sensitive_grievance_is_absent_from_the_list_and_its_search(
    client, worker_malang, plain, sensitive
):
    client.force_login(worker_malang)

    assert listed(client.get(LIST)) == {plain.pk}
    assert search(client, plain) == {plain.pk}
    assert search(client, sensitive) == set()
    assert listed(client.get(LIST, {"q": "Siti Rahayu"})) == {plain.pk}
    assert sensitive.number not in client.get(LIST).content.decode()


def test_sensitive_grievance_is_absent_from_the_client_page_and_timeline(
    client, worker_malang, person, plain, sensitive
):
    client.force_login(worker_malang)

    response = client_page(client, person)

    page = response.content.decode()
    assert plain.number in page
    assert sensitive.number not in page
    assert detail(sensitive) not in page
    assert detail(plain) in timeline_urls(response)
    assert detail(sensitive) not in timeline_urls(response)


def test_sensitive_grievance_is_absent_from_the_worklist(
    client, worker_malang, manager, plain, sensitive
):
    for grievance in (plain, sensitive):
        services.grievance_assign(
            grievance=grievance, assigned_by=manager, assigned_to=worker_malang, service_unit=None
        )
    client.force_login(worker_malang)

    response = client.get(WORKLIST)

    grievances = response.context["grievances"]
    assert [g.pk for g in grievances["mine"]] == [plain.pk]
    assert [g.pk for g in grievances["overdue"]] == [plain.pk]
    assert grievances["overdue_count"] == 1
    assert sensitive.number not in response.content.decode()


def test_a_province_wide_manager_outside_the_group_does_not_see_it(
    client, manager, plain, sensitive
):
    client.force_login(manager)

    assert client.get(detail(plain)).status_code == 200
    assert client.get(detail(sensitive)).status_code == 404
    assert listed(client.get(LIST)) == {plain.pk}


# --- Members of the group --------------------------------------------------------------


def test_an_in_scope_member_of_the_group_sees_it_everywhere(
    client, member_malang, person, plain, sensitive
):
    services.grievance_assign(
        grievance=sensitive, assigned_by=member_malang, assigned_to=member_malang, service_unit=None
    )
    client.force_login(member_malang)

    assert client.get(detail(sensitive)).status_code == 200
    assert client.get(attachment(sensitive)).status_code == 200
    assert listed(client.get(LIST)) == {plain.pk, sensitive.pk}
    assert search(client, sensitive) == {sensitive.pk}
    assert sensitive.number in client_page(client, person).content.decode()
    worklist = client.get(WORKLIST).context["grievances"]
    assert [g.pk for g in worklist["mine"]] == [sensitive.pk]
    assert {g.pk for g in worklist["overdue"]} == {plain.pk, sensitive.pk}


def test_the_timeline_shows_no_sensitive_grievance_even_to_the_group(
    client, member_malang, person, plain, sensitive
):
    client.force_login(member_malang)

    urls = timeline_urls(client_page(client, person))

    assert detail(plain) in urls
    assert detail(sensitive) not in urls


def test_a_member_of_the_group_out_of_scope_gets_404(client, member_bojonegoro, plain, sensitive):
    client.force_login(member_bojonegoro)

    for grievance in (plain, sensitive):
        assert client.get(detail(grievance)).status_code == 404
        assert client.get(attachment(grievance)).status_code == 404
        assert search(client, grievance) == set()
    assert listed(client.get(LIST)) == set()


# --- The report counts it --------------------------------------------------------------


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_report_counts_the_sensitive_grievance(client, worker_malang, plain, sensitive):
    client.force_login(worker_malang)
    visible = client.get(LIST).context["page"].paginator.count

    rows = csv_rows(client.get(REPORT, {"format": "csv"}))

    # Title, a blank line, the headline table's title and header, then "Received".
    headline_received = rows[4]
    assert int(headline_received[1]) == visible + 1 == 2
    by_category = {row[0]: row[1:] for row in rows if len(row) == 6}
    assert by_category["Bantuan rusak/tidak sesuai"][0] == "1"
    assert by_category["Pelecehan atau kekerasan"][0] == "1"
    assert by_category["Kota Malang"][0] == "2"


def test_the_report_out_of_scope_counts_nothing(client, worker_bojonegoro, plain, sensitive):
    client.force_login(worker_bojonegoro)

    rows = csv_rows(client.get(REPORT, {"format": "csv"}))

    assert int(rows[4][1]) == 0
    assert not any(row and row[0] == "Kota Malang" for row in rows)


# --- A complainant not in the registry ------------------------------------------------


def test_an_unregistered_complainants_grievance_follows_its_regency(
    client, worker_bojonegoro, worker_malang
):
    grievance = record(
        worker_bojonegoro,
        complainant_name="Pak Darmo",
        regency=Regency.objects.get(pk=BOJONEGORO),
    )

    client.force_login(worker_bojonegoro)
    assert client.get(detail(grievance)).status_code == 200
    assert client.get(attachment(grievance)).status_code == 200
    assert listed(client.get(LIST, {"q": "Darmo"})) == {grievance.pk}

    client.force_login(worker_malang)
    assert client.get(detail(grievance)).status_code == 404
    assert client.get(attachment(grievance)).status_code == 404
    assert listed(client.get(LIST)) == set()
    assert listed(client.get(LIST, {"q": "Darmo"})) == set()
    assert search(client, grievance) == set()


# --- Recording one without being allowed to read it -----------------------------------


def form_data(**extra):
    return {
        "received_on": "2026-08-13",
        "channel": Grievance.Channel.IN_PERSON,
        "category": GrievanceCategory.objects.get(name="Pelecehan atau kekerasan").pk,
        "severity": "high",
        "description": "Petugas berlaku kasar.",
        "sensitive": "on",
        **extra,
    }


def test_a_worker_outside_the_group_records_a_sensitive_grievance_and_is_sent_back(
    client, worker_malang
):
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:grievance_create"),
        form_data(complainant_name="Bu Warsini", complainant_contact="0813", regency=KOTA_MALANG),
    )

    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert grievance.sensitive
    assert grievance.created_by == worker_malang
    assert client.get(detail(grievance)).status_code == 404


def test_recording_a_sensitive_grievance_from_the_client_page_returns_there(
    client, worker_malang, person
):
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:grievance_create_for_client", args=[person.pk]), form_data()
    )

    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert (grievance.client, grievance.sensitive) == (person, True)
    assert client.get(response["Location"]).status_code == 200


def test_a_member_recording_a_sensitive_grievance_lands_on_it(client, member_malang, person):
    client.force_login(member_malang)

    response = client.post(
        reverse("programs:grievance_create_for_client", args=[person.pk]), form_data()
    )

    assert response.status_code == 302
    assert response["Location"] == detail(Grievance.objects.get())
