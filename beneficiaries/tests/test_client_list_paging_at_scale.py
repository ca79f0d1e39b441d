"""The client list's paginator at scale: an estimated count for the whole registry on
PostgreSQL, an exact one otherwise, and deep pages read through the index (see
core/pagination.py)."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from core import pagination

URL = reverse("beneficiaries:client_list")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate comes from PostgreSQL's statistics"
)


def names(response):
    return [c.name for c in response.context["page"].object_list]


def test_deep_pages_show_the_same_clients_as_offset_paging(client, manager, monkeypatch, settings):
    settings.CLIENT_LIST_PAGE_SIZES = (5, 25)
    for n in range(12):
        ClientFactory(name=f"Klien {n:02d}", regency_code=BOJONEGORO if n % 2 else "35.73")
    client.force_login(manager)

    def pages():
        return [names(client.get(URL, {"page": page, "size": 5})) for page in (1, 2, 3)]

    with_offset = pages()
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 0)
    through_the_index = pages()

    assert (
        through_the_index
        == with_offset
        == [
            [f"Klien {n:02d}" for n in range(0, 5)],
            [f"Klien {n:02d}" for n in range(5, 10)],
            [f"Klien {n:02d}" for n in range(10, 12)],
        ]
    )


def test_a_deep_filtered_page_keeps_the_filter(client, manager, monkeypatch, settings):
    for n in range(6):
        ClientFactory(name=f"Klien {n}", regency_code=BOJONEGORO if n % 2 else "35.73")
    settings.CLIENT_LIST_PAGE_SIZES = (2, 25)
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 0)
    client.force_login(manager)

    second = client.get(URL, {"regency": BOJONEGORO, "size": 2, "page": 2})

    assert names(second) == ["Klien 5"]
    assert second.context["page"].paginator.count == 3


def test_the_count_is_exact_off_postgresql_or_when_filtered(client, manager):
    ClientFactory.create_batch(3)
    client.force_login(manager)

    whole = client.get(URL).context["page"].paginator
    filtered = client.get(URL, {"q": "zzz"}).context["page"].paginator

    assert not filtered.estimated and filtered.count == 0
    if connection.vendor != "postgresql":
        assert not whole.estimated and whole.count == 3


@on_postgresql
def test_the_whole_registry_is_estimated_from_the_table_statistics(client, manager, monkeypatch):
    ClientFactory.create_batch(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_client")
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 10)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(manager)

    response = client.get(URL, {"size": 25})

    paginator = response.context["page"].paginator
    assert paginator.estimated and paginator.count == 30
    assert "About 30 clients" in response.content.decode()
    assert "Page 1 of about 2" in response.content.decode()


@on_postgresql
def test_a_scoped_or_filtered_list_is_counted_exactly_even_when_large(
    client, worker_malang, manager, monkeypatch
):
    ClientFactory.create_batch(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_client")
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 10)
    client.force_login(worker_malang)
    scoped = client.get(URL).context["page"].paginator
    client.force_login(manager)
    filtered = client.get(URL, {"status": "eks_klien"}).context["page"].paginator

    assert not scoped.estimated and scoped.count == 30
    assert not filtered.estimated and filtered.count == 30


@pytest.mark.parametrize("clients", [5, 50])
def test_a_deep_page_costs_the_same_queries_whatever_the_clients(
    client, worker_malang, django_assert_num_queries, monkeypatch, clients
):
    ClientFactory.create_batch(clients)
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 0)
    client.force_login(worker_malang)

    # as the first page (test_client_list.py): the ids of the page come in the same query
    with django_assert_num_queries(12):
        response = client.get(URL, {"page": 2, "size": 25} if clients > 25 else {})

    assert len(response.context["page"].object_list) == min(clients, 25)


@on_postgresql
@pytest.mark.parametrize("clients", [5, 50])
def test_the_estimated_count_costs_no_more_queries(
    client, manager, django_assert_num_queries, monkeypatch, clients
):
    ClientFactory.create_batch(clients)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_client")
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 1)
    client.force_login(manager)

    # session, user, 2 x permissions, scope, the table's estimate (instead of the count),
    # 4 filter choice lists, the page, its PPKS types
    with django_assert_num_queries(12):
        response = client.get(URL)

    assert response.context["page"].paginator.estimated
