"""The demo logins (password: the DEMO_PASSWORD setting), which `seed_demo` makes or puts
back as documented, and who of them records what the other demo seeds write."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from beneficiaries import roles
from beneficiaries.models import Client, Regency, StaffScope

from .story import BOJONEGORO, MALANG

# username, first name, last name, role group, scope: "all", "superuser" or regency codes.
DEMO_USERS = [
    ("admin", "Bambang", "Setiawan", roles.ADMIN, "superuser"),
    ("manager", "Sri", "Wahyuningsih", roles.MANAGER, "all"),
    ("worker-malang", "Dewi", "Lestari", roles.SOCIAL_WORKER, [MALANG]),
    ("worker-bojonegoro", "Agus", "Santoso", roles.SOCIAL_WORKER, [BOJONEGORO]),
]
# Who records the demo programs, grants, businesses and visits: see `recorder`.
RECORDERS = ["admin", "worker-malang", "worker-bojonegoro"]


@dataclass
class EnsuredUser:
    user: object
    created: bool
    changed: list[str]  # the fields put back, "password" included


def users_ensure() -> list[EnsuredUser]:
    """Every demo login, made or brought back to its documented state (password included);
    what is right already is not written again, so that a rerun writes nothing."""
    User = get_user_model()
    password = settings.DEMO_PASSWORD
    ensured = []
    for username, first_name, last_name, role, scope in DEMO_USERS:
        try:
            group = Group.objects.get(name=role)
        except Group.DoesNotExist:
            raise CommandError(
                f"The role group {role!r} is missing. Run `python manage.py migrate`."
            ) from None
        user, created = User.objects.get_or_create(username=username)
        wanted = {
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@dinsos-jatim.example",
            "is_active": True,
            "is_staff": scope == "superuser",
            "is_superuser": scope == "superuser",
        }
        changed = [f for f, value in wanted.items() if getattr(user, f) != value]
        for field in changed:
            setattr(user, field, wanted[field])
        # Only when it does not work already, so that a rerun writes nothing.
        if not user.check_password(password):
            user.set_password(password)
            changed.append("password")
        if changed:
            user.save()
        if set(user.groups.all()) != {group}:
            user.groups.set([group])
        if scope != "superuser":
            _scope_ensure(user, scope)
        ensured.append(EnsuredUser(user, created, changed))
    return ensured


def _scope_ensure(user, scope):
    staff_scope, _ = StaffScope.objects.get_or_create(user=user)
    if staff_scope.province_wide != (scope == "all"):
        staff_scope.province_wide = scope == "all"
        staff_scope.save(update_fields=["province_wide"])
    regencies = [] if scope == "all" else list(Regency.objects.filter(code__in=scope))
    if set(staff_scope.regencies.all()) != set(regencies):
        staff_scope.regencies.set(regencies)
    if staff_scope.service_units.exists():
        staff_scope.service_units.clear()


def recorders() -> dict:
    """The demo users of RECORDERS that exist, by username."""
    return {u.username: u for u in get_user_model().objects.filter(username__in=RECORDERS)}


def recorder(users: dict, client: Client):
    """The demo worker of the client's regency, or the admin for the rest."""
    if client.regency_id == MALANG:
        return users["worker-malang"]
    if client.regency_id == BOJONEGORO:
        return users["worker-bojonegoro"]
    return users["admin"]
