"""`manage.py jobs_health`: the worker's health check. Fails (exit status 1) when a job
has waited longer than --max-wait seconds for a worker: no worker is taking jobs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.jobs.models import Job


class Command(BaseCommand):
    help = "Exit 1 when a background job has waited too long for a worker."

    def add_arguments(self, parser):
        parser.add_argument("--max-wait", type=int, default=300, help="seconds (default 300)")

    def handle(self, *args, max_wait, **options):
        oldest = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at").first()
        if oldest is not None:
            waited = (timezone.now() - oldest.created_at).total_seconds()
            if waited > max_wait:
                raise CommandError(
                    f"a job has waited {waited:.0f} s for a worker (limit {max_wait} s)"
                )
        self.stdout.write("ok")
