"""Personal files in a private S3-compatible bucket (MEDIA_STORAGE=s3).

A module of its own so that boto3 is imported only by deployments that use it.
"""

from storages.backends.s3 import S3Storage

from .storage import NO_PUBLIC_URL


class S3PrivateStorage(S3Storage):
    """The bucket's objects are private (ACL "private", see dinsos/deploy_settings.py)
    and, as on disk, the app never hands out a link to one: not a public URL and not a
    signed one either, since a signed URL works for anyone who gets hold of it until it
    expires. Files reach the browser only through the views that check who is asking."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_PUBLIC_URL)
