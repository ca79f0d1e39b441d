"""What the market linkages add to a client's timeline and subject-access file (registered
in programs/apps.py)."""

from django.utils.translation import gettext as _

from beneficiaries.subject_access import SubjectAccessPart, record_as_dict
from beneficiaries.timeline import TimelineEvent

from ..models import (
    Business,
    BusinessProfile,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)
from ..money import rupiah


def market_events(client):
    supports = (
        MarketSupport.objects.filter(business__client=client)
        .select_related("business")
        .order_by("on", "pk")
    )
    for support in supports:
        detail = " · ".join(
            part
            for part in (
                support.title,
                support.product,
                f"{support.quantity}" if support.quantity else "",
                rupiah(support.value) if support.value else "",
            )
            if part
        )
        yield TimelineEvent(
            support.on,
            "market_support",
            _("%(kind)s for %(business)s")
            % {"kind": support.get_kind_display(), "business": support.business.name},
            detail,
            support.business.get_absolute_url(),
        )


def marketing_subject_access(client) -> SubjectAccessPart:
    """What the office keeps about selling her businesses' products, for her
    subject-access file: profiles, her consents (withdrawn ones too), market support,
    stories, and the product photos."""
    businesses = Business.objects.filter(client=client)
    photos = list(ProductPhoto.objects.filter(business__in=businesses).order_by("pk"))
    return SubjectAccessPart(
        sections={
            "business_profiles": [
                record_as_dict(p) for p in BusinessProfile.objects.filter(business__in=businesses)
            ],
            "publication_consents": [
                record_as_dict(c)
                for c in PublicationConsent.objects.filter(business__in=businesses).order_by("pk")
            ],
            "market_support": [
                record_as_dict(s)
                for s in MarketSupport.objects.filter(business__in=businesses).order_by("pk")
            ],
            "success_stories": [
                record_as_dict(s)
                for s in SuccessStory.objects.filter(business__in=businesses).order_by("pk")
            ],
            "product_photos": [record_as_dict(p) for p in photos],
        },
        files=[p.photo for p in photos],
    )
