"""Security headers on pages, private file downloads and error pages; HSTS and secure
cookies under the production settings."""

import io
import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from beneficiaries.services import client_update
from beneficiaries.tests.factories import PASSWORD, ClientFactory
from programs.tests.factories import FollowUpVisitFactory, GrantFactory, grantee_with_business

JPEG = b"\xff\xd8\xff\xe0fakejpeg"


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def assert_security_headers(response):
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def small_png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, format="PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


# Pages -------------------------------------------------------------------------------


def test_login_page(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_a_page_of_the_registry(client, worker_malang):
    client.force_login(worker_malang)

    response = client.get(reverse("beneficiaries:client_list"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_a_page_without_inline_script_or_style(client, worker_malang):
    """The policy forbids inline code, so the pages must not need any."""
    client.force_login(worker_malang)

    page = client.get(reverse("home")).content.decode()

    assert "<script>" not in page
    assert "<style" not in page
    assert " style=" not in page
    assert " onclick=" not in page


# File downloads ----------------------------------------------------------------------


def test_client_photo_download(client, worker_malang):
    shown = ClientFactory()
    client_update(client=shown, updated_by=worker_malang, photo=small_png())
    client.force_login(worker_malang)

    response = client.get(reverse("beneficiaries:client_photo", args=[shown.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        f'inline; filename="{shown.registration_number}.jpg"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert_security_headers(response)
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_grant_document_download(client, worker_malang):
    grant = GrantFactory()
    grant.document.save("photo.jpg", ContentFile(JPEG), save=True)
    client.force_login(worker_malang)

    response = client.get(reverse("programs:grant_document", args=[grant.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="BAST-{grant.pk}.jpg"'
    assert response["Cache-Control"] == "private, no-store"
    assert_security_headers(response)


def test_visit_photo_download(client, worker_malang):
    _, business, _ = grantee_with_business()
    visit = FollowUpVisitFactory(business=business)
    visit.photo.save("visit.jpg", ContentFile(JPEG), save=True)
    client.force_login(worker_malang)

    response = client.get(reverse("programs:visit_photo", args=[visit.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'inline; filename="kunjungan-{visit.pk}.jpg"'
    assert response["Cache-Control"] == "private, no-store"
    assert_security_headers(response)


# Error pages -------------------------------------------------------------------------


def test_not_found_page(client, worker_malang):
    client.force_login(worker_malang)

    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_not_found_record(client, worker_malang):
    client.force_login(worker_malang)

    response = client.get(reverse("beneficiaries:client_detail", args=[999_999]))

    assert response.status_code == 404
    assert_security_headers(response)


def test_forbidden_page(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("programs:report_outcomes"))

    assert response.status_code == 403
    assert_security_headers(response)


# Cookies and HTTPS -------------------------------------------------------------------


def test_session_and_csrf_cookies_are_secure_outside_debug(client, worker_malang):
    login_page = client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": worker_malang.get_username(), "password": PASSWORD}
    )

    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert login_page.cookies[settings.CSRF_COOKIE_NAME]["secure"] is True


def test_hsts_when_configured(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get(reverse("login"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


PRODUCTION_ENV = {
    "DEBUG": "off",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "registri.dinsos.example.go.id",
    "SECURE_SSL_REDIRECT": "on",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "on",
    "SECURE_HSTS_PRELOAD": "on",
}


def run_python(args, extra_env):
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (a deploy check refuses it), nor
    # HTTPS settings from the caller's environment.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SECURE_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(  # noqa: S603 (our own interpreter, manage.py and code)
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**env, **extra_env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_turn_on_https_hsts_and_secure_cookies():
    code = (
        "from dinsos import settings as s; print("
        "s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )

    result = run_python(["-c", code], PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "31536000", "True", "True", "True", "True"]


def test_deploy_checks_pass_with_the_production_environment(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)},
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_fail_without_hsts(tmp_path):
    env = {**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "0", "STATIC_ROOT": str(tmp_path)}

    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


# The README's own production commands set no HTTPS variable: production is secure by
# default once DEBUG is off.
README_PRODUCTION_ENV = {
    "DEBUG": "off",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "registri.dinsos.example.go.id",
}


def test_production_defaults_redirect_to_https_and_send_hsts():
    code = (
        "from dinsos import settings as s; print("
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )

    result = run_python(["-c", code], README_PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "3600", "True", "False", "True", "True"]


def test_deploy_checks_pass_with_the_readmes_production_commands(tmp_path):
    env = {**README_PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}

    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_balancer_that_redirects_itself_may_turn_the_redirect_off():
    code = "from dinsos import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"

    result = run_python(["-c", code], {**README_PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "off"})

    assert result.stdout.split() == ["False", "3600"]


def test_plain_http_is_redirected_but_the_health_check_answers(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default (the tests speak HTTP)

    login = client.get(reverse("login"))
    health = client.get("/healthz")

    assert login.status_code == 301
    assert login["Location"].startswith("https://")
    assert health.status_code == 200
