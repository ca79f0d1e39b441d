"""core's one model, the background job (jobs/models.py); everything else here is
abstract (records.py)."""

from .jobs.models import Job

__all__ = ["Job"]
