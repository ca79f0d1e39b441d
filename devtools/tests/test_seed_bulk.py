"""manage.py seed_bulk: a large synthetic registry (here a small one), valid and reproducible.

Runs on SQLite (bulk inserts) and, in CI's PostgreSQL step, on PostgreSQL (COPY)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from beneficiaries.models import Client, RegistrationSequence, normalize_name
from beneficiaries.nik import parse_nik
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, place
from programs.models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    FollowUpVisit,
    Grant,
    GranteeFollowUp,
    GrantItem,
)

UNTIL = datetime.date(2026, 11, 28)
CLIENTS = 400


def seed(clients=CLIENTS, seed=3):
    out = StringIO()
    call_command(
        "seed_bulk",
        clients=clients,
        seed=seed,
        until=UNTIL,
        no_progress=True,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def villages(db):
    """Two real villages of the province (load_regions would bring all 8,494)."""
    return [place(KOTA_MALANG)[2], place(BOJONEGORO)[2]]


def snapshot():
    """What the data is, leaving out what depends on the database (ids, numbers)."""
    return {
        "clients": list(
            Client.objects.order_by("pk").values_list(
                "nik", "kk_number", "name", "sex", "birth_date", "village_id", "status", "address"
            )
        ),
        "enrolments": list(
            Enrolment.objects.order_by("pk").values_list(
                "client__nik", "client__name", "status", "enrolled_on", "income_before"
            )
        ),
        "grants": list(Grant.objects.order_by("pk").values_list("client__name", "handed_over_on")),
        "visits": list(
            FollowUpVisit.objects.order_by("pk").values_list(
                "business__name", "visited_on", "status", "net_income", "employees"
            )
        ),
    }


def wipe():
    """Remove the seeded rows, leaves first (the seed's own users stay)."""
    for model in (
        EquipmentCheck,
        FollowUpVisit.support.through,
        GranteeFollowUp,
        Business.grants.through,
    ):
        model.objects.all().delete()
    Business.objects.update(latest_visit=None)
    for model in (FollowUpVisit, Business, GrantItem, Grant, Enrolment, Batch):
        model.objects.all()._raw_delete(model.objects.db)
    Client.objects.all().delete()
    RegistrationSequence.objects.all().delete()


def test_seeds_about_the_promised_shape(villages):
    output = seed()

    clients = Client.objects.count()
    assert clients == CLIENTS
    assert 0.7 * CLIENTS <= Enrolment.objects.count() <= 1.3 * CLIENTS
    assert 0.3 * CLIENTS <= Grant.objects.count() <= 0.7 * CLIENTS
    assert GrantItem.objects.count() >= Grant.objects.count()
    grantees = Grant.objects.values("client").distinct().count()
    assert Business.objects.count() >= 0.7 * grantees
    assert 2 * CLIENTS <= FollowUpVisit.objects.count() <= 4 * CLIENTS
    assert EquipmentCheck.objects.count() >= FollowUpVisit.objects.count()
    assert f"clients: {CLIENTS}" in " ".join(output.split())
    # Everything happened by `until`: no visit, grant or registration in the future.
    assert not FollowUpVisit.objects.filter(visited_on__gt=UNTIL).exists()
    assert not Grant.objects.filter(handed_over_on__gt=UNTIL).exists()


def test_niks_are_valid_unique_and_agree_with_the_record(villages):
    seed()

    clients = list(Client.objects.exclude(nik="").select_related("district"))
    assert len(clients) > 0.8 * CLIENTS
    assert len({c.nik for c in clients}) == len(clients)
    for client in clients:
        info = parse_nik(client.nik)
        assert info.district_prefix == client.district.nik_prefix
        assert info.sex == client.sex
        assert (info.birth_day, info.birth_month, info.birth_year_2) == (
            client.birth_date.day,
            client.birth_date.month,
            client.birth_date.year % 100,
        )
        assert client.village.district_id == client.district_id
        assert client.district.regency_id == client.regency_id


def test_registration_numbers_come_from_the_sequence_and_do_not_collide(villages):
    ClientFactory(registration_number="35-2018-000001")  # taken before the seed
    RegistrationSequence.objects.create(year=2018, last_value=0)

    seed(clients=100)

    numbers = list(Client.objects.values_list("registration_number", flat=True))
    assert len(set(numbers)) == len(numbers) == 101
    for year, last in RegistrationSequence.objects.values_list("year", "last_value"):
        highest = max(int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(f"35-{year}-"))
        assert last >= highest  # the app's next number is free


def test_the_same_seed_gives_the_same_data(villages):
    seed(seed=5)
    first = snapshot()
    wipe()

    seed(seed=5)

    assert snapshot() == first
    wipe()
    seed(seed=6)
    assert snapshot()["clients"] != first["clients"]


def test_the_derived_follow_up_figures_are_filled(villages):
    seed()

    businesses = list(Business.objects.prefetch_related("visits"))
    assert any(b.latest_visit_id for b in businesses)
    for business in businesses:
        active = [v for v in business.visits.all() if v.archived_at is None]
        latest = max(active, key=lambda v: (v.visited_on, v.pk), default=None)
        assert (business.latest_visit, business.latest_status, business.latest_income) == (
            (latest, latest.status, latest.net_income) if latest else (None, None, None)
        )
    grantees = Grant.objects.active().values("client").distinct().count()
    assert GranteeFollowUp.objects.count() == grantees


def test_rows_carry_what_the_app_would_have_written(villages):
    seed(clients=50)

    clients = list(Client.objects.all())
    assert {c.version for c in clients} == {1}
    assert {c.archive_reason for c in clients} == {""}
    assert all(c.name_normalized == normalize_name(c.name) for c in clients)
    assert all(c.created_by_id for c in clients)  # the regency's (synthetic) worker
    archived = FollowUpVisit.objects.archived()
    assert not archived.filter(archive_reason="").exists()
    twice = Enrolment.objects.values("batch", "client").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists()


def test_needs_the_villages(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_regions"):
        seed(clients=5)
