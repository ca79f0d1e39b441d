"""Staff reads of the market-linkage records, each through the business's scope
(`Business.objects.visible_to`): a record outside it is a 404."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from ..models import (
    Business,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)


@dataclass
class Marketing:
    profile: object
    consent: PublicationConsent | None
    photos: list
    supports: list
    stories: list


def business_marketing(business: Business) -> Marketing:
    """What the business page shows under "Pemasaran" (five small queries)."""
    return Marketing(
        profile=getattr(business, "profile", None) if hasattr(business, "profile") else None,
        consent=PublicationConsent.objects.standing()
        .filter(business=business)
        .select_related("recorded_by")
        .first(),
        photos=list(ProductPhoto.objects.filter(business=business).order_by("pk")),
        supports=list(MarketSupport.objects.filter(business=business).order_by("-on", "-pk")),
        stories=list(SuccessStory.objects.filter(business=business).order_by("-pk")),
    )


def photo_get_for_user(user, pk) -> ProductPhoto:
    return get_object_or_404(
        ProductPhoto.objects.select_related("business__client").filter(
            business__in=Business.objects.visible_to(user)
        ),
        pk=pk,
    )


def story_get_for_user(user, pk) -> SuccessStory:
    return get_object_or_404(
        SuccessStory.objects.select_related(
            "business__client", "photo", "written_by", "approved_by"
        ).filter(business__in=Business.objects.visible_to(user)),
        pk=pk,
    )
