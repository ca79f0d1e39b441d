"""Read a form off a rendered page, the way a browser would submit it unchanged.

The fuzz tests start every submission from what the page itself offers: the values an edit
form shows, its hidden inputs (a management form, a warnings token, an optimistic-locking
`version` that appears later), the options of its selects and the boxes already ticked.
A field added to a form is then part of the baseline without touching the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Inputs a browser submits with their value; checkboxes and radios only when checked.
_VALUE_TYPES = {
    "text",
    "hidden",
    "number",
    "date",
    "datetime-local",
    "email",
    "tel",
    "search",
    "password",
    "url",
}
_BUTTONS = {"submit", "button", "reset", "image"}


@dataclass
class Control:
    """One named control of a form, with what it would submit and what it offers."""

    name: str
    kind: str  # text | textarea | select | select-multiple | checkbox | radio | file
    values: list[str] = field(default_factory=list)  # submitted as they stand
    options: list[str] = field(default_factory=list)  # selects, checkbox and radio groups


@dataclass
class HtmlForm:
    method: str
    action: str  # absolute path, query included
    enctype: str
    controls: dict[str, Control] = field(default_factory=dict)

    def __repr__(self):
        return f"<form {self.method} {self.action}: {', '.join(self.controls)}>"

    def _repr_pretty_(self, printer, cycle):  # Hypothesis prints examples with this
        printer.text(repr(self))

    def submission(self) -> dict[str, list[str]]:
        """What pressing the (unnamed) submit button would send."""
        return {
            name: list(control.values)
            for name, control in self.controls.items()
            if control.kind != "file"
        }

    def options(self, name) -> list[str]:
        return self.controls[name].options if name in self.controls else []


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: tuple[Control, list[tuple[str, bool]]] | None = None
        self._option: dict | None = None
        self._textarea: tuple[Control, list[str]] | None = None

    def _control(self, name, kind):
        control = self._form.controls.get(name)
        if control is None:
            control = self._form.controls[name] = Control(name, kind)
        return control

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            parts = urlsplit(action)
            self._form = HtmlForm(
                method=(attrs.get("method") or "get").lower(),
                action=parts.path + (f"?{parts.query}" if parts.query else ""),
                enctype=attrs.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in _BUTTONS:
                return
            if kind in ("checkbox", "radio"):
                control = self._control(name, kind)
                value = attrs.get("value", "on")
                control.options.append(value)
                if "checked" in attrs:
                    control.values.append(value)
            elif kind == "file":
                self._control(name, "file")
            elif kind in _VALUE_TYPES:
                self._control(name, "text").values.append(attrs.get("value") or "")
        elif tag == "select" and name and "disabled" not in attrs:
            kind = "select-multiple" if "multiple" in attrs else "select"
            self._select = (self._control(name, kind), [])
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "selected": "selected" in attrs,
                "text": "",
            }
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = (self._control(name, "textarea"), [])

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            control, options = self._select
            control.options = [value for value, _ in options]
            chosen = [value for value, selected in options if selected]
            if control.kind == "select" and not chosen and options:
                chosen = [options[0][0]]  # a single select always sends something
            control.values = chosen if control.kind == "select-multiple" else chosen[-1:]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            control, parts = self._textarea
            text = "".join(parts)
            # Browsers drop the one newline that Django writes after <textarea ...>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            control.values = [text]
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _close_option(self):
        if self._option is None:
            return
        value = self._option["value"]
        if value is None:
            value = self._option["text"].strip()
        self._select[1].append((value, self._option["selected"]))
        self._option = None


def page_forms(html: str, page_url: str) -> list[HtmlForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html: str, page_url: str, action: str) -> HtmlForm:
    """The one POST form of the page that submits to `action` (a path, maybe with a query)."""
    matches = [
        form
        for form in page_forms(html, page_url)
        if form.method == "post" and urlsplit(form.action).path == urlsplit(action).path
    ]
    assert len(matches) >= 1, f"no POST form to {action} on {page_url}"
    return matches[0]
