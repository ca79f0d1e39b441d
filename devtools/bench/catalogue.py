"""The public catalogue in `manage.py bench` (issue #21: p50 <= 100 ms with 10,000 listed
businesses): the first page, a product search, a regency, a business's page, each as an
anonymous visitor; served from the cache as a visitor meets them, and once more right
after a change (the cache's stamp moved before every request: the cost of the first
visitor after a consent or a profile was saved)."""

import time

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.marketing.services import catalogue_changed
from programs.models import Business, BusinessProfile, PublicationConsent

from .measure import Measure, bench_user, read_body, time_page

LISTED = 10_000
CATALOGUE_TARGET = "p50 <= 100 ms"
SEARCH_WORD = "seragam"  # in the products of the bulk seed's garment businesses


@transaction.atomic
def ensure_listed(count: int = LISTED) -> int:
    """At least `count` businesses in the catalogue: consents (name and products) for the
    first businesses without one, in bulk (bench data, like seed_bulk's: no history)."""
    listed = PublicationConsent.objects.standing().count()
    missing = count - listed
    if missing > 0:
        recorder = bench_user("bench-catalogue")
        chosen = list(
            Business.objects.filter(client__archived_at__isnull=True)
            .exclude(Exists(PublicationConsent.objects.standing().filter(business=OuterRef("pk"))))
            .order_by("pk")
            .values_list("pk", flat=True)[:missing]
        )
        have_profile = set(
            BusinessProfile.objects.filter(business_id__in=chosen).values_list(
                "business_id", flat=True
            )
        )
        BusinessProfile.objects.bulk_create(
            [BusinessProfile(business_id=pk) for pk in chosen if pk not in have_profile],
            batch_size=2000,
        )
        PublicationConsent.objects.bulk_create(
            [
                PublicationConsent(
                    business_id=pk, recorded_by=recorder, show_name=True, show_products=True
                )
                for pk in chosen
            ],
            batch_size=2000,
        )
        catalogue_changed()
        listed += len(chosen)
    return listed


def catalogue_pages(regency_code) -> list[tuple[str, str]]:
    catalogue = reverse("programs:catalogue")
    token = (
        BusinessProfile.objects.filter(business__consents__withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list("token", flat=True)
        .first()
    )
    pages = [
        ("catalogue: first page (anonymous)", catalogue),
        (f"catalogue: search '{SEARCH_WORD}'", f"{catalogue}?q={SEARCH_WORD}"),
        ("catalogue: one regency", f"{catalogue}?regency={regency_code}"),
    ]
    if token:
        pages.append(
            ("catalogue: a business's page", reverse("programs:catalogue_business", args=[token]))
        )
    return pages


def time_catalogue(*, runs, regency_code, progress) -> list[Measure]:
    listed = ensure_listed()
    anonymous = HttpClient()
    results = []
    for name, url in catalogue_pages(regency_code):
        measure = time_page(name, anonymous, url, runs=runs, target=CATALOGUE_TARGET)
        measure.extra["listed"] = listed
        results.append(measure)
        progress(measure)
    # Right after a change: no cache entry to serve.
    name, url = catalogue_pages(regency_code)[0]
    cold = Measure(f"{name}, right after a change", url=url, target="")
    cold.extra["listed"] = listed
    for run in range(runs):
        catalogue_changed()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = anonymous.get(url, secure=True)
            read_body(response, None)
            cold.times_ms.append((time.perf_counter() - started) * 1000)
        if run == 0:
            cold.queries = len(queries)
    results.append(cold)
    progress(cold)
    return results
