from .jobs import admin as jobs_admin  # noqa: F401  (registers the Job admin)
