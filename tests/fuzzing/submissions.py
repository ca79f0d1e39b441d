"""Building fuzzed submissions: the page's own form, valid, with a few fields replaced."""

from __future__ import annotations

from hypothesis import strategies as st

from .checks import body, rolled_back
from .html_forms import HtmlForm, form_posting_to
from .strategies import Anything, Typed

# Inputs that belong to the page, not to the form under test.
NOT_FUZZED = {"csrfmiddlewaretoken"}


def read_form(client, page_url: str, action: str | None = None) -> HtmlForm:
    """GET the page as the logged-in persona and read the form that posts to `action`."""
    response = client.get(page_url)
    assert response.status_code == 200, f"{page_url}: {response.status_code}"
    return form_posting_to(body(response), page_url, action or page_url)


def valid_baseline(form: HtmlForm, **values) -> dict[str, list]:
    """The page's submission with `values` filled in (for a create form's empty fields)."""
    data = form.submission()
    for name, value in values.items():
        assert name in form.controls, f"the form has no field {name!r}"
        data[name] = value if isinstance(value, list) else [str(value)]
    return data


def assert_baseline_saves(client, url: str, data: dict) -> None:
    """The unchanged baseline is saved: otherwise no verdict on a single field means much."""
    with rolled_back():
        response = client.post(url, data)
        assert response.status_code == 302, body(response)[:3000]


def draw_changes(
    data, form: HtmlForm, kinds: dict, *, read_too: dict | None = None, max_fields: int = 3
) -> dict[str, Typed]:
    """Replace one to `max_fields` fields of the form with drawn values.

    `kinds` maps field names to a strategies kind; a field of the page without one (a
    hidden `version` added later, a new input) is fuzzed with `Anything`, so every field
    of every form gets bad input. A kind for a field the page does not have fails the
    test: the form changed and the fuzz test must follow. `read_too` are parameters the view
    reads although no input of the page carries them (a `next` URL).
    """
    stale = sorted(set(kinds) - set(form.controls))
    assert not stale, f"fields fuzzed but no longer on the page: {stale}"
    kinds = {**kinds, **(read_too or {})}
    names = sorted((set(form.controls) | set(kinds)) - NOT_FUZZED)
    chosen = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=max_fields, unique=True),
        label="fields",
    )
    return {
        name: data.draw(kinds.get(name, Anything()).strategy(form.controls.get(name)), label=name)
        for name in chosen
    }
