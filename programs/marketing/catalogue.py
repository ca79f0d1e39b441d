"""The public catalogue's reads (Katalog Usaha Binaan): businesses whose owner's consent
stands, of an active client, and of each only what the consent names. Nothing here starts
from a user's scope: everything it returns is public, so everything it returns must have
been consented to; the anonymous pages use nothing else.

Search looks only at consented text (a business name the owner did not let us show is not
searched, or the search would confirm it). Results are cached under the catalogue's version
(CatalogueVersion, moved by every write that changes what is shown), so a withdrawal is
honoured by every process on its next request.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q

from beneficiaries.models import Regency

from ..models import (
    Business,
    CatalogueVersion,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)

PAGE_SIZE = 24
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Listing:
    """One business as the public sees it: consented fields only (None when not)."""

    token: str
    sector: str
    regency: str
    name: str | None = None
    district: str | None = None
    products: str | None = None
    description: str | None = None
    price_range: str | None = None
    whatsapp: str | None = None
    how_to_order: str | None = None
    links: tuple[str, ...] = ()
    photos: tuple[tuple[str, str], ...] = ()  # (token, caption)
    story: str | None = None  # the public story's token


@dataclass(frozen=True)
class CataloguePage:
    listings: list[Listing]
    total: int
    number: int
    pages: int
    regencies: list[tuple[str, str]] = field(default_factory=list)


def _key(version: str, *parts) -> str:
    """A cache key for what a visitor typed: hashed, so any text is a valid key for
    every cache backend (memcached refuses spaces and control characters)."""
    typed = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"catalogue:{version}:{typed}"


def catalogue_version() -> str:
    return CatalogueVersion.objects.filter(pk=1).values_list("stamp", flat=True).first() or "-"


def _standing_consents():
    return PublicationConsent.objects.standing()


def _consented(**shown) -> Exists:
    """The business has a standing consent (showing what `shown` names, e.g.
    show_photos=True)."""
    return Exists(_standing_consents().filter(business=OuterRef("pk"), **shown))


def listed_businesses():
    """Businesses on the catalogue: a standing consent, a client not archived."""
    return (
        Business.objects.filter(
            _consented(),
            client__archived_at__isnull=True,
        )
        .select_related("profile", "client__regency", "client__district", "village__district")
        .prefetch_related(
            Prefetch("consents", queryset=_standing_consents(), to_attr="standing"),
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("pk")),
            Prefetch(
                "stories",
                queryset=SuccessStory.objects.filter(approved_at__isnull=False).order_by("-pk"),
                to_attr="approved_stories",
            ),
        )
    )


def _search(businesses, text: str):
    products = Q(products__icontains=text) | Q(profile__description__icontains=text)
    name = Q(name__icontains=text)
    return businesses.filter(
        (_consented(show_products=True) & products) | (_consented(show_name=True) & name)
    )


def listing(business) -> Listing:
    consent = business.standing[0]
    profile = getattr(business, "profile", None)
    district = business.village.district if business.village_id else business.client.district
    stories = business.approved_stories if consent.show_story else []
    return Listing(
        token=profile.token,
        sector=str(business.get_sector_display()),
        regency=business.client.regency.name,
        name=business.name if consent.show_name else None,
        district=district.name if consent.show_district and district else None,
        products=business.products if consent.show_products else None,
        description=profile.description if consent.show_products else None,
        price_range=profile.price_range if consent.show_products else None,
        whatsapp=profile.whatsapp_international
        if consent.show_contact and profile.whatsapp
        else None,
        how_to_order=profile.how_to_order if consent.show_contact else None,
        links=tuple(profile.links) if consent.show_contact else (),
        photos=tuple((p.token, p.caption) for p in business.photos.all())
        if consent.show_photos
        else (),
        story=stories[0].token if stories else None,
    )


def catalogue_page(
    *, text: str = "", regency: str = "", sector: str = "", page: int = 1, version=None
):
    """One page of the catalogue, from the cache when the catalogue has not changed."""
    version = catalogue_version() if version is None else version
    key = _key(version, "page", regency, sector, page, text.casefold())
    cached = cache.get(key)
    if cached is not None:
        return cached
    businesses = listed_businesses()
    if text:
        businesses = _search(businesses, text)
    if regency:
        businesses = businesses.filter(client__regency_id=regency)
    if sector:
        businesses = businesses.filter(sector=sector)
    total = businesses.count()
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(page, 1), pages)
    start = (number - 1) * PAGE_SIZE
    # The page's ids first, from a narrow sort; then only those 24 with everything shown
    # (sorting the wide, joined rows of 10,000 businesses took 0.4 s at 1M clients).
    ids = list(
        businesses.order_by("client__regency_id", "name", "pk").values_list("pk", flat=True)[
            start : start + PAGE_SIZE
        ]
    )
    shown = {b.pk: b for b in listed_businesses().filter(pk__in=ids)}
    result = CataloguePage(
        listings=[listing(shown[pk]) for pk in ids if pk in shown],
        total=total,
        number=number,
        pages=pages,
        regencies=catalogue_regencies(version),
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def catalogue_regencies(version: str | None = None) -> list[tuple[str, str]]:
    """The regencies with at least one listed business, for the filter (cached too)."""
    key = _key(catalogue_version() if version is None else version, "regencies")
    cached = cache.get(key)
    if cached is None:
        codes = listed_businesses().values("client__regency_id")
        regencies = Regency.objects.filter(code__in=codes).order_by("code")
        cached = list(regencies.values_list("code", "name"))
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def catalogue_business(token: str) -> Listing | None:
    key = _key(catalogue_version(), "business", token)
    cached = cache.get(key, "miss")
    if cached != "miss":
        return cached
    business = listed_businesses().filter(profile__token=token).first()
    found = listing(business) if business is not None else None
    cache.set(key, found, CACHE_SECONDS)
    return found


def public_photo(token: str) -> ProductPhoto | None:
    """A product photo the public may see: its business listed with photos consented."""
    return (
        ProductPhoto.objects.filter(
            token=token,
            business__in=listed_businesses().filter(_consented(show_photos=True)),
        )
        .only("photo")
        .first()
    )


def public_story(token: str):
    """An approved story whose business is listed with the story consented, with what its
    page shows (read live from the record)."""
    story = (
        SuccessStory.objects.filter(
            token=token,
            approved_at__isnull=False,
            business__in=listed_businesses().filter(_consented(show_story=True)),
        )
        .select_related("business", "photo")
        .first()
    )
    if story is None:
        return None
    business = listed_businesses().get(pk=story.business_id)
    return story, listing(business)
