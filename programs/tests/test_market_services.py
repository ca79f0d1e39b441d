"""The market-linkage services (programs/marketing/services.py): the owner's consent
(recorded, replaced, withdrawn), the catalogue's version moved by every write the public
catalogue shows and by no other, and the refusals of the records' rules (nothing saved)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.images import photo_prepare
from programs.marketing import services
from programs.marketing.catalogue import catalogue_version
from programs.models import (
    BusinessProfile,
    CatalogueVersion,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)
from programs.tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ONE_DAY = datetime.timedelta(days=1)


def prepared_photo():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, format="JPEG")
    return photo_prepare(SimpleUploadedFile("produk.jpg", out.getvalue()))


def story_written(business, writer, **fields):
    values = {"title": "Dari satu mesin jahit", "text": "Bu Ani kini punya dua penjahit."}
    values.update(fields)
    return services.story_save(business=business, written_by=writer, **values)


def order(**overrides):
    values = {
        "kind": MarketSupport.Kind.ORDER,
        "on": TODAY() - ONE_DAY,
        "buyer_kind": MarketSupport.Buyer.SCHOOL,
        "buyer_name": "SDN Blimbing 3",
        "product": "Seragam batik",
        "quantity": 120,
        "value": 9_600_000,
        "delivery": MarketSupport.OnTime.YES,
    }
    values.update(overrides)
    return values


# --- Consent -----------------------------------------------------------------------------


def test_consent_record_replaces_the_standing_consent(worker_malang, manager):
    business = BusinessFactory()
    first = services.consent_record(business=business, recorded_by=worker_malang, show_photos=False)

    second = services.consent_record(business=business, recorded_by=manager, show_photos=True)

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert first.withdrawn_by == manager  # whoever recorded the new one withdrew the old
    assert list(PublicationConsent.objects.standing().filter(business=business)) == [second]
    assert second.withdrawn_at is None
    assert second.recorded_by == manager
    assert second.show_photos is True
    assert PublicationConsent.objects.filter(business=business).count() == 2
    # Recording a consent gives the business its public address.
    assert BusinessProfile.objects.filter(business=business).exists()


def test_consent_record_leaves_other_businesses_consents_alone(worker_malang):
    business, other = BusinessFactory(), BusinessFactory(name="Warung Bu Sri")
    theirs = services.consent_record(business=other, recorded_by=worker_malang)

    services.consent_record(business=business, recorded_by=worker_malang)
    services.consent_record(business=business, recorded_by=worker_malang)

    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None
    assert PublicationConsent.objects.standing().filter(business=business).count() == 1


def test_consent_withdraw(worker_malang, manager):
    business = BusinessFactory()
    consent = services.consent_record(business=business, recorded_by=worker_malang)

    assert services.consent_withdraw(business=business, withdrawn_by=manager) is True

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == manager
    assert not PublicationConsent.objects.standing().filter(business=business).exists()
    # Nothing left to withdraw: said so, and nothing changes.
    withdrawn_at = consent.withdrawn_at
    assert services.consent_withdraw(business=business, withdrawn_by=worker_malang) is False
    consent.refresh_from_db()
    assert (consent.withdrawn_at, consent.withdrawn_by) == (withdrawn_at, manager)


def test_a_consent_dated_in_the_future_is_refused_and_the_standing_one_stays(worker_malang):
    business = BusinessFactory()
    standing = services.consent_record(business=business, recorded_by=worker_malang)
    version = catalogue_version()

    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            business=business, recorded_by=worker_malang, given_on=TODAY() + ONE_DAY
        )

    assert "given_on" in refused.value.message_dict
    standing.refresh_from_db()
    assert standing.withdrawn_at is None  # the withdrawal was rolled back with the refusal
    assert PublicationConsent.objects.filter(business=business).count() == 1
    assert catalogue_version() == version


def test_a_consent_dated_today_is_accepted(worker_malang):
    consent = services.consent_record(
        business=BusinessFactory(), recorded_by=worker_malang, given_on=TODAY()
    )

    assert consent.pk is not None
    assert consent.given_on == TODAY()


# --- The catalogue's version -------------------------------------------------------------


def _with_photo(business, user):
    return services.photo_add(
        business=business, photo=prepared_photo(), caption="Mukena", uploaded_by=user
    )


WRITES = {
    "profile_save": lambda b, worker, manager: services.profile_save(
        business=b, saved_by=worker, description="Konveksi seragam sekolah"
    ),
    "photo_add": lambda b, worker, manager: _with_photo(b, worker),
    "photo_remove": lambda b, worker, manager: services.photo_remove(
        photo=ProductPhoto.objects.get(business=b), removed_by=worker
    ),
    "consent_record": lambda b, worker, manager: services.consent_record(
        business=b, recorded_by=worker
    ),
    "consent_withdraw": lambda b, worker, manager: services.consent_withdraw(
        business=b, withdrawn_by=worker
    ),
    "story_save": lambda b, worker, manager: story_written(b, worker, title="Baru"),
    "story_approve": lambda b, worker, manager: services.story_approve(
        story=SuccessStory.objects.get(business=b), approved_by=manager
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_the_catalogue_shows_moves_its_version(worker_malang, manager, write):
    business = BusinessFactory()
    # Something for each write to work on: a photo, a standing consent, a story.
    _with_photo(business, worker_malang)
    services.consent_record(business=business, recorded_by=worker_malang)
    story_written(business, worker_malang)
    before = catalogue_version()

    WRITES[write](business, worker_malang, manager)

    assert catalogue_version() != before


def test_each_change_gives_the_catalogue_a_new_version():
    assert not CatalogueVersion.objects.exists()
    seen = {catalogue_version()}

    for _ in range(3):
        services.catalogue_changed()
        seen.add(catalogue_version())

    assert len(seen) == 4  # never back to a version a cache may hold
    assert CatalogueVersion.objects.count() == 1


def test_market_support_does_not_move_the_catalogues_version(worker_malang):
    business = BusinessFactory()
    services.consent_record(business=business, recorded_by=worker_malang)
    before = catalogue_version()

    support = services.support_record(business=business, recorded_by=worker_malang, **order())

    assert support.pk is not None
    assert catalogue_version() == before


def test_a_refused_write_does_not_move_the_version(worker_malang):
    business = BusinessFactory()
    services.profile_save(business=business, saved_by=worker_malang, description="Awal")
    before = catalogue_version()

    with pytest.raises(ValidationError):
        services.profile_save(business=business, saved_by=worker_malang, whatsapp="0812")

    assert catalogue_version() == before


# --- Market support ----------------------------------------------------------------------


def test_market_support_dated_in_the_future_is_refused(worker_malang):
    business = BusinessFactory()

    with pytest.raises(ValidationError) as refused:
        services.support_record(
            business=business, recorded_by=worker_malang, **order(on=TODAY() + ONE_DAY)
        )

    assert "on" in refused.value.message_dict
    assert not MarketSupport.objects.exists()


def test_market_support_is_recorded(worker_malang):
    business = BusinessFactory()

    support = services.support_record(business=business, recorded_by=worker_malang, **order())

    support.refresh_from_db()
    assert (support.business, support.recorded_by) == (business, worker_malang)
    assert (support.product, support.quantity, support.value) == ("Seragam batik", 120, 9_600_000)


@pytest.mark.parametrize(
    ("missing", "blank"),
    [("buyer_kind", ""), ("product", ""), ("product", "   "), ("quantity", None)],
)
def test_an_order_without_buyer_product_or_quantity_is_refused(worker_malang, missing, blank):
    business = BusinessFactory()

    with pytest.raises(ValidationError) as refused:
        services.support_record(
            business=business, recorded_by=worker_malang, **order(**{missing: blank})
        )

    assert missing in refused.value.message_dict
    assert not MarketSupport.objects.exists()


def test_an_order_without_all_three_names_each(worker_malang):
    with pytest.raises(ValidationError) as refused:
        services.support_record(
            business=BusinessFactory(),
            recorded_by=worker_malang,
            **order(buyer_kind="", product="", quantity=None),
        )

    assert {"buyer_kind", "product", "quantity"} <= set(refused.value.message_dict)


@pytest.mark.parametrize("title", ["", "  "])
def test_an_exhibition_without_a_title_is_refused(worker_malang, title):
    with pytest.raises(ValidationError) as refused:
        services.support_record(
            business=BusinessFactory(),
            recorded_by=worker_malang,
            kind=MarketSupport.Kind.EXHIBITION,
            on=TODAY() - ONE_DAY,
            title=title,
            value=2_000_000,
        )

    assert "title" in refused.value.message_dict
    assert not MarketSupport.objects.exists()


def test_an_exhibition_needs_no_buyer(worker_malang):
    support = services.support_record(
        business=BusinessFactory(),
        recorded_by=worker_malang,
        kind=MarketSupport.Kind.EXHIBITION,
        on=TODAY() - ONE_DAY,
        title="Gelar Produk UMKM Jawa Timur",
    )

    assert MarketSupport.objects.get() == support


# --- Success stories ---------------------------------------------------------------------


def test_rewriting_an_approved_story_clears_the_approval(worker_malang, manager):
    business = BusinessFactory()
    story = story_written(business, worker_malang)
    services.story_approve(story=story, approved_by=manager)
    story.refresh_from_db()
    assert story.is_approved and story.approved_by == manager

    services.story_save(
        business=business, written_by=worker_malang, story=story, text="Kini tiga penjahit."
    )

    story.refresh_from_db()
    assert story.text == "Kini tiga penjahit."
    assert story.approved_at is None
    assert story.approved_by is None
    assert not story.is_approved


def test_a_writer_cannot_approve_her_own_story(manager):
    story = story_written(BusinessFactory(), manager)
    version = catalogue_version()

    with pytest.raises(ValidationError):
        services.story_approve(story=story, approved_by=manager)

    story.refresh_from_db()
    assert story.approved_at is None and story.approved_by is None
    assert catalogue_version() == version


def test_someone_else_approves_a_story(worker_malang, manager):
    story = story_written(BusinessFactory(), worker_malang)

    services.story_approve(story=story, approved_by=manager)

    story.refresh_from_db()
    assert story.approved_by == manager
    assert story.approved_at is not None


# --- Profile -----------------------------------------------------------------------------


@pytest.mark.parametrize("whatsapp", ["0812", "0812-345", "12345678", "nomor saya"])
def test_a_whatsapp_number_with_too_few_digits_is_refused(worker_malang, whatsapp):
    business = BusinessFactory()

    with pytest.raises(ValidationError) as refused:
        services.profile_save(business=business, saved_by=worker_malang, whatsapp=whatsapp)

    assert "whatsapp" in refused.value.message_dict
    assert not BusinessProfile.objects.filter(business=business).exists()


@pytest.mark.parametrize(
    "links",
    [
        "shopee.co.id/konveksi-bu-ani",
        "https://shopee.co.id/a\nwww.tokopedia.com/b",
        "ftp://example.com/katalog",
        "javascript:alert(1)",
    ],
)
def test_a_marketplace_link_not_starting_with_http_is_refused(worker_malang, links):
    business = BusinessFactory()

    with pytest.raises(ValidationError) as refused:
        services.profile_save(business=business, saved_by=worker_malang, marketplace_links=links)

    assert "marketplace_links" in refused.value.message_dict
    assert not BusinessProfile.objects.filter(business=business).exists()


def test_a_good_profile_is_saved(worker_malang):
    business = BusinessFactory()

    profile = services.profile_save(
        business=business,
        saved_by=worker_malang,
        whatsapp="0812 345 67",  # nine digits, the fewest allowed
        marketplace_links="https://shopee.co.id/a\n\n  http://tokopedia.com/b  \n",
    )

    profile.refresh_from_db()
    assert profile.whatsapp == "0812 345 67"
    assert profile.links == ["https://shopee.co.id/a", "http://tokopedia.com/b"]
    assert profile.whatsapp_international == "6281234567"
