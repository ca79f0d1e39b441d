"""Random query strings through every page that reads its query: the client list and its
exports, the worklist and its CSV, the outcome report and its exports, the program list,
the enrolment search, the region options, the client page's timeline pages, the
hand-over form's preselected enrolment, the grievance list and report and the grievance
form's preselected grant, training or visit.

Filters are links people share and edit by hand: whatever the query holds, the page
answers (never a 500), echoes it escaped, and writes nothing but the access log.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from .checks import (
    assert_markup_escaped,
    body,
    changed_tables,
    database_state,
    rolled_back,
)
from .html_forms import HtmlForm, page_forms
from .strategies import ABSENT, Anything, Choice, Text


@dataclass(frozen=True)
class Query:
    """A page and its query: the GET form on the page (if any) and what else it reads."""

    url: object  # a function of the world
    form_page: bool = True  # the page has a GET form whose fields are the filters
    read_too: tuple = ()  # parameters the view reads beyond the form's fields
    exports: tuple = ()  # `format` values that answer a file (and write the access log)


PAGES = {
    "client_list": Query(lambda w: reverse("beneficiaries:client_list"), read_too=("page", "size")),
    "client_export_csv": Query(
        lambda w: reverse("beneficiaries:client_export_csv"), form_page=False
    ),
    "client_export_xlsx": Query(
        lambda w: reverse("beneficiaries:client_export_xlsx"), form_page=False
    ),
    "worklist": Query(
        lambda w: reverse("programs:worklist"), read_too=("page", "format"), exports=("csv",)
    ),
    "report_outcomes": Query(
        lambda w: reverse("programs:report_outcomes"),
        read_too=("format",),
        exports=("csv", "xlsx"),
    ),
    "program_list": Query(lambda w: reverse("programs:program_list"), read_too=("page",)),
    "batch_enrol": Query(
        lambda w: reverse("programs:batch_enrol", args=[w.batch.pk]), read_too=("page",)
    ),
    "district_options": Query(
        lambda w: reverse("beneficiaries:district_options"),
        form_page=False,
        read_too=("parent",),
    ),
    "village_options": Query(
        lambda w: reverse("beneficiaries:village_options"),
        form_page=False,
        read_too=("parent",),
    ),
    "client_timeline": Query(
        lambda w: w.client.get_absolute_url(), form_page=False, read_too=("timeline",)
    ),
    # The roster's "hand over equipment" link preselects the enrolment.
    "grant_create": Query(
        lambda w: reverse("programs:grant_create", args=[w.client.pk]),
        form_page=False,
        read_too=("enrolment",),
    ),
    "grievance_list": Query(lambda w: reverse("programs:grievance_list"), read_too=("page",)),
    "grievance_report": Query(
        lambda w: reverse("programs:grievance_report"),
        read_too=("format",),
        exports=("csv", "xlsx"),
    ),
    # A client page's or grant page's "record a grievance" link preselects the record.
    "grievance_create_for_client": Query(
        lambda w: reverse("programs:grievance_create_for_client", args=[w.client.pk]),
        form_page=False,
        read_too=("grant", "enrolment", "visit"),
    ),
}
# The exports read the client list's filters (the list's export links carry them).
FILTERS_OF = {"client_export_csv": "client_list", "client_export_xlsx": "client_list"}


def _get_form(html: str, url: str) -> HtmlForm | None:
    forms = [form for form in page_forms(html, url) if form.method == "get"]
    return forms[0] if forms else None


@pytest.fixture(params=sorted(PAGES))
def query_page(request, english, worker_malang, world):
    english.force_login(worker_malang)
    query = PAGES[request.param]
    url = query.url(world)
    form_source = PAGES[FILTERS_OF.get(request.param, request.param)]
    fields = {}
    if form_source.form_page:
        page = form_source.url(world)
        form = _get_form(body(english.get(page)), page)
        assert form is not None, f"no filter form on {page}"
        for name, control in form.controls.items():
            # Selects: their options or junk; text boxes: any text.
            fields[name] = (Choice(decides=False), control) if control.options else (Text(), None)
    for name in query.read_too:
        fields.setdefault(name, (Anything(), None))
    if "format" in fields:
        fields["format"] = (Choice(decides=False), _Options(["", *query.exports, "pdf"]))
    return url, fields, query


@dataclass
class _Options:
    options: list


@given(data=st.data())
def test_filter_queries_never_break_a_page(english, query_page, data):
    url, fields, query = query_page
    chosen = data.draw(
        st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=4, unique=True),
        label="parameters",
    )
    params = {}
    for name in chosen:
        kind, control = fields[name]
        typed = data.draw(kind.strategy(control), label=name)
        if typed.value is not ABSENT:
            params[name] = typed.value
    requested = f"{url}?{urlencode(params, doseq=True)}"
    with rolled_back():
        before = database_state()
        response = english.get(requested)
        html = body(response)
        assert response.status_code == 200, html[:2000]
        if response["Content-Type"].startswith("text/html"):  # a CSV holds text as typed
            assert_markup_escaped(html, requested)
        written = changed_tables(before, database_state())
        # Exports are logged (who exported what); nothing else is ever written.
        assert set(written) <= {"beneficiaries.RecordAccess"}, written
        if written:
            exported = params.get("format")
            exported = exported[-1] if isinstance(exported, list) else exported
            assert query.exports == () or exported in query.exports, (written, params)
