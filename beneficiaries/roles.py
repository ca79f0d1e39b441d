"""The three roles, as Django groups, and what each may do in the registry.

Admins only put users in groups (and give them a scope); what a group may do is declared
here, once, and written to the database after every `migrate` (`roles_sync`, connected in
BeneficiariesConfig.ready()). Another app declares what the roles may do with its own
models in its own roles.py and syncs it the same way (programs/roles.py): the registry
knows nothing of them. What is declared is what the group has: a permission given to a
group by hand is taken away at the next migrate.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

SOCIAL_WORKER = "Pekerja Sosial"
MANAGER = "Manajer"
ADMIN = "Admin"

# None: every permission of the app.
EVERYTHING = None

# Social workers read and write clients and case notes inside their scope (the views
# enforce the scope) and archive, never delete; managers read, the change history too, and
# download a subject-access file; admins manage everything in Django admin, users included.
REGISTRY_PERMISSIONS = {
    SOCIAL_WORKER: [
        "view_client",
        "add_client",
        "change_client",
        "archive_client",
        "view_casenote",
        "add_casenote",
    ],
    MANAGER: ["view_client", "view_casenote", "view_client_history", "download_subject_access"],
    ADMIN: EVERYTHING,
}


@transaction.atomic
def roles_sync(*, app_label: str, declared: dict, also_for_admin: tuple[str, ...] = ()) -> None:
    """Give each role exactly the permissions `declared` for the models of `app_label`
    (creating the groups if need be); the Admin role also gets every permission of the apps
    in `also_for_admin`. Permissions of other apps are left as they are."""
    of_app = Permission.objects.filter(content_type__app_label=app_label)
    for name, codenames in declared.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = of_app if codenames is EVERYTHING else of_app.filter(codename__in=codenames)
        if codenames is not EVERYTHING:
            missing = set(codenames) - set(wanted.values_list("codename", flat=True))
            if missing:
                raise ValueError(f"{app_label} has no permissions {sorted(missing)}")
        group.permissions.remove(*of_app.exclude(pk__in=wanted.values("pk")))
        group.permissions.add(*wanted)
        if name == ADMIN and also_for_admin:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label__in=also_for_admin)
            )


def registry_roles_sync(sender, **kwargs) -> None:
    """post_migrate receiver (after Django created the app's permissions)."""
    roles_sync(app_label="beneficiaries", declared=REGISTRY_PERMISSIONS, also_for_admin=("auth",))
