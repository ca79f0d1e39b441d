"""Personas shared by every test (in the manner of healthchecks' hc/test.py): a social
worker in Kota Malang, one in Bojonegoro, a province-wide manager, an admin, and a user
with no scope at all."""

import pytest

from beneficiaries import roles
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, UserFactory, staff_user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded photos go to a temporary folder, never into the project tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def worker_malang(db):
    return staff_user("worker-malang", group=roles.SOCIAL_WORKER, regencies=[KOTA_MALANG])


@pytest.fixture
def worker_bojonegoro(db):
    return staff_user("worker-bojonegoro", group=roles.SOCIAL_WORKER, regencies=[BOJONEGORO])


@pytest.fixture
def manager(db):
    return staff_user("manager", group=roles.MANAGER, province_wide=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """Logged in, in no group and with no scope."""
    return UserFactory(username="outsider")
