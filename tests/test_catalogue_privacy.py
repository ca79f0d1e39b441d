"""Nothing of the registry reaches the public catalogue unless its owner consented to it.

Every personal text field of two clients and of what hangs off them (their businesses,
profiles, photos' captions, stories, case notes, grievances, disabilities) is planted with
a marker string; one business is listed with nothing optional consented, the other not at
all. Every public URL (the catalogue with every search and filter a visitor might try,
each public page found through it, and the other business's would-be addresses) is then
fetched anonymously and searched for every marker. Only the regency/city and the sector of
the listed business may show (they are always shown for a listed business)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from beneficiaries.models import CaseNote, Client
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory, UserFactory
from programs.grievances.services import grievance_record
from programs.marketing import services as marketing
from programs.models import Business, GrievanceCategory, ProductPhoto, SuccessStory
from programs.tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db

FAKE_JPEG = b"\xff\xd8\xff\xe0 not really a picture"
DIGITS = {"nik": "3522999999990001", "kk_number": "3522999999990002", "phone": "0899000111222"}


def _marker(owner: str, field: str, length: int) -> str:
    return f"zq{owner}{field.replace('_', '')}"[:length]


def _plant_client(owner: str) -> tuple[Client, list[str]]:
    client = ClientFactory(regency_code=BOJONEGORO)
    markers, values = [], {}
    for field in Client._meta.concrete_fields:
        if field.name in DIGITS:
            digits = DIGITS[field.name][:-1] + str(len(owner) % 10)
            values[field.name] = digits
            markers.append(digits)
        elif (
            field.get_internal_type() in ("CharField", "TextField")
            and not field.choices
            and field.name not in ("registration_number", "name_normalized")
        ):
            values[field.name] = _marker(owner, field.name, field.max_length or 100)
            markers.append(values[field.name])
    Client.objects.filter(pk=client.pk).update(**values)
    markers.append(Client.objects.get(pk=client.pk).registration_number)
    markers.append(f"/clients/{client.pk}/")
    client.refresh_from_db()
    CaseNote.objects.create(client=client, author=UserFactory(), text=f"zq{owner}casenote")
    markers.append(f"zq{owner}casenote")
    grievance_record(
        recorded_by=UserFactory(),
        client=client,
        channel="phone",
        category=GrievanceCategory.objects.get(name="Lainnya"),
        severity="low",
        description=f"zq{owner}grievance",
    )
    markers.append(f"zq{owner}grievance")
    return client, markers


def _business(client, owner: str, markers: list[str]) -> Business:
    business = BusinessFactory(client=client, name=f"zq{owner}bizname", products=f"zq{owner}prod")
    markers += [f"zq{owner}bizname", f"zq{owner}prod", f"/programs/businesses/{business.pk}/"]
    writer = UserFactory()
    marketing.profile_save(
        business=business,
        saved_by=writer,
        description=f"zq{owner}descr",
        price_range=f"zq{owner}price",
        whatsapp="0812 0000 " + ("1111" if owner == "a" else "2222"),
        how_to_order=f"zq{owner}howto",
        marketplace_links=f"https://shop.example/zq{owner}link",
    )
    markers += [
        f"zq{owner}descr",
        f"zq{owner}price",
        "081200001111" if owner == "a" else "081200002222",
        "6281200001111" if owner == "a" else "6281200002222",
        f"zq{owner}howto",
        f"zq{owner}link",
    ]
    photo = marketing.photo_add(
        business=business,
        photo=ContentFile(FAKE_JPEG, name="p.jpg"),
        caption=f"zq{owner}caption",
        uploaded_by=writer,
    )
    markers.append(f"zq{owner}caption")
    story = marketing.story_save(
        business=business,
        written_by=writer,
        title=f"zq{owner}storytitle",
        text=f"zq{owner}storytext",
        photo=photo,
    )
    marketing.story_approve(story=story, approved_by=UserFactory())
    markers += [f"zq{owner}storytitle", f"zq{owner}storytext"]
    return business


@pytest.fixture
def world():
    listed_client, listed_markers = _plant_client("a")
    listed = _business(listed_client, "a", listed_markers)
    hidden_client, hidden_markers = _plant_client("bb")
    hidden = _business(hidden_client, "bb", hidden_markers)
    # Listed with nothing optional: only the regency/city and the sector may show.
    marketing.consent_record(
        business=listed,
        recorded_by=UserFactory(),
        show_name=False,
        show_products=False,
        show_photos=False,
        show_district=False,
        show_contact=False,
        show_story=False,
    )
    return listed, hidden, listed_markers + hidden_markers


def _public_urls(listed, hidden):
    catalogue = reverse("programs:catalogue")
    searches = ["", "?q=zq", "?q=zqa", "?q=zqbb", "?q=zqabizname", "?q=zqaprod", "?q=zqadescr"]
    searches += ["?q=zqbbbizname", "?q=zqbbprod", f"?regency={BOJONEGORO}", "?sector=konveksi"]
    searches += ["?page=2", "?q=081200001111"]
    urls = [catalogue + query for query in searches]
    for business in (listed, hidden):
        urls.append(reverse("programs:catalogue_business", args=[business.profile.token]))
        for photo in ProductPhoto.objects.filter(business=business):
            urls.append(reverse("programs:catalogue_photo", args=[photo.token]))
        for story in SuccessStory.objects.filter(business=business):
            urls.append(reverse("programs:catalogue_story", args=[story.token]))
    return urls


def test_no_marker_reaches_an_anonymous_visitor(client, world):
    listed, hidden, markers = world
    seen = 0
    for url in _public_urls(listed, hidden):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8", "replace")
        typed = urlsplit(url).query  # the search box shows what was typed
        found = [marker for marker in markers if marker in body and marker not in typed]
        assert not found, f"{url} shows {found}"
        seen += response.status_code == 200
    # The listed business is found (its page and the catalogue answer 200); the searches
    # for what it did not consent to find nothing.
    page = client.get(reverse("programs:catalogue_business", args=[listed.profile.token]))
    assert page.status_code == 200
    assert "Kabupaten Bojonegoro" in page.content.decode()
    assert seen >= 5
    for query in ("zqabizname", "zqaprod", "zqadescr"):
        shown = client.get(reverse("programs:catalogue") + f"?q={query}").content.decode()
        assert listed.profile.token not in shown, query


def test_the_listed_business_is_reachable_and_the_other_is_not(client, world):
    listed, hidden, _markers = world
    catalogue = client.get(reverse("programs:catalogue")).content.decode()

    tokens = set(re.findall(r"/katalog/([\w-]+)/", catalogue))
    assert listed.profile.token in tokens
    assert hidden.profile.token not in tokens
    assert (
        client.get(reverse("programs:catalogue_business", args=[hidden.profile.token])).status_code
        == 404
    )
