"""Market linkages in a real browser: a social worker records Siti Aminah's consent and an
order of 500 masks for her garment business; an anonymous visitor on a 360 px phone finds
the business in the public catalogue by "masker" and its WhatsApp link; the consent is
withdrawn and the listing is gone (404) on the next request. axe-core checks the public
pages and the new staff pages, none of which may scroll sideways on a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.marketing import services as marketing
from programs.models import Business, MarketSupport, PublicationConsent

from .conftest import PHONE
from .test_programs import (
    assert_accessible,
    assert_no_sideways_scroll,
    graduate_with_grant,  # noqa: F401 (fixture)
    path_is,
    sewing_batch,  # noqa: F401 (fixture)
    siti,  # noqa: F401 (fixture)
    submit,
)

pytestmark = pytest.mark.browser


def back_to_business(business):
    """The business page, at its marketing section."""
    return re.compile(rf"{re.escape(business.get_absolute_url())}#marketing-title$")


@pytest.fixture
def garment_business(graduate_with_grant, worker_bojonegoro):  # noqa: F811
    _, grant = graduate_with_grant
    business = Business.objects.create(
        client=grant.client,
        name="Konveksi Siti Aminah",
        sector=Business.Sector.GARMENTS,
        products="Seragam sekolah, gamis, masker kain",
    )
    business.grants.set([grant])
    marketing.profile_save(
        business=business,
        saved_by=worker_bojonegoro,
        whatsapp="0812 3456 7801",
        how_to_order="Pesan lewat WhatsApp.",
        # A long address must wrap, not widen the page on a phone.
        marketplace_links="https://shopee.co.id/konveksi.siti.aminah.bojonegoro.seragam.sekolah",
    )
    return business


def test_consent_order_catalogue_and_withdrawal(
    logged_in_page,
    new_page,
    live_server,
    worker_bojonegoro,
    garment_business,
):
    business = garment_business
    failures = []
    page = logged_in_page(worker_bojonegoro, PHONE)
    page.goto(business.get_absolute_url())
    assert_no_sideways_scroll(page, "the business page with its marketing")

    # The owner's consent: name, products and contact; no photos.
    consent_url = reverse("programs:consent_create", args=[business.pk])
    page.locator(f'main a[href="{consent_url}"]').click()
    page.wait_for_url(path_is(consent_url))
    assert_accessible(page, "the consent form", failures)
    page.check("#id_show_contact")
    submit(
        page,
        page.locator("main form .actions button[type=submit]"),
        back_to_business(business),
    )
    consent = PublicationConsent.objects.standing().get(business=business)
    assert (consent.show_name, consent.show_products, consent.show_contact) == (True, True, True)
    assert consent.show_photos is False

    # An order of 500 masks brokered with the district health office.
    support_url = reverse("programs:support_create", args=[business.pk])
    page.locator(f'main a[href="{support_url}"]').click()
    page.wait_for_url(path_is(support_url))
    assert_no_sideways_scroll(page, "the market support form")
    page.select_option("#id_kind", "order")
    submit(page, page.locator("main form .actions button[type=submit]"), path_is(support_url))
    expect(page.locator("#id_product_error")).to_be_visible()  # refused: what was ordered?
    assert_accessible(page, "the market support form with errors", failures)
    page.select_option("#id_buyer_kind", "office")
    page.fill("#id_buyer_name", "Dinas Kesehatan Kabupaten Bojonegoro")
    page.fill("#id_product", "Masker kain tiga lapis")
    page.fill("#id_quantity", "500")
    page.fill("#id_value", "7.500.000")
    page.select_option("#id_delivery", "yes")
    submit(
        page,
        page.locator("main form .actions button[type=submit]"),
        back_to_business(business),
    )
    order = MarketSupport.objects.get(business=business)
    assert (order.quantity, order.value) == (500, 7_500_000)
    expect(page.get_by_role("region", name=re.compile("Pemasaran|Marketing"))).to_contain_text(
        "Masker kain tiga lapis"
    )

    # An anonymous visitor on a phone finds it by "masker".
    visitor = new_page(PHONE)
    visitor.goto(reverse("programs:catalogue"))
    assert_accessible(visitor, "the public catalogue", failures)
    visitor.fill("#id_q", "masker")
    visitor.locator("#id_q").press("Enter")
    visitor.wait_for_url(re.compile(r"\?.*q=masker"))
    cards = visitor.locator(".catalogue-card")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Konveksi Siti Aminah")
    assert_no_sideways_scroll(visitor, "the catalogue's search results")
    assert_accessible(visitor, "the catalogue's search results", failures)
    cards.locator("a").first.click()
    visitor.wait_for_url(re.compile(r"/katalog/[\w-]+/$"))
    listing_url = visitor.url
    whatsapp = visitor.locator('main a[href^="https://wa.me/"]')
    expect(whatsapp).to_have_attribute("href", re.compile(r"^https://wa\.me/6281234567801\?text="))
    assert visitor.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    assert_no_sideways_scroll(visitor, "the public business page")
    assert_accessible(visitor, "the public business page", failures)
    body = visitor.locator("main").inner_text()
    assert business.client.nik not in body and business.client.name not in body.replace(
        "Konveksi Siti Aminah", ""
    )

    # The owner withdraws: the listing is gone on the next request.
    page.goto(business.get_absolute_url())
    with page.expect_navigation():
        page.locator(
            f'form[action="{reverse("programs:consent_withdraw", args=[business.pk])}"] button'
        ).click()
    assert not PublicationConsent.objects.standing().filter(business=business).exists()
    # (Fetched without the page: a 404 page in the browser would count as a failed load.)
    assert visitor.context.request.get(listing_url).status == 404
    visitor.goto(reverse("programs:catalogue") + "?q=masker")
    expect(visitor.locator(".catalogue-card")).to_have_count(0)

    assert not failures, "axe-core found problems:\n" + "\n\n".join(failures)
