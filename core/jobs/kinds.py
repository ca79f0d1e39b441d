"""The kinds of job, registered by the apps that know how to do them.

core knows no client: the import, the exports, the report's workbook and the subject-access
file are registered in `beneficiaries/apps.py` and `programs/apps.py` as

    job_kinds.register("client_export", JobKind(run=..., on_download=...))

`run(job, progress)` does the work as `job.user` (scoped like the pages she opens) and
returns a `JobOutcome`: a file to keep for her, a page to send her to, or both. It raises
`JobFailed` with a message for her when the work cannot be done; anything it wrote must
then be undone by its own transaction (the import's all-or-nothing).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext_lazy as _

from core.extensions import ExtensionPoint


class JobFailed(Exception):
    """The job cannot be done, for a reason its owner can act on (shown on its page)."""

    def __init__(self, message: str, *, url: str = ""):
        super().__init__(message)
        self.message = message
        self.url = url


@dataclass
class JobOutcome:
    # A binary file object at its start, and the name it downloads as.
    file: IO[bytes] | None = None
    file_name: str = ""
    # A page that shows what came of it (an import's preview), as a path.
    url: str = ""


@dataclass(frozen=True)
class JobKind:
    run: Callable
    # Called when the owner downloads the result (to log it where the data's app logs).
    on_download: Callable | None = None
    # What the progress bar counts ("120 of 5,000 rows").
    unit: str = _("rows")


job_kinds = ExtensionPoint("job kinds")
