"""Django admin adds and changes grants and visits through the services the app's own
pages use (services.grant_save, services.visit_save): the same rules, history rows and
follow-up figures."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from beneficiaries.tests.factories import ClientFactory
from programs import services
from programs.models import EquipmentCheck, FollowUpVisit, Grant, GranteeFollowUp, GrantItem
from programs.tests.factories import (
    FollowUpVisitFactory,
    GrantFactory,
    GrantItemFactory,
    grantee_with_business,
    sewing_machine,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page_data(page) -> dict:
    """What the admin page would send back unchanged: its form and its inlines' rows."""
    form = page.context["adminform"].form
    data = _values(form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for row in formset.forms:
            data.update({row.add_prefix(name): value for name, value in _values(row).items()})
    return data


def _values(form) -> dict:
    """A form's fields as the browser sends them: an empty field is not sent."""
    values = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            values[name] = [str(v) for v in value] if isinstance(value, list) else value
    return values


def _grant_add_data(admin_client, client, funding_source, items):
    data = _page_data(admin_client.get("/admin/programs/grant/add/"))
    data.update(
        {
            "client": client.pk,
            "handed_over_on": "2025-02-03",
            "bast_number": "BAST/ADMIN/1",
            "funding_source": funding_source.pk,
            "items-TOTAL_FORMS": max(len(items), 1),
            "items-INITIAL_FORMS": 0,
        }
    )
    for index, (equipment_type, quantity) in enumerate(items):
        data[f"items-{index}-equipment_type"] = equipment_type.pk
        data[f"items-{index}-quantity"] = quantity
        data[f"items-{index}-unit_value"] = 1_500_000
    return data


def test_a_grant_without_items_is_refused_and_nothing_is_saved(admin_client):
    client = ClientFactory()
    funding_source = GrantFactory().funding_source
    before = Grant.objects.count()

    response = admin_client.post(
        "/admin/programs/grant/add/", _grant_add_data(admin_client, client, funding_source, [])
    )

    assert response.status_code == 200
    assert "Add at least one item of equipment." in response.content.decode()
    assert Grant.objects.count() == before


def test_a_grant_added_in_admin_has_its_history_and_follow_up_figures(admin_client, admin_user):
    client = ClientFactory()
    funding_source = GrantFactory().funding_source

    response = admin_client.post(
        "/admin/programs/grant/add/",
        _grant_add_data(admin_client, client, funding_source, [(sewing_machine(), 2)]),
    )

    assert response.status_code == 302
    grant = Grant.objects.get(bast_number="BAST/ADMIN/1")
    item = grant.items.get()
    assert item.quantity == 2
    assert grant.history.get().history_user == admin_user
    assert item.history.get().history_user == admin_user
    assert GranteeFollowUp.objects.filter(client=client).exists()


def test_a_grant_changed_in_admin_bumps_its_version_and_its_items_history(admin_client):
    item = GrantItemFactory(quantity=1)
    grant = item.grant
    url = f"/admin/programs/grant/{grant.pk}/change/"
    data = _page_data(admin_client.get(url))
    data["items-0-quantity"] = 3

    response = admin_client.post(url, data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.quantity == 3
    assert [row.quantity for row in item.history.order_by("history_date")] == [1, 3]
    assert Grant.objects.get(pk=grant.pk).version == grant.version + 1


def test_a_grant_cannot_lose_its_last_item_in_admin(admin_client):
    item = GrantItemFactory()
    url = f"/admin/programs/grant/{item.grant.pk}/change/"
    data = _page_data(admin_client.get(url))
    data["items-0-DELETE"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Add at least one item of equipment." in response.content.decode()
    assert GrantItem.objects.filter(pk=item.pk).exists()


def _visit_add_data(admin_client, business, checks):
    data = _page_data(admin_client.get("/admin/programs/followupvisit/add/"))
    data.update(
        {
            "business": business.pk,
            "visited_on": "2025-06-02",
            "visited_by": business.client.created_by_id or _someone().pk,
            "net_income": 1_000_000,
            "employees": 1,
            "status": FollowUpVisit.Status.DEVELOPING,
        }
    )
    prefix = _checks_prefix(admin_client)
    data[f"{prefix}-TOTAL_FORMS"] = max(len(checks), 1)
    data[f"{prefix}-INITIAL_FORMS"] = 0
    for index, (item, condition) in enumerate(checks):
        data[f"{prefix}-{index}-grant_item"] = item.pk
        data[f"{prefix}-{index}-condition"] = condition
    return data


def _checks_prefix(admin_client):
    page = admin_client.get("/admin/programs/followupvisit/add/")
    (inline,) = page.context["inline_admin_formsets"]
    return inline.formset.prefix


def test_a_visit_without_its_equipment_checks_is_refused(admin_client):
    _, business, _item = grantee_with_business()

    response = admin_client.post(
        "/admin/programs/followupvisit/add/", _visit_add_data(admin_client, business, [])
    )

    assert response.status_code == 200
    assert "Check the condition of each item granted for this business." in (
        response.content.decode()
    )
    assert not FollowUpVisit.objects.filter(business=business).exists()


def test_a_visit_added_in_admin_refreshes_the_business_figures(admin_client, admin_user):
    _, business, item = grantee_with_business()
    condition = EquipmentCheck.Condition.IN_USE

    response = admin_client.post(
        "/admin/programs/followupvisit/add/",
        _visit_add_data(admin_client, business, [(item, condition)]),
    )

    assert response.status_code == 302
    visit = FollowUpVisit.objects.get(business=business)
    assert visit.equipment_checks.get().history.get().history_user == admin_user
    business.refresh_from_db()
    assert business.latest_visit_id == visit.pk
    assert business.latest_income == 1_000_000


def test_an_older_visit_can_be_changed_after_a_new_grant(admin_client):
    """The equipment rule is the rule of a new visit: a grant added to the business later
    has no check in an earlier visit, and that visit can still be corrected."""
    _, business, _item = grantee_with_business()
    visit = FollowUpVisitFactory(business=business, visited_on=datetime.date(2025, 6, 2))
    later = GrantItemFactory(grant__client=business.client)
    business.grants.add(later.grant)
    url = f"/admin/programs/followupvisit/{visit.pk}/change/"
    data = _page_data(admin_client.get(url))
    data["net_income"] = 2_000_000

    response = admin_client.post(url, data)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.net_income == 2_000_000


def _someone():
    from beneficiaries.tests.factories import UserFactory

    return UserFactory()


def test_an_item_checked_at_a_visit_cannot_be_removed_and_nothing_is_saved(admin_user):
    """The service refuses with a message (the database would refuse the delete with an
    error page: the check protects its item)."""
    _client, business, item = grantee_with_business()
    second = GrantItemFactory(grant=item.grant, equipment_type=sewing_machine(), quantity=1)
    visit = FollowUpVisitFactory(business=business)
    EquipmentCheck.objects.create(visit=visit, grant_item=item, condition="dipakai")
    grant = Grant.objects.get(pk=item.grant_id)
    grant.notes = "changed"

    with pytest.raises(ValidationError) as refused:
        services.grant_save(grant=grant, items=[], removed_items=[item], saved_by=admin_user)

    assert "kunjungan tindak lanjut" in str(refused.value.message_dict["items"])
    assert set(GrantItem.objects.filter(grant=grant).values_list("pk", flat=True)) == {
        item.pk,
        second.pk,
    }
    assert Grant.objects.get(pk=grant.pk).notes == ""
