"""Opening a hand-over document or a visit photo, and every export, is logged."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from beneficiaries.models import RecordAccess
from programs.tests.factories import FollowUpVisitFactory, GrantFactory, grantee_with_business


def only_entry():
    entry = RecordAccess.objects.get()
    return entry.user.username, entry.action, entry.client, entry.detail


def test_opening_a_hand_over_document_is_logged(client, manager):
    grant = GrantFactory(bast_number="BAST/9")
    grant.document.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xe0x"), save=True)
    client.force_login(manager)

    client.get(reverse("programs:grant_document", args=[grant.pk]), REMOTE_ADDR="10.0.0.7")

    assert only_entry() == ("manager", "view_document", grant.client, "BAST/9")
    assert RecordAccess.objects.get().ip_address == "10.0.0.7"


def test_opening_a_visit_photo_is_logged(client, manager):
    owner, business, _ = grantee_with_business()
    visit = FollowUpVisitFactory(business=business)
    visit.photo.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xe0x"), save=True)
    client.force_login(manager)

    client.get(reverse("programs:visit_photo", args=[visit.pk]))

    assert only_entry() == ("manager", "view_document", owner, f"visit photo {visit.pk}")


@pytest.mark.parametrize(
    ("url_name", "query", "detail"),
    [
        ("programs:worklist", {"format": "csv"}, "worklist CSV format=csv"),
        ("programs:report_outcomes", {"format": "csv"}, "outcome report CSV format=csv"),
        ("programs:report_outcomes", {"format": "xlsx"}, "outcome report XLSX format=xlsx"),
    ],
)
def test_every_export_is_logged(client, manager, url_name, query, detail):
    client.force_login(manager)

    response = client.get(reverse(url_name), query)

    assert response.status_code == 200
    assert only_entry() == ("manager", "export", None, detail)


def test_reading_the_pages_writes_no_export_entry(client, manager):
    client.force_login(manager)

    client.get(reverse("programs:worklist"))
    client.get(reverse("programs:report_outcomes"))

    assert not RecordAccess.objects.exists()
