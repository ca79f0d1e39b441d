"""The answers of the views that send a private file (a hand-over document, a grievance's
attachment, a visit's or a product's photo) to a user who may see it: never cached, and
a PDF opened in the browser only when we rewrote it ourselves (programs/documents.py)."""

from django.http import FileResponse, HttpResponse

from ..documents import document_for_download


def private_document_response(document, *, filename: str) -> HttpResponse:
    """A photo or PDF (`document`, a FieldFile) as `filename`.<its extension>."""
    served = document_for_download(document)
    response = HttpResponse(served.content, content_type=served.content_type)
    # Only a file we rewrote ourselves is opened by the browser; an older PDF is saved.
    disposition = "inline" if served.inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{served.extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


def private_photo_response(photo, *, filename: str) -> FileResponse:
    """A stored photo (re-encoded as JPEG on upload, core/images.py) as `filename`.jpg."""
    response = FileResponse(photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{filename}.jpg"'
    response["Cache-Control"] = "private, no-store"
    return response
