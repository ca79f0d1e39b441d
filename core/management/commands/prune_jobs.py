"""`manage.py prune_jobs`: delete the job result files past JOB_RESULT_HOURS and mark
failed the running jobs whose worker died. Run it hourly (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from core.jobs.services import jobs_fail_dead, jobs_prune


class Command(BaseCommand):
    help = "Delete expired job result files and mark jobs of dead workers failed."

    def handle(self, *args, **options):
        dead = jobs_fail_dead()
        deleted = jobs_prune()
        self.stdout.write(f"{deleted} result files deleted, {dead} dead jobs marked failed")
