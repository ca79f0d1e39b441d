"""Checking an uploaded hand-over document: a photo or a PDF scan, judged by content."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from beneficiaries.images import photo_prepare

PDF_MAGIC = b"%PDF-"


def grant_document_prepare(uploaded) -> ContentFile:
    """A PDF is kept as it is; anything else must be a picture and is re-encoded (which
    also drops its EXIF/GPS data). The stored name follows the content, not the upload."""
    if uploaded.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB."),
            code="document_too_large",
            params={"limit": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    uploaded.seek(0)
    if uploaded.read(len(PDF_MAGIC)) == PDF_MAGIC:
        uploaded.seek(0)
        return ContentFile(uploaded.read(), name="document.pdf")
    try:
        return photo_prepare(uploaded)
    except ValidationError as exc:
        raise ValidationError(
            _("Upload a photo (JPEG, PNG or WebP) or a PDF scan of the BAST."),
            code="document_format",
        ) from exc
