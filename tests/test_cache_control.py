"""Responses with personal data are kept by no cache: every response to a logged-in user
carries `Cache-Control: private, no-store` (dinsos.middleware.PrivateResponsesMiddleware)."""

import pytest
from django.urls import reverse

from programs.tests.factories import FollowUpVisitFactory, grantee_with_business

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    assert "Cache-Control" in response, "no Cache-Control header"
    return {part.strip().split("=")[0] for part in response["Cache-Control"].split(",")}


@pytest.fixture
def grantee():
    client, business, item = grantee_with_business(regency_code="35.73")
    FollowUpVisitFactory(business=business)
    return client, business, item.grant


def _worker_urls(client, business, grant):
    return [
        reverse("beneficiaries:client_detail", args=[client.pk]),
        reverse("beneficiaries:client_edit", args=[client.pk]),
        reverse("beneficiaries:client_list"),
        reverse("beneficiaries:client_export_csv"),
        reverse("programs:business_detail", args=[business.pk]),
        reverse("programs:grant_detail", args=[grant.pk]),
        reverse("programs:worklist"),
        reverse("programs:worklist") + "?format=csv",
    ]


def _manager_urls(client):
    report = reverse("programs:report_outcomes")
    return [
        reverse("beneficiaries:client_history", args=[client.pk]),
        report,
        report + "?format=csv",
        report + "?format=xlsx",
    ]


def test_a_workers_pages_and_files_are_kept_by_no_cache(client, worker_malang, grantee):
    client.force_login(worker_malang)
    for url in _worker_urls(*grantee):
        response = client.get(url)

        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_directives(response), url


def test_a_managers_history_and_report_files_are_kept_by_no_cache(client, manager, grantee):
    client.force_login(manager)
    for url in _manager_urls(grantee[0]):
        response = client.get(url)

        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_directives(response), url
        assert "public" not in cache_directives(response), url
