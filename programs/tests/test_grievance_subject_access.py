"""A person's grievances are in her subject-access file (with their threads and
attachments); a sensitive one is not, since managers outside its group download the file."""

from django.core.files.base import ContentFile

from beneficiaries.tests.factories import ClientFactory
from beneficiaries.tests.test_subject_access import download
from programs.grievances.services import attachment_add, grievance_note_add
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
