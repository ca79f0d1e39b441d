"""Preparing uploaded photos for storage: resized, re-encoded, without metadata."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class PreparedPhoto(ContentFile):
    """A photo that went through `photo_prepare`, so services need not do it again."""


def photo_prepare(uploaded) -> PreparedPhoto:
    """Return a JPEG of at most PHOTO_STORED_SIZE pixels a side, with no EXIF/GPS data.

    Raises ValidationError for anything that is not a JPEG, PNG or WebP picture, for files
    over PHOTO_MAX_BYTES and for images with more than PHOTO_MAX_PIXELS pixels (a
    decompression bomb is refused before it is decoded).
    """
    if uploaded.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(limit)d MB."),
            code="photo_too_large",
            params={"limit": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="photo_format")
            if image.width * image.height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels."), code="photo_too_many_pixels"
                )
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((settings.PHOTO_STORED_SIZE, settings.PHOTO_STORED_SIZE))
            out = io.BytesIO()
            # A fresh encode writes no EXIF block: location and camera data are dropped.
            image.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The file is not a picture that can be read."), code="photo_unreadable"
        ) from exc
    return PreparedPhoto(out.getvalue(), name="photo.jpg")
