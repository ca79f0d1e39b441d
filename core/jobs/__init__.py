"""Long work in the background: a job a user starts, watches and collects.

A `Job` (models.py) is what the user sees: its kind, who started it, how far it is, what
failed, the file it made. The work itself runs in a worker process (`manage.py db_worker`,
django-tasks with its database backend) through one task, `tasks.run_job`, which hands the
job to the function its kind registered (`kinds.job_kinds`, filled by the apps' `ready()`).
Progress goes through a cache every web and worker process shares (progress.py), because
a job that writes in one transaction (an import) cannot show its progress through that
transaction's database connection. A job whose worker died is found by its silent
heartbeat and marked failed (services.job_fail_if_stale), never left running.
"""
