"""The one task the worker runs: a job, handed to its kind (services.job_run)."""

from django_tasks import task


@task()
def run_job(job_id: str) -> None:
    from .services import job_run  # the task module stays importable before apps load

    job_run(job_id)
