"""`manage.py bench --admin`: every changelist of the admin site, as a superuser (the
bench-admin login), its p50 and queries, against a target of one second."""

from django.contrib import admin
from django.urls import reverse

from .measure import bench_user, logged_in, testserver_allowed, time_page
from .report import progress

ADMIN = "bench-admin"


def time_admin(*, runs, stdout=None) -> list[dict]:
    """Every changelist of the admin site, as a superuser: p50 and queries."""
    user = bench_user(ADMIN, superuser=True)
    http = logged_in(user)
    results = []
    with testserver_allowed():
        for model, _model_admin in sorted(
            admin.site._registry.items(), key=lambda item: item[0]._meta.label
        ):
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            measure = time_page(
                f"admin: {meta.label}", http, url, runs=runs, user=ADMIN, target="p50 < 1000 ms"
            )
            measure.met = measure.p50 < 1000
            results.append(measure)
            progress(stdout, measure)
    return [m.as_dict() for m in results]
