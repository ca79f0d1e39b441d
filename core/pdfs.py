"""Rewriting an uploaded PDF with pikepdf (qpdf) into a new file that cannot act on its own.

An upload is untrusted input, and a PDF can hide a script behind any number of stream
filters and object streams, so we do not search its bytes: qpdf parses it, and
`pdf_rewrite` takes it through these steps, each of which refuses the file with a
ValidationError carrying a message for the form:

1. Complete. It must start with `%PDF-` and end with `%%EOF`; qpdf would repair a file cut
   short by a broken upload, and the user would not learn that pages are missing.
2. Parsed. qpdf must open it; an encrypted file (even one that opens without a password)
   and one with more than PDF_MAX_PAGES pages are refused.
3. Decoded. Every stream except images is decoded (object streams by qpdf while the
   objects are read); a filter off the allow-list, undecodable data, or more than
   DECODED_BUDGET bytes in all are refused. qpdf's own Flate and predictor limits are set
   to the same budget, so a zip bomb stops inside qpdf too.
4. Stripped. The catalog keeps only the page tree and a few display settings (no
   /OpenAction, /AA, /Names with /JavaScript or /EmbeddedFiles, /AcroForm with /XFA,
   /Outlines, /Metadata); annotations that have an appearance are drawn into the page
   (a stamp or a drawn signature stays visible) and every annotation is then removed
   (links, widgets, file attachments, rich media); /AA is removed from every object; the
   document information (author, software) is dropped.
5. Written anew. qpdf writes a new file from the objects still reachable from the page
   tree, with fresh object streams and compressed streams: nothing of the upload's layout,
   comments or unreachable objects survives.
6. Verified. The new file is opened again and every object (also those inside its object
   streams) is walked; if any action, script, attached file, form or annotation is still
   there, the upload is refused.

The result ends with a comment line carrying an HMAC of the file (SECRET_KEY), so that
`pdf_is_rewritten` can later tell a file written here from one stored before this check
existed, or changed since; only the former is shown inline.
"""

import io

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from pikepdf import Name

PDF_MAGIC = b"%PDF-"
PDF_TRAILER = b"%%EOF"
TRAILER_WINDOW = 1024  # the trailer must be in the last KiB (readers allow some junk after)

PDF_MAX_PAGES = 50  # a BAST is a few pages; each page is processed, so bound the work
DECODED_BUDGET = 64 * 1024 * 1024  # bytes of decoded non-image streams, all together

# qpdf's decoders have no limit by default. These limits are process-wide; this module is
# pikepdf's only user here, and a limit only ever refuses a file, so setting them once at
# import is safe for the other threads.
pikepdf.settings.set_qpdf_limits(
    flate_max_memory=DECODED_BUDGET,
    png_max_memory=DECODED_BUDGET,
    tiff_max_memory=DECODED_BUDGET,
    run_length_max_memory=DECODED_BUDGET,
    max_stream_filters=4,
)

# Filters a scan or an office export uses. LZW is left out (its expansion has no qpdf
# limit), and so is Crypt (encryption is refused anyway).
GENERAL_FILTERS = {"/FlateDecode", "/Fl", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
GENERAL_FILTERS |= {"/RunLengthDecode", "/RL"}
IMAGE_FILTERS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}

# What the catalog may keep: the pages and how to show them. Everything else (actions,
# scripts, attached files, forms, bookmarks, metadata, ...) is dropped.
CATALOG_KEPT = {"/Type", "/Pages", "/Version", "/PageLabels", "/Lang", "/PageLayout"}
CATALOG_KEPT |= {"/ViewerPreferences"}

# Keys that make a reader act, or that carry an attached file or a form, wherever they are.
ACTIVE_KEYS = {
    "/OpenAction",
    "/AA",
    "/JS",
    "/JavaScript",
    "/Names",
    "/EmbeddedFiles",
    "/EF",
    "/RF",
    "/AcroForm",
    "/XFA",
    "/Annots",
    "/Outlines",
    "/RichMediaContent",
    "/RichMediaSettings",
    "/Collection",
}
# Values of /Type, /Subtype or /S that mark an action, an attached file or an annotation.
ACTIVE_TYPES = {
    "/Action",
    "/Annot",
    "/EmbeddedFile",
    "/Filespec",
    "/JavaScript",
    "/Launch",
    "/URI",
    "/SubmitForm",
    "/ResetForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/RichMediaExecute",
    "/Sound",
    "/Movie",
    "/Hide",
    "/Named",
    "/SetOCGState",
    "/Link",
    "/Widget",
    "/FileAttachment",
    "/RichMedia",
    "/Screen",
    "/3D",
}

SEAL_PREFIX = b"%dinsos-rewritten "
SEAL_SALT = "core.pdfs.rewritten"

# Everything qpdf or pikepdf may raise on a malformed file.
PARSE_ERRORS = (
    pikepdf.PdfError,
    pikepdf.PikepdfError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    RecursionError,
    RuntimeError,
)


def _damaged() -> ValidationError:
    return ValidationError(
        _("The PDF is incomplete or damaged. Save or scan it again and upload the new file."),
        code="pdf_damaged",
    )


def _encrypted() -> ValidationError:
    return ValidationError(
        _("The PDF is protected with a password or encrypted. Upload it without protection."),
        code="pdf_encrypted",
    )


def _too_many_pages() -> ValidationError:
    return ValidationError(
        _("The PDF has more than %(limit)d pages."),
        code="pdf_too_many_pages",
        params={"limit": PDF_MAX_PAGES},
    )


def _too_large_unpacked() -> ValidationError:
    return ValidationError(
        _("The PDF is too large once unpacked. Scan it again at a lower resolution."),
        code="pdf_too_large_unpacked",
    )


def _still_active() -> ValidationError:
    return ValidationError(
        _(
            "The PDF contains scripts, forms or attached files that could not be removed. "
            "Print it to a new PDF or scan it, and upload that file."
        ),
        code="pdf_active_content",
    )


def _filters(stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(name) for name in value]
    return [str(value)]


def _is_image(stream) -> bool:
    return stream.get("/Subtype") == Name.Image or any(
        name in IMAGE_FILTERS for name in _filters(stream)
    )


def _decode_all(pdf) -> None:
    """Decode every non-image stream within the budget; refuse unknown filters."""
    remaining = DECODED_BUDGET
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = _filters(obj)
        if any(name not in GENERAL_FILTERS | IMAGE_FILTERS for name in filters):
            raise _damaged()
        if _is_image(obj):
            continue  # pixels: the viewer decodes them, nothing in them can act
        try:
            remaining -= len(obj.read_bytes())
        except pikepdf.DataDecodingError as exc:
            if "limit" in str(exc):
                raise _too_large_unpacked() from exc
            raise _damaged() from exc
        if remaining < 0:
            raise _too_large_unpacked()


def _direct_children(obj):
    """The values inside `obj` that are part of it (indirect ones are objects of their own,
    visited by the walk over `pdf.objects`)."""
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        values = [obj.get(key) for key in obj]
    elif isinstance(obj, pikepdf.Array):
        values = list(obj)
    else:
        return []
    return [
        value
        for value in values
        if isinstance(value, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array)
        and not value.is_indirect
    ]


def _walk(pdf):
    """Every dictionary, stream and array of the file, nested ones included."""
    for obj in pdf.objects:
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array):
                yield item
                stack.extend(_direct_children(item))


def _active_parts(pdf) -> list[str]:
    """What in `pdf` could still act: active keys, and actions/annotations/files by type."""
    found = []
    for item in _walk(pdf):
        if isinstance(item, pikepdf.Array):
            continue
        for key in item:
            if key in ACTIVE_KEYS:
                found.append(key)
            elif key in ("/Type", "/Subtype", "/S") and str(item.get(key)) in ACTIVE_TYPES:
                found.append(f"{key} {item.get(key)}")
            elif key == "/A" and isinstance(item.get(key), pikepdf.Dictionary):
                found.append("/A")
    return found


def _strip(pdf) -> None:
    # Draw what annotations show (a stamp, a drawn signature, a filled-in field) into the
    # pages first, while the form they may belong to is still there.
    pdf.flatten_annotations(mode="all")
    for key in list(pdf.Root.keys()):
        if key not in CATALOG_KEPT:
            del pdf.Root[key]
    for key in list(pdf.trailer.keys()):
        if key not in ("/Root", "/Size", "/ID"):
            del pdf.trailer[key]
    for page in pdf.pages:
        for key in ("/Annots", "/AA"):
            if key in page:
                del page[key]
    for item in _walk(pdf):
        if not isinstance(item, pikepdf.Array):
            for key in ACTIVE_KEYS & set(item.keys()):
                del item[key]


def _save(pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(
        out,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
        preserve_pdfa=False,
        fix_metadata_version=False,
        deterministic_id=True,
    )
    return out.getvalue()


def _seal(data: bytes) -> bytes:
    mac = salted_hmac(SEAL_SALT, data, algorithm="sha256").hexdigest()
    return data + SEAL_PREFIX + mac.encode() + b"\n"


def pdf_is_rewritten(data: bytes) -> bool:
    """True if `data` is, byte for byte, a file `pdf_rewrite` returned (its seal holds)."""
    if not data.endswith(b"\n"):
        return False
    start = data.rfind(SEAL_PREFIX)
    if start < 0:
        return False
    body, mac = data[:start], data[start + len(SEAL_PREFIX) : -1]
    expected = salted_hmac(SEAL_SALT, body, algorithm="sha256").hexdigest()
    return constant_time_compare(mac, expected.encode())


def pdf_rewrite(data: bytes) -> bytes:
    """A new PDF with the pages of `data` and nothing that acts: no action, script, launch,
    web address, attached file, form (AcroForm/XFA), annotation or multimedia.

    Raises ValidationError if `data` is incomplete, does not parse, is encrypted, has more
    than PDF_MAX_PAGES pages, decodes to more than DECODED_BUDGET bytes, or still holds
    active content after rewriting. See the module docstring.
    """
    if not data.startswith(PDF_MAGIC) or PDF_TRAILER not in data[-TRAILER_WINDOW:]:
        raise _damaged()
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise _encrypted()
            if len(pdf.pages) > PDF_MAX_PAGES:
                raise _too_many_pages()
            if not len(pdf.pages):
                raise _damaged()
            _decode_all(pdf)
            _strip(pdf)
            rewritten = _save(pdf)
        with pikepdf.open(io.BytesIO(rewritten)) as check:
            if _active_parts(check) or check.is_encrypted:
                raise _still_active()
    except pikepdf.PasswordError as exc:
        raise _encrypted() from exc
    except PARSE_ERRORS as exc:
        raise _damaged() from exc
    return _seal(rewritten)
