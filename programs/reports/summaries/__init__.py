"""The outcome report's summaries: its figures aggregated ahead of the request, kept in
the same transaction as every write (programs/models/report_summaries.py).

- facts.py: what the report needs to know about a client, read from the records;
- contributions.py: what a client's facts add to the summary rows;
- store.py: a change applied as a difference; rebuild and check (`manage.py
  rebuild_report_summaries [--check]`);
- read.py: the report's figures from the summary rows.
"""


def client_of_archived(record):
    """The client whose figures an archived or restored record changes (None: none)."""
    from beneficiaries.models import Client

    if isinstance(record, Client):
        return record.pk
    if hasattr(record, "client_id"):
        return record.client_id
    business = getattr(record, "business", None)
    return business.client_id if business is not None else None


def summaries_after_archive(record) -> None:
    from .store import report_summaries_refresh

    report_summaries_refresh(client_ids=[client_of_archived(record)])
