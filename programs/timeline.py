"""What the programs app adds to the client timeline (see beneficiaries/timeline.py)."""

from django.utils.translation import gettext as _

from beneficiaries.timeline import TimelineEvent

from .models import Enrolment, FollowUpVisit, Grant
from .money import rupiah


def programs_events(client):
    """Enrolments, completions, grants and visits of one client, in three queries, each
    kind in the order it happened (client_timeline keeps that order within a day): an
    enrolment at its enrolment date, its completion at the completion date."""
    enrolments = (
        Enrolment.objects.active()
        .filter(client=client)
        .select_related("batch__program")
        .order_by("enrolled_on", "pk")
    )
    for enrolment in enrolments:
        url = enrolment.batch.get_absolute_url()
        yield TimelineEvent(
            enrolment.enrolled_on,
            "enrolment",
            _("Enrolled in %(batch)s") % {"batch": enrolment.batch},
            url=url,
        )
        if enrolment.completed_on:
            yield TimelineEvent(
                enrolment.completed_on,
                "completion",
                _("Completed %(batch)s") % {"batch": enrolment.batch},
                enrolment.certificate_number,
                url,
            )
    grants = (
        Grant.objects.active()
        .filter(client=client)
        .with_total_value()
        .order_by("handed_over_on", "pk")
    )
    for grant in grants:
        yield TimelineEvent(
            grant.handed_over_on,
            "grant",
            _("Equipment handed over (%(bast)s)") % {"bast": grant.bast_label},
            rupiah(grant.total_value),
            grant.get_absolute_url(),
        )
    visits = (
        FollowUpVisit.objects.active()
        .filter(business__client=client)
        .select_related("business")
        .order_by("visited_on", "pk")
    )
    for visit in visits:
        yield TimelineEvent(
            visit.visited_on,
            "visit",
            _("Visit to %(business)s: %(status)s")
            % {"business": visit.business.name, "status": visit.get_status_display()},
            _("net income %(income)s, %(employees)d employees")
            % {"income": rupiah(visit.net_income), "employees": visit.employees},
            visit.business.get_absolute_url(),
        )
