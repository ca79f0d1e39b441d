"""The hand-over and visit date rules live in the models' clean(): the forms, the services
and the admin all refuse the same dates with the same message."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from programs.models import FollowUpVisit, Grant
from programs.tests.factories import GrantFactory, grantee_with_business

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def refused(record) -> dict:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        record.full_clean(exclude=["document", "photo"])
    with translation.override("en"):
        return {
            field: [str(m) for m in messages]
            for field, messages in raised.value.message_dict.items()
        }


def test_a_hand_over_cannot_be_in_the_future():
    grant = GrantFactory.build(handed_over_on=TOMORROW)
    grant.client.save()
    grant.funding_source.save()

    assert refused(grant)["handed_over_on"] == ["The hand-over date cannot be in the future."]


def test_a_visit_cannot_be_in_the_future():
    _, business, _ = grantee_with_business(handed_over_on=datetime.date(2024, 4, 23))
    visit = FollowUpVisit(
        business=business,
        visited_on=TOMORROW,
        visited_by=business.client.created_by or _someone(),
        net_income=0,
        employees=0,
        status=FollowUpVisit.Status.DEVELOPING,
    )

    assert refused(visit)["visited_on"] == ["The visit date cannot be in the future."]


def test_a_visit_cannot_come_before_the_hand_over():
    _, business, _ = grantee_with_business(handed_over_on=datetime.date(2024, 4, 23))
    visit = FollowUpVisit(
        business=business,
        visited_on=datetime.date(2024, 4, 22),
        visited_by=_someone(),
        net_income=0,
        employees=0,
        status=FollowUpVisit.Status.DEVELOPING,
    )

    assert refused(visit)["visited_on"] == [
        "The visit cannot be before the equipment was handed over (23 April 2024)."
    ]


def test_the_admin_refuses_a_future_hand_over(client, admin_user):
    grant = GrantFactory()
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/admin/programs/grant/{grant.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data.update(_inline_management(page))
    data["handed_over_on"] = TOMORROW.isoformat()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "The hand-over date cannot be in the future." in response.content.decode()
    assert Grant.objects.get(pk=grant.pk).handed_over_on == grant.handed_over_on


def _inline_management(page) -> dict:
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[inline_form.add_prefix(name)] = "" if value is None else value
    return data


def _someone():
    from beneficiaries.tests.factories import UserFactory

    return UserFactory()
