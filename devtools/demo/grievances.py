"""A few demo grievances for `make run` (seed_demo_visits): per worker's regency one new,
one being handled and past its deadline, one resolved, one from a person not in the
registry, and one sensitive (seen only by the group "Pengaduan sensitif", which has no
demo member: an admin adds one in Django admin)."""

import datetime

from django.utils import timezone

from programs.grievances import services
from programs.models import Grant, Grievance, GrievanceCategory


def demo_grievances_exist() -> bool:
    return Grievance.objects.exists()


def demo_grievances_create(users: dict) -> int:
    today = timezone.localdate()
    category = {c.name: c for c in GrievanceCategory.objects.all()}
    created = 0
    for username in ("worker-malang", "worker-bojonegoro"):
        worker = users.get(username)
        if worker is None:
            continue
        grants = list(
            Grant.objects.visible_to(worker).active().select_related("client").order_by("pk")[:4]
        )
        if len(grants) < 4:
            continue
        regency = grants[0].client.regency_id

        def record(grant=None, worker=worker, **fields):
            return services.grievance_record(
                recorded_by=worker,
                client=grant.client if grant else None,
                grant=grant,
                severity=fields.pop("severity", "medium"),
                **fields,
            )

        record(
            grants[0],
            channel=Grievance.Channel.WHATSAPP,
            category=category["Bantuan rusak/tidak sesuai"],
            description="Mesin obras rusak sejak minggu pertama, tidak bisa dipakai.",
        )
        late = record(
            grants[1],
            channel=Grievance.Channel.PHONE,
            category=category["Bantuan tidak diterima"],
            severity="high",
            received_on=today - datetime.timedelta(days=21),
            description="Kursi roda yang dijanjikan belum diterima.",
        )
        services.grievance_assign(
            grievance=late, assigned_by=worker, assigned_to=worker, service_unit=None
        )
        done = record(
            grants[2],
            channel=Grievance.Channel.FIELD_VISIT,
            category=category["Pelatihan"],
            received_on=today - datetime.timedelta(days=10),
            description="Jadwal pelatihan lanjutan bentrok dengan pekerjaan.",
        )
        services.grievance_status_set(
            grievance=done,
            changed_by=worker,
            status=Grievance.Status.RESOLVED,
            resolution="Dipindahkan ke angkatan sore.",
            acceptance=Grievance.Acceptance.ACCEPTED,
        )
        record(
            channel=Grievance.Channel.LAPOR,
            lapor_ticket=f"LAPOR-{today:%Y}-{regency.replace('.', '')}01",
            complainant_name="Sumiati",
            complainant_contact="0812-0000-0000",
            regency_id=regency,
            category=category["Seleksi/tidak adil"],
            description="Tetangga saya tidak terpilih menjadi peserta pelatihan.",
        )
        record(
            grants[3],
            channel=Grievance.Channel.IN_PERSON,
            category=category["Perilaku petugas"],
            severity="high",
            description="Petugas meminta uang saat penyerahan bantuan.",
        )
        created += 5
    return created
