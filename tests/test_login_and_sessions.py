"""Logging in and staying logged in: failed logins lock out (django-axes), sessions end
after 30 idle minutes and 12 hours at most, get a new key on login and end on a password
change, and weak passwords are refused."""

import datetime
import io
import os
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.factories import PASSWORD
from dinsos.middleware import SessionLifetimeMiddleware

LOCKED_OUT = (
    "Too many failed logins. Try again in 15 minutes or ask an administrator to unlock "
    "your account."
)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client, user, password=PASSWORD, **extra):
    return client.post(
        reverse("login"), {"username": user.get_username(), "password": password}, **extra
    )


def fail(client, user, times, **extra):
    return [log_in(client, user, "not-the-password", **extra) for _ in range(times)]


def is_logged_in(client):
    return client.get(reverse("home")).status_code == 200


# Failed logins -----------------------------------------------------------------------


def test_the_login_form_logs_in(client, worker_malang):
    response = log_in(client, worker_malang)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_logged_in(client)


def test_five_failures_lock_the_username_out_with_a_clear_page(client, worker_malang):
    english(client)

    first_four = fail(client, worker_malang, 4)
    fifth = log_in(client, worker_malang, "not-the-password")
    right_password = log_in(client, worker_malang)

    assert [r.status_code for r in first_four] == [200] * 4
    assert all("Please enter a correct username" in r.content.decode() for r in first_four)
    for response in (fifth, right_password):
        page = response.content.decode()
        assert response.status_code == 429
        assert LOCKED_OUT in page
        assert 'role="alert"' in page
        assert 'name="password"' not in page  # no form inviting more attempts
        assert "default-src 'self'" in response["Content-Security-Policy"]
    assert not is_logged_in(client)


def test_lockout_page_extends_the_site_layout(client, worker_malang):
    response = fail(client, worker_malang, 5)[-1]

    # The login view renders its form first; django-axes then replaces the response.
    assert {"registration/locked_out.html", "base.html"} <= {t.name for t in response.templates}
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert LOCKED_OUT not in page  # translated


def test_lockout_is_per_username_and_address(client, worker_malang, worker_bojonegoro):
    fail(client, worker_malang, 5)

    # Another user at the same computer, and the same user at another computer, log in.
    assert log_in(client, worker_bojonegoro).status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    assert log_in(elsewhere, worker_malang).status_code == 302
    # The locked pair stays locked.
    assert log_in(Client(), worker_malang).status_code == 429


def test_lockout_ends_after_15_minutes(client, worker_malang):
    fail(client, worker_malang, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert log_in(client, worker_malang).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert log_in(client, worker_malang).status_code == 302


def test_a_successful_login_resets_the_count(client, worker_malang):
    fail(client, worker_malang, 4)
    assert log_in(client, worker_malang).status_code == 302
    client.post(reverse("logout"))

    assert [r.status_code for r in fail(client, worker_malang, 4)] == [200] * 4
    assert log_in(client, worker_malang, "not-the-password").status_code == 429


def test_an_administrator_can_unlock_a_user(client, worker_malang):
    fail(client, worker_malang, 5)

    call_command("axes_reset_username", worker_malang.get_username(), stdout=io.StringIO())

    assert log_in(client, worker_malang).status_code == 302


def test_the_admin_login_is_throttled_too(client, admin_user):
    url = reverse("admin:login")
    credentials = {"username": admin_user.get_username(), "password": "not-the-password"}
    responses = [client.post(url, credentials) for _ in range(5)]

    assert [r.status_code for r in responses] == [200] * 4 + [429]


# Session keys and password changes ---------------------------------------------------


def test_logging_in_gives_the_session_a_new_key(client, worker_malang):
    session = client.session
    session["before-login"] = True
    session.save()
    old_key = session.session_key

    log_in(client, worker_malang)

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not SessionStore().exists(old_key)
    assert client.session["before-login"]  # same visitor, same data, new key


def test_a_password_change_ends_the_other_sessions(worker_malang):
    office, phone = Client(), Client()
    log_in(office, worker_malang)
    log_in(phone, worker_malang)

    # What a password change view does, on the office computer's session.
    request = RequestFactory().post("/")
    request.session, request.user = office.session, worker_malang
    worker_malang.set_password("kursi-jahit-biru-2026")
    worker_malang.save()
    update_session_auth_hash(request, worker_malang)
    request.session.save()
    office.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key

    assert is_logged_in(office)
    assert not is_logged_in(phone)
    assert phone.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_the_admin_password_change_ends_the_other_sessions(admin_user):
    office, phone = Client(), Client()
    log_in(office, admin_user)
    log_in(phone, admin_user)

    response = office.post(
        reverse("admin:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "kursi-jahit-biru-2026",
            "new_password2": "kursi-jahit-biru-2026",
        },
    )

    assert response.status_code == 302
    assert is_logged_in(office)
    assert not is_logged_in(phone)


# Idle timeout and absolute lifetime --------------------------------------------------


def session_row(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def set_in_session(client, **values):
    session = client.session
    for name, value in values.items():
        session[getattr(SessionLifetimeMiddleware, name)] = value
    session.save()


def test_sessions_last_30_idle_minutes(client, worker_malang):
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE

    response = log_in(client, worker_malang)

    left = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_a_request_renews_the_idle_time_at_most_once_a_minute(client, worker_malang):
    log_in(client, worker_malang)
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.update(expire_date=soon)

    # Renewed less than a minute ago: no write.
    client.get(reverse("home"))
    assert session_row(client).expire_date == soon

    set_in_session(client, RENEWED_AT=int(time.time()) - 60)
    Session.objects.update(expire_date=soon)
    response = client.get(reverse("home"))

    left = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_a_session_idle_for_30_minutes_is_over(client, worker_malang):
    log_in(client, worker_malang)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_time_is_kept_in_the_session(client, worker_malang):
    before = int(time.time())
    log_in(client, worker_malang)

    assert before <= client.session[SessionLifetimeMiddleware.LOGGED_IN_AT] <= time.time()


def set_logged_in_at(client, seconds_ago):
    set_in_session(client, LOGGED_IN_AT=int(time.time()) - seconds_ago)


def test_a_busy_session_still_ends_12_hours_after_login(client, worker_malang):
    assert settings.SESSION_MAX_HOURS == 12
    english(client)
    log_in(client, worker_malang)
    set_logged_in_at(client, 11 * 60 * 60 + 59 * 60)
    assert is_logged_in(client)

    set_logged_in_at(client, 12 * 60 * 60)
    response = client.get(reverse("beneficiaries:client_list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Your session has expired. Please log in again." in response.content.decode()
    assert not is_logged_in(client)


def test_the_lifetime_follows_the_setting(client, worker_malang, settings):
    settings.SESSION_MAX_HOURS = 1
    log_in(client, worker_malang)
    set_logged_in_at(client, 60 * 60)

    assert not is_logged_in(client)


def test_logging_in_again_starts_a_new_lifetime(client, worker_malang):
    log_in(client, worker_malang)
    set_logged_in_at(client, 13 * 60 * 60)
    assert not is_logged_in(client)

    log_in(client, worker_malang)

    assert is_logged_in(client)
    assert client.session[SessionLifetimeMiddleware.LOGGED_IN_AT] >= time.time() - 60


def through_the_middleware(user, view):
    request = RequestFactory().get("/")
    request.user, request.session = user, SessionStore()
    request.session["_auth_user_id"] = str(user.pk)
    request.session.save()
    request.session.modified = False
    SessionLifetimeMiddleware(view)(request)
    return request.session


def test_a_session_without_a_login_time_gets_one_only_when_it_is_saved(client, worker_malang):
    key = SessionLifetimeMiddleware.LOGGED_IN_AT
    client.force_login(worker_malang)  # no request passed through the middleware

    assert is_logged_in(client)
    assert key not in client.session  # no write for this alone

    def changes_the_session(request):
        request.session["changed"] = True
        return HttpResponse()

    assert key not in through_the_middleware(worker_malang, lambda request: HttpResponse())
    assert through_the_middleware(worker_malang, changes_the_session)[key] >= time.time() - 60


def test_timeouts_are_read_from_the_environment():
    code = "from dinsos import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_MAX_HOURS)"
    env = {**os.environ, "SESSION_IDLE_MINUTES": "45", "SESSION_MAX_HOURS": "9"}

    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["2700", "9"]


# Passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Jahit-26", "password_too_short"),
        ("password123", "password_too_common"),
        ("8203917465", "password_entirely_numeric"),
        ("worker-malang", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(worker_malang, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=worker_malang)

    assert code in {error.code for error in refused.value.error_list}


def test_a_long_uncommon_password_is_accepted(worker_malang):
    validate_password("kursi-jahit-biru-2026", user=worker_malang)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_failed_login_says_username_once_in_indonesian(client, worker_malang, url):
    """Django's catalogue says "Masukkan nama pengguna %(username)s", and %(username)s is
    "nama pengguna" (dinsos/login.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    response = client.post(url, {"username": worker_malang.get_username(), "password": "salah"})

    page = response.content.decode()
    assert "nama pengguna nama pengguna" not in page.lower()
    assert "Masukkan nama pengguna dan kata sandi" in page
