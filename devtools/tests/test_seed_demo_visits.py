"""`manage.py seed_demo_visits`: the demo businesses and follow-up visits `make run` adds."""

from collections import Counter

import pytest
from django.utils import timezone

from devtools.demo.story import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_BUSINESS_NAME,
    DEMO_WHEELCHAIR_BUSINESS_PRODUCTS,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_LATEST_EMPLOYEES,
    DEMO_WHEELCHAIR_LATEST_NET_INCOME,
    DEMO_WHEELCHAIR_LATEST_SUPPORT,
    MALANG,
    demo_wheelchair_business,
    demo_wheelchair_client,
    demo_wheelchair_grant,
    demo_wheelchair_latest_visit_on,
)
from devtools.tests.demo_seed import seed_visits, seeded_once
from programs.models import Business, EquipmentCheck, FollowUpVisit, Grant
from tests.worlds import for_this_test

SIX_MONTHS_DAYS = 183

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(request, django_db_setup, django_db_blocker):
    # The demo world takes seconds to build: once for the module, not once per test.
    yield from seeded_once(request, django_db_blocker, visits=True)


@pytest.fixture
def seeded(_seeded_once, db, demo_settings):
    """What seed_demo_visits printed, on top of the registry and the demo programs."""
    return for_this_test(_seeded_once, demo_settings)


def latest_visits() -> dict:
    """The latest visit of each visited business, by business id."""
    latest = {}
    for visit in FollowUpVisit.objects.order_by("business_id", "-visited_on", "-id"):
        latest.setdefault(visit.business_id, visit)
    return latest


def test_prints_a_summary(seeded):
    assert "Businesses: " in seeded
    assert "Latest visits: " in seeded
    assert "Worklist" in seeded
    assert DEMO_WHEELCHAIR_BUSINESS_NAME in seeded
    assert "Rp3.000.000" in seeded


def test_businesses_use_their_owners_grants(seeded):
    today = timezone.localdate()
    businesses = list(Business.objects.select_related("client").prefetch_related("grants"))
    assert businesses
    for business in businesses:
        grants = list(business.grants.all())
        assert grants, business
        assert all(g.client_id == business.client_id for g in grants), business
        assert min(g.handed_over_on for g in grants) <= business.started_on <= today
        assert business.village_id == business.client.village_id
        assert business.name and business.products
        assert business.sector in Business.Sector.values
    # Most grantees started a business, some never did.
    grants = Grant.objects.count()
    with_business = Grant.objects.filter(businesses__isnull=False).distinct().count()
    assert 0.7 * grants <= with_business < grants


def test_visits_fall_between_the_grant_and_today(seeded):
    today = timezone.localdate()
    visits = list(
        FollowUpVisit.objects.select_related("business__client", "visited_by").prefetch_related(
            "business__grants", "support"
        )
    )
    assert visits
    workers = {MALANG: "worker-malang", BOJONEGORO: "worker-bojonegoro"}
    for visit in visits:
        business = visit.business
        first_grant = min(g.handed_over_on for g in business.grants.all())
        assert first_grant <= visit.visited_on <= today
        assert visit.visited_on.weekday() < 5
        assert visit.visited_by.username == workers.get(business.client.regency_id, "admin")
        assert 0 <= visit.net_income <= 5_000_000
        assert visit.net_income % 50_000 == 0
        assert visit.revenue is None or visit.revenue >= visit.net_income
        support = [s.name for s in visit.support.all()]
        assert support
        assert "Tidak ada" not in support or support == ["Tidak ada"]
        if visit.status == FollowUpVisit.Status.CLOSED:
            assert visit.net_income == 0 and visit.employees == 0


def test_every_visit_checks_each_granted_item(seeded):
    visits = FollowUpVisit.objects.prefetch_related("equipment_checks", "business__grants__items")
    for visit in visits:
        granted = {i.pk for g in visit.business.grants.all() for i in g.items.all()}
        checked = [c.grant_item_id for c in visit.equipment_checks.all()]
        assert sorted(checked) == sorted(granted), visit


def test_siti_aminahs_business_grows_to_three_million(seeded):
    business = demo_wheelchair_business()
    assert business.client == demo_wheelchair_client()
    assert business.sector == Business.Sector.GARMENTS
    assert business.products == DEMO_WHEELCHAIR_BUSINESS_PRODUCTS
    assert list(business.grants.all()) == [demo_wheelchair_grant()]

    visits = list(business.visits.order_by("visited_on"))
    assert len(visits) >= 3
    incomes = [v.net_income for v in visits]
    assert incomes == sorted(incomes) and incomes[0] < incomes[-1]
    assert {v.status for v in visits} == {FollowUpVisit.Status.DEVELOPING}
    assert all(v.visited_by.username == "worker-bojonegoro" for v in visits)

    latest = visits[-1]
    today = timezone.localdate()
    assert latest.visited_on == demo_wheelchair_latest_visit_on(today)
    assert 0 <= (today - latest.visited_on).days <= 61
    assert latest.net_income == DEMO_WHEELCHAIR_LATEST_NET_INCOME == 3_000_000
    assert latest.employees == DEMO_WHEELCHAIR_LATEST_EMPLOYEES == 4
    assert latest.status == FollowUpVisit.Status.DEVELOPING
    assert [s.name for s in latest.support.all()] == [DEMO_WHEELCHAIR_LATEST_SUPPORT]
    checks = {
        c.grant_item.equipment_type.name: c.condition
        for c in latest.equipment_checks.select_related("grant_item__equipment_type")
    }
    assert checks == {
        "Mesin jahit": EquipmentCheck.Condition.IN_USE,
        "Mesin obras": EquipmentCheck.Condition.IN_USE,
    }


def test_the_latest_visits_tell_different_stories(seeded):
    latest = latest_visits()
    statuses = Counter(v.status for v in latest.values())
    assert len(statuses) >= 3, statuses
    assert statuses[FollowUpVisit.Status.DEVELOPING] > 0
    assert set(statuses) & set(FollowUpVisit.NEEDS_HELP)
    problems = EquipmentCheck.objects.filter(
        visit__in=latest.values(), condition__in=EquipmentCheck.PROBLEMS
    )
    assert problems.exists()
    # Some businesses were never visited, some visited often.
    never = Business.objects.filter(visits__isnull=True)
    assert never.exists()
    assert Business.objects.count() - never.count() == len(latest)
    assert max(Counter(FollowUpVisit.objects.values_list("business", flat=True)).values()) >= 4


def test_the_demo_workers_have_clients_on_their_worklists(seeded):
    today = timezone.localdate()
    latest = latest_visits()
    regencies = (MALANG, BOJONEGORO)
    businesses = Business.objects.filter(client__regency_id__in=regencies)
    never_or_stale = [
        b for b in businesses if b.pk not in latest or (today - latest[b.pk].visited_on).days > 183
    ]
    needing_help = [
        b for b in businesses if b.pk in latest and latest[b.pk].status in FollowUpVisit.NEEDS_HELP
    ]
    equipment_problems = EquipmentCheck.objects.filter(
        visit__in=[latest[b.pk] for b in businesses if b.pk in latest],
        condition__in=EquipmentCheck.PROBLEMS,
    )
    fine = [
        b
        for b in businesses
        if b.pk in latest
        and latest[b.pk].status == FollowUpVisit.Status.DEVELOPING
        and (today - latest[b.pk].visited_on).days <= 61
    ]
    assert never_or_stale
    assert needing_help
    assert equipment_problems.exists()
    assert len(fine) >= 2  # Siti Aminah and at least one other


def test_a_second_run_changes_nothing(seeded):
    def snapshot():
        return (
            list(Business.objects.order_by("id").values_list("id", "name", "started_on")),
            list(FollowUpVisit.objects.order_by("id").values_list("id", "net_income", "status")),
            EquipmentCheck.objects.count(),
        )

    before = snapshot()
    output = seed_visits()
    assert "exist already" in output
    assert snapshot() == before
    assert DEMO_WHEELCHAIR_CLIENT_NAME in output
