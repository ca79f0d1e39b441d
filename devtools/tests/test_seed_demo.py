"""`manage.py seed_demo`: the demo logins and clients `make run` starts with."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest  # axes needs the request a login comes with

from beneficiaries import roles
from beneficiaries.models import CaseNote, Client, District, StaffScope
from beneficiaries.nik import nik_warnings, parse_nik
from devtools.demo.story import (
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    demo_wheelchair_client,
)

CLIENTS = 40

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(demo_settings):
    call_command("load_regions", verbosity=0)


def seed(**options):
    output = io.StringIO()
    call_command("seed_demo", clients=CLIENTS, stdout=output, **options)
    return output.getvalue()


def test_prints_the_logins_and_password(regions):
    output = seed()
    assert f"Created {CLIENTS} demo clients" in output
    assert "demo-password-for-tests" in output
    assert "worker-bojonegoro" in output
    assert "none created" in seed()


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", clients=CLIENTS)
    assert not get_user_model().objects.exists()


def test_refuses_without_regions(demo_settings):
    with pytest.raises(CommandError, match="load_regions"):
        call_command("seed_demo", clients=CLIENTS)
    assert not Client.objects.exists()


def test_creates_the_demo_logins(regions, client):
    seed()
    User = get_user_model()
    expected_groups = {
        "admin": roles.ADMIN,
        "manager": roles.MANAGER,
        "worker-malang": roles.SOCIAL_WORKER,
        "worker-bojonegoro": roles.SOCIAL_WORKER,
    }
    for username, group in expected_groups.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo-password-for-tests")
        assert [g.name for g in user.groups.all()] == [group]
        assert user.first_name and user.last_name
        assert client.login(
            request=HttpRequest(), username=username, password="demo-password-for-tests"
        )

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff

    manager = StaffScope.objects.get(user__username="manager")
    assert manager.province_wide
    assert not manager.user.is_staff

    for username, regency in [("worker-malang", "35.73"), ("worker-bojonegoro", "35.22")]:
        scope = StaffScope.objects.get(user__username=username)
        assert not scope.province_wide
        assert [r.code for r in scope.regencies.all()] == [regency]
        visible = Client.objects.visible_to(scope.user)
        assert visible.exists()
        assert set(visible.values_list("regency_id", flat=True)) == {regency}


def test_creates_clients_with_consistent_niks(regions):
    seed()
    clients = list(Client.objects.select_related("district", "village__district"))
    assert len(clients) == CLIENTS
    districts = set(District.objects.values_list("code", flat=True))
    with_nik = [c for c in clients if c.nik]
    assert 0 < len(clients) - len(with_nik) < len(clients) // 3  # some homeless, no NIK
    assert len({c.nik for c in with_nik}) == len(with_nik)
    for c in with_nik:
        info = parse_nik(c.nik)
        known = info.district_code in districts
        assert known
        assert info.district_code == c.district_id
        assert c.nik[12:] != "0000"
        assert nik_warnings(info, birth_date=c.birth_date, sex=c.sex, district_known=known) == []
        assert c.kk_number.startswith(c.nik[:6]) and len(c.kk_number) == 16
        parse_nik(c.kk_number)
    for c in clients:
        assert c.village.district_id == c.district_id
        assert c.district.regency_id == c.regency_id
        assert c.regency.province_id == "35"
        assert c.consent_given and c.consent_date
        assert c.ppks_types.exists()
        if c.birth_date:
            assert 1950 <= c.birth_date.year <= 2008
        if c.status == Client.Status.CLIENT:
            assert c.service_unit.kind == "upt"
    assert {c.status for c in clients} >= {Client.Status.FORMER_CLIENT}
    assert CaseNote.objects.exists()


def test_the_wheelchair_woman_from_bojonegoro(regions):
    seed()
    siti = demo_wheelchair_client()
    assert siti.name == DEMO_WHEELCHAIR_CLIENT_NAME
    assert siti.nik == DEMO_WHEELCHAIR_CLIENT_NIK
    assert Client.objects.filter(name=DEMO_WHEELCHAIR_CLIENT_NAME).count() == 1
    assert siti.sex == Client.Sex.FEMALE
    assert siti.regency_id == "35.22"
    assert siti.village.district.regency_id == "35.22"
    assert siti.status == Client.Status.FORMER_CLIENT
    assert [p.name for p in siti.ppks_types.all()] == ["Penyandang Disabilitas"]
    assert {d.kind.code for d in siti.disabilities.all()} == {"fisik"}
    assert [d.name for d in siti.assistive_devices.all()] == ["Kursi roda"]
    info = parse_nik(siti.nik)
    assert nik_warnings(info, birth_date=siti.birth_date, sex=siti.sex, district_known=True) == []
    assert info.district_code == siti.district_id


def test_a_second_run_changes_nothing(regions):
    seed()
    User = get_user_model()

    def snapshot():
        return {
            "clients": Client.objects.count(),
            "notes": CaseNote.objects.count(),
            "users": list(User.objects.order_by("username").values_list("username", "password")),
            "scopes": StaffScope.objects.count(),
            "ppks": Client.ppks_types.through.objects.count(),
            "disabilities": Client.disabilities.through.objects.count(),
            "devices": Client.assistive_devices.through.objects.count(),
            "groups": User.groups.through.objects.count(),
        }

    before = snapshot()
    seed()
    assert snapshot() == before


def test_a_rerun_restores_the_documented_password(regions):
    seed()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed-by-someone")
    admin.save()
    seed()
    admin.refresh_from_db()
    assert admin.check_password("demo-password-for-tests")
