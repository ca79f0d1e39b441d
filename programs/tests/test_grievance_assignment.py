"""Who a grievance can be given to: staff whose area covers it, and for a sensitive one
only the sensitive group's members; anyone else is refused next to the field."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from beneficiaries.tests.factories import ClientFactory
from programs.grievances.forms import assignable_users
from programs.models.grievances import SENSITIVE_GRIEVANCE_GROUP
from programs.tests.factories import grievance_for

pytestmark = pytest.mark.django_db


def test_only_staff_whose_area_covers_it(worker_malang, worker_bojonegoro, manager):
    grievance = grievance_for(ClientFactory())  # Kota Malang

    assert set(assignable_users(grievance)) == {worker_malang, manager}


def test_a_sensitive_grievance_only_to_the_group(worker_malang, worker_bojonegoro, manager):
    grievance = grievance_for(ClientFactory(), sensitive=True)
    assert list(assignable_users(grievance)) == []

    group = Group.objects.get(name=SENSITIVE_GRIEVANCE_GROUP)
    worker_malang.groups.add(group)
    worker_bojonegoro.groups.add(group)  # in the group, but not in the area

    assert list(assignable_users(grievance)) == [worker_malang]


def test_someone_outside_is_refused_and_nothing_changes(client, worker_malang, worker_bojonegoro):
    grievance = grievance_for(ClientFactory())
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:grievance_assign", args=[grievance.pk]),
        {"assigned_to": worker_bojonegoro.pk},
    )

    assert response.status_code == 200
    assert response.context["assign_form"].errors["assigned_to"]
    grievance.refresh_from_db()
    assert grievance.assigned_to is None
    assert not grievance.notes.exists()
