import datetime

import factory

from beneficiaries.tests.factories import ClientFactory, upt
from programs.models import (
    Batch,
    Business,
    Enrolment,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    Grant,
    GrantItem,
    SkillArea,
    TrainingProgram,
)


def sewing_machine():
    return EquipmentType.objects.get(name="Mesin jahit")


def overlock_machine():
    return EquipmentType.objects.get(name="Mesin obras")


class TrainingProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgram
        django_get_or_create = ("name",)

    name = "Pelatihan Menjahit dan Konveksi"
    skill_area = factory.LazyFunction(lambda: SkillArea.objects.get(name="Menjahit dan konveksi"))
    funding_source = factory.LazyFunction(lambda: FundingSource.objects.get(name="APBD Provinsi"))


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    program = factory.SubFactory(TrainingProgramFactory)
    name = factory.Sequence(lambda n: f"Angkatan {n + 1} 2026")
    service_unit = factory.LazyFunction(upt)
    venue = "Aula UPT"
    start_date = datetime.date(2026, 3, 2)
    end_date = datetime.date(2026, 5, 29)
    capacity = 20


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    batch = factory.SubFactory(BatchFactory)
    client = factory.SubFactory(ClientFactory)
    status = Enrolment.Status.REGISTERED
    enrolled_on = datetime.date(2026, 2, 20)
    status_changed_on = datetime.date(2026, 2, 20)
    # A completed training has sessions attended (Enrolment.clean()).
    sessions_attended = factory.LazyAttribute(
        lambda o: 24 if o.status == Enrolment.Status.COMPLETED else 0
    )


class FollowUpFiguresFactory(factory.django.DjangoModelFactory):
    """Keeps the derived follow-up figures (programs.follow_up) right, as the services do:
    a grant or visit made by a factory counts in the worklist and the report at once.
    (A test that writes checks or visits directly calls follow_up_refresh itself.)"""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from programs.follow_up.refresh import follow_up_refresh

        obj = super()._create(model_class, *args, **kwargs)
        follow_up_refresh(client_ids=[cls._client_id(obj)])
        return obj


class GrantFactory(FollowUpFiguresFactory):
    class Meta:
        model = Grant

    @staticmethod
    def _client_id(grant):
        return grant.client_id

    client = factory.SubFactory(ClientFactory)
    handed_over_on = datetime.date(2026, 6, 10)
    bast_number = factory.Sequence(lambda n: f"BAST/DINSOS/2026/{n + 1:04d}")
    funding_source = factory.LazyFunction(lambda: FundingSource.objects.get(name="APBD Provinsi"))


class GrantItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantItem

    grant = factory.SubFactory(GrantFactory)
    equipment_type = factory.LazyFunction(sewing_machine)
    quantity = 1
    unit_value = factory.LazyAttribute(lambda o: o.equipment_type.standard_value)


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    name = "Konveksi Bu Ani"
    sector = Business.Sector.GARMENTS

    @factory.post_generation
    def grants(self, create, extracted, **kwargs):
        if create and extracted:
            self.grants.set(extracted)


class FollowUpVisitFactory(FollowUpFiguresFactory):
    class Meta:
        model = FollowUpVisit

    @staticmethod
    def _client_id(visit):
        return visit.business.client_id

    business = factory.SubFactory(BusinessFactory)
    visited_on = datetime.date(2026, 9, 1)
    visited_by = factory.LazyAttribute(lambda o: o.business.created_by or _any_user())
    net_income = 1_500_000
    employees = 1
    status = FollowUpVisit.Status.DEVELOPING


def _any_user():
    from beneficiaries.tests.factories import UserFactory

    return UserFactory(username="petugas-kunjungan")


def grantee_with_business(*, regency_code="35.73", handed_over_on=datetime.date(2025, 1, 10)):
    """A client with a sewing machine grant and a business working with it."""
    client = ClientFactory(regency_code=regency_code)
    item = GrantItemFactory(grant__client=client, grant__handed_over_on=handed_over_on)
    business = BusinessFactory(client=client, grants=[item.grant])
    return client, business, item


def grievance_category(name="Bantuan rusak/tidak sesuai"):
    """A category seeded by the data migration (programs/migrations/0008)."""
    from programs.models import GrievanceCategory

    return GrievanceCategory.objects.get(name=name)


def grievance_for(client=None, *, recorded_by=None, **fields):
    """A grievance recorded through the service (its deadline computed), from `client` or,
    without one, from a person not in the registry in Kota Malang."""
    from programs.grievances.services import grievance_record

    values = {
        "channel": "phone",
        "category": grievance_category(),
        "severity": "medium",
        "description": "Mesin obras rusak",
    }
    if client is None:
        values.update(complainant_name="Warga", regency_id="35.73")
    values.update(fields)
    return grievance_record(recorded_by=recorded_by or _any_user(), client=client, **values)
