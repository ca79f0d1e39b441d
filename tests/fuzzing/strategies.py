"""Hypothesis strategies for bad input, one kind of form field each.

Every strategy draws a `Typed`: the value to put in the submission, and what the form must
make of it on its own, all other fields being valid:

- `accept=True`: it must be saved, and the record must then hold `stored` (the value after
  the form's documented cleaning: Django's CharField strips surrounding whitespace, the NIK
  and KK fields drop all whitespace, a rupiah amount becomes an integer);
- `accept=False`: it must be refused with a message next to the field;
- `accept=None`: either is fine (a date format of the other locale, a random string that
  might by chance be an option, content-dependent uploads), as long as nothing breaks.

A field kind knows only the field. Which options a select offers comes from the page
(`html_forms.Control`), so strategies are built when the page has been read.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import strategies as st
from PIL import Image

from programs.money import MAX_RUPIAH
from programs.tests.pdf_corpus import clean_text


class _Absent:
    def __repr__(self):
        return "ABSENT"


ABSENT = _Absent()  # the field is left out of the submission altogether


class _NotChecked:
    def __repr__(self):
        return "NOT_CHECKED"


NOT_CHECKED = _NotChecked()  # no stored value to compare (the form may transform it freely)


def column_max(internal_type: str) -> int:
    """The largest value the database takes in a column of this type, as full_clean()
    enforces it: 32767 for a PositiveSmallIntegerField on PostgreSQL, 2**63 - 1 on SQLite
    (which has one integer type)."""
    return connection.ops.integer_field_range(internal_type)[1]


BIGINT_MAX = column_max("PositiveBigIntegerField")
SMALLINT_MAX = column_max("PositiveSmallIntegerField")

SCRIPT = "<script>alert(1)</script>"
# Typed markup that must come back escaped wherever it is shown (raw, it would run).
MARKUP = (SCRIPT, '"><img src=x onerror=alert(1)>', "<b onmouseover=alert(1)>x</b>")
PAYLOADS = (
    *MARKUP,
    "'; DROP TABLE beneficiaries_client; --",
    "Robert'); DELETE FROM programs_grant; --",
    "1' OR '1'='1",
    "%(name)s",
    "%s %d %% {0} {name}",
    "{{ client.nik }}{% csrf_token %}",
    "javascript:alert(1)",
    "\u202egnp.exe",  # right-to-left override
    "Zürich ßﬃ İstanbul",  # case folding makes these longer
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 \U0001f600\U0001f469\u200d\U0001f9bd",
    "a\r\nb\rc\nd",
    "\t \u00a0\u2003\u3000 ",
    "..\\..\\windows\\win.ini",
    "https://evil.example/",
    "//evil.example/%2F..",
    "/\\evil.example",
    "javascript:alert(document.cookie)",
)
# Whitespace that str.strip() (and so Django's CharField) removes around a value.
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000"

_no_null = st.characters(codec="utf-8", exclude_characters="\x00")
_short = st.text(_no_null, max_size=20)
_payload = st.sampled_from(PAYLOADS)
# Long values: letters that grow under case folding, markup characters, astral emoji.
_long_alphabet = st.sampled_from("aZ9 <>&'\"ßﬃİ😀\u0301\u00a0")


@dataclass(frozen=True)
class Typed:
    value: Any  # str | list[str] | SimpleUploadedFile | ABSENT
    accept: bool | None
    stored: Any = NOT_CHECKED
    null_byte: bool = False  # refused with Django's "Null characters are not allowed."

    def __repr__(self):
        value = self.value
        if isinstance(value, SimpleUploadedFile):
            value = f"<file {value.name!r} {value.size} bytes>"
        return f"Typed({value!r}, accept={self.accept})"


def with_null_byte() -> st.SearchStrategy[str]:
    return st.tuples(_short, st.just("\x00"), _short).map("".join)


def _raw_text(max_length: int | None) -> st.SearchStrategy[str]:
    limit = max_length or 1000
    return st.one_of(
        st.text(_no_null, max_size=60),
        _payload,
        st.tuples(_short, _payload, _short).map("".join),
        st.tuples(
            st.text(st.sampled_from(WHITESPACE), max_size=3),
            st.text(_no_null, max_size=20),
            st.text(st.sampled_from(WHITESPACE), max_size=3),
        ).map("".join),
        st.text(_long_alphabet, min_size=limit - 2, max_size=limit + 2),
    )


@dataclass(frozen=True)
class Text:
    """A free-text CharField (or a TextField's Textarea)."""

    max_length: int | None = None
    required: bool = False
    clean: Callable[[str], str] = str.strip

    def typed(self, value: str) -> Typed:
        if "\x00" in value:
            return Typed(value, accept=False, null_byte=True)
        cleaned = self.clean(value)
        if self.required and not cleaned:
            return Typed(value, accept=False)
        if self.max_length is not None and len(cleaned) > self.max_length:
            return Typed(value, accept=False)
        return Typed(value, accept=True, stored=cleaned)

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        return st.one_of(
            _raw_text(self.max_length).map(self.typed),
            with_null_byte().map(self.typed),
            st.just(Typed(ABSENT, accept=not self.required, stored="")),
        )


def in_script(digits: str, zero: int) -> str:
    """ASCII digits written in another script, given the code point of its zero."""
    return "".join(chr(zero + int(digit)) for digit in digits)


ARABIC_INDIC_ZERO, DEVANAGARI_ZERO, FULLWIDTH_ZERO = 0x0660, 0x0966, 0xFF10
# Characters str.isdigit() accepts besides 0-9: other scripts' digits and superscripts.
OTHER_DIGITS = (
    "0123456789"
    + in_script("0123456789", ARABIC_INDIC_ZERO)
    + in_script("0123456789", DEVANAGARI_ZERO)
    + in_script("01234", FULLWIDTH_ZERO)
    + "\u00b9\u00b2\u00b3\u2074"
)


def _without_whitespace(value: str) -> str:
    return re.sub(r"\s+", "", value)


@dataclass(frozen=True)
class IdentityNumber:
    """NIK or KK: 16 digits with the NIK rules, typed with spaces or not (see nik.py)."""

    def typed(self, value: str) -> Typed:
        if "\x00" in value:
            return Typed(value, accept=False, null_byte=True)
        # The NIK rules decide (and, for a NIK, confirmable warnings): no verdict here, but
        # whatever is saved is what was typed without its whitespace.
        return Typed(value, accept=None, stored=_without_whitespace(value))

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        digits = st.text(st.sampled_from("0123456789"), min_size=14, max_size=18)
        return st.one_of(
            digits.map(self.typed),
            # Digits of other scripts (Arabic-Indic, Devanagari, superscripts, fullwidth).
            st.text(
                st.sampled_from(OTHER_DIGITS),
                min_size=16,
                max_size=16,
            ).map(self.typed),
            st.tuples(digits, st.sampled_from([" ", "\u00a0", "\t", "-", "."]), st.integers(1, 15))
            .map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :])
            .map(self.typed),
            st.sampled_from(["3.52201E+15", "3573015507800002.0", "357301550780000٢"]).map(
                self.typed
            ),
            _raw_text(16).map(self.typed),
            with_null_byte().map(self.typed),
        )


def _integer_text(value: int) -> str:
    return str(value)


@dataclass(frozen=True)
class Integer:
    """An IntegerField: the form's bounds and the database column's."""

    minimum: int
    maximum: int
    required: bool = True

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        def typed(value: int) -> Typed:
            ok = self.minimum <= value <= self.maximum
            return Typed(_integer_text(value), accept=ok, stored=value if ok else NOT_CHECKED)

        edges = [self.minimum - 1, self.minimum, self.maximum, self.maximum + 1]
        return st.one_of(
            st.integers(-(10**30), 10**30).map(typed),
            st.integers(self.minimum, min(self.maximum, self.minimum + 50)).map(typed),
            st.sampled_from(edges).map(typed),
            st.sampled_from(["1.5", "1e3", "0x1F", "1_000", "٣", " 7 ", "--1", "NaN", "∞"]).map(
                lambda v: Typed(v, accept=None)
            ),
            st.text(_no_null, max_size=30).map(lambda v: Typed(v, accept=None)),
            st.just(Typed("", accept=not self.required)),
            st.just(Typed(ABSENT, accept=not self.required)),
        )


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class Rupiah:
    """programs.fields.RupiahField (programs/money.py): 3000000, 3.000.000, Rp3.000.000,
    Rp 3.000.000,00; at most MAX_RUPIAH."""

    required: bool = False
    empty_stored: Any = None  # what an empty amount is stored as (NOT_CHECKED: a default)

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        def written(args) -> Typed:
            amount, style = args
            text = {
                "plain": str(amount),
                "grouped": _grouped(amount),
                "rp": f"Rp{_grouped(amount)}",
                "rp-cents": f"Rp {_grouped(amount)},00",
                "padded": f"  {amount}\u00a0",
            }[style]
            ok = amount <= MAX_RUPIAH
            return Typed(text, accept=ok, stored=amount if ok else NOT_CHECKED)

        amounts = st.one_of(
            st.integers(0, 10_000_000),
            st.integers(MAX_RUPIAH - 2, MAX_RUPIAH + 2),
            st.integers(BIGINT_MAX - 2, BIGINT_MAX + 2),
            st.integers(0, 10**30),
        )
        styles = st.sampled_from(["plain", "grouped", "rp", "rp-cents", "padded"])
        return st.one_of(
            st.tuples(amounts, styles).map(written),
            st.integers(1, 10**12).map(lambda n: Typed(f"-{n}", accept=False)),
            st.integers(0, 10**9).map(lambda n: Typed(f"{_grouped(n)},50", accept=False)),
            st.sampled_from(
                [
                    "3,000,000",
                    "3.00.000",
                    "Rp",
                    "1e6",
                    "\u0663\u0660\u0660\u0660",
                    "\uff13\uff10\uff10\uff10",
                    "3 000",
                ]
            ).map(lambda v: Typed(v, accept=None)),
            st.text(_no_null, max_size=30).map(lambda v: Typed(v, accept=None)),
            with_null_byte().map(lambda v: Typed(v, accept=False)),
            st.just(Typed("", accept=not self.required, stored=self.empty_stored)),
        )


_IMPOSSIBLE_DATES = (
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "0000-00-00",
    "2025-02-29",
    "9999-12-32",
    "10000-01-01",
    "-2026-01-01",
)
_ODD_DATES = ("2026-1-1", "1/1/1", "31/12/2025", "12/31/2025", "today", "2026-06-10T10:00")


@dataclass(frozen=True)
class Date:
    """A DateField; with bounds (the form's or the service's), ISO dates get a verdict."""

    required: bool = True
    lower: datetime.date | None = None
    upper: datetime.date | None = None
    decides: bool = True  # False: other fields' values decide too (e.g. end >= start)

    def _iso(self, value: datetime.date) -> Typed:
        if not self.decides:
            return Typed(value.isoformat(), accept=None, stored=value)
        ok = (self.lower is None or value >= self.lower) and (
            self.upper is None or value <= self.upper
        )
        return Typed(value.isoformat(), accept=ok, stored=value if ok else NOT_CHECKED)

    def _empty_accepted(self) -> bool | None:
        if self.required:
            return False
        return True if self.decides else None

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        near = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
        strategies = [
            st.dates().map(self._iso),
            near.map(self._iso),
            st.dates().map(lambda d: Typed(d.strftime("%d/%m/%Y"), accept=None)),
            st.sampled_from(_IMPOSSIBLE_DATES).map(lambda v: Typed(v, accept=False)),
            st.sampled_from(_ODD_DATES).map(lambda v: Typed(v, accept=None)),
            st.text(_no_null, max_size=20).map(lambda v: Typed(v, accept=None)),
            with_null_byte().map(lambda v: Typed(v, accept=False)),
            st.just(Typed("", accept=self._empty_accepted(), stored=None)),
        ]
        if self.lower is not None and self.upper is not None and self.lower <= self.upper:
            strategies.append(st.dates(self.lower, self.upper).map(self._iso))
        return st.one_of(strategies)


def _junk_option() -> st.SearchStrategy[str]:
    # Never a plain number or a region code, so it cannot be a real option by chance.
    return st.one_of(
        st.text(_no_null, max_size=20).map(lambda v: f"x{v}"),
        _payload,
        st.just("1; DROP TABLE programs_grant"),
    )


@dataclass(frozen=True)
class Choice:
    """A select or radio group: one of the page's options, or anything else."""

    required: bool = True
    decides: bool = True  # False: a valid option can still be refused (e.g. regency)

    def strategy(self, control) -> st.SearchStrategy[Typed]:
        options = control.options if control is not None else []
        strategies = [
            _junk_option().map(lambda v: Typed(v, accept=False)),
            st.integers(-(10**20), 10**20).map(lambda n: Typed(str(n), accept=None)),
            with_null_byte().map(lambda v: Typed(v, accept=False)),
            st.just(Typed(ABSENT, accept=not self.required if self.decides else None)),
        ]
        if options:
            strategies.append(st.sampled_from(options).map(self._option))
            strategies.append(
                st.lists(st.sampled_from(options), min_size=2, max_size=3).map(
                    lambda values: Typed(values, accept=None)  # Django takes the last one
                )
            )
        return st.one_of(strategies)

    def _option(self, value) -> Typed:
        ok = bool(value) or not self.required
        return Typed(value, accept=ok if self.decides else None, stored=value)


@dataclass(frozen=True)
class MultipleChoice:
    """A checkbox list (many-to-many): any subset of the options, or junk."""

    def strategy(self, control) -> st.SearchStrategy[Typed]:
        options = control.options if control is not None else []
        strategies = [
            st.lists(_junk_option(), min_size=1, max_size=3).map(lambda v: Typed(v, False)),
            st.lists(st.integers(-(10**20), 10**20).map(str), min_size=1, max_size=3).map(
                lambda v: Typed(v, accept=None)
            ),
            st.just(Typed(ABSENT, accept=True, stored=[])),
        ]
        if options:
            strategies.append(
                st.lists(st.sampled_from(options), unique=True).map(
                    lambda v: Typed(v, accept=True, stored=sorted(v))
                )
            )
        return st.one_of(strategies)


@dataclass(frozen=True)
class Checkbox:
    """A BooleanField: anything non-empty ticks it (Django reads "false" and "0" as no)."""

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        return st.one_of(
            st.sampled_from(["on", "true", "1", "yes"]).map(lambda v: Typed(v, accept=None)),
            st.sampled_from(["false", "0", ""]).map(lambda v: Typed(v, accept=None)),
            st.just(Typed(ABSENT, accept=None)),
            _raw_text(None).map(lambda v: Typed(v, accept=None)),
        )


# -- Uploads ---------------------------------------------------------------------------------


def picture_bytes(fmt: str, width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), (width % 256, height % 256, 90))
    image.save(buffer, format=fmt)
    return buffer.getvalue()


# A valid one-page PDF: core/pdfs.py refuses one without pages as damaged (since 15cfe3d),
# so the page-less file this once was made a valid upload look refused.
PLAIN_PDF = clean_text()
_MAGIC = (
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"%PDF-1.4\n",
    b"GIF89a",
    b"<svg xmlns='http://www.w3.org/2000/svg'>",
    b"<html><script>alert(1)</script>",
    b"PK\x03\x04",
)
_filenames = st.one_of(
    st.sampled_from(
        ["photo.jpg", "../../../etc/passwd.jpg", "x.php.jpg", "scan.pdf", ".htaccess", "a" * 300]
    ),
    st.text(_no_null, min_size=1, max_size=40).map(lambda stem: f"{stem}.jpg"),
)
_content_types = st.sampled_from(
    ["image/jpeg", "image/png", "application/pdf", "text/html", "application/octet-stream"]
)


def _pdf_shaped(body: bytes) -> bytes:
    return b"%PDF-1.5\n" + body + b"\n%%EOF\n"


@dataclass(frozen=True)
class Upload:
    """A file field. `pdf`: a plain PDF scan is accepted too (the BAST document)."""

    pdf: bool = False

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        def upload(accept, stored=NOT_CHECKED):
            def build(args):
                content, name, content_type = args
                file = SimpleUploadedFile(name, content, content_type=content_type)
                return Typed(file, accept=accept, stored=stored if accept else NOT_CHECKED)

            return build

        pictures = st.builds(
            picture_bytes,
            st.sampled_from(["PNG", "JPEG", "WEBP"]),
            st.integers(1, 40),
            st.integers(1, 40),
        )
        streams = st.tuples(
            st.binary(max_size=200),
            st.sampled_from([b"/FlateDecode", b"/ASCIIHexDecode", b"/ASCII85Decode", b""]),
            st.binary(max_size=400),
        ).map(lambda t: t[0] + b"<< /Filter " + t[1] + b" >>\nstream\n" + t[2] + b"\nendstream")
        return st.one_of(
            # Pictures are stored re-encoded as JPEG, a plain PDF scan as it is.
            st.tuples(pictures, _filenames, _content_types).map(upload(True, "jpeg")),
            st.tuples(st.just(PLAIN_PDF), _filenames, _content_types).map(upload(self.pdf, "pdf")),
            st.tuples(st.just(b""), _filenames, _content_types).map(upload(False)),
            st.tuples(st.binary(min_size=1, max_size=2048), _filenames, _content_types).map(
                upload(None)
            ),
            st.tuples(
                st.tuples(st.sampled_from(_MAGIC), st.binary(max_size=2048)).map(b"".join),
                _filenames,
                _content_types,
            ).map(upload(None)),
            st.tuples(
                st.one_of(st.binary(max_size=2048), streams).map(_pdf_shaped),
                _filenames,
                _content_types,
            ).map(upload(None)),
            st.just(Typed(ABSENT, accept=True)),
        )


def stored_file_kind(field_file) -> str:
    """What a saved file is by content: "jpeg", "pdf", "" (none) or "other"."""
    if not field_file:
        return ""
    with field_file.open("rb") as handle:
        head = handle.read(5)
    if head.startswith(b"\xff\xd8"):
        return "jpeg"
    return "pdf" if head == b"%PDF-" else "other"


@dataclass(frozen=True)
class Undecided:
    """Another kind's values, but only its refusals stand: whether a well-formed value is
    taken depends on something else (a login on the password matching)."""

    kind: Any

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        return self.kind.strategy(control).map(
            lambda typed: typed if typed.accept is False else replace(typed, accept=None)
        )


@dataclass(frozen=True)
class Anything:
    """A field the tests know nothing about (a hidden `version`, a new input): it may be
    refused or ignored, but must never break the page."""

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        return st.one_of(
            _raw_text(None).map(lambda v: Typed(v, accept=None)),
            st.integers(-(10**30), 10**30).map(lambda n: Typed(str(n), accept=None)),
            with_null_byte().map(lambda v: Typed(v, accept=None)),
            st.just(Typed(ABSENT, accept=None)),
        )
