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

        # The client page shows this app's trainings and grants through the registry's one
        # extension point (beneficiaries/client_page.py), keeping the imports one way.
        from beneficiaries.client_page import register_client_section
        from beneficiaries.history import register_history_source
        from beneficiaries.subject_access import register_subject_access_source
        from beneficiaries.timeline import register_timeline_source

        from .client_page import programs_section
        from .history import programs_history
        from .subject_access import programs_subject_access
        from .timeline import programs_events

        register_client_section("programs", programs_section)
        register_timeline_source("programs", programs_events)
        register_history_source("programs", programs_history)
        register_subject_access_source("programs", programs_subject_access)
