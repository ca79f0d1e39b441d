"""The change history of this app's records about a client, for the registry's history
(registered in ProgramsConfig.ready(); see beneficiaries/history.py)."""

from .models import Business, Enrolment, EquipmentCheck, FollowUpVisit, Grant, GrantItem


def programs_history(client):
    # Historical rows carry the ids of their parents, so the history of a visit to a
    # business that was later deleted is still found.
    grant_ids = Grant.history.filter(client_id=client.pk).values("id")
    business_ids = Business.history.filter(client_id=client.pk).values("id")
    visit_ids = FollowUpVisit.history.filter(business_id__in=business_ids).values("id")
    yield Enrolment.history.filter(client_id=client.pk)
    yield Grant.history.filter(client_id=client.pk)
    yield GrantItem.history.filter(grant_id__in=grant_ids)
    yield Business.history.filter(client_id=client.pk)
    yield FollowUpVisit.history.filter(business_id__in=business_ids)
    yield EquipmentCheck.history.filter(visit_id__in=visit_ids)
