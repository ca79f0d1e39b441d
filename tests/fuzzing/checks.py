"""Submitting one fuzzed form and judging the answer: the properties every form must have.

- never a 500 (the Django test client re-raises a view's exception, so that fails too);
- saved: a redirect, and the record holds what was typed after the form's cleaning;
- refused: the form again (200/400) with a message, and not one row written anywhere;
- a value that must be saved is saved, a value that must be refused is refused
  (`strategies.Typed.accept`), and a null byte is refused with Django's own message;
- typed markup is escaped on every page that shows it, the refused form included.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from .strategies import ABSENT, MARKUP, NOT_CHECKED, Typed

NULL_MESSAGE = "Null characters are not allowed."
ERROR_MARKERS = ('class="form-errors"', 'class="error"', 'class="messages')

# Reference data the forms read but never write (thousands of rows once regions are loaded).
_NOT_SNAPSHOT = {"Province", "Regency", "District", "Village", "Permission", "ContentType"}


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each Hypothesis example starts from the same fixture world: what it writes is undone."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _snapshot_models():
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.app_label
        if label in ("beneficiaries", "programs", "auth") and model.__name__ not in _NOT_SNAPSHOT:
            yield model


def database_state() -> dict[str, list[tuple]]:
    """Every row of every model a form could write (history and access log included).

    Plain SQL, one statement per table: the ORM's per-query overhead made this the slowest
    part of an example.
    """
    state = {}
    with connection.cursor() as cursor:
        for model in _snapshot_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our table names
            state[model._meta.label] = cursor.fetchall()
    return state


def changed_tables(before, after) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def submission(baseline: dict[str, list], drawn: dict[str, Typed]) -> dict:
    data = {name: list(values) for name, values in baseline.items()}
    for name, typed in drawn.items():
        if typed.value is ABSENT:
            data.pop(name, None)
        else:
            data[name] = typed.value
    return data


def verdict(drawn: dict[str, Typed]) -> bool | None:
    """Must the submission be saved (True), refused (False), or may it go either way?"""
    accepts = [typed.accept for typed in drawn.values()]
    if False in accepts:
        return False
    if all(accept is True for accept in accepts):
        return True
    return None


def assert_markup_escaped(html: str, where: str) -> None:
    for markup in MARKUP:
        assert markup not in html, f"raw markup {markup!r} on {where}"


@dataclass
class Answer:
    response: object
    html: str
    saved: bool
    written: list[str]  # tables that changed


def post_form(client, url, data, *, refused_statuses=(200, 400)) -> Answer:
    """POST and classify the answer. A redirect is a save; anything else must be one of
    `refused_statuses` and must have written nothing."""
    before = database_state()
    response = client.post(url, data)
    after = database_state()
    html = body(response)
    status = response.status_code
    assert status != 500, html[:2000]
    written = changed_tables(before, after)
    saved = status == 302
    if not saved:
        assert status in refused_statuses, f"unexpected {status} from {url}"
        assert not written, f"a refused form wrote to {written}"
    assert_markup_escaped(html, f"the answer to the POST to {url}")
    return Answer(response, html, saved, written)


def assert_verdict(answer: Answer, drawn: dict[str, Typed]) -> None:
    expected = verdict(drawn)
    if expected is True:
        assert answer.saved, f"valid input refused: {_errors(answer.html)}"
    elif expected is False:
        assert not answer.saved, "invalid input saved"
    if not answer.saved and answer.response.status_code in (200, 400):
        assert any(marker in answer.html for marker in ERROR_MARKERS), "refused without a message"
        if any(typed.null_byte for typed in _validated(drawn).values()):
            assert NULL_MESSAGE in answer.html, "a null byte refused without Django's message"


MANAGEMENT_FIELDS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def _validated(drawn: dict[str, Typed]) -> dict[str, Typed]:
    """The drawn fields the form gets to validate. With a formset's management field
    broken (e.g. an empty TOTAL_FORMS), Django refuses the formset as tampered with and
    never reads its rows, so a null byte in a row draws no message of its own."""
    broken = {
        name.rsplit("-", 1)[0]
        for name, typed in drawn.items()
        if name.endswith(MANAGEMENT_FIELDS) and typed.accept is not True
    }
    return {
        name: typed
        for name, typed in drawn.items()
        if not any(name.startswith(f"{prefix}-") for prefix in broken)
    }


def _errors(html: str) -> str:
    start = html.find('class="form-errors"')
    return html[start : start + 1500] if start != -1 else html[:1500]


def assert_stored(record, getters: dict, drawn: dict[str, Typed]) -> None:
    """The saved record holds each typed value after cleaning (for the fields with a getter)."""
    for name, typed in drawn.items():
        if typed.stored is NOT_CHECKED or name not in getters:
            continue
        assert getters[name](record) == typed.stored, f"{name}: typed {typed.value!r}"


def shown(value: str, *, multiline: bool = False) -> str:
    """How a template shows a stored text: escaped, and for notes with <br> for newlines."""
    return linebreaksbr(value, autoescape=True) if multiline else escape(value)


def assert_page_shows(client, url, expected: list[str]) -> str:
    """GET a page after a save: it renders, shows each value escaped and no raw markup."""
    response = client.get(url)
    html = body(response)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert_markup_escaped(html, url)
    for text in expected:
        assert text in html, f"{url} does not show {text!r}"
    return html
