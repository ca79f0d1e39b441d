"""Settings for the Dinas Sosial beneficiary registry.

One module, configured from the environment (django-environ). Every value that differs
between a laptop and production is read here; defaults are safe for production except
where a development default is needed to run at all (SQLite, a throwaway SECRET_KEY
when DEBUG is on).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key

from core.db_routers import REPORTS_DB_ALIAS

from .deploy_settings import (
    reports_database,
    sessions_and_caches,
    static_origin,
    storages_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
elif env.bool("DINSOS_SECRET_KEY_OPTIONAL", default=False):
    # Set by manage.py for commands that sign nothing (see NEEDS_SECRET_KEY there): a
    # throwaway key, different every run, is enough for them.
    SECRET_KEY = env.str("SECRET_KEY", default=get_random_secret_key())
else:
    # No default outside DEBUG: a forgotten key must stop the server, not weaken it.
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The province this office serves (Kemendagri code). Decides which villages are loaded,
# which regencies the forms and reports offer, and the prefix of registration numbers.
PROVINCE_CODE = env.str("PROVINCE_CODE", default="35")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "core",
    "beneficiaries",
    "programs",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dinsos.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Personal data stays out of browser and proxy caches (Cache-Control: private, no-store).
    "dinsos.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dinsos.middleware.SessionLifetimeMiddleware",
    # Records the logged-in user as the author of every change (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page, which
    # then passes out through the header middleware above (CSP, X-Frame-Options).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dinsos.urls"
WSGI_APPLICATION = "dinsos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a web server's database (the zero-setup default), where several requests
    # write at once: WAL lets reads go on beside a write; IMMEDIATE takes the write lock
    # when a transaction begins, so two writers queue for it (up to `timeout` seconds)
    # instead of both reading and one then failing with "database is locked", which
    # waiting cannot cure.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A read replica for the outcome report (REPORTS_DATABASE_URL): the router sends the
# report's reads there and everything else to the primary (core/db_routers.py).
if _reports_db := reports_database(os.environ, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]):
    DATABASES[REPORTS_DB_ALIAS] = _reports_db
    DATABASE_ROUTERS = ["core.db_routers.ReportsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Indonesian first, English on request.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# Static files: collected into STATIC_ROOT and served by whitenoise, also under gunicorn.
# STATIC_URL may be a CDN's address (https://cdn.example/static/) that pulls from here.
STATIC_URL = env.str("STATIC_URL", default="static/")
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Personal files on this machine's disk or in a private S3 bucket (MEDIA_STORAGE), and
# the static files' storage; see dinsos/deploy_settings.py.
STORAGES = storages_from_env(os.environ, debug=DEBUG)

# Uploaded personal files (photos, documents). Never under STATIC_ROOT and never given a
# public URL: they are streamed by views that check who is asking. No URL pattern serves
# MEDIA_URL (and PrivateStorage.url() refuses); it is set only because Django expects one.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
PHOTO_STORED_SIZE = 800  # longest side in pixels after resizing
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers. Production values come from the environment (see .env.example).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Production (DEBUG off) is HTTPS-only unless told otherwise: plain HTTP is redirected and
# browsers are told to come back over HTTPS only (HSTS). The HSTS starting value is one
# hour, so that a certificate problem found on the first day locks nobody out for long;
# raise SECURE_HSTS_SECONDS to a year (31536000) once HTTPS has run for a while
# (docs/deploy.md). A balancer that redirects to HTTPS itself may set
# SECURE_SSL_REDIRECT=off. /healthz stays reachable over plain HTTP for the balancer's
# health check.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Asking browsers to preload the domain is a commitment of the office (a submission to the
# preload list, a max-age of a year, hard to undo), not a default; `check --deploy` would
# otherwise warn about it on every deploy (security.W021). SECURE_HSTS_PRELOAD=on when
# the office has decided.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a load balancer that passes the public host name in X-Forwarded-Host. Only safe
# when the balancer sets that header itself (overwriting any sent by the browser).
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)

# Sessions end after SESSION_IDLE_MINUTES without a request: the cookie and the stored
# session expire that long after the session was last saved, and a logged-in session is
# saved again at most once a minute while it is in use. Whatever the activity, the user
# must log in again SESSION_MAX_HOURS after logging in. Both are done by
# dinsos.middleware.SessionLifetimeMiddleware.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Sessions live in the database unless SESSION_ENGINE=cache|cached_db with CACHE_URL (a
# cache every node shares, e.g. Redis); see dinsos/deploy_settings.py.
SESSION_ENGINE, CACHES = sessions_and_caches(os.environ)

# Background jobs (core/jobs/): django-tasks with its database backend, so that a worker
# (`manage.py db_worker`, started by `make run`; systemd units in docs/deploy.md) needs
# nothing beside the database; several workers on several machines each lock the task
# they take (SKIP LOCKED on PostgreSQL). Tests run tasks at once, in the process
# (TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend, pytest.ini).
TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}
# A job's progress and heartbeat, read by the web processes while a worker writes them
# (core/jobs/progress.py): the shared cache when CACHE_URL names one, else files on this
# machine (web and worker on one machine, as `make run` and a one-server install).
CACHES["jobs"] = (
    {**CACHES["default"], "KEY_PREFIX": "jobs"}
    if env.str("CACHE_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("JOBS_PROGRESS_DIR", default=BASE_DIR / "var" / "job-progress"),
    }
)
# A result file (an export, a workbook, a subject-access file) is deleted this many hours
# after it was made (`manage.py prune_jobs`, hourly); a running job silent for
# JOB_STALE_SECONDS is taken for dead (its worker killed or restarted) and marked failed.
JOB_RESULT_HOURS = env.int("JOB_RESULT_HOURS", default=24)
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=120)
# A client list longer than this is exported by a job (a page with a progress bar) rather
# than streamed while the browser waits.
CLIENT_EXPORT_JOB_ROWS = env.int("CLIENT_EXPORT_JOB_ROWS", default=5000)

# Failed logins (django-axes): five failures for one username from one address lock that
# pair out for 15 minutes. Any attempt during the lockout, even with the right password,
# starts the 15 minutes again; a successful login clears the count. Keying on the pair
# means nobody can lock a colleague out from another computer. An administrator unlocks
# early by deleting the attempt (Administration > Axes > Access attempts, or `manage.py
# axes_reset_username`). The lockout page, registration/locked_out.html (status 429),
# says "15 minutes": change it together with AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The address is REMOTE_ADDR. Behind a proxy that is the proxy's address for everyone, so
# the lockout falls back to per username: guessing stays limited, but anyone can lock a
# user out for 15 minutes. Trusting X-Forwarded-For instead is only safe when the proxy
# is known to overwrite it; otherwise a forged header would get around the limit.

# Content security policy: our own origin only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Static files from a CDN: allow its origin for scripts, styles, images and fonts.
if _cdn := static_origin(STATIC_URL):
    for _directive in ("default-src", "script-src", "style-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(_cdn)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Demo logins created by `manage.py seed_demo` (DEBUG only).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="dinsos-demo-2026")

CLIENT_LIST_PAGE_SIZES = (25, 50, 100)
# A grantee with no visit for this many months is on the follow-up worklist.
FOLLOW_UP_INTERVAL_MONTHS = env.int("FOLLOW_UP_INTERVAL_MONTHS", default=6)
# A grievance's deadline in working days when no ResolutionDeadline row (admin) applies.
GRIEVANCE_DEFAULT_WORKING_DAYS = env.int("GRIEVANCE_DEFAULT_WORKING_DAYS", default=10)
# The public catalogue of consenting businesses (/katalog/) is kept out of search engines
# (noindex) unless the office decides otherwise.
CATALOGUE_INDEXING = env.bool("CATALOGUE_INDEXING", default=False)
