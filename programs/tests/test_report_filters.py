"""Every headline figure of the outcome report honours every filter (issue #16).

The walk below takes each field of ReportFilters in turn, with a value that selects part
of the world of test_report_figures.py (FIXTURE), and compares each headline figure with
the one computed in plain Python from that world's data by `expected_report()`. A filter
added to ReportFilters without a step in the walk fails `test_the_walk_takes_every_filter`.
"""

import dataclasses

import pytest

from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG
from programs.reports.figures import ReportFilters
from programs.tests.test_report_figures import (
    FIXTURE,
    actual_report,
    expected_report,
    normalised,
    report_filters,
    world,  # noqa: F401 - the fixture
)

# ReportFilters field -> a filter spec (test_report_figures.report_filters) setting it.
WALK = {
    # The basis says which date the years are; alone it selects nothing, so it walks with
    # a year (compare the grant-basis step below: Gita's etalase, handed over in 2025
    # after no training, is in that one and not in this).
    "basis": {"basis": "training", "year_from": 2025},
    "year_from": {"year_from": 2025},
    "year_to": {"year_to": 2024},
    "regency": {"regency": BOJONEGORO},
    "service_unit": {"unit": "karya"},
    "program": {"program": "boga"},
    "batch": {"batch": "jahit-2025"},
    "ppks_type": {"ppks": "24"},
    "disability_kind": {"kind": "sensorik"},
    "sex": {"sex": "L"},
    "age_band": {"age_band": "36-59"},
}


def test_the_walk_takes_every_filter():
    assert set(WALK) == {field.name for field in dataclasses.fields(ReportFilters)}


def figures_that_differ(actual: dict, expected: dict) -> dict:
    """{figure: (report's, expected)} for each headline figure the report gets wrong."""
    actual, expected = normalised(actual), normalised(expected)
    assert set(actual) == set(expected)
    return {
        name: (actual[name], expected[name]) for name in expected if actual[name] != expected[name]
    }


@pytest.mark.parametrize("name", WALK)
def test_each_headline_figure_honours_the_filter(world, manager, name):  # noqa: F811
    spec = WALK[name]
    expected = expected_report(spec)["headline"]
    everything = expected_report({})["headline"]
    # The step selects part of the world: some clients, not all of them.
    assert 0 < expected["clients"] < everything["clients"] == len(FIXTURE)
    assert expected["enrolled"] + expected["grants"] > 0
    assert expected != everything

    actual = actual_report(manager, report_filters(world, spec))["headline"]

    assert figures_that_differ(actual, expected) == {}


@pytest.mark.parametrize(
    "unit, clients",
    [
        # Hadi lives there; Budi, Citra, Fajar and Intan were trained there.
        ("karya", 5),
        # Intan lives there; Ani and Citra were trained there.
        ("daksa", 3),
    ],
)
def test_a_social_worker_s_registered_clients_follow_the_service_unit(
    world,  # noqa: F811
    worker_malang,
    unit,
    clients,
):
    """The issue's report: a worker's 'registered clients' stayed her whole area's."""
    spec = {"unit": unit}
    expected = expected_report(spec, scope={KOTA_MALANG})["headline"]
    assert expected["clients"] == clients

    actual = actual_report(worker_malang, report_filters(world, spec))["headline"]

    assert figures_that_differ(actual, expected) == {}
