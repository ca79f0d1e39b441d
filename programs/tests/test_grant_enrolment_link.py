"""A grant tied to the training it follows (issue #16, item 1).

Recorded from the client page, a grant used to follow no training unless one was chosen:
it counted for the client's regency but in no program or cohort of the report (a cohort
showed 9 completed and 8 grants). The form now proposes the one completed training no
grant follows yet, the report says how many grants follow none, and the admin ties old
grants to the client's only completed training.
"""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from programs.models import Enrolment, Grant
from programs.reports.figures import ReportFilters, outcome_report
from programs.tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    GrantFactory,
    GrantItemFactory,
    sewing_machine,
)
from programs.tests.test_grant_create import grant_data, sewing

COMPLETED = Enrolment.Status.COMPLETED


def graduate_of(batch, client=None, **extra):
    fields = {"batch": batch, "status": COMPLETED, "completed_on": datetime.date(2026, 5, 29)}
    if client is not None:
        fields["client"] = client
    return EnrolmentFactory(**fields, **extra)


def link_on_client_page(browser, client_obj) -> str:
    """The "Hand over equipment" link of the client page, as the page renders it."""
    page = browser.get(client_obj.get_absolute_url()).content.decode()
    base = reverse("programs:grant_create", args=[client_obj.pk])
    (href,) = set(re.findall(rf'href="({re.escape(base)}[^"]*)"', page))
    return unescape(href)


def rendered_enrolment(page: str) -> str:
    """The value the form's "After training" list has selected ("" if none), read from
    the HTML as a browser would submit it."""
    (select,) = re.findall(r'<select name="enrolment".*?</select>', page, flags=re.S)
    chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)
    return chosen[0] if chosen else ""


def no_training_label():
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext("No training")


def report_rows(user, key):
    with translation.override(settings.LANGUAGE_CODE):
        report = outcome_report(
            user, ReportFilters(), today=timezone.localdate(), interval_months=6
        )
    (breakdown,) = [b for b in report.breakdowns if b.key == key]
    return {row.label: row for row in breakdown.rows}


# -- the form ----------------------------------------------------------------------------


def test_the_one_completed_training_without_a_grant_is_preselected(client, worker_malang, db):
    enrolment = graduate_of(BatchFactory())
    client.force_login(worker_malang)

    response = client.get(link_on_client_page(client, enrolment.client))

    assert rendered_enrolment(response.content.decode()) == str(enrolment.pk)
    with translation.override(settings.LANGUAGE_CODE):  # says why it matters
        why = translation.gettext(
            "Ties the equipment to the training in the report's program and cohort figures."
        )
    assert why in unescape(response.content.decode())


def test_with_two_completed_trainings_nothing_is_preselected_and_the_form_asks(
    client, worker_malang, db
):
    first = graduate_of(BatchFactory())
    graduate_of(BatchFactory(), client=first.client)
    client.force_login(worker_malang)

    response = client.get(link_on_client_page(client, first.client))

    page = response.content.decode()
    assert rendered_enrolment(page) == ""
    help_text = str(response.context["form"]["enrolment"].help_text)
    assert first.client.name in help_text
    assert help_text in unescape(page)


def test_a_training_already_granted_or_archived_or_not_completed_is_not_proposed(
    client, worker_malang, db
):
    granted = graduate_of(BatchFactory())
    GrantFactory(client=granted.client, enrolment=granted)
    graduate_of(BatchFactory(), client=granted.client, archived_at=timezone.now())
    EnrolmentFactory(batch=BatchFactory(), client=granted.client, status="attending")
    client.force_login(worker_malang)

    response = client.get(link_on_client_page(client, granted.client))

    assert rendered_enrolment(response.content.decode()) == ""


def test_the_rosters_link_still_preselects_its_enrolment(client, worker_malang, db):
    first = graduate_of(BatchFactory())
    second = graduate_of(BatchFactory(), client=first.client)
    client.force_login(worker_malang)
    url = reverse("programs:grant_create", args=[first.client.pk])

    response = client.get(url, {"enrolment": second.pk})

    assert rendered_enrolment(response.content.decode()) == str(second.pk)


# -- from the client page to the report ----------------------------------------------------


def test_a_grant_from_the_client_page_counts_in_its_cohort(client, worker_malang, manager, db):
    """Three graduates of a cohort, two handed equipment from the roster, the third from
    her client page: the cohort shows three grants for its three completed grantees."""
    batch = BatchFactory()
    from_roster = [graduate_of(batch) for _ in range(2)]
    for enrolment in from_roster:
        grant = GrantFactory(client=enrolment.client, enrolment=enrolment)
        GrantItemFactory(grant=grant, equipment_type=sewing_machine())
    her = graduate_of(batch)
    client.force_login(worker_malang)

    url = link_on_client_page(client, her.client)
    chosen = rendered_enrolment(client.get(url).content.decode())
    response = client.post(url, grant_data(sewing(), enrolment=chosen))

    assert response.status_code == 302
    assert Grant.objects.get(client=her.client).enrolment == her
    completed_and_granted = {
        e.client_id
        for e in Enrolment.objects.filter(batch=batch, status=COMPLETED)
        if Grant.objects.filter(enrolment=e).exists()
    }
    row = report_rows(manager, "batch")[str(batch)]
    assert (row.completed, row.grants) == (3, 3) == (3, len(completed_and_granted))
    assert no_training_label() not in report_rows(manager, "batch")


def test_the_report_says_how_many_grants_follow_no_training(client, manager, db):
    enrolment = graduate_of(BatchFactory())
    GrantFactory(client=enrolment.client, enrolment=enrolment)
    for _ in range(2):
        GrantFactory(client=graduate_of(BatchFactory()).client)  # recorded without it

    for key in ["program", "batch"]:
        rows = report_rows(manager, key)
        untied = rows[no_training_label()]
        assert (untied.grants, untied.enrolled, untied.completed) == (2, 0, 0), key
        assert untied.without_training
        assert sum(row.grants for row in rows.values()) == 3, key
    client.force_login(manager)
    page = client.get(reverse("programs:report_outcomes")).content.decode()
    assert no_training_label() in page


# -- the admin's repair ------------------------------------------------------------------


def test_the_admin_ties_old_grants_to_the_only_completed_training(client, admin_user, db):
    one = graduate_of(BatchFactory())
    to_tie = GrantFactory(client=one.client)
    two = graduate_of(BatchFactory())
    graduate_of(BatchFactory(), client=two.client)
    several = GrantFactory(client=two.client)
    none = GrantFactory()  # a client without any training
    tied_before = GrantFactory(client=graduate_of(BatchFactory()).client)
    tied_before.enrolment = tied_before.client.enrolments.get()
    tied_before.save()
    changelist = reverse("admin:programs_grant_changelist")
    client.force_login(admin_user)

    untied = client.get(changelist, {"tied": "no"})
    assert untied.context["cl"].result_count == 3

    version = to_tie.version
    response = client.post(
        changelist,
        {
            "action": "tie_grants_to_training",
            "_selected_action": [g.pk for g in (to_tie, several, none, tied_before)],
        },
        follow=True,
    )

    to_tie.refresh_from_db()
    assert to_tie.enrolment == one
    assert to_tie.version == version + 1
    latest = to_tie.history.latest()
    assert (latest.enrolment_id, latest.history_user) == (one.pk, admin_user)
    for grant in (several, none):
        grant.refresh_from_db()
        assert grant.enrolment is None
    with translation.override(settings.LANGUAGE_CODE):
        expected = translation.gettext(
            "%(tied)d grants tied, %(left)d left (none or several completed trainings)."
        ) % {"tied": 1, "left": 2}
    assert expected in [str(m) for m in get_messages(response.wsgi_request)] or (
        expected in response.content.decode()
    )
    assert client.get(changelist, {"tied": "no"}).context["cl"].result_count == 2


def test_a_second_grant_of_the_client_does_not_take_the_same_training(admin_user, db):
    from django.core.exceptions import ValidationError

    from programs import services

    enrolment = graduate_of(BatchFactory())
    first = GrantFactory(client=enrolment.client)
    second = GrantFactory(client=enrolment.client)

    assert services.grant_enrolment_link(grant=first, changed_by=admin_user) == enrolment
    with pytest.raises(ValidationError):
        services.grant_enrolment_link(grant=second, changed_by=admin_user)
    second.refresh_from_db()
    assert second.enrolment is None
