"""Django admin for the programs app."""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from programs.grievances.services import attachment_add, grievance_note_add
from programs.marketing import services as marketing
from programs.models import EquipmentCheck
from programs.tests.factories import (
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantItemFactory,
    grantee_with_business,
    grievance_for,
)

MODELS = [m for m in admin.site._registry if m._meta.app_label == "programs"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_search_and_change_form_open(client, admin_user, model):
    enrolment = EnrolmentFactory()
    GrantItemFactory(grant__client=enrolment.client, grant__enrolment=enrolment)
    _, business, item = grantee_with_business()
    visit = FollowUpVisitFactory(business=business)
    EquipmentCheck.objects.create(visit=visit, grant_item=item, condition="dipakai")
    grievance = grievance_for(enrolment.client)
    grievance_note_add(grievance=grievance, author=admin_user, kind="comment", text="Dicek")
    attachment_add(
        grievance=grievance, file=ContentFile(b"%PDF-1.4 stored", name="a.pdf"), uploaded_by=None
    )
    listed = grantee_with_business()[1]
    marketing.profile_save(business=listed, saved_by=admin_user, description="Seragam")
    photo = marketing.photo_add(
        business=listed,
        photo=ContentFile(b"\xff\xd8 photo", name="p.jpg"),
        caption="Seragam",
        uploaded_by=admin_user,
    )
    marketing.consent_record(business=listed, recorded_by=admin_user)
    marketing.support_record(
        business=listed, recorded_by=admin_user, kind="promotion", on=listed.created_at.date()
    )
    marketing.story_save(
        business=listed, written_by=admin_user, title="Cerita", text="Teks", photo=photo
    )
    client.force_login(admin_user)
    name = model._meta.model_name

    assert client.get(reverse(f"admin:programs_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:programs_{name}_changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.first()
    assert client.get(reverse(f"admin:programs_{name}_change", args=[obj.pk])).status_code == 200


def test_every_programs_model_is_in_admin():
    from django.apps import apps

    models = {
        m
        for m in apps.get_app_config("programs").get_models()
        if not m.__name__.startswith("Historical")
    }
    assert models <= set(admin.site._registry)
