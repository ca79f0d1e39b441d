"""Rows of a chunk matched against the registry: two queries per chunk, none per row.

A row is the same person as a registered client when the NIK is the same; a row without
NIK when the normalised name, birth date and village are. That is what makes a second
import of the same file add nothing. A match outside the user's scope is an error, as in
the form: the worker is told the record exists, not whose it is.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from ..models import Client
from .validation import Outcome, Problem, Scope

MATCH_FIELDS = (
    "id",
    "registration_number",
    "nik",
    "name",
    "name_normalized",
    "birth_date",
    "village_id",
    "regency_id",
    "service_unit_id",
)


def _in(field, values):
    """`field IN values`. On PostgreSQL as one array parameter: a thousand placeholders
    cost more to build and parse than the lookup itself."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::text[])", (values,))})
    return Q(**{f"{field}__in": values})


def match_chunk(results, *, scope: Scope, columns) -> None:
    """Mark the chunk's ready rows that are already registered (EXISTING), or that match
    a record the user may not see (ERROR); warn of possible duplicates."""
    candidates = [r for r in results if r.outcome == Outcome.READY]
    if not candidates:
        return
    niks = [r.values["nik"] for r in candidates if r.values["nik"]]
    by_nik = {}
    if niks:
        by_nik = {c.nik: c for c in Client.objects.filter(_in("nik", niks)).only(*MATCH_FIELDS)}
    by_person = defaultdict(list)
    names = list({r.values["name_normalized"] for r in candidates})
    for c in Client.objects.filter(_in("name_normalized", names)).only(*MATCH_FIELDS):
        by_person[(c.name_normalized, c.birth_date)].append(c)

    for result in candidates:
        row = result.values
        same_person = by_person.get((row["name_normalized"], row["birth_date"]), [])
        if row["nik"]:
            existing = by_nik.get(row["nik"])
        else:
            existing = next((c for c in same_person if c.village_id == row["village_id"]), None)
        if existing is None:
            if row["birth_date"] and any(c.nik != row["nik"] for c in same_person):
                result.warnings.append(
                    Problem(
                        result.number,
                        columns.label("name"),
                        _(
                            "A client with the same name and date of birth is already "
                            "registered. Check that this is not the same person."
                        ),
                    )
                )
            continue
        if not scope.covers(
            regency_id=existing.regency_id, service_unit_id=existing.service_unit_id
        ):
            result.outcome = Outcome.ERROR
            result.errors.append(
                Problem(
                    result.number,
                    columns.label("nik" if row["nik"] else "name"),
                    _(
                        "This NIK is already registered (%(number)s) in an area outside "
                        "yours. Contact the provincial office to have the record transferred."
                    )
                    % {"number": existing.registration_number}
                    if row["nik"]
                    else _(
                        "This person is already registered (%(number)s) in an area outside "
                        "yours. Contact the provincial office to have the record transferred."
                    )
                    % {"number": existing.registration_number},
                )
            )
            result.values = None
            continue
        result.outcome = Outcome.EXISTING
        result.existing = existing
