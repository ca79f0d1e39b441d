"""Program list and detail, and opening a batch."""

from django.urls import reverse

from beneficiaries.tests.factories import upt
from programs.models import Batch
from programs.tests.factories import BatchFactory, EnrolmentFactory, TrainingProgramFactory


def test_program_list_searches_and_counts_batches(client, manager):
    program = TrainingProgramFactory()
    BatchFactory.create_batch(2, program=program)
    client.force_login(manager)

    listed = client.get(reverse("programs:program_list"))
    searched = client.get(reverse("programs:program_list"), {"q": "boga"})

    assert [p.name for p in listed.context["page"].object_list] == [program.name]
    assert listed.context["page"].object_list[0].batch_count == 2
    assert list(searched.context["page"].object_list) == []


def test_program_detail_shows_batches_with_places_taken(client, worker_malang):
    batch = BatchFactory(capacity=10)
    EnrolmentFactory.create_batch(3, batch=batch)
    EnrolmentFactory(batch=batch, status="withdrew")
    client.force_login(worker_malang)

    page = client.get(batch.program.get_absolute_url()).content.decode()

    assert batch.name in page
    assert "3 / 10" in page


def test_worker_opens_a_batch(client, worker_malang):
    program = TrainingProgramFactory()
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:batch_create", args=[program.pk]),
        {
            "name": "Angkatan I 2027",
            "service_unit": upt().pk,
            "start_date": "2027-02-01",
            "end_date": "2027-04-30",
            "capacity": "20",
        },
    )

    batch = Batch.objects.get()
    assert response.status_code == 302
    assert (batch.program, batch.name, batch.capacity) == (program, "Angkatan I 2027", 20)


def test_batch_ending_before_it_starts_is_refused(client, worker_malang):
    program = TrainingProgramFactory()
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:batch_create", args=[program.pk]),
        {
            "name": "Angkatan Salah",
            "service_unit": upt().pk,
            "start_date": "2027-04-30",
            "end_date": "2027-02-01",
            "capacity": "0",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in errors["end_date"]
    assert "capacity" in errors
    assert not Batch.objects.exists()


def test_manager_cannot_open_a_batch(client, manager):
    program = TrainingProgramFactory()
    client.force_login(manager)

    assert client.get(reverse("programs:batch_create", args=[program.pk])).status_code == 403
