"""What the market linkages add to a client's timeline (registered in programs/apps.py)."""

from django.utils.translation import gettext as _

from beneficiaries.timeline import TimelineEvent

from ..models import MarketSupport
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
