"""factory_boy factories for the registry. Regions use real Kemendagri codes so that NIKs
built from them are valid; provinces and regencies come with the migrations."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from beneficiaries import roles
from beneficiaries.models import (
    CaseNote,
    Client,
    District,
    PpksType,
    Regency,
    ServiceUnit,
    StaffScope,
    Village,
)
from beneficiaries.nik import compose_nik

KOTA_MALANG = "35.73"
BOJONEGORO = "35.22"
PASSWORD = "test-password-1234"

# One real district and village per regency the tests use.
PLACES = {
    KOTA_MALANG: ("35.73.01", "Blimbing", "35.73.01.1001", "Balearjosari"),
    BOJONEGORO: ("35.22.12", "Sumberrejo", "35.22.12.2001", "Tlogohaji"),
}


def place(regency_code):
    """The (regency, district, village) the tests use for a regency, created if needed."""
    district_code, district_name, village_code, village_name = PLACES[regency_code]
    regency = Regency.objects.get(pk=regency_code)
    district, _ = District.objects.get_or_create(
        code=district_code, defaults={"regency": regency, "name": district_name}
    )
    village, _ = Village.objects.get_or_create(
        code=village_code, defaults={"district": district, "name": village_name}
    )
    return regency, district, village


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    password = factory.django.Password(PASSWORD)


def staff_user(username, *, group, province_wide=False, regencies=(), service_units=()):
    """A user in a role group with a scope, as an admin would set one up."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    scope = StaffScope.objects.create(user=user, province_wide=province_wide)
    scope.regencies.set(Regency.objects.filter(pk__in=regencies))
    scope.service_units.set(service_units)
    return user


class ClientFactory(factory.django.DjangoModelFactory):
    """A client in Kota Malang with a NIK consistent with district, birth date and sex."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    class Params:
        regency_code = KOTA_MALANG

    registration_number = factory.Sequence(lambda n: f"35-2026-{n + 1:06d}")
    name = factory.Faker("name", locale="id_ID")
    sex = Client.Sex.FEMALE
    birth_place = "Malang"
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(n))
    status = Client.Status.FORMER_CLIENT
    regency = factory.LazyAttribute(lambda o: place(o.regency_code)[0])
    district = factory.LazyAttribute(lambda o: place(o.regency_code)[1])
    village = factory.LazyAttribute(lambda o: place(o.regency_code)[2])
    nik = factory.LazyAttributeSequence(
        lambda o, n: compose_nik(
            district_code=o.district.code, birth_date=o.birth_date, sex=o.sex, serial=n % 9999 + 1
        )
    )

    @factory.post_generation
    def ppks_types(self, create, extracted, **kwargs):
        if create:
            self.ppks_types.set(extracted or PpksType.objects.filter(code="09"))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    client = factory.SubFactory(ClientFactory)
    author = factory.SubFactory(UserFactory)
    text = "Kunjungan rumah: klien sehat dan aktif."


def upt(name="UPT Rehabilitasi Sosial Bina Daksa Pasuruan"):
    return ServiceUnit.objects.get(name=name)


__all__ = [
    "BOJONEGORO",
    "KOTA_MALANG",
    "PASSWORD",
    "CaseNoteFactory",
    "ClientFactory",
    "UserFactory",
    "place",
    "roles",
    "staff_user",
    "upt",
]
