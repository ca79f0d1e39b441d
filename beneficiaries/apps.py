from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "beneficiaries"
    verbose_name = _("Beneficiary registry")

    def ready(self):
        from core.jobs.kinds import job_kinds

        from .importing.jobs import KINDS as IMPORT_JOBS
        from .jobs import KINDS as REGISTRY_JOBS
        from .roles import registry_roles_sync

        for name, kind in {**IMPORT_JOBS, **REGISTRY_JOBS}.items():
            job_kinds.register(name, kind)

        # After Django's own receiver has created this app's permissions (it connected
        # first: django.contrib.auth comes earlier in INSTALLED_APPS).
        post_migrate.connect(registry_roles_sync, sender=self, dispatch_uid="registry_roles")
