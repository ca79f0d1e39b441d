"""The public catalogue (Katalog Usaha Binaan), through an anonymous browser and
programs/marketing/catalogue.py: a business is listed only while its owner's consent
stands and its client is not archived, and of it only what the consent names shows; a
withdrawal is honoured on the very next request, cache or not; the pages are kept out of
search engines unless the office asks otherwise."""

import io
import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from beneficiaries.models import Regency
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG
from core.images import photo_prepare
from core.record_writes import record_archive
from programs.marketing import catalogue, services
from programs.models import Business, BusinessProfile, ProductPhoto
from programs.services import business_update
from programs.tests.factories import BusinessFactory, grantee_with_business

pytestmark = pytest.mark.django_db

# Strings planted in one field each, found nowhere else on a page.
NAME = "Konveksi Qzname"
PRODUCTS = "Mukena bordir qzproducts"
DESCRIPTION = "Dijahit rapi qzdescription"
PRICE = "Rp25.000 qzprice"
WHATSAPP = "0812 3456 7890"
WHATSAPP_LINK = "https://wa.me/6281234567890?"
HOW_TO_ORDER = "Pesan dua hari sebelumnya qzhowto"
LINK = "https://shopee.co.id/qzlink"
CAPTION = "Mukena putih qzcaption"
STORY_TITLE = "Dari satu mesin jahit qzstory"

FLAGS = ("show_name", "show_products", "show_photos", "show_district", "show_contact")
NOTHING = dict.fromkeys((*FLAGS, "show_story"), False)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The catalogue caches in the process's memory (LocMemCache); each test starts empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser():
    return Browser()  # anonymous: no login, no session


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, format="JPEG")
    return photo_prepare(SimpleUploadedFile("produk.jpg", out.getvalue()))


def a_business(user, *, name=NAME, products=PRODUCTS, regency_code=KOTA_MALANG, **consent):
    """A grantee's business with a full profile, one photo and an approved story; listed
    with `consent` (its flags; none given: not listed)."""
    _client, business, _item = grantee_with_business(regency_code=regency_code)
    Business.objects.filter(pk=business.pk).update(name=name, products=products)
    business.refresh_from_db()
    services.profile_save(
        business=business,
        saved_by=user,
        description=DESCRIPTION,
        price_range=PRICE,
        whatsapp=WHATSAPP,
        how_to_order=HOW_TO_ORDER,
        marketplace_links=LINK,
    )
    services.photo_add(business=business, photo=jpeg(), caption=CAPTION, uploaded_by=user)
    if consent:
        services.consent_record(business=business, recorded_by=user, **consent)
    return business


def with_story(business, writer, approver=None):
    story = services.story_save(
        business=business,
        written_by=writer,
        title=STORY_TITLE,
        text="Bu Ani kini punya dua penjahit.",
        photo=ProductPhoto.objects.filter(business=business).first(),
    )
    if approver is not None:
        services.story_approve(story=story, approved_by=approver)
    story.refresh_from_db()
    return story


def token_of(business):
    return BusinessProfile.objects.get(business=business).token


def business_url(business):
    return reverse("programs:catalogue_business", args=[token_of(business)])


def photo_url(business):
    photo = ProductPhoto.objects.get(business=business)
    return reverse("programs:catalogue_photo", args=[photo.token])


def story_url(story):
    return reverse("programs:catalogue_story", args=[story.token])


def listed_tokens(page):
    return [listing.token for listing in page.listings]


def text(response):
    return response.content.decode()


def without_csrf(response):
    # The language menu's form carries a fresh CSRF token on every page.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text(response))


# --- Without consent: nothing ------------------------------------------------------------


def test_a_business_without_consent_is_nowhere(browser, worker_malang, manager):
    business = a_business(worker_malang)
    story = with_story(business, worker_malang, approver=manager)

    listing = browser.get(reverse("programs:catalogue"))
    assert listing.status_code == 200
    assert business_url(business) not in text(listing)
    assert NAME not in text(listing)
    assert catalogue.catalogue_page().total == 0
    for word in ("qzname", "qzproducts", "qzdescription"):
        assert catalogue.catalogue_page(text=word).total == 0
        found = browser.get(reverse("programs:catalogue"), {"q": word})
        assert business_url(business) not in text(found)
    assert browser.get(business_url(business)).status_code == 404
    assert browser.get(photo_url(business)).status_code == 404
    assert browser.get(story_url(story)).status_code == 404
    assert catalogue.catalogue_business(token_of(business)) is None


def test_a_withdrawn_consent_lists_nothing_either(browser, worker_malang):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    services.consent_withdraw(business=business, withdrawn_by=worker_malang)

    assert catalogue.catalogue_page().total == 0
    assert browser.get(business_url(business)).status_code == 404
    assert browser.get(photo_url(business)).status_code == 404


# --- With consent: only what it names ----------------------------------------------------

# Each planted string and the consent flag that lets it out.
SHOWN_BY = {
    NAME: "show_name",
    PRODUCTS: "show_products",
    DESCRIPTION: "show_products",
    PRICE: "show_products",
    WHATSAPP_LINK: "show_contact",
    HOW_TO_ORDER: "show_contact",
    LINK: "show_contact",
    CAPTION: "show_photos",
    "Blimbing": "show_district",  # the client's district (the business has no village)
}


@pytest.mark.parametrize(
    "shown",
    [
        pytest.param((), id="nothing"),
        *[pytest.param((flag,), id=flag) for flag in FLAGS],
        pytest.param(FLAGS, id="everything"),
    ],
)
def test_only_the_consented_fields_are_shown(browser, worker_malang, shown):
    consent = {**NOTHING, **dict.fromkeys(shown, True)}
    business = a_business(worker_malang, **consent)
    client = business.client

    page = text(browser.get(business_url(business)))
    card = text(browser.get(reverse("programs:catalogue")))

    assert business_url(business) in card
    for planted, flag in SHOWN_BY.items():
        assert (planted in page) == consent[flag], (planted, flag)
        # The list's card shows less than the page, never more.
        assert planted not in card or consent[flag], (planted, flag)
    # Always: the sector and the regency/city; never: who the owner is.
    assert f"{Business.Sector.GARMENTS.label} · " in page  # "Konveksi dan penjahitan"
    assert "Kota Malang</p>" in page
    assert client.name not in page and client.name not in card
    assert client.nik not in page and client.nik not in card
    assert (photo_url(business) in page) == consent["show_photos"]


def test_the_listing_holds_only_the_consented_values(worker_malang):
    business = a_business(worker_malang, **{**NOTHING, "show_name": True})

    listing = catalogue.catalogue_business(token_of(business))

    assert listing.name == NAME
    assert listing.sector == str(Business.Sector.GARMENTS.label)
    assert (listing.products, listing.description, listing.price_range) == (None, None, None)
    assert (listing.whatsapp, listing.how_to_order, listing.links) == (None, None, ())
    assert (listing.photos, listing.district, listing.story) == ((), None, None)


def test_a_photo_is_public_only_with_show_photos(browser, worker_malang):
    without = a_business(worker_malang, **{**NOTHING, "show_name": True})
    with_photos = a_business(worker_malang, **{**NOTHING, "show_photos": True})

    assert browser.get(photo_url(without)).status_code == 404
    response = browser.get(photo_url(with_photos))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # a JPEG

    # Consent again without photos: the picture is private again.
    services.consent_record(
        business=with_photos, recorded_by=worker_malang, **{**NOTHING, "show_name": True}
    )
    assert browser.get(photo_url(with_photos)).status_code == 404


def test_a_photo_id_is_not_a_public_address(browser, worker_malang):
    business = a_business(worker_malang, **{**NOTHING, "show_photos": True})
    photo = ProductPhoto.objects.get(business=business)

    assert browser.get(reverse("programs:catalogue_photo", args=[str(photo.pk)])).status_code == (
        404
    )
    # The staff's view of the same photo asks for a login.
    staff_view = browser.get(reverse("programs:photo_view", args=[photo.pk]))
    assert staff_view.status_code == 302
    assert staff_view["Location"].startswith(reverse(django_settings.LOGIN_URL))


@pytest.mark.parametrize(
    ("approved", "show_story", "public"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_a_story_is_public_only_approved_and_consented(
    browser, worker_malang, manager, approved, show_story, public
):
    business = a_business(worker_malang, **{**NOTHING, "show_name": True, "show_story": show_story})
    story = with_story(business, worker_malang, approver=manager if approved else None)

    response = browser.get(story_url(story))

    assert response.status_code == (200 if public else 404)
    if public:
        assert STORY_TITLE in text(response)
        # Its picture only with photos consented (here they are not).
        assert CAPTION not in text(response)
        assert photo_url(business) not in text(response)
    page = text(browser.get(business_url(business)))
    assert (story_url(story) in page) == public


def test_a_rewritten_story_leaves_the_catalogue_until_approved_again(
    browser, worker_malang, manager
):
    business = a_business(worker_malang, **{**NOTHING, "show_story": True, "show_photos": True})
    story = with_story(business, worker_malang, approver=manager)
    first = browser.get(story_url(story))
    assert first.status_code == 200
    assert photo_url(business) in text(first)  # photos consented: the story's picture too

    services.story_save(business=business, written_by=worker_malang, story=story, title="Baru")

    assert browser.get(story_url(story)).status_code == 404
    assert story_url(story) not in text(browser.get(business_url(business)))


# --- Search ------------------------------------------------------------------------------


@pytest.mark.parametrize("show_products", [True, False])
@pytest.mark.parametrize("show_name", [True, False])
def test_search_looks_only_at_consented_text(browser, worker_malang, show_name, show_products):
    business = a_business(
        worker_malang, **{**NOTHING, "show_name": show_name, "show_products": show_products}
    )
    token = token_of(business)

    for word, found in [
        ("QZPRODUCTS", show_products),  # the products, whatever the case
        ("qzdescription", show_products),  # the profile's description
        ("qzname", show_name),
        ("qzhowto", False),  # not searched
        ("tidak-ada", False),
    ]:
        page = catalogue.catalogue_page(text=word)
        assert (token in listed_tokens(page)) == found, word
        assert page.total == int(found), word
        response = browser.get(reverse("programs:catalogue"), {"q": word})
        assert (business_url(business) in text(response)) == found, word


def test_search_by_regency_and_sector(browser, worker_malang, worker_bojonegoro):
    malang = a_business(worker_malang, **{**NOTHING, "show_name": True})
    bojonegoro = a_business(
        worker_bojonegoro, name="Warung Qzbojo", regency_code=BOJONEGORO, show_name=True
    )
    Business.objects.filter(pk=bojonegoro.pk).update(sector=Business.Sector.FOOD)
    services.catalogue_changed()

    assert catalogue.catalogue_regencies() == [
        (BOJONEGORO, Regency.objects.get(pk=BOJONEGORO).name),
        (KOTA_MALANG, "Kota Malang"),
    ]
    assert listed_tokens(catalogue.catalogue_page(regency=KOTA_MALANG)) == [token_of(malang)]
    assert listed_tokens(catalogue.catalogue_page(sector=Business.Sector.FOOD)) == [
        token_of(bojonegoro)
    ]
    response = browser.get(reverse("programs:catalogue"), {"regency": BOJONEGORO})
    assert business_url(bojonegoro) in text(response)
    assert business_url(malang) not in text(response)


# --- Archived clients --------------------------------------------------------------------


def test_an_archived_clients_business_is_not_listed(browser, worker_malang, admin_user):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    record_archive(record=business.client, archived_by=admin_user, reason="Pindah domisili")

    assert catalogue.catalogue_page().total == 0
    assert catalogue.catalogue_page(text="qzproducts").total == 0
    assert business_url(business) not in text(browser.get(reverse("programs:catalogue")))
    assert browser.get(business_url(business)).status_code == 404
    assert browser.get(photo_url(business)).status_code == 404
    assert catalogue.catalogue_regencies() == []


def test_archiving_a_client_takes_the_cached_listing_down_at_once(
    browser, worker_malang, admin_user
):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    assert browser.get(business_url(business)).status_code == 200
    assert business_url(business) in text(browser.get(reverse("programs:catalogue")))

    record_archive(record=business.client, archived_by=admin_user, reason="Pindah domisili")

    assert business_url(business) not in text(browser.get(reverse("programs:catalogue")))
    assert browser.get(business_url(business)).status_code == 404


# --- Withdrawal against the cache --------------------------------------------------------


def test_a_withdrawal_is_honoured_on_the_very_next_request(
    browser, worker_malang, manager, django_assert_max_num_queries
):
    business = a_business(worker_malang, **{**dict.fromkeys(FLAGS, True), "show_story": True})
    story = with_story(business, worker_malang, approver=manager)
    url = business_url(business)
    assert browser.get(url).status_code == 200
    assert url in text(browser.get(reverse("programs:catalogue")))
    # The page is now cached: served again without reading the business.
    with django_assert_max_num_queries(1):
        assert browser.get(url).status_code == 200

    services.consent_withdraw(business=business, withdrawn_by=worker_malang)

    assert browser.get(business_url(business)).status_code == 404
    assert business_url(business) not in text(browser.get(reverse("programs:catalogue")))
    assert browser.get(photo_url(business)).status_code == 404
    assert browser.get(story_url(story)).status_code == 404
    assert catalogue.catalogue_page(text="qzproducts").total == 0


def test_a_narrower_consent_is_honoured_on_the_next_request(browser, worker_malang):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    assert WHATSAPP_LINK in text(browser.get(business_url(business)))

    services.consent_record(
        business=business, recorded_by=worker_malang, **{**NOTHING, "show_products": True}
    )

    page = text(browser.get(business_url(business)))
    assert PRODUCTS in page
    assert WHATSAPP_LINK not in page and NAME not in page


def test_a_profile_change_is_shown_on_the_next_request(browser, worker_malang):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    assert PRICE in text(browser.get(business_url(business)))

    services.profile_save(business=business, saved_by=worker_malang, price_range="Rp99.000")

    page = text(browser.get(business_url(business)))
    assert "Rp99.000" in page and PRICE not in page


def test_a_business_edit_is_shown_on_the_next_request(browser, worker_malang):

    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    url = business_url(business)
    assert NAME in text(browser.get(url))

    business_update(business=business, name="Konveksi Qzrenamed")

    page = text(browser.get(url))
    assert "Konveksi Qzrenamed" in page and NAME not in page


# --- Search engines ----------------------------------------------------------------------


def _public_pages(browser, business, story):
    return {
        "list": browser.get(reverse("programs:catalogue")),
        "business": browser.get(business_url(business)),
        "story": browser.get(story_url(story)),
    }


def test_the_pages_are_kept_out_of_search_engines(browser, worker_malang, manager):
    business = a_business(worker_malang, **{**dict.fromkeys(FLAGS, True), "show_story": True})
    story = with_story(business, worker_malang, approver=manager)

    for name, response in _public_pages(browser, business, story).items():
        assert response.status_code == 200, name
        assert "noindex" in response["X-Robots-Tag"], name
        assert '<meta name="robots" content="noindex' in text(response), name
    assert "noindex" in browser.get(photo_url(business))["X-Robots-Tag"]


def test_the_office_may_let_search_engines_in(browser, worker_malang, manager, settings):
    settings.CATALOGUE_INDEXING = True
    business = a_business(worker_malang, **{**dict.fromkeys(FLAGS, True), "show_story": True})
    story = with_story(business, worker_malang, approver=manager)

    for name, response in _public_pages(browser, business, story).items():
        assert response.status_code == 200, name
        assert "X-Robots-Tag" not in response, name
        assert '<meta name="robots"' not in text(response), name
    assert "X-Robots-Tag" not in browser.get(photo_url(business))


# --- WhatsApp ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "link"),
    [
        ("0812 3456 7890", "https://wa.me/6281234567890?"),
        ("0812-3456-789", "https://wa.me/628123456789?"),
        ("+62 812 3456 7890", "https://wa.me/6281234567890?"),
    ],
)
def test_the_whatsapp_link_is_international(browser, worker_malang, number, link):
    business = a_business(worker_malang, **{**NOTHING, "show_contact": True})
    services.profile_save(business=business, saved_by=worker_malang, whatsapp=number)

    page = text(browser.get(business_url(business)))

    assert f'href="{link}text=' in page
    assert "https://wa.me/0" not in page


# --- Pages of the list -------------------------------------------------------------------


def test_the_list_is_paged(browser, worker_malang):
    assert catalogue.PAGE_SIZE == 24
    businesses = []
    for n in range(catalogue.PAGE_SIZE + 2):
        business = BusinessFactory(name=f"Usaha {n:02d}", products="Kue kering")
        services.consent_record(business=business, recorded_by=worker_malang)
        businesses.append(business)
    tokens = [token_of(b) for b in businesses]  # the order of the names

    first, second = catalogue.catalogue_page(page=1), catalogue.catalogue_page(page=2)

    assert (first.total, first.pages, first.number) == (26, 2, 1)
    assert listed_tokens(first) == tokens[:24]
    assert (second.number, listed_tokens(second)) == (2, tokens[24:])
    # A page past the end is the last page.
    assert listed_tokens(catalogue.catalogue_page(page=9)) == tokens[24:]

    response = browser.get(reverse("programs:catalogue"), {"page": 2})
    page = text(response)
    assert response.status_code == 200
    assert [business_url(b) in page for b in businesses] == [False] * 24 + [True] * 2
    assert 'rel="prev"' in page and 'rel="next"' not in page
    page_one = text(browser.get(reverse("programs:catalogue")))
    assert sum(business_url(b) in page_one for b in businesses) == 24
    assert "page=2" in page_one and 'rel="next"' in page_one


# --- The cache ---------------------------------------------------------------------------


def test_a_second_identical_request_is_served_from_the_cache(
    browser, worker_malang, django_assert_num_queries
):
    for n in range(3):
        business = a_business(worker_malang, name=f"Usaha {n}", **dict.fromkeys(FLAGS, True))
    url = reverse("programs:catalogue")
    with CaptureQueriesContext(connection) as uncached:
        first = browser.get(url, {"q": "qzproducts"})
    assert first.status_code == 200
    assert business_url(business) in text(first)
    assert len(uncached) > 3  # the first one reads the businesses, photos, consents, ...

    # One query: the catalogue's version (CatalogueVersion). The page and the regencies
    # for the filter come from the cache under it; an anonymous browser without a cookie
    # has no session to load and no user to look up.
    with django_assert_num_queries(1):
        second = browser.get(url, {"q": "qzproducts"})

    assert without_csrf(second) == without_csrf(first)
    assert "sessionid" not in browser.cookies


def test_the_business_page_is_served_from_the_cache(
    browser, worker_malang, django_assert_num_queries
):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))
    url = business_url(business)
    first = browser.get(url)

    # One query: the catalogue's version; the listing comes from the cache under it.
    with django_assert_num_queries(1):
        second = browser.get(url)

    assert second.status_code == 200
    assert without_csrf(second) == without_csrf(first)


def test_an_unknown_token_is_a_404_and_the_cache_does_not_confuse_it(browser, worker_malang):
    business = a_business(worker_malang, **dict.fromkeys(FLAGS, True))

    assert browser.get(reverse("programs:catalogue_business", args=["x" * 12])).status_code == 404
    assert browser.get(reverse("programs:catalogue_business", args=["x" * 12])).status_code == 404
    assert browser.get(business_url(business)).status_code == 200
