"""What the programs app adds to the client timeline (see beneficiaries/timeline.py)."""

from django.utils.translation import gettext as _

from beneficiaries.timeline import TimelineEvent

from .models import Enrolment, FollowUpVisit, Grant
from .money import rupiah


def programs_events(client):
    """Enrolments, completions, grants and visits of one client, in three queries."""
    for enrolment in (
        Enrolment.objects.active().filter(client=client).select_related("batch__program")
    ):
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
    for grant in Grant.objects.active().filter(client=client).with_total_value():
        yield TimelineEvent(
            grant.handed_over_on,
            "grant",
            _("Equipment handed over (BAST %(number)s)") % {"number": grant.bast_number},
            rupiah(grant.total_value),
            grant.get_absolute_url(),
        )
    visits = (
        FollowUpVisit.objects.active().filter(business__client=client).select_related("business")
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
