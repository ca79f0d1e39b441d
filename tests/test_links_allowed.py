"""A page shows a user only the actions their role allows: every link on the main pages,
followed as the same user, answers something other than 403."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from programs.tests.factories import EnrolmentFactory, FollowUpVisitFactory, grantee_with_business

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    inside = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, or a fragment on the same page
        if parts.path.startswith(("/static/", "/accounts/logout/", "/admin/")):
            continue
        inside.append(href)
    return inside


@pytest.fixture
def world():
    client, business, item = grantee_with_business(regency_code="35.73")
    FollowUpVisitFactory(business=business)
    enrolment = EnrolmentFactory(client=client, status="completed")
    grantee_with_business(regency_code="35.73")  # never visited: a row of the worklist
    return {
        "client": reverse("beneficiaries:client_detail", args=[client.pk]),
        "business": reverse("programs:business_detail", args=[business.pk]),
        "grant": reverse("programs:grant_detail", args=[item.grant.pk]),
        "batch": reverse("programs:batch_detail", args=[enrolment.batch.pk]),
        "program": reverse("programs:program_detail", args=[enrolment.batch.program.pk]),
        "lists": [
            reverse("home"),
            reverse("beneficiaries:client_list"),
            reverse("programs:program_list"),
            reverse("programs:worklist"),
        ],
    }


def forbidden_links(client, world) -> dict[str, list[str]]:
    pages = [*world["lists"], world["client"], world["business"], world["grant"]]
    pages += [world["batch"], world["program"]]
    found = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in sorted(set(links(response.content.decode()))):
            if client.get(href).status_code == 403:
                found.setdefault(page, []).append(href)
    return found


@pytest.mark.parametrize("persona", ["manager", "worker_malang"])
def test_no_page_links_to_a_forbidden_action(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert forbidden_links(client, world) == {}
