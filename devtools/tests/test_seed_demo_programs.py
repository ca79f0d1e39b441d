"""`manage.py seed_demo_programs`: the demo trainings and grants `make run` starts with."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from beneficiaries.models import ServiceUnit
from devtools.demo.story import (
    DEMO_SEWING_BATCH_NAME,
    DEMO_SEWING_PROGRAM_NAME,
    DEMO_SEWING_UNIT_NAME,
    DEMO_WHEELCHAIR_CLIENT_CERTIFICATE,
    DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    demo_sewing_batch,
    demo_wheelchair_client,
    demo_wheelchair_enrolment,
    demo_wheelchair_grant,
)
from devtools.tests.demo_seed import seed_programs, seeded_once
from programs.models import Batch, Enrolment, Grant, GrantItem, TrainingProgram
from tests.worlds import for_this_test

MACHINES = {"Mesin jahit", "Mesin obras", "Mesin bordir"}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(request, django_db_setup, django_db_blocker):
    # The demo world takes seconds to build: once for the module, not once per test.
    yield from seeded_once(request, django_db_blocker, visits=False)


@pytest.fixture
def seeded(_seeded_once, db, demo_settings):
    """What seed_demo_programs printed, on top of the regions and seed_demo's registry."""
    return for_this_test(_seeded_once, demo_settings)


def test_prints_a_summary(seeded):
    assert "Programs: 5 (4 active)" in seeded
    assert re.search(
        r"Grants: \d+ \(\d+ without training\), total value Rp\d{1,3}(\.\d{3})+", seeded
    )
    assert DEMO_WHEELCHAIR_CLIENT_NAME in seeded


def test_creates_programs_and_batches_at_real_upts(seeded):
    programs = list(TrainingProgram.objects.all())
    assert len(programs) == 5
    assert [p.name for p in programs if not p.active] == ["Pelatihan Pangkas Rambut"]
    assert all(p.description for p in programs)
    batches = list(Batch.objects.select_related("service_unit"))
    assert {b.start_date.year for b in batches} == set(range(2019, 2027))
    for batch in batches:
        assert batch.service_unit.kind == ServiceUnit.Kind.UPT
        assert 15 <= batch.capacity <= 30
        assert 7 * 7 <= (batch.end_date - batch.start_date).days <= 14 * 7
        assert re.fullmatch(rf"Angkatan [IV]+ {batch.start_date.year}", batch.name)
        assert batch.venue


def test_enrolments_fit_their_batches(seeded):
    today = timezone.localdate()
    enrolments = list(Enrolment.objects.select_related("batch"))
    assert enrolments
    pairs = Counter((e.batch_id, e.client_id) for e in enrolments)
    assert max(pairs.values()) == 1
    for batch in Batch.objects.all():
        assert batch.enrolments.count() <= batch.capacity
    for e in enrolments:
        batch = e.batch
        assert e.enrolled_on <= min(batch.start_date, today)
        assert e.enrolled_on <= e.status_changed_on <= today
        if e.income_before is not None:
            assert 0 <= e.income_before <= 1_500_000
            assert e.income_before % 50_000 == 0
        if e.status == Enrolment.Status.COMPLETED:
            assert e.completed_on == batch.end_date < today
            assert re.fullmatch(r"SERT/RS[A-Z]{2}/\d{4}/\d{3}", e.certificate_number)
            assert e.sessions_attended > 0
        else:
            assert e.completed_on is None
            assert not e.certificate_number
        if e.status == Enrolment.Status.FAILED:
            assert e.status_changed_on == batch.end_date
        if e.status == Enrolment.Status.REGISTERED:
            assert batch.start_date > today
        if e.status == Enrolment.Status.ATTENDING:
            assert batch.start_date <= today <= batch.end_date
    certificates = [e.certificate_number for e in enrolments if e.certificate_number]
    assert len(set(certificates)) == len(certificates)

    finished = [e for e in enrolments if e.batch.end_date < today]
    completed = [e for e in finished if e.status == Enrolment.Status.COMPLETED]
    assert 0.7 <= len(completed) / len(finished) <= 0.97
    assert sum(e.income_before is not None for e in enrolments) > len(enrolments) / 2


def test_the_demo_workers_clients_are_in_several_batches(seeded):
    User = get_user_model()
    for username in ("worker-malang", "worker-bojonegoro"):
        worker = User.objects.get(username=username)
        batches = set(Enrolment.objects.visible_to(worker).values_list("batch", flat=True))
        assert len(batches) >= 2, username


def test_grants_are_handed_over_after_the_training(seeded):
    today = timezone.localdate()
    grants = list(
        Grant.objects.select_related("enrolment__batch").prefetch_related("items__equipment_type")
    )
    assert grants
    basts = [g.bast_number for g in grants]
    assert len(set(basts)) == len(basts)
    for grant in grants:
        assert grant.handed_over_on <= today
        assert re.fullmatch(
            rf"BAST/DINSOS-JATIM/{grant.handed_over_on.year}/\d{{4}}", grant.bast_number
        )
        items = list(grant.items.all())
        assert items
        for item in items:
            assert item.quantity >= 1
            assert item.unit_value > 0
            if item.equipment_type.name in MACHINES:
                assert len(item.serial_numbers.split(", ")) == item.quantity
        if grant.enrolment:
            assert grant.enrolment.client_id == grant.client_id
            assert grant.enrolment.status == Enrolment.Status.COMPLETED
            assert grant.handed_over_on >= grant.enrolment.completed_on
    assert any(g.enrolment is None for g in grants)  # a few direct grants
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).count()
    assert Grant.objects.exclude(enrolment=None).count() >= completed / 2
    assert not GrantItem.objects.filter(quantity__lt=1).exists()


def test_siti_aminah_completed_sewing_and_received_two_machines(seeded):
    siti = demo_wheelchair_client()
    enrolment = demo_wheelchair_enrolment()
    batch = demo_sewing_batch()
    assert enrolment.client == siti
    assert enrolment.batch == batch
    assert batch.program.name == DEMO_SEWING_PROGRAM_NAME
    assert batch.name == DEMO_SEWING_BATCH_NAME
    assert batch.service_unit.name == DEMO_SEWING_UNIT_NAME
    assert batch.program.skill_area.name == "Menjahit dan konveksi"
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_on == batch.end_date
    assert enrolment.certificate_number == DEMO_WHEELCHAIR_CLIENT_CERTIFICATE
    assert enrolment.income_before == DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE
    assert enrolment.created_by.username == "worker-bojonegoro"

    grant = demo_wheelchair_grant()
    assert grant.client == siti
    assert grant.enrolment == enrolment
    assert batch.end_date < grant.handed_over_on <= timezone.localdate()
    items = {i.equipment_type.name: i for i in grant.items.select_related("equipment_type")}
    assert set(items) == {"Mesin jahit", "Mesin obras"}
    assert all(i.quantity == 1 and i.serial_numbers for i in items.values())
    assert Grant.objects.filter(client=siti).count() == 1
    assert siti.enrolments.count() == 1


def test_a_second_run_changes_nothing(seeded):
    def snapshot():
        return {
            "programs": TrainingProgram.objects.count(),
            "batches": Batch.objects.count(),
            "enrolments": list(Enrolment.objects.order_by("id").values_list("id", "status")),
            "grants": Grant.objects.count(),
            "items": GrantItem.objects.count(),
        }

    before = snapshot()
    assert "none created" in seed_programs()
    assert snapshot() == before
