"""What the grievances and the market linkages add to a person's subject-access file: her
grievances with their threads and attachments (not a sensitive one: managers outside its
group download the file), and her businesses' consents (withdrawn ones too), market support
and product photos."""

from django.core.files.base import ContentFile
from django.utils import translation

from beneficiaries.tests.factories import ClientFactory
from beneficiaries.tests.test_subject_access import download
from programs.grievances.services import attachment_add, grievance_note_add
from programs.models import PublicationConsent
from programs.tests.factories import grievance_for


def test_the_file_holds_her_grievances_but_not_a_sensitive_one(client, manager):
    person = ClientFactory()
    ordinary = grievance_for(person, description="Mesin obras rusak")
    grievance_note_add(grievance=ordinary, author=manager, kind="action", text="Teknisi dikirim")
    attachment = attachment_add(
        grievance=ordinary, file=ContentFile(b"\xff\xd8 photo", name="p.jpg"), uploaded_by=None
    )
    hidden = grievance_for(person, sensitive=True, description="Petugas meminta uang")
    client.force_login(manager)

    _, archive, data = download(client, person)

    numbers = [g["number"] for g in data["grievances"]]
    assert numbers == [ordinary.number]
    assert hidden.number not in archive.read("data.json").decode()
    assert "Teknisi dikirim" in data["grievances"][0]["notes"][0].values()
    assert f"files/{attachment.file.name}" in archive.namelist()


def test_the_file_holds_her_consents_and_market_support(client, manager):
    from programs.marketing import services as marketing
    from programs.tests.factories import grantee_with_business

    person, business, _item = grantee_with_business()
    marketing.consent_record(business=business, recorded_by=manager, show_contact=True)
    marketing.consent_withdraw(business=business, withdrawn_by=manager)
    marketing.support_record(
        business=business,
        recorded_by=manager,
        kind="order",
        on=business.created_at.date(),
        buyer_kind="school",
        product="Seragam",
        quantity=120,
    )
    photo = marketing.photo_add(
        business=business,
        photo=ContentFile(b"\xff\xd8 photo", name="p.jpg"),
        caption="Gamis",
        uploaded_by=manager,
    )
    client.force_login(manager)

    _, archive, data = download(client, person)

    (consent,) = data["publication_consents"]
    with translation.override("id"):  # the file's keys are the fields' names, as shown
        withdrawn_at = str(PublicationConsent._meta.get_field("withdrawn_at").verbose_name)
    assert consent[withdrawn_at]  # the withdrawn consent is kept, and shown to her
    assert any(120 in s.values() for s in data["market_support"])
    assert f"files/{photo.photo.name}" in archive.namelist()
