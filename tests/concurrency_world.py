"""The database side of tests/test_concurrent_writes.py, run in a process of its own.

The concurrency test runs a real server against a throwaway database (a file for SQLite,
a database of its own on the PostgreSQL server), which is not pytest-django's test
database. This script works in that database, with DATABASE_URL pointing at it:

    python -m tests.concurrency_world build     migrate, collectstatic, the world as JSON
    python -m tests.concurrency_world inspect   what is stored now, as JSON

`build` makes 20 social workers of Kota Malang, each with a session of their own (a login
without the password hash a real login would cost), a client for 20 edits at once, 20
clients for one edit each, 20 grantees with a business for a visit each and one business
for 20 visits at once.
"""

import json
import os
import sys

WRITERS = 20
LANGUAGE = "en"  # the pages answer in English, so the test can look for the messages


def build() -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client as TestClient
    from django.test.utils import override_settings

    from beneficiaries import roles
    from beneficiaries.models import Client
    from beneficiaries.tests.factories import KOTA_MALANG, ClientFactory, staff_user
    from programs.tests.factories import grantee_with_business

    call_command("migrate", interactive=False, verbosity=0)
    # DEBUG off: pages name their static files through the manifest (STATIC_ROOT is the
    # test's own folder).
    call_command("collectstatic", interactive=False, verbosity=0)
    # Nobody logs in with a password here (the sessions below are made directly), so the
    # users' password hashes may be cheap.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        sessions = []
        for n in range(WRITERS):
            user = staff_user(
                f"worker-{n + 1:02d}", group=roles.SOCIAL_WORKER, regencies=[KOTA_MALANG]
            )
            browser = TestClient()
            browser.force_login(user)
            sessions.append(browser.cookies[settings.SESSION_COOKIE_NAME].value)
    shared = ClientFactory(phone="0811000000")
    grantees = [grantee_with_business() for _ in range(WRITERS)]
    _, busy_business, _ = grantee_with_business()
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "language": LANGUAGE,
        "sessions": sessions,
        "shared_client": shared.pk,
        "shared_client_history": Client.history.filter(id=shared.pk).count(),
        "clients": [ClientFactory().pk for _ in range(WRITERS)],
        "businesses": [business.pk for _, business, _ in grantees],
        "busy_business": busy_business.pk,
    }


def inspect() -> dict:
    """Every client and business of the world as stored, with their history and figures."""
    from beneficiaries.models import Client
    from programs.models import Business, FollowUpVisit, GranteeFollowUp

    clients = {
        client.pk: {
            "phone": client.phone,
            "address": client.address,
            "version": client.version,
            "history": [
                {"phone": row.phone, "address": row.address, "version": row.version}
                for row in Client.history.filter(id=client.pk).order_by("history_id")
            ],
        }
        for client in Client.objects.all()
    }
    businesses = {}
    for business in Business.objects.all():
        visits = FollowUpVisit.objects.filter(business=business).order_by("-visited_on", "-id")
        follow_up = GranteeFollowUp.objects.filter(client_id=business.client_id).first()
        businesses[business.pk] = {
            "visits": [
                {"id": v.pk, "visited_on": v.visited_on.isoformat(), "net_income": v.net_income}
                for v in visits
            ],
            "checks": sum(visit.equipment_checks.count() for visit in visits),
            "latest_visit": business.latest_visit_id,
            "latest_income": business.latest_income,
            "follow_up_rows": GranteeFollowUp.objects.filter(client_id=business.client_id).count(),
            "follow_up_last_visit": follow_up.last_visit_id if follow_up else None,
        }
    return {"clients": clients, "businesses": businesses}


def main(command: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinsos.settings")
    import django

    django.setup()
    result = {"build": build, "inspect": inspect}[command]()
    # The JSON on a line of its own, after whatever the commands print.
    print("\n" + json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
