"""Personas shared by every test (in the manner of healthchecks' hc/test.py): a social
worker in Kota Malang, one in Bojonegoro, a province-wide manager, an admin, and a user
with no scope at all."""

import pytest
from django.conf import settings as django_settings
from django.test.utils import override_settings
from django.utils import translation

from beneficiaries import roles
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, UserFactory, staff_user
from tests.worlds import check_independent

# Django's default PBKDF2 (1,000,000 rounds) costs about a second a hash on a 2-core
# machine, and every persona, factory user and login pays it. Tests only need a hash that
# checks; production keeps Django's default (tests/test_password_hashing.py proves it).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # Session-scoped, so that worlds built once per module or session hash fast too;
    # override_settings clears Django's cache of hashers on the way in and out.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _independent_of_worlds(request):
    # See tests/worlds.py: a world built once per module is seen only by who asks for it.
    check_independent(request)


@pytest.fixture(autouse=True)
def _default_language():
    # Every test starts in the site's language. A request through the test client leaves
    # the language its middleware chose active in the thread (nothing deactivates it), so
    # a test run after an English page would otherwise read English messages: which tests
    # failed then depended on how xdist shared them out.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


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
