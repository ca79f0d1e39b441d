"""ProgramsConfig.ready() adds this app's parts to each of the registry's four extension
points, the archive listeners and the job kinds (core/extensions.py), once, however often
ready() runs: the programs' own, and the grievances' section, timeline events and
subject-access part, and the market support's timeline events."""

from django.apps import apps

from beneficiaries.client_page import client_sections
from beneficiaries.history import history_sources
from beneficiaries.importing.jobs import KINDS as IMPORT_JOBS
from beneficiaries.jobs import KINDS as REGISTRY_JOBS
from beneficiaries.subject_access import subject_access_sources
from beneficiaries.timeline import timeline_sources
from core.jobs.kinds import job_kinds
from core.record_writes import archive_listeners
from programs.client_page import programs_section
from programs.grievances.client_page import (
    grievance_events,
    grievances_section,
    grievances_subject_access,
)
from programs.history import programs_history
from programs.marketing.client_page import market_events, marketing_subject_access
from programs.marketing.services import catalogue_on_archive
from programs.reports.jobs import KINDS as REPORT_JOBS
from programs.subject_access import programs_subject_access
from programs.timeline import programs_events

EXPECTED = [
    (client_sections, [programs_section, grievances_section]),
    (timeline_sources, [programs_events, grievance_events, market_events]),
    (history_sources, [programs_history]),
    (
        subject_access_sources,
        [programs_subject_access, grievances_subject_access, marketing_subject_access],
    ),
    (archive_listeners, [catalogue_on_archive]),
    # The background jobs (core/jobs/): the registry's (its ready() runs first), then the
    # report's workbook.
    (job_kinds, [*IMPORT_JOBS.values(), *REGISTRY_JOBS.values(), *REPORT_JOBS.values()]),
]


def test_programs_registers_once_into_each_point():
    for point, contribution in EXPECTED:
        assert point.contributions() == contribution, point


def test_a_second_ready_changes_nothing():
    apps.get_app_config("programs").ready()

    for point, contribution in EXPECTED:
        assert point.contributions() == contribution, point
