"""What this app holds about a client, for the subject-access file (registered in
ProgramsConfig.ready(); see beneficiaries/subject_access.py). Archived records included:
the person has a right to see them too."""

from beneficiaries.subject_access import SubjectAccessPart, record_as_dict

from .models import Business, Enrolment, FollowUpVisit, Grant


def programs_subject_access(client) -> SubjectAccessPart:
    enrolments = Enrolment.objects.filter(client=client).select_related("batch__program")
    grants = (
        Grant.objects.filter(client=client)
        .select_related("funding_source", "enrolment__batch")
        .prefetch_related("items__equipment_type")
    )
    businesses = Business.objects.filter(client=client).prefetch_related("grants")
    visits = (
        FollowUpVisit.objects.filter(business__client=client)
        .select_related("business", "visited_by")
        .prefetch_related("support", "equipment_checks__grant_item__equipment_type")
    )
    grants, visits = list(grants), list(visits)
    return SubjectAccessPart(
        sections={
            "enrolments": [record_as_dict(e) for e in enrolments],
            "grants": [
                {**record_as_dict(g), "items": [record_as_dict(i) for i in g.items.all()]}
                for g in grants
            ],
            "businesses": [record_as_dict(b) for b in businesses],
            "follow_up_visits": [
                {
                    **record_as_dict(v),
                    "equipment_checks": [record_as_dict(c) for c in v.equipment_checks.all()],
                }
                for v in visits
            ],
        },
        files=[g.document for g in grants if g.document] + [v.photo for v in visits if v.photo],
    )
