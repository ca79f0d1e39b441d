"""The roles' permissions are declared once (beneficiaries/roles.py, programs/roles.py) and
written after every migrate: the groups have exactly what is declared."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from beneficiaries import roles
from programs.roles import PROGRAMS_PERMISSIONS

pytestmark = pytest.mark.django_db


def granted(group_name, app_label):
    return set(
        Group.objects.get(name=group_name)
        .permissions.filter(content_type__app_label=app_label)
        .values_list("codename", flat=True)
    )


@pytest.mark.parametrize("role", [roles.SOCIAL_WORKER, roles.MANAGER])
def test_each_role_has_exactly_what_is_declared(role):
    assert granted(role, "beneficiaries") == set(roles.REGISTRY_PERMISSIONS[role])
    assert granted(role, "programs") == set(PROGRAMS_PERMISSIONS[role])
    assert not Group.objects.get(name=role).permissions.exclude(
        content_type__app_label__in=["beneficiaries", "programs"]
    )


def test_the_admin_role_has_every_permission_of_the_apps_and_of_the_users():
    for app_label in ("beneficiaries", "programs", "auth"):
        every = set(
            Permission.objects.filter(content_type__app_label=app_label).values_list(
                "codename", flat=True
            )
        )
        assert granted(roles.ADMIN, app_label) == every


def test_a_permission_given_by_hand_is_taken_back_at_the_next_migrate():
    workers = Group.objects.get(name=roles.SOCIAL_WORKER)
    workers.permissions.add(Permission.objects.get(codename="delete_client"))
    workers.permissions.remove(Permission.objects.get(codename="add_grant"))

    call_command("migrate", verbosity=0)

    assert "delete_client" not in granted(roles.SOCIAL_WORKER, "beneficiaries")
    assert "add_grant" in granted(roles.SOCIAL_WORKER, "programs")


def test_a_declared_permission_that_does_not_exist_is_an_error():
    with pytest.raises(ValueError, match="no_such_thing"):
        roles.roles_sync(app_label="beneficiaries", declared={roles.MANAGER: ["no_such_thing"]})
