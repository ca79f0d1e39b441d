"""Random query strings through every page that reads its query: the client list and its
exports, the worklist and its CSV, the outcome report and its exports, the program list,
the enrolment search, the region options, the client page's timeline pages, the
hand-over form's preselected enrolment, the grievance list and report, the grievance
form's preselected grant, training or visit, the public catalogue's search and the market
support report.

Filters are links people share and edit by hand: whatever the query holds, the page
answers (never a 500), echoes it escaped, and writes nothing but the access log. The
public catalogue, whatever it is asked, shows nothing of a business whose owner did not
consent, nor what a listed owner left out of her consent.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory, UserFactory
from programs.marketing import services as marketing
from programs.tests.factories import BusinessFactory

from .checks import (
    assert_markup_escaped,
    body,
    changed_tables,
    database_state,
    rolled_back,
)
from .html_forms import HtmlForm, page_forms
from .strategies import ABSENT, Anything, Choice, Text, Typed


@dataclass(frozen=True)
class Query:
    """A page and its query: the GET form on the page (if any) and what else it reads."""

    url: object  # a function of the world
    form_page: bool = True  # the page has a GET form whose fields are the filters
    read_too: tuple = ()  # parameters the view reads beyond the form's fields
    exports: tuple = ()  # `format` values that answer a file (and write the access log)
    # Plants what the page must never show, as a function of the world: (the texts never
    # shown, the texts searched for in `q` now and then, and the tokens of a business
    # listed with nothing optional consented and of the world's listed business).
    never_shown: Callable | None = None


FAKE_JPEG = b"\xff\xd8\xff\xe0 not really a picture, only streamed back"


def _planted_business(owner: str, client, *, consent: dict | None, withdrawn: bool = False):
    """A business with a profile, a photo and an approved story, each text marked with
    `owner`; with a consent (what it names), one withdrawn, or none. Its markers."""
    business = BusinessFactory(client=client, name=f"zq{owner}name", products=f"zq{owner}prod")
    writer = UserFactory()
    profile = marketing.profile_save(
        business=business,
        saved_by=writer,
        description=f"zq{owner}descr",
        price_range=f"zq{owner}price",
        whatsapp=f"0812 0000 {len(owner):04}",
        how_to_order=f"zq{owner}howto",
        marketplace_links=f"https://shop.example/zq{owner}link",
    )
    photo = marketing.photo_add(
        business=business,
        photo=ContentFile(FAKE_JPEG, name="p.jpg"),
        caption=f"zq{owner}caption",
        uploaded_by=writer,
    )
    story = marketing.story_save(
        business=business,
        written_by=writer,
        title=f"zq{owner}story",
        text=f"zq{owner}storytext",
        photo=photo,
    )
    marketing.story_approve(story=story, approved_by=UserFactory())
    if consent is not None:
        marketing.consent_record(business=business, recorded_by=writer, **consent)
        if withdrawn:
            marketing.consent_withdraw(business=business, withdrawn_by=writer)
    texts = [
        f"zq{owner}{what}"
        for what in ("name", "prod", "descr", "price", "howto", "link", "caption", "story")
    ]
    digits = f"8120000{len(owner):04}"
    return profile, photo, story, [*texts, digits], texts


def _catalogue_secrets(world):
    """A business never consented, one whose consent is withdrawn (both in Kota Malang,
    beside the world's listed one), and one listed in Bojonegoro with nothing optional
    consented: only its regency/city and sector may show."""
    nothing = dict.fromkeys(
        ("show_name", "show_products", "show_photos", "show_district", "show_contact"), False
    ) | {"show_story": False}
    never, searched = [], []
    for owner, client, consent, withdrawn in (
        ("never", world.client, None, False),
        ("gone", world.client, nothing | {"show_name": True, "show_products": True}, True),
        ("bare", ClientFactory(regency_code=BOJONEGORO), nothing, False),
    ):
        profile, photo, story, texts, typed = _planted_business(
            owner, client, consent=consent, withdrawn=withdrawn
        )
        never += [*texts, photo.token, story.token]
        searched += typed
        if owner != "bare":  # the bare one is listed: its page is public
            never.append(profile.token)
    return never, searched, (profile.token, world.profile.token)


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
    # The public catalogue's search (anyone may open it; here the worker).
    "catalogue": Query(
        lambda w: reverse("programs:catalogue"), read_too=("page",), never_shown=_catalogue_secrets
    ),
    "report_market": Query(
        lambda w: reverse("programs:report_market"),
        read_too=("format",),
        exports=("csv", "xlsx"),
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
    secrets = query.never_shown(world) if query.never_shown else ([], [], [])
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
    _never, searched, _listed = secrets
    if searched:  # now and then a search for what must not be found
        fields["q"] = (_OrSearched(Text(), searched), None)
    return url, fields, query, secrets


@dataclass(frozen=True)
class _OrSearched:
    kind: Text
    searched: list

    def strategy(self, control=None):
        planted = st.sampled_from(self.searched).map(lambda v: Typed(v, accept=None))
        return st.one_of(self.kind.strategy(control), planted)


@dataclass
class _Options:
    options: list


@given(data=st.data())
def test_filter_queries_never_break_a_page(english, query_page, data):
    url, fields, query, (never, searched, listed) = query_page
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
        # The search box shows what was typed: only what was not typed counts.
        typed = " ".join(str(v) for v in params.values())
        leaked = [text for text in never if text in html and text not in typed]
        assert not leaked, f"{requested} shows {leaked}"
        searched_for = params.get("q")
        searched_for = searched_for[-1] if isinstance(searched_for, list) else searched_for
        if searched_for in searched and listed[0] in html:
            # Not found by what it did not consent to: shown only with the search left
            # out (a bad value in the query drops it), beside the world's business.
            assert listed[1] in html, f"{requested} found a business by what was not consented"
        written = changed_tables(before, database_state())
        # Exports are logged (who exported what); nothing else is ever written.
        assert set(written) <= {"beneficiaries.RecordAccess"}, written
        if written:
            exported = params.get("format")
            exported = exported[-1] if isinstance(exported, list) else exported
            assert query.exports == () or exported in query.exports, (written, params)
