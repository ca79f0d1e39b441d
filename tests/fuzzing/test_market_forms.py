"""Bad input through the market-linkage forms (issue #21): a business's profile for buyers, a
product photo, the owner's consent to publish (recorded and withdrawn), market support,
a success story (written, rewritten) and its approval. A save must also leave the pages
that show it working: the business page, the story page, the market report, and the
public catalogue (its list, and the business's page by its token), which must then show
only what the standing consent names."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import linebreaks_filter
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st

from programs.forms import MAX_COUNT
from programs.marketing import services as marketing
from programs.models import (
    BusinessProfile,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)
from programs.models.marketing import EARLIEST_DATE
from programs.tests.factories import BusinessFactory

from .checks import (
    NULL_MESSAGE,
    assert_page_shows,
    assert_stored,
    assert_verdict,
    body,
    post_form,
    rolled_back,
    shown,
    submission,
)
from .profiles import more_examples
from .strategies import (
    ABSENT,
    NOT_CHECKED,
    OTHER_DIGITS,
    PAYLOADS,
    WHITESPACE,
    Checkbox,
    Choice,
    Date,
    Integer,
    Rupiah,
    Text,
    Typed,
    Upload,
    picture_bytes,
    stored_file_kind,
    with_null_byte,
)
from .submissions import assert_baseline_saves, draw_changes, read_form, valid_baseline

REPORT = reverse("programs:report_market")
CATALOGUE = reverse("programs:catalogue")
FAKE_JPEG = b"\xff\xd8\xff\xe0 not really a picture, only streamed back"
SELF_APPROVAL = "A story is approved by someone other than its writer."

_no_null = st.characters(codec="utf-8", exclude_characters="\x00")


def _last(value):
    """What Django reads of a submitted value: the last of several, nothing if absent."""
    if value is ABSENT or value is None:
        return None
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def _ticked(data, name) -> bool:
    """CheckboxInput takes any value but "" and "false" (in any case) as ticked."""
    value = _last(data.get(name))
    return value is not None and value.lower() != "false" and bool(value)


@pytest.fixture
def visitor():
    """Someone on the public catalogue: not logged in, reading English."""
    http = Client()
    http.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return http


def public_business_url(business) -> str:
    profile = BusinessProfile.objects.get(business=business)
    return reverse("programs:catalogue_business", args=[profile.token])


def assert_catalogue_renders(visitor, business, texts=()) -> str:
    """The public catalogue after a save: the list and the business's own page render
    (anonymously), with `texts` on the business's page. Its page's HTML."""
    assert_page_shows(visitor, CATALOGUE, [])
    return assert_page_shows(visitor, public_business_url(business), list(texts))


# -- Kinds of this module's fields -----------------------------------------------------------


@dataclass(frozen=True)
class Required:
    """A required file field: no file at all is refused (strategies.Upload leaves it out as
    an optional attachment would be)."""

    kind: Upload

    def strategy(self, control=None):
        return self.kind.strategy(control).map(
            lambda typed: replace(typed, accept=False) if typed.value is ABSENT else typed
        )


@dataclass(frozen=True)
class OneOf:
    """A select whose value another field decides (the kind of market support, drawn
    first): that value, or one refused whatever the other fields say."""

    value: str

    def strategy(self, control=None):
        refused = st.one_of(
            st.text(_no_null, max_size=20).map(lambda v: f"x{v}"),
            st.sampled_from(PAYLOADS),
            with_null_byte(),
            st.just(""),
            st.just(ABSENT),
        )
        return st.one_of(
            st.just(Typed(self.value, accept=True, stored=self.value)),
            refused.map(lambda v: Typed(v, accept=False)),
        )


@dataclass(frozen=True)
class OrAlso:
    """Another kind's values, and these (a photo of another business, say)."""

    kind: object
    also: tuple[Typed, ...]

    def strategy(self, control=None):
        return st.one_of(self.kind.strategy(control), st.sampled_from(self.also))


_ascii_digits = st.text(st.sampled_from("0123456789"), min_size=1, max_size=5)


@dataclass(frozen=True)
class WhatsApp:
    """The WhatsApp number: at most 20 characters, of which 9 to 15 digits (BusinessProfile
    .clean); spaces, dashes, dots, brackets and a + are the writer's business."""

    def typed(self, value: str) -> Typed:
        if "\x00" in value:
            return Typed(value, accept=False, null_byte=True)
        cleaned = value.strip()
        if len(cleaned) > 20:
            return Typed(value, accept=False)
        if not cleaned:
            return Typed(value, accept=True, stored="")
        if any(ch.isdigit() and ch not in "0123456789" for ch in cleaned):
            # Counted as digits by the model (str.isdigit), unlike the NIK (see the report
            # of the fuzzing of issue #21): no verdict here, only never a 500.
            return Typed(value, accept=None, stored=cleaned)
        digits = sum(ch in "0123456789" for ch in cleaned)
        ok = 9 <= digits <= 15
        return Typed(value, accept=ok, stored=cleaned if ok else NOT_CHECKED)

    def strategy(self, control=None):
        grouped = st.tuples(
            st.sampled_from(["", "+", "+62 ", "(0341) ", " "]),
            st.lists(_ascii_digits, min_size=1, max_size=5),
            st.sampled_from([" ", "-", ".", "\u00a0", ""]),
            st.sampled_from(["", " ", "\t"]),
        ).map(lambda t: t[0] + t[2].join(t[1]) + t[3])
        return st.one_of(
            grouped.map(self.typed),
            st.text(st.sampled_from("0123456789"), min_size=7, max_size=22).map(self.typed),
            st.text(st.sampled_from(OTHER_DIGITS), min_size=9, max_size=15).map(self.typed),
            st.sampled_from(PAYLOADS).map(self.typed),
            st.text(_no_null, max_size=25).map(self.typed),
            with_null_byte().map(self.typed),
            st.just(Typed(ABSENT, accept=True, stored="")),
        )


_GOOD_LINKS = (
    "https://shopee.co.id/konveksi.bu.ani",
    "http://tokopedia.com/bu-ani",
    "https://e-katalog.lkpp.go.id/produk?id=1&x=<2>",
    'https://"><img src=x onerror=alert(1)>',
)
_BAD_LINKS = (
    "javascript:alert(1)",
    "www.shopee.co.id",
    "shopee",
    "ftp://files.example/",
    "https:/shopee.co.id",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
)


@dataclass(frozen=True)
class MarketplaceLinks:
    """One address per line, each starting https:// (or http://); blank lines are fine."""

    def typed(self, value: str) -> Typed:
        if "\x00" in value:
            return Typed(value, accept=False, null_byte=True)
        cleaned = value.strip()
        lines = [line.strip() for line in cleaned.splitlines() if line.strip()]
        if all(line.startswith(("https://", "http://")) for line in lines):
            return Typed(value, accept=True, stored=cleaned)
        if all(line.lower().startswith(("https://", "http://")) for line in lines):
            # "HTTPS://" in capitals: the model refuses it, a browser would take it.
            return Typed(value, accept=None, stored=cleaned)
        return Typed(value, accept=False)

    def strategy(self, control=None):
        line = st.one_of(
            st.sampled_from(_GOOD_LINKS),
            st.sampled_from(_BAD_LINKS),
            st.sampled_from(["", " ", "\t", "HTTPS://SHOPEE.CO.ID/ANI"]),
            st.tuples(
                st.sampled_from(WHITESPACE), st.sampled_from(_GOOD_LINKS), st.sampled_from(" \t")
            ).map("".join),
        )
        lines = st.tuples(
            st.lists(line, min_size=1, max_size=5),
            st.sampled_from(["\n", "\r\n", "\r", "\x85", "\u2028"]),
        ).map(lambda t: t[1].join(t[0]))
        return st.one_of(
            lines.map(self.typed),
            st.text(_no_null, max_size=60).map(self.typed),
            st.sampled_from(PAYLOADS).map(self.typed),
            with_null_byte().map(self.typed),
            st.just(Typed(ABSENT, accept=True, stored="")),
        )


# -- The business's profile (ProfileForm) ----------------------------------------------------

PROFILE_FIELDS = {
    "description": Text(),
    "price_range": Text(max_length=100),
    "whatsapp": WhatsApp(),
    "how_to_order": Text(),
    "marketplace_links": MarketplaceLinks(),
}
PROFILE_STORED = {name: (lambda p, name=name: getattr(p, name)) for name in PROFILE_FIELDS}


@pytest.fixture
def profile_edit(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:profile_edit", args=[world.business.pk])
    form = read_form(english, url)
    baseline = valid_baseline(
        form, price_range="Rp25.000 sampai Rp150.000", how_to_order="Pesan lewat WhatsApp."
    )
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@more_examples(2)
@given(data=st.data())
def test_editing_a_business_profile_survives_bad_input(english, visitor, profile_edit, world, data):
    url, form, baseline = profile_edit
    drawn = draw_changes(data, form, PROFILE_FIELDS)
    with rolled_back():
        answer = post_form(english, url, submission(baseline, drawn))
        event("saved" if answer.saved else "refused")
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        assert answer.response["Location"] == f"{world.business.get_absolute_url()}#marketing-title"
        profile = BusinessProfile.objects.get(business=world.business)
        assert profile.token == world.profile.token  # the public address never changes
        assert_stored(profile, PROFILE_STORED, drawn)
        texts = [shown(link) for link in profile.links]
        texts += [shown(profile.description, multiline=True)] * bool(profile.description)
        texts += [shown(profile.how_to_order, multiline=True)] * bool(profile.how_to_order)
        texts += [shown(profile.price_range)] * bool(profile.price_range)
        staff = texts + [shown(profile.whatsapp)] * bool(profile.whatsapp)
        assert_page_shows(english, world.business.get_absolute_url(), staff)
        # Everything is consented for the world's business: the catalogue shows it all,
        # the number as wa.me wants it.
        if profile.whatsapp:
            texts.append(f"https://wa.me/{shown(profile.whatsapp_international)}?")
        assert_catalogue_renders(visitor, world.business, texts)


# -- A product photo (PhotoForm) -------------------------------------------------------------

PHOTO_FIELDS = {
    # Only pictures (JPEG, PNG, WebP by content), stored re-encoded as JPEG: never a PDF.
    "photo": Required(Upload(pdf=False)),
    "caption": Text(max_length=150),
}


@pytest.fixture
def photo_create(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:photo_create", args=[world.business.pk])
    form = read_form(english, url)
    assert form.enctype == "multipart/form-data"
    baseline = valid_baseline(form, caption="Seragam sekolah")
    return url, form, baseline


@given(data=st.data())
def test_adding_a_product_photo_survives_bad_input(english, visitor, photo_create, world, data):
    url, form, baseline = photo_create
    drawn = draw_changes(data, form, PHOTO_FIELDS)
    posted = submission(baseline, drawn)
    if "photo" not in drawn:  # a fresh picture for each request (a request reads it)
        posted["photo"] = SimpleUploadedFile("foto.png", picture_bytes("PNG", 30, 20))
    with rolled_back():
        known = set(ProductPhoto.objects.values_list("pk", flat=True))
        answer = post_form(english, url, posted)
        event("saved" if answer.saved else "refused")
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        assert answer.response["Location"] == f"{world.business.get_absolute_url()}#marketing-title"
        photo = ProductPhoto.objects.exclude(pk__in=known).get()
        assert photo.business_id == world.business.pk
        assert stored_file_kind(photo.photo) == "jpeg"  # re-encoded, whatever was sent
        assert_stored(photo, {"caption": lambda p: p.caption}, drawn)
        shown_caption = [shown(photo.caption)] if photo.caption else []
        assert_page_shows(english, world.business.get_absolute_url(), shown_caption)
        staff_view = english.get(reverse("programs:photo_view", args=[photo.pk]))
        assert staff_view.status_code == 200
        assert staff_view["Content-Type"] == "image/jpeg"
        # Photos are consented for the world's business: the new one is public.
        public = reverse("programs:catalogue_photo", args=[photo.token])
        assert_catalogue_renders(visitor, world.business, [public, *shown_caption])
        answer = visitor.get(public)
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content).startswith(b"\xff\xd8")


# -- The owner's consent (ConsentForm) -------------------------------------------------------

CONSENT_BOXES = (
    "show_name",
    "show_products",
    "show_photos",
    "show_district",
    "show_contact",
    "show_story",
)
CONSENT_FIELDS = {
    # Never in the future, nor before 2000 (a typo).
    "given_on": Date(lower=EARLIEST_DATE, upper=timezone.localdate()),
    **{box: Checkbox() for box in CONSENT_BOXES},
}


@pytest.fixture
def consent_create(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:consent_create", args=[world.business.pk])
    form = read_form(english, url)
    baseline = valid_baseline(form)
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


def assert_public_only_as_consented(visitor, world, consent) -> None:
    """The catalogue shows the world's business with what `consent` names, nothing else."""
    html = assert_catalogue_renders(visitor, world.business)
    listing = assert_page_shows(visitor, CATALOGUE, [])
    name = shown(world.business.name)
    assert (name in html) == consent.show_name
    assert (name in listing) == consent.show_name
    assert (world.photo.token in html) == consent.show_photos
    assert (world.story.token in html) == consent.show_story
    assert ("6281234567890" in html) == consent.show_contact
    photo = visitor.get(reverse("programs:catalogue_photo", args=[world.photo.token]))
    assert photo.status_code == (200 if consent.show_photos else 404)
    story = visitor.get(reverse("programs:catalogue_story", args=[world.story.token]))
    assert story.status_code == (200 if consent.show_story else 404)


@more_examples(2)
@given(data=st.data())
def test_recording_consent_survives_bad_input(
    english, visitor, consent_create, world, worker_malang, data
):
    url, form, baseline = consent_create
    drawn = draw_changes(data, form, CONSENT_FIELDS)
    posted = submission(baseline, drawn)
    with rolled_back():
        known = set(PublicationConsent.objects.values_list("pk", flat=True))
        answer = post_form(english, url, posted)
        event("saved" if answer.saved else "refused")
        assert_verdict(answer, drawn)
        if not answer.saved:
            # The standing consent stands: the catalogue is as it was.
            assert_public_only_as_consented(
                visitor, world, PublicationConsent.objects.standing().get(business=world.business)
            )
            return
        assert answer.response["Location"] == f"{world.business.get_absolute_url()}#marketing-title"
        consent = PublicationConsent.objects.exclude(pk__in=known).get()
        assert_stored(consent, {"given_on": lambda c: c.given_on}, drawn)
        for box in CONSENT_BOXES:
            assert getattr(consent, box) == _ticked(posted, box), box
        assert consent.recorded_by_id == worker_malang.pk
        # It replaces the one standing, which is withdrawn (and kept).
        standing = PublicationConsent.objects.standing().filter(business=world.business)
        assert list(standing) == [consent]
        assert (
            PublicationConsent.objects.filter(pk__in=known, withdrawn_at__isnull=True).count() == 0
        )
        assert_page_shows(english, world.business.get_absolute_url(), [])
        assert_public_only_as_consented(visitor, world, consent)


def _arbitrary_post():
    """A POST the form never had: any names, any values, several of each."""
    value = st.one_of(
        st.text(_no_null, max_size=30),
        st.sampled_from(PAYLOADS),
        with_null_byte(),
        st.integers(-(10**30), 10**30).map(str),
    )
    name = st.one_of(
        st.sampled_from(
            ["csrfmiddlewaretoken", "next", "business", "pk", "approved_by", "written_by", "x"]
        ),
        st.text(
            st.sampled_from(string.ascii_letters + string.digits + "_-.[]"), min_size=1, max_size=12
        ),
    )
    return st.dictionaries(name, st.one_of(value, st.lists(value, max_size=3)), max_size=5)


@given(data=st.data())
def test_withdrawing_consent_survives_bad_input(english, visitor, worker_malang, world, data):
    english.force_login(worker_malang)
    page = world.business.get_absolute_url()
    url = reverse("programs:consent_withdraw", args=[world.business.pk])
    form = read_form(english, page, action=url)
    posted = {**form.submission(), **data.draw(_arbitrary_post(), label="posted")}
    twice = data.draw(st.booleans(), label="twice")
    public = public_business_url(world.business)
    with rolled_back():
        assert visitor.get(public).status_code == 200
        answer = post_form(english, url, posted)
        assert answer.saved
        assert answer.response["Location"] == f"{page}#marketing-title"
        assert not PublicationConsent.objects.standing().filter(business=world.business).exists()
        withdrawn = PublicationConsent.objects.get(business=world.business)
        assert withdrawn.withdrawn_by_id == worker_malang.pk
        expected = "The consent is withdrawn: the listing is gone."
        if twice:
            answer = post_form(english, url, posted)
            assert answer.saved
            expected = "There was no consent to withdraw."
        assert expected in body(english.get(page))
        # Gone from the catalogue on the next request: no listing, no page, no photo, no story.
        listing = assert_page_shows(visitor, CATALOGUE, [])
        assert world.profile.token not in listing
        assert shown(world.business.name) not in listing
        for gone in (
            public,
            reverse("programs:catalogue_photo", args=[world.photo.token]),
            reverse("programs:catalogue_story", args=[world.story.token]),
        ):
            assert visitor.get(gone).status_code == 404, gone


# -- Market support (SupportForm) ------------------------------------------------------------


def support_fields(kind: str) -> dict:
    """An order needs its buyer, product and quantity; an exhibition its name."""
    order = kind == MarketSupport.Kind.ORDER
    return {
        "kind": OneOf(kind),
        # Never in the future, nor before 2000 (a typo).
        "on": Date(lower=EARLIEST_DATE, upper=timezone.localdate()),
        "title": Text(max_length=200, required=kind == MarketSupport.Kind.EXHIBITION),
        "buyer_kind": Choice(required=order),
        "buyer_name": Text(max_length=200),
        "product": Text(max_length=200, required=order),
        "quantity": Integer(minimum=1, maximum=MAX_COUNT * 100, required=order),
        "value": Rupiah(),  # 7500000, 7.500.000, Rp7.500.000, Rp 7.500.000,00
        "delivery": Choice(required=False),
        "notes": Text(),
    }


SUPPORT_STORED = {
    "on": lambda s: s.on,
    "title": lambda s: s.title,
    "buyer_kind": lambda s: s.buyer_kind,
    "buyer_name": lambda s: s.buyer_name,
    "product": lambda s: s.product,
    "quantity": lambda s: s.quantity,
    "value": lambda s: s.value,
    "delivery": lambda s: s.delivery,
    "notes": lambda s: s.notes,
}


@pytest.fixture
def support_create(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:support_create", args=[world.business.pk])
    form = read_form(english, url)
    assert sorted(o for o in form.options("kind") if o) == sorted(MarketSupport.Kind.values)
    # What every kind of support needs, so that the kind drawn decides alone.
    baseline = valid_baseline(
        form,
        title="Gelar Produk UMKM Jawa Timur 2026",
        buyer_kind=MarketSupport.Buyer.SCHOOL,
        buyer_name="SDN Blimbing 3",
        product="Seragam sekolah",
        quantity=120,
        value="Rp7.500.000",
    )
    for kind in MarketSupport.Kind.values:
        assert_baseline_saves(english, url, {**baseline, "kind": [kind]})
    return url, form, baseline


@more_examples(3)
@given(data=st.data())
def test_recording_market_support_survives_bad_input(
    english, visitor, support_create, world, worker_malang, data
):
    url, form, baseline = support_create
    kind = data.draw(st.sampled_from(MarketSupport.Kind.values), label="kind")
    drawn = draw_changes(data, form, support_fields(kind))
    posted = submission({**baseline, "kind": [kind]}, drawn)
    with rolled_back():
        known = set(MarketSupport.objects.values_list("pk", flat=True))
        answer = post_form(english, url, posted)
        event("saved" if answer.saved else "refused")
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        assert answer.response["Location"] == f"{world.business.get_absolute_url()}#marketing-title"
        support = MarketSupport.objects.exclude(pk__in=known).get()
        assert support.kind == kind
        assert support.business_id == world.business.pk
        assert support.recorded_by_id == worker_malang.pk
        assert_stored(support, SUPPORT_STORED, drawn)
        if kind == MarketSupport.Kind.ORDER:
            assert support.buyer_kind and support.product and support.quantity
        if kind == MarketSupport.Kind.EXHIBITION:
            assert support.title
        texts = [shown(t) for t in (support.title, support.buyer_name, support.product) if t]
        assert_page_shows(english, world.business.get_absolute_url(), texts)
        assert_page_shows(english, REPORT, [])
        for export in ("csv", "xlsx"):
            assert english.get(f"{REPORT}?format={export}").status_code == 200
        assert_catalogue_renders(visitor, world.business)


# -- A success story, written or rewritten (StoryForm) ---------------------------------------


@pytest.fixture
def other_photo(world, worker_malang):
    """A product photo of another business of the same client."""
    other = BusinessFactory(client=world.client, name="Warung Lain")
    return marketing.photo_add(
        business=other,
        photo=ContentFile(FAKE_JPEG, name="p.jpg"),
        caption="Bukan fotonya",
        uploaded_by=worker_malang,
    )


def story_fields(other_photo):
    return {
        "title": Text(max_length=200, required=True),
        "text": Text(required=True),
        # One of the business's own photos, or none: never another business's.
        "photo": OrAlso(Choice(required=False), (Typed(str(other_photo.pk), accept=False),)),
    }


STORY_STORED = {
    "title": lambda s: s.title,
    "text": lambda s: s.text,
    "photo": lambda s: str(s.photo_id or ""),
}


@pytest.fixture(params=["create", "edit"])
def story_form(request, english, worker_malang, world, other_photo):
    english.force_login(worker_malang)
    if request.param == "create":
        url = reverse("programs:story_create", args=[world.business.pk])
        values = {"title": "Dari satu mesin jahit", "text": "Bu Ani kini punya dua penjahit."}
    else:
        url = reverse("programs:story_edit", args=[world.story.pk])
        values = {}
    form = read_form(english, url)
    assert str(world.photo.pk) in form.options("photo")
    assert str(other_photo.pk) not in form.options("photo")
    baseline = valid_baseline(form, **values)
    assert_baseline_saves(english, url, baseline)
    return request.param, url, form, baseline


@more_examples(2)
@given(data=st.data())
def test_writing_a_story_survives_bad_input(
    english, visitor, story_form, world, worker_malang, other_photo, data
):
    action, url, form, baseline = story_form
    drawn = draw_changes(data, form, story_fields(other_photo))
    posted = submission(baseline, drawn)
    with rolled_back():
        known = set(SuccessStory.objects.values_list("pk", flat=True))
        answer = post_form(english, url, posted)
        event("saved" if answer.saved else "refused")
        assert_verdict(answer, drawn)
        if _last(posted.get("photo")) == str(other_photo.pk):
            assert not answer.saved, "a story saved with another business's photo"
        if not answer.saved:
            # An edit refused: the story is as it was, approved and public.
            story = visitor.get(reverse("programs:catalogue_story", args=[world.story.token]))
            assert story.status_code == 200
            return
        if action == "create":
            story = SuccessStory.objects.exclude(pk__in=known).get()
            assert story.written_by_id == worker_malang.pk
        else:
            assert not SuccessStory.objects.exclude(pk__in=known).exists()
            story = SuccessStory.objects.get(pk=world.story.pk)
        assert answer.response["Location"] == story.get_absolute_url()
        assert_stored(story, STORY_STORED, drawn)
        assert story.business_id == world.business.pk
        assert story.photo is None or story.photo.business_id == world.business.pk
        assert not story.is_approved  # written or rewritten: a manager approves it (again)
        texts = [shown(story.title), linebreaks_filter(story.text, autoescape=True)]
        assert_page_shows(english, story.get_absolute_url(), texts)
        assert_page_shows(english, world.business.get_absolute_url(), [shown(story.title)])
        # Not public before its approval; the world's story is, unless it was rewritten.
        html = assert_catalogue_renders(visitor, world.business)
        assert story.token not in html
        new = visitor.get(reverse("programs:catalogue_story", args=[story.token]))
        assert new.status_code == 404
        assert (world.story.token in html) == (action == "create")


# -- Approving a story -----------------------------------------------------------------------


@pytest.fixture(params=["someone_elses", "her_own"])
def pending_story(request, world, worker_malang, manager):
    """A story awaiting approval, written by a worker or by the approving manager."""
    writer = manager if request.param == "her_own" else worker_malang
    story = marketing.story_save(
        business=world.business,
        written_by=writer,
        title="Cerita menunggu",
        text="Usaha jahit Bu Ani berkembang.",
        photo=None,
    )
    return request.param == "her_own", story


@given(data=st.data())
def test_approving_a_story_survives_bad_input(
    english, visitor, manager, world, pending_story, data
):
    own, story = pending_story
    english.force_login(manager)
    url = reverse("programs:story_approve", args=[story.pk])
    page = story.get_absolute_url()
    html = body(english.get(page))
    # The button is offered to a manager for someone else's story only.
    assert (f'action="{url}"' in html) == (not own)
    posted = data.draw(_arbitrary_post(), label="posted")
    with rolled_back():
        answer = post_form(english, url, posted)
        assert answer.saved  # a redirect either way: back to the story
        assert answer.response["Location"] == page
        approved = SuccessStory.objects.get(pk=story.pk)
        after = body(english.get(page))
        public = visitor.get(reverse("programs:catalogue_story", args=[story.token]))
        if own:
            assert not answer.written, f"a writer's own approval wrote to {answer.written}"
            assert not approved.is_approved
            assert SELF_APPROVAL in after
            assert re.search(r'class="messages[^>]*>.*' + re.escape(SELF_APPROVAL), after, re.S)
            assert public.status_code == 404
        else:
            assert approved.is_approved
            assert approved.approved_by_id == manager.pk
            assert "The story is approved." in after
            assert NULL_MESSAGE not in after
            # Stories are consented for the world's business: the newest approved one shows.
            assert public.status_code == 200
            assert_catalogue_renders(visitor, world.business, [story.token])
