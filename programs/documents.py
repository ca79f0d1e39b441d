"""Checking an uploaded hand-over document: a photo or a PDF scan, judged by content.

A picture goes through `photo_prepare` (re-encoded as JPEG without metadata). A PDF is kept
as it was uploaded, so it must look like a plain scan: it starts with `%PDF-`, ends with the
`%%EOF` trailer and contains nothing that acts on its own when opened:

- no active-content names (/JavaScript, /JS, /OpenAction, /AA, /Launch, /EmbeddedFile, ...),
  also when written with `#xx` escapes (`/J#61vaScript`) or packed in a Flate-compressed
  stream such as a PDF 1.5 object stream;
- no web page code (`<html`, `<script`, ...) in its bytes, so that it is not also an HTML
  page (a polyglot) if a browser ever sniffs it;
- no encryption, since an encrypted PDF cannot be checked.

This is a byte-level check, not a PDF parser: a stream packed with a filter other than
Flate, ASCIIHex or ASCII85 (or with a predictor) is not unpacked. Turning every PDF into
pictures on the server would be the stronger guarantee.
"""

import base64
import binascii
import contextlib
import re
import zlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from core.images import photo_prepare, upload_read

PDF_MAGIC = b"%PDF-"
PDF_TRAILER = b"%%EOF"
TRAILER_WINDOW = 1024  # the trailer must be in the last KiB (readers allow some junk after)

# Names that make a PDF do something by itself: run JavaScript, start a program, open a
# file or a web address, submit a form, carry an attachment or multimedia.
ACTIVE_NAMES = (
    "JavaScript",
    "JS",
    "OpenAction",
    "AA",
    "Launch",
    "EmbeddedFile",
    "EmbeddedFiles",
    "RichMedia",
    "XFA",
    "SubmitForm",
    "ImportData",
    "GoToE",
    "GoToR",
)
WEB_MARKERS = re.compile(rb"<(?:html|script|!doctype\s+html|iframe|svg|body)\b", re.IGNORECASE)

# Inflating Flate streams to look inside them costs CPU and memory; a zip bomb must not
# make us inflate gigabytes. A scan whose non-image streams inflate to more is refused.
INFLATE_BUDGET = 64 * 1024 * 1024
INFLATE_CHUNK = 1024 * 1024
_OVERLAP = 128  # longer than any escaped active name, so one split across chunks is found

_PDF_DELIMITER = rb"(?=[\x00\t\n\x0c\r ()<>\[\]{}/%]|\Z)"


def _name_pattern(names) -> re.Pattern:
    """A regex for the PDF names `/Name`, each character also as its `#xx` escape."""

    def char(c):
        return rb"(?:%s|#(?i:%02x))" % (re.escape(c.encode()), ord(c))

    alternatives = sorted(names, key=len, reverse=True)
    body = b"|".join(b"".join(char(c) for c in name) for name in alternatives)
    return re.compile(rb"/(?:%s)%s" % (body, _PDF_DELIMITER))


ACTIVE_PATTERN = _name_pattern(ACTIVE_NAMES)
ENCRYPT_PATTERN = _name_pattern(["Encrypt"])
STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
HEX_BODY = re.compile(rb"[0-9A-Fa-f\s]*>?")


class _Uncheckable(Exception):
    pass


def _document_format_error() -> ValidationError:
    return ValidationError(
        _("Upload a photo (JPEG, PNG or WebP) or a PDF scan of the BAST."),
        code="document_format",
    )


def _active_content_error() -> ValidationError:
    return ValidationError(
        _(
            "The PDF contains scripts, attached files, automatic actions or web page code. "
            "Upload a plain scan of the BAST."
        ),
        code="document_active_content",
    )


def _uncheckable_error() -> ValidationError:
    return ValidationError(
        _(
            "The PDF is encrypted or packed in a way that cannot be checked. "
            "Upload a plain scan of the BAST."
        ),
        code="document_uncheckable",
    )


class _Inflater:
    """Inflates stream data in chunks, scanning each for active names within a budget."""

    def __init__(self):
        self.remaining = INFLATE_BUDGET

    def found_active(self, payload: bytes) -> bool:
        inflater = zlib.decompressobj()
        pending = payload
        tail = b""
        try:
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending, INFLATE_CHUNK)
                pending = inflater.unconsumed_tail
                self.remaining -= len(chunk)
                if self.remaining < 0:
                    raise _Uncheckable
                window = tail + chunk
                if ACTIVE_PATTERN.search(window):
                    return True
                tail = window[-_OVERLAP:]
                if not chunk and pending:  # no progress: corrupt data
                    break
        except zlib.error:
            pass  # not Flate data, or damaged: what was inflated so far has been scanned
        return False


def _decoded_text_layers(payload: bytes) -> list[bytes]:
    """The stream as written, and as ASCIIHex / ASCII85 decoded when it looks like one."""
    layers = [payload]
    stripped = payload.strip()
    if stripped and HEX_BODY.fullmatch(stripped):
        digits = re.sub(rb"[\s>]", b"", stripped)
        layers.append(binascii.unhexlify(digits + b"0" * (len(digits) % 2)))
    if stripped.endswith(b"~>"):
        with contextlib.suppress(ValueError):  # not ASCII85 after all
            layers.append(
                base64.a85decode(stripped.removeprefix(b"<~")[:-2], ignorechars=b" \t\r\n")
            )
    return layers


def _has_active_streams(data: bytes) -> bool:
    inflater = _Inflater()
    for match in STREAM_START.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        payload = data[start : end if end != -1 else len(data)]
        for layer in _decoded_text_layers(payload):
            if layer is not payload and ACTIVE_PATTERN.search(layer):
                return True
            if inflater.found_active(layer):
                return True
    return False


def pdf_check(data: bytes) -> None:
    """Raise ValidationError unless `data` is a complete PDF without active content."""
    if not data.startswith(PDF_MAGIC) or PDF_TRAILER not in data[-TRAILER_WINDOW:]:
        raise ValidationError(
            _("The PDF is incomplete or damaged. Save or scan it again and upload the new file."),
            code="document_damaged",
        )
    if ACTIVE_PATTERN.search(data) or WEB_MARKERS.search(data):
        raise _active_content_error()
    if ENCRYPT_PATTERN.search(data):
        raise _uncheckable_error()
    try:
        if _has_active_streams(data):
            raise _active_content_error()
    except _Uncheckable as exc:
        raise _uncheckable_error() from exc


def grant_document_prepare(uploaded) -> ContentFile:
    """A PDF is kept as it is once `pdf_check` passes; anything else must be a picture and
    is re-encoded (which also drops its EXIF/GPS data). The stored name follows the
    content, not the upload."""
    data = upload_read(
        uploaded, too_large=_("The file is larger than %(limit)d MB."), code="document_too_large"
    )
    if data.startswith(PDF_MAGIC):
        pdf_check(data)
        return ContentFile(data, name="document.pdf")
    try:
        return photo_prepare(ContentFile(data, name="upload"))
    except ValidationError as exc:
        if exc.code in ("photo_format", "photo_unreadable"):
            raise _document_format_error() from exc
        raise
