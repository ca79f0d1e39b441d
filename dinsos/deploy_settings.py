"""Settings that change when the registry runs on more than one machine.

Plain functions from an environment mapping (os.environ in settings.py, a dict in tests)
to setting values, so that each choice is tested without restarting Django. What every
variable means, and how the machines fit together, is in docs/deploy.md.
"""

from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

PRIVATE_BACKENDS = {
    "local": "core.storage.LocalPrivateStorage",
    "s3": "core.storage_s3.S3PrivateStorage",
}

# A signed link would work for anyone holding it until it expires; the app never makes
# one (S3PrivateStorage.url() refuses). Should a future change call the parent's url(),
# the link is short-lived rather than the library's default of an hour.
S3_QUERYSTRING_EXPIRE_SECONDS = 60

SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}


def reports_database(environ_map, *, conn_max_age):
    """The "reports" database (a read replica) from REPORTS_DATABASE_URL, or None."""
    url = environ_map.get("REPORTS_DATABASE_URL", "").strip()
    if not url:
        return None
    database = environ.Env.db_url_config(url)
    database["ATOMIC_REQUESTS"] = False
    database["CONN_MAX_AGE"] = conn_max_age
    # The test runner makes "reports" point at the test copy of "default" instead of
    # creating a second test database (a replica has no schema of its own to migrate).
    database["TEST"] = {"MIRROR": "default"}
    return database


def storages_from_env(environ_map, *, debug):
    """settings.STORAGES: personal files on local disk or in a private S3 bucket."""
    kind = environ_map.get("MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind not in PRIVATE_BACKENDS:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE must be one of {', '.join(PRIVATE_BACKENDS)}, not {kind!r}."
        )
    private = {"BACKEND": PRIVATE_BACKENDS[kind]}
    if kind == "s3":
        private["OPTIONS"] = _s3_options(environ_map)
    return {
        # Nothing uses default_storage today; pointing it at the private backend means a
        # file saved without naming a storage is neither public nor left on one node.
        "default": dict(private),
        "private": private,
        "staticfiles": {
            "BACKEND": (
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if debug
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            )
        },
    }


def _s3_options(environ_map):
    bucket = environ_map.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        "location": environ_map.get("AWS_LOCATION", "private").strip(),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": S3_QUERYSTRING_EXPIRE_SECONDS,
        # Never replace an existing object: a second upload under the same name gets a
        # new name, as on local disk.
        "file_overwrite": False,
    }
    # Optional: AWS itself needs none of these; MinIO, Ceph or a regional provider
    # needs the endpoint, often the region, and sometimes path-style addressing.
    for variable, option in (
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_S3_ADDRESSING_STYLE", "addressing_style"),
    ):
        value = environ_map.get(variable, "").strip()
        if value:
            options[option] = value
    # The keys are deliberately not copied into settings: boto3 reads AWS_ACCESS_KEY_ID
    # and AWS_SECRET_ACCESS_KEY from the environment itself (or uses the machine's role),
    # and a secret that is not in settings cannot turn up in a settings dump.
    return options


def sessions_and_caches(environ_map):
    """SESSION_ENGINE and CACHES from SESSION_ENGINE (db, cache, cached_db) and CACHE_URL.

    Sessions in the database (the default) already work on any number of machines. A
    cache store is faster but must be shared by all nodes and workers (Redis, say): a
    per-process cache would log users out whenever the balancer picks another process.
    """
    store = environ_map.get("SESSION_ENGINE", "db").strip().lower() or "db"
    if store not in SESSION_ENGINES:
        raise ImproperlyConfigured(
            f"SESSION_ENGINE must be one of {', '.join(SESSION_ENGINES)}, not {store!r}."
        )
    cache_url = environ_map.get("CACHE_URL", "").strip()
    if store != "db" and not cache_url:
        raise ImproperlyConfigured(
            f"SESSION_ENGINE={store} needs CACHE_URL, a cache shared by every node "
            "(e.g. redis://cache.internal:6379/0)."
        )
    cache = (
        environ.Env.cache_url_config(cache_url)
        if cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    return SESSION_ENGINES[store], {"default": cache}


def static_origin(static_url):
    """The origin (scheme://host) of STATIC_URL when it points at a CDN, else None."""
    parts = urlsplit(static_url)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None
