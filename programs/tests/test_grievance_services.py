"""The grievance services: recording one (its deadline, its regency, its refusals), moving
its status, assigning it, and its attachments."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from beneficiaries.models import Regency
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, upt
from programs.documents import attachment_prepare
from programs.grievances import services
from programs.models import (
    Grievance,
    GrievanceAttachment,
    GrievanceCategory,
    GrievanceNote,
)
from programs.tests.factories import EnrolmentFactory, FollowUpVisitFactory, GrantFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def damaged():
    return GrievanceCategory.objects.get(name="Bantuan rusak/tidak sesuai")


def regency(code=KOTA_MALANG):
    return Regency.objects.get(pk=code)


def fields(**overrides):
    """What the grievance form hands the service for a person not in the registry."""
    return {
        "complainant_name": "Bu Sulastri",
        "complainant_contact": "0812-3456-7890",
        "regency": regency(),
        "channel": Grievance.Channel.PHONE,
        "category": damaged(),
        "severity": "medium",
        "description": "Mesin jahit yang diterima rusak sejak hari pertama.",
        "received_on": D(2026, 8, 13),
        **overrides,
    }


def jpeg(name="foto-bukti.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 30, 30)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def recorded(user, **overrides):
    return services.grievance_record(recorded_by=user, **fields(**overrides))


# --- Recording -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "received_on", "due_on"),
    [
        ("high", D(2026, 8, 13), D(2026, 8, 19)),  # 3 working days, 17 August off
        ("medium", D(2026, 8, 3), D(2026, 8, 18)),  # 10 working days
        ("low", D(2026, 8, 8), D(2026, 9, 7)),  # 20 from a Saturday, 17 August off
    ],
)
def test_record_computes_the_deadline(worker_malang, severity, received_on, due_on):
    grievance = recorded(worker_malang, severity=severity, received_on=received_on)

    grievance.refresh_from_db()
    assert grievance.due_on == due_on
    assert grievance.status == Grievance.Status.NEW
    assert grievance.created_by == worker_malang
    assert grievance.number == f"PGD-{received_on.year}-{grievance.pk:06d}"


def test_record_defaults_to_today(worker_malang):
    data = fields()
    del data["received_on"]

    grievance = services.grievance_record(recorded_by=worker_malang, **data)

    assert grievance.received_on == timezone.localdate()
    assert grievance.due_on > grievance.received_on


def test_a_clients_grievance_is_filed_under_the_clients_regency(worker_malang):
    person = ClientFactory(regency_code=KOTA_MALANG)

    grievance = recorded(
        worker_malang,
        client=person,
        regency=regency(BOJONEGORO),
        complainant_name="typed by mistake",
    )

    grievance.refresh_from_db()
    assert grievance.client == person
    assert grievance.regency_id == KOTA_MALANG
    assert grievance.complainant_name == ""
    assert grievance.complainant == person.name


def test_a_clients_grievance_may_concern_her_own_grant_training_and_visit(worker_malang):
    person = ClientFactory()
    grant = GrantFactory(client=person)
    enrolment = EnrolmentFactory(client=person)
    visit = FollowUpVisitFactory(business__client=person)

    grievance = recorded(
        worker_malang, client=person, grant=grant, enrolment=enrolment, visit=visit
    )

    grievance.refresh_from_db()
    assert (grievance.grant, grievance.enrolment, grievance.visit) == (grant, enrolment, visit)


def test_the_lapor_ticket_is_kept_only_for_the_lapor_channel(worker_malang):
    lapor = recorded(worker_malang, channel=Grievance.Channel.LAPOR, lapor_ticket="LAP-123")
    phone = recorded(worker_malang, channel=Grievance.Channel.PHONE, lapor_ticket="LAP-456")

    assert Grievance.objects.get(pk=lapor.pk).lapor_ticket == "LAP-123"
    assert Grievance.objects.get(pk=phone.pk).lapor_ticket == ""


def _another_clients(kind):
    other = ClientFactory()
    if kind == "grant":
        return GrantFactory(client=other)
    if kind == "enrolment":
        return EnrolmentFactory(client=other)
    return FollowUpVisitFactory(business__client=other)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"received_on": "tomorrow"}, "received_on", id="received-in-the-future"),
        pytest.param({"complainant_name": ""}, "complainant_name", id="no-name"),
        pytest.param({"complainant_name": "   "}, "complainant_name", id="blank-name"),
        pytest.param(
            {"channel": Grievance.Channel.LAPOR, "lapor_ticket": ""},
            "lapor_ticket",
            id="lapor-without-ticket",
        ),
        pytest.param(
            {"channel": Grievance.Channel.LAPOR, "lapor_ticket": "  "},
            "lapor_ticket",
            id="lapor-blank-ticket",
        ),
        pytest.param({"client": "client", "grant": "grant"}, "grant", id="others-grant"),
        pytest.param(
            {"client": "client", "enrolment": "enrolment"}, "enrolment", id="others-enrolment"
        ),
        pytest.param({"client": "client", "visit": "visit"}, "visit", id="others-visit"),
        pytest.param({"grant": "grant"}, "grant", id="grant-for-unregistered"),
    ],
)
def test_record_refuses_and_saves_nothing(worker_malang, overrides, field):
    resolved = {}
    for name, value in overrides.items():
        if value == "tomorrow":
            value = timezone.localdate() + datetime.timedelta(days=1)
        elif value == "client":
            value = ClientFactory()
        elif value in ("grant", "enrolment", "visit"):
            value = _another_clients(value)
        resolved[name] = value

    with pytest.raises(ValidationError) as refused:
        recorded(worker_malang, attachment=attachment_prepare(jpeg()), **resolved)

    assert field in refused.value.message_dict
    assert Grievance.objects.count() == 0
    assert GrievanceAttachment.objects.count() == 0
    assert GrievanceNote.objects.count() == 0


def test_received_today_is_accepted(worker_malang):
    grievance = recorded(worker_malang, received_on=timezone.localdate())

    assert Grievance.objects.get() == grievance


# --- Status ----------------------------------------------------------------------------


def change_notes(grievance):
    return list(
        grievance.notes.filter(kind=GrievanceNote.Kind.CHANGE).values_list("text", flat=True)
    )


def status_label(status):
    return str(Grievance.Status(status).label)


def test_resolving_needs_a_resolution(worker_malang):
    grievance = recorded(worker_malang)

    with pytest.raises(ValidationError) as refused:
        services.grievance_status_set(
            grievance=grievance, changed_by=worker_malang, status=Grievance.Status.RESOLVED
        )

    assert "resolution" in refused.value.message_dict
    grievance.refresh_from_db()
    assert (grievance.status, grievance.closed_on) == (Grievance.Status.NEW, None)
    assert change_notes(grievance) == []


def test_rejecting_needs_a_reason(worker_malang):
    grievance = recorded(worker_malang)

    with pytest.raises(ValidationError) as refused:
        services.grievance_status_set(
            grievance=grievance,
            changed_by=worker_malang,
            status=Grievance.Status.REJECTED,
            resolution="irrelevant",
        )

    assert "rejection_reason" in refused.value.message_dict
    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.NEW
    assert grievance.closed_on is None


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        (Grievance.Status.RESOLVED, {"resolution": "Mesin jahit diganti baru."}),
        (Grievance.Status.REJECTED, {"rejection_reason": "Bukan bantuan dinas sosial."}),
    ],
)
def test_closing_dates_it_and_writes_a_change_note(worker_malang, status, extra):
    grievance = recorded(worker_malang)

    services.grievance_status_set(
        grievance=grievance, changed_by=worker_malang, status=status, on=D(2026, 8, 17), **extra
    )

    grievance.refresh_from_db()
    assert grievance.status == status
    assert grievance.closed_on == D(2026, 8, 17)
    note = grievance.notes.get(kind=GrievanceNote.Kind.CHANGE)
    assert note.author == worker_malang
    assert status_label(Grievance.Status.NEW) in note.text
    assert status_label(status) in note.text


def test_closing_without_a_date_dates_it_today(worker_malang):
    grievance = recorded(worker_malang)

    services.grievance_status_set(
        grievance=grievance,
        changed_by=worker_malang,
        status=Grievance.Status.RESOLVED,
        resolution="Sudah diganti.",
    )

    assert Grievance.objects.get().closed_on == timezone.localdate()


def test_reopening_clears_the_closing_date(worker_malang):
    grievance = recorded(worker_malang)
    services.grievance_status_set(
        grievance=grievance,
        changed_by=worker_malang,
        status=Grievance.Status.RESOLVED,
        resolution="Sudah diganti.",
        on=D(2026, 8, 17),
    )

    services.grievance_status_set(
        grievance=grievance, changed_by=worker_malang, status=Grievance.Status.IN_PROGRESS
    )

    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.IN_PROGRESS
    assert grievance.closed_on is None
    assert grievance.resolution == ""
    assert len(change_notes(grievance)) == 2
    assert status_label(Grievance.Status.IN_PROGRESS) in change_notes(grievance)[-1]


def test_resolved_to_rejected_keeps_the_first_closing_date(worker_malang):
    grievance = recorded(worker_malang)
    services.grievance_status_set(
        grievance=grievance,
        changed_by=worker_malang,
        status=Grievance.Status.RESOLVED,
        resolution="Sudah diganti.",
        on=D(2026, 8, 17),
    )

    services.grievance_status_set(
        grievance=grievance,
        changed_by=worker_malang,
        status=Grievance.Status.REJECTED,
        rejection_reason="Ternyata bukan bantuan dinas.",
        on=D(2026, 8, 20),
    )

    assert Grievance.objects.get().closed_on == D(2026, 8, 17)


def test_the_same_status_again_writes_no_note(worker_malang):
    grievance = recorded(worker_malang)

    services.grievance_status_set(
        grievance=grievance, changed_by=worker_malang, status=Grievance.Status.NEW
    )

    assert change_notes(grievance) == []


# --- Assignment ------------------------------------------------------------------------


def test_assigning_a_new_grievance_puts_it_in_progress_and_writes_a_note(worker_malang, manager):
    grievance = recorded(worker_malang)

    services.grievance_assign(
        grievance=grievance, assigned_by=manager, assigned_to=worker_malang, service_unit=upt()
    )

    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.IN_PROGRESS
    assert (grievance.assigned_to, grievance.service_unit) == (worker_malang, upt())
    note = grievance.notes.get(kind=GrievanceNote.Kind.CHANGE)
    assert note.author == manager
    assert worker_malang.get_full_name() in note.text
    assert upt().name in note.text


def test_assigning_again_to_the_same_writes_nothing(worker_malang, manager):
    grievance = recorded(worker_malang)
    services.grievance_assign(
        grievance=grievance, assigned_by=manager, assigned_to=worker_malang, service_unit=None
    )

    services.grievance_assign(
        grievance=grievance, assigned_by=manager, assigned_to=worker_malang, service_unit=None
    )

    assert len(change_notes(grievance)) == 1


def test_assigning_an_awaiting_grievance_keeps_its_status(worker_malang, manager):
    grievance = recorded(worker_malang)
    services.grievance_status_set(
        grievance=grievance, changed_by=worker_malang, status=Grievance.Status.AWAITING
    )

    services.grievance_assign(
        grievance=grievance, assigned_by=manager, assigned_to=worker_malang, service_unit=None
    )

    assert Grievance.objects.get().status == Grievance.Status.AWAITING


def test_removing_the_assignment_says_so(worker_malang, manager):
    grievance = recorded(worker_malang)
    services.grievance_assign(
        grievance=grievance, assigned_by=manager, assigned_to=worker_malang, service_unit=None
    )

    services.grievance_assign(
        grievance=grievance, assigned_by=manager, assigned_to=None, service_unit=None
    )

    grievance.refresh_from_db()
    assert grievance.assigned_to is None
    assert grievance.status == Grievance.Status.IN_PROGRESS
    notes = change_notes(grievance)
    assert len(notes) == 2
    assert worker_malang.get_full_name() not in notes[-1]


# --- Attachments -----------------------------------------------------------------------


def test_an_uploaded_jpeg_is_rewritten_and_stored(worker_malang):
    prepared = attachment_prepare(jpeg("ktp-dan-rumah.jpg"))

    grievance = recorded(worker_malang, attachment=prepared)

    attachment = GrievanceAttachment.objects.get()
    assert attachment.grievance == grievance
    assert attachment.uploaded_by == worker_malang
    assert attachment.file.name.startswith("grievances/")
    assert attachment.file.name.endswith(".jpg")
    assert "ktp-dan-rumah" not in attachment.file.name
    assert not attachment.is_pdf
    with attachment.file.open("rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
        assert picture.format == "JPEG"
        assert picture.size == (80, 60)


def test_a_note_may_bring_an_attachment(worker_malang):
    grievance = recorded(worker_malang)

    note = services.grievance_note_add(
        grievance=grievance,
        author=worker_malang,
        kind=GrievanceNote.Kind.ACTION,
        text="Foto mesin yang rusak diterima.",
        attachment=attachment_prepare(jpeg()),
    )

    assert note.kind == GrievanceNote.Kind.ACTION
    assert grievance.attachments.count() == 1


def test_a_pdf_is_kept_as_pdf(worker_malang):
    out = io.BytesIO()
    Image.new("RGB", (300, 420), (250, 250, 245)).save(out, format="PDF")
    scan = SimpleUploadedFile("surat.jpg", out.getvalue(), content_type="image/jpeg")

    recorded(worker_malang, attachment=attachment_prepare(scan))

    assert GrievanceAttachment.objects.get().is_pdf


def test_a_text_file_is_refused():
    text = SimpleUploadedFile("bukti.jpg", b"bukan gambar, hanya teks", content_type="image/jpeg")

    with pytest.raises(ValidationError) as refused:
        attachment_prepare(text)

    assert refused.value.code == "document_format"


def test_a_text_file_is_refused_by_the_form_and_nothing_is_saved(client, worker_malang):
    client.force_login(worker_malang)
    text = SimpleUploadedFile("bukti.txt", b"hanya teks", content_type="text/plain")

    response = client.post(
        reverse("programs:grievance_create"),
        {
            "received_on": "2026-08-13",
            "complainant_name": "Bu Sulastri",
            "complainant_contact": "0812",
            "regency": KOTA_MALANG,
            "channel": Grievance.Channel.PHONE,
            "category": damaged().pk,
            "severity": "medium",
            "description": "Mesin jahit rusak.",
            "attachment": text,
        },
    )

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["attachment"]] == [
        "document_format"
    ]
    assert Grievance.objects.count() == 0
    assert GrievanceAttachment.objects.count() == 0
