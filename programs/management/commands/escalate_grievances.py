"""`manage.py escalate_grievances`: run once a day (cron or a systemd timer, docs/deploy.md)
to escalate every open grievance past its deadline to the managers (services.grievances_escalate).
Safe to run more often: a grievance is escalated once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from programs.grievances.services import grievances_escalate


class Command(BaseCommand):
    help = "Escalate the open grievances past their deadline to the managers."

    def handle(self, *args, **options):
        count = grievances_escalate(today=timezone.localdate())
        self.stdout.write(f"{count} grievance(s) escalated.")
