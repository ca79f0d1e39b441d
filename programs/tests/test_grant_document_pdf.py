"""A hand-over PDF is stored as a rewritten copy without active content, and only such a
copy is shown inline: the hostile corpus of `pdf_corpus.py`, through the real grant form
and back through the download."""

import io
import zlib

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core import pdfs
from programs.models import Grant
from programs.tests import pdf_corpus
from programs.tests.factories import GrantFactory
from programs.tests.test_grant_create import graduate, grant_data, sewing, url

__all__ = ["graduate"]  # the fixture, imported for the tests below

# What a stored PDF must not hold anywhere, judged on the parsed objects: dictionary keys
# that make a reader act, and names that mark an action, an attached file or a form.
ACTIVE_KEYS = {
    "/OpenAction",
    "/AA",
    "/A",
    "/JS",
    "/JavaScript",
    "/Names",
    "/EmbeddedFiles",
    "/EF",
    "/AcroForm",
    "/XFA",
    "/Annots",
    "/Outlines",
    "/URI",
    "/RichMediaContent",
    "/RichMediaSettings",
}
ACTIVE_NAMES = {
    "/Action",
    "/JavaScript",
    "/Launch",
    "/URI",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/EmbeddedFile",
    "/Filespec",
    "/FileAttachment",
    "/RichMedia",
    "/Link",
    "/Widget",
}


def active_parts(data: bytes) -> list[str]:
    """Everything in the PDF `data` that acts or carries the corpus payload: every object
    (also those in object streams) walked, every stream decoded."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            stack = [obj]
            while stack:
                item = stack.pop()
                if isinstance(item, pikepdf.Stream):
                    try:
                        decoded = item.read_bytes()
                    except pikepdf.PdfError:
                        decoded = item.read_raw_bytes()  # an image filter (JPEG) stays
                    if pdf_corpus.PAYLOAD.encode() in decoded or b"app.alert" in decoded:
                        found.append(f"payload in stream {item.objgen}")
                if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
                    for key in item:
                        if key in ACTIVE_KEYS:
                            found.append(f"key {key}")
                        stack.extend(_direct([item.get(key)]))
                elif isinstance(item, pikepdf.Array):
                    stack.extend(_direct(item))
                elif isinstance(item, pikepdf.Name) and str(item) in ACTIVE_NAMES:
                    found.append(f"name {item}")
                elif isinstance(item, pikepdf.String | str) and pdf_corpus.PAYLOAD in str(item):
                    found.append("payload in a string")
    return found


def _direct(values):
    """The values that are part of their container (indirect ones are walked on their own)."""
    return [
        value for value in values if not (isinstance(value, pikepdf.Object) and value.is_indirect)
    ]


def page_text(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return b"".join(page.Contents.read_bytes() for page in pdf.pages)


def pdf_upload(data: bytes, name="BAST.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def scanner_pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 420), (250, 250, 245)).save(out, format="PDF")
    return out.getvalue()


def download(client, grant):
    response = client.get(reverse("programs:grant_document", args=[grant.pk]))
    assert response.status_code == 200
    return response, response.content


@pytest.fixture
def posting(client, worker_malang, graduate):
    """Posts a hand-over with `data` as its document; the response and the grant (or None)."""
    client.force_login(worker_malang)

    def post(data: bytes):
        response = client.post(
            url(graduate.client), grant_data(sewing(), document=pdf_upload(data))
        )
        return response, Grant.objects.first()

    return post


def test_the_corpus_hides_its_active_parts_from_a_byte_search():
    """The object-stream files are the ones the old byte-level check let through."""
    for name in ("object-stream-flate-flate", "object-stream-flate-hex"):
        data = pdf_corpus.HOSTILE[name]()
        assert b"JavaScript" not in data
        assert b"OpenAction" not in data
        assert active_parts(data), name  # but a parser sees them


@pytest.mark.parametrize("name", sorted(pdf_corpus.HOSTILE))
def test_hostile_pdf_is_refused_or_stored_and_served_without_active_content(client, posting, name):
    hostile = pdf_corpus.HOSTILE[name]()
    assert active_parts(hostile)

    response, grant = posting(hostile)

    if grant is None:  # refused: the form says why and nothing is stored
        assert response.status_code == 200
        assert response.context["form"].errors["document"]
        return
    assert response.status_code == 302
    grant.document.open("rb")
    stored = grant.document.read()
    grant.document.close()
    assert stored != hostile
    assert active_parts(stored) == []
    assert pdf_corpus.VISIBLE_TEXT in page_text(stored)  # the page itself is kept

    served, body = download(client, grant)
    assert body == stored
    assert active_parts(body) == []
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == f'inline; filename="BAST-{grant.pk}.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("build", [scanner_pdf, pdf_corpus.clean_text], ids=["scan", "text"])
def test_clean_pdf_is_stored_rewritten_and_shown_inline(client, posting, build):
    clean = build()

    response, grant = posting(clean)

    assert response.status_code == 302
    assert grant.document.name.endswith(".pdf")
    served, body = download(client, grant)
    assert served["Content-Disposition"].startswith("inline;")
    assert body != clean  # a new file, not the upload's bytes
    with pikepdf.open(io.BytesIO(body)) as stored, pikepdf.open(io.BytesIO(clean)) as original:
        assert len(stored.pages) == len(original.pages)
        assert stored.pages[0].mediabox == original.pages[0].mediabox
    assert active_parts(body) == []


def test_text_of_a_clean_pdf_survives():
    rewritten = pdfs.pdf_rewrite(pdf_corpus.clean_text())

    assert pdf_corpus.VISIBLE_TEXT in page_text(rewritten)
    assert pdfs.pdf_is_rewritten(rewritten)


@pytest.mark.django_db
def test_document_stored_before_rewriting_downloads_as_an_attachment(client, manager):
    """A PDF kept as uploaded (before this check existed) is not known to be clean."""
    grant = GrantFactory()
    grant.document.save("document.pdf", ContentFile(pdf_corpus.clean_text()), save=True)
    client.force_login(manager)

    served, _body = download(client, grant)

    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == f'attachment; filename="BAST-{grant.pk}.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_forged_or_altered_rewrite_mark_is_not_trusted(client, manager):
    rewritten = pdfs.pdf_rewrite(pdf_corpus.clean_text())
    altered = rewritten.replace(pdf_corpus.VISIBLE_TEXT[:4], b"XXXX", 1)
    if altered == rewritten:  # the text is compressed: alter a byte of the header instead
        altered = rewritten.replace(b"%PDF-1.", b"%PDF-2.", 1)
    grant = GrantFactory()
    grant.document.save("document.pdf", ContentFile(altered), save=True)
    client.force_login(manager)

    served, _body = download(client, grant)

    assert not pdfs.pdf_is_rewritten(altered)
    assert served["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_photo_is_shown_inline(client, manager):
    grant = GrantFactory()
    grant.document.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xe0fakejpeg"), save=True)
    client.force_login(manager)

    served, _body = download(client, grant)

    assert served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"].startswith("inline;")


# --- refused ---------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_corpus.clean_text())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="pemilik", user=""))
    return out.getvalue()


def pages_pdf(count: int) -> bytes:
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        for _ in range(count):
            pdf.add_blank_page()
        pdf.save(out)
    return out.getvalue()


def damaged_pdf() -> bytes:
    return b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"


def bomb_pdf(*sizes: int) -> bytes:
    """A page whose content streams, a few KB each, inflate to `sizes` bytes."""
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        streams = []
        for size in sizes:
            bomb = pikepdf.Stream(pdf, zlib.compress(b" " * size, 9))
            bomb.Filter = pikepdf.Name.FlateDecode
            streams.append(pdf.make_indirect(bomb))
        pdf.pages[0].Contents = pikepdf.Array(streams)
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (encrypted_pdf, "pdf_encrypted"),
        (lambda: pages_pdf(pdfs.PDF_MAX_PAGES + 1), "pdf_too_many_pages"),
        (damaged_pdf, "pdf_damaged"),
        (lambda: bomb_pdf(pdfs.DECODED_BUDGET + 1), "pdf_too_large_unpacked"),
        (lambda: bomb_pdf(*[pdfs.DECODED_BUDGET // 3 + 1] * 3), "pdf_too_large_unpacked"),
    ],
    ids=["encrypted", "too-many-pages", "damaged", "one-stream-inflates-too-far", "all-streams"],
)
def test_pdf_that_cannot_be_rewritten_is_refused_through_the_form(posting, build, code):
    response, grant = posting(build())

    assert grant is None
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["document"][0].code == code


def test_pages_up_to_the_limit_are_accepted():
    rewritten = pdfs.pdf_rewrite(pages_pdf(pdfs.PDF_MAX_PAGES))

    with pikepdf.open(io.BytesIO(rewritten)) as pdf:
        assert len(pdf.pages) == pdfs.PDF_MAX_PAGES
