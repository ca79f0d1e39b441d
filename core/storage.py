"""Storage for personal files (photos, scanned documents).

Every FileField that holds a personal file uses `private_storage`, which hands each call
to the backend settings.STORAGES["private"] names: `LocalPrivateStorage` (files under
MEDIA_ROOT/private, one machine) or `core.storage_s3.S3PrivateStorage` (a private
S3-compatible bucket, shared by several machines); MEDIA_STORAGE chooses (see
dinsos/deploy_settings.py and docs/deploy.md). Neither backend gives a file a public URL:
`url()` refuses, so a template that tries to link one fails loudly instead of leaking it.
The apps' views stream files after checking who asks (e.g. the client photo view).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible

PRIVATE_STORAGE_ALIAS = "private"
NO_PUBLIC_URL = "Private files have no public URL; serve them through a view."


class PrivateStorage:
    """Stands in for settings.STORAGES["private"], looked up on every use.

    Not resolved once at import, so that a deployment switches backend with a setting and
    a test with override_settings(STORAGES=...); the lookup is a dictionary read, since
    Django's `storages` keeps one backend instance per alias (and forgets it when a test
    changes STORAGES).

    The FileFields of the migrations hold `core.storage.PrivateStorage()`:
    `deconstruct()` returns exactly that, so which backend is configured never shows up
    as a model change (`makemigrations --check` stays clean).
    """

    def __getattr__(self, name):
        if name.startswith("__"):
            # Protocol lookups (copy, pickle) concern this stand-in, not the backend.
            raise AttributeError(name)
        return getattr(storages[PRIVATE_STORAGE_ALIAS], name)

    def deconstruct(self):
        return ("core.storage.PrivateStorage", (), {})

    def __repr__(self):
        return f"<PrivateStorage: {storages.backends[PRIVATE_STORAGE_ALIAS]['BACKEND']}>"


@deconstructible
class LocalPrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private on this machine's disk."""

    # Read from settings on every use (not cached) so that tests overriding MEDIA_ROOT
    # write into their temporary folder.
    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(NO_PUBLIC_URL)


private_storage = PrivateStorage()
