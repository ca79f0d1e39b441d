"""A photo or a PDF scan (a grant's hand-over document, a grievance's attachment), judged by
content on upload and told apart on download.

On upload (`photo_or_pdf_prepare`), a picture goes through `core.images.photo_prepare`
(re-encoded as JPEG without metadata) and a PDF through `core.pdfs.pdf_rewrite` (a new
file without scripts, actions, attached files or forms); only what they return is stored,
never the upload's bytes.

On download (`document_for_download`), a photo and a PDF that `pdf_is_rewritten`
recognises are shown in the browser; any other PDF (one stored before PDFs were
rewritten) is offered as a download, so the browser's PDF viewer never runs it in our
origin.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from core.images import photo_prepare, upload_read
from core.pdfs import PDF_MAGIC, pdf_is_rewritten, pdf_rewrite


def _document_format_error() -> ValidationError:
    return ValidationError(
        _("Upload a photo (JPEG, PNG or WebP) or a PDF scan of the BAST."),
        code="document_format",
    )


def _attachment_format_error() -> ValidationError:
    return ValidationError(
        _("Upload a photo (JPEG, PNG or WebP) or a PDF."), code="document_format"
    )


def grant_document_prepare(uploaded) -> ContentFile:
    """A grant's hand-over document: see photo_or_pdf_prepare."""
    return photo_or_pdf_prepare(uploaded, format_error=_document_format_error)


def attachment_prepare(uploaded) -> ContentFile:
    """A grievance's attachment: see photo_or_pdf_prepare."""
    return photo_or_pdf_prepare(uploaded, format_error=_attachment_format_error)


def photo_or_pdf_prepare(uploaded, *, format_error) -> ContentFile:
    """A PDF is rewritten by `pdf_rewrite`; anything else must be a picture and is
    re-encoded (which also drops its EXIF/GPS data). The stored name follows the content,
    not the upload."""
    data = upload_read(
        uploaded, too_large=_("The file is larger than %(limit)d MB."), code="document_too_large"
    )
    if data.startswith(PDF_MAGIC):
        return ContentFile(pdf_rewrite(data), name="document.pdf")
    try:
        return photo_prepare(ContentFile(data, name="upload"))
    except ValidationError as exc:
        if exc.code in ("photo_format", "photo_unreadable"):
            raise format_error() from exc
        raise


@dataclass(frozen=True)
class DocumentDownload:
    """What the download view sends: the stored bytes and how the browser should take them."""

    content: bytes
    content_type: str
    extension: str
    inline: bool


def document_for_download(document) -> DocumentDownload:
    """The stored document `document` (a FieldFile), with whether it may be shown inline."""
    with document.open("rb") as stored:
        content = stored.read()
    if document.name.endswith(".pdf"):
        return DocumentDownload(content, "application/pdf", "pdf", pdf_is_rewritten(content))
    # Every stored photo went through photo_prepare (since the first upload form).
    return DocumentDownload(content, "image/jpeg", "jpg", inline=True)
