from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = _("Programs and outcomes")

    def ready(self):
        from .roles import programs_roles_sync

        # What the roles may do with this app's records, written after every migrate
        # (programs/roles.py; after Django has created the app's permissions).
        post_migrate.connect(programs_roles_sync, sender=self, dispatch_uid="programs_roles")

        # What this app holds about a client reaches the registry's client page, timeline,
        # change history and subject-access file through their extension points
        # (core/extensions.py), so the imports stay one way.
        from beneficiaries.client_page import client_sections
        from beneficiaries.history import history_sources
        from beneficiaries.subject_access import subject_access_sources
        from beneficiaries.timeline import timeline_sources

        from .client_page import programs_section
        from .grievances.client_page import (
            grievance_events,
            grievances_section,
            grievances_subject_access,
        )
        from .history import programs_history
        from .marketing.client_page import market_events, marketing_subject_access
        from .subject_access import programs_subject_access
        from .timeline import programs_events

        client_sections.register("programs", programs_section)
        client_sections.register("grievances", grievances_section)
        timeline_sources.register("programs", programs_events)
        timeline_sources.register("grievances", grievance_events)
        timeline_sources.register("marketing", market_events)
        history_sources.register("programs", programs_history)
        subject_access_sources.register("programs", programs_subject_access)
        subject_access_sources.register("grievances", grievances_subject_access)
        subject_access_sources.register("marketing", marketing_subject_access)

        # The report's workbook is made by a background job (core/jobs/).
        from core.jobs.kinds import job_kinds

        from .reports.jobs import KINDS as REPORT_JOBS

        for name, kind in REPORT_JOBS.items():
            job_kinds.register(name, kind)

        # An archived client's business leaves the public catalogue at once.
        from core.record_writes import archive_listeners

        from .marketing.services import catalogue_on_archive

        archive_listeners.register("catalogue", catalogue_on_archive)
