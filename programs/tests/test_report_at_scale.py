"""The outcome report when a province has run thousands of cohorts: the breakdown by
cohort shows the most recent ones and says how many more there are, and the cohort
filter offers the most recent ones (of the chosen program), still accepting any."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from programs.reports import breakdowns
from programs.reports import forms as report_forms
from programs.reports.forms import ReportFilterForm
from programs.tests.factories import BatchFactory, EnrolmentFactory, TrainingProgramFactory

URL = reverse("programs:report_outcomes")
d = datetime.date


@pytest.fixture
def cohorts(db):
    """Three sewing cohorts (2024, 2025, 2026) and one cooking cohort (2023), one
    enrolment each."""
    sewing = [
        BatchFactory(name=f"Angkatan {year}", start_date=d(year, 3, 1), end_date=d(year, 5, 1))
        for year in (2024, 2025, 2026)
    ]
    cooking = BatchFactory(
        program=TrainingProgramFactory(name="Pelatihan Tata Boga"),
        name="Angkatan 2023",
        start_date=d(2023, 3, 1),
        end_date=d(2023, 5, 1),
    )
    for batch in [*sewing, cooking]:
        EnrolmentFactory(batch=batch)
    return sewing, cooking


def test_the_cohort_breakdown_shows_the_most_recent_and_says_how_many_more(
    client, manager, cohorts, monkeypatch
):
    monkeypatch.setattr(breakdowns, "COHORT_ROWS", 2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(manager)

    response = client.get(URL)

    breakdown = next(b for b in response.context["report"].breakdowns if b.key == "batch")
    assert [row.label for row in breakdown.rows] == [
        "Pelatihan Menjahit dan Konveksi: Angkatan 2025",
        "Pelatihan Menjahit dan Konveksi: Angkatan 2026",
    ]
    assert breakdown.hidden == 2
    assert "The 2 most recent of 4 cohorts." in response.content.decode()
    csv = client.get(URL, {"format": "csv"}).content.decode()
    assert "The 2 most recent of 4 cohorts." in csv


def test_all_cohorts_are_shown_below_the_limit(client, manager, cohorts):
    client.force_login(manager)

    breakdown = client.get(URL).context["report"].breakdowns[2]

    assert (len(breakdown.rows), breakdown.hidden) == (4, 0)


def test_the_cohort_filter_offers_the_most_recent_of_the_chosen_program(cohorts, monkeypatch):
    sewing, cooking = cohorts
    monkeypatch.setattr(report_forms, "COHORT_CHOICES", 1)

    def offered(data):
        return [value for value, _ in ReportFilterForm(data).fields["batch"].choices if value]

    assert [str(v) for v in offered({})] == [str(sewing[2].pk)]
    assert [str(v) for v in offered({"program": cooking.program_id})] == [str(cooking.pk)]
    # An older cohort chosen (a shared link) is offered too, and accepted.
    assert str(sewing[0].pk) in [str(v) for v in offered({"batch": sewing[0].pk})]
    form = ReportFilterForm({"batch": sewing[0].pk})
    assert form.is_valid() and form.cleaned_data["batch"] == sewing[0]
