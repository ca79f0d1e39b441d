"""Storage for personal files (photos, scanned documents).

Files live under MEDIA_ROOT/private and have no public URL: `url()` refuses, so a template
that tries to link one fails loudly instead of leaking it. Views stream them after checking
who asks (see `views.clients.client_photo`).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    # Read from settings on every use (not cached) so that tests overriding MEDIA_ROOT
    # write into their temporary folder.
    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()
