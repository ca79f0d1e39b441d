"""Bad input through the site's own forms: logging in, choosing the language, logging out.

These never "save" a record: a login either lets the right person in or says why not, the
language menu and the logout always send the browser on, and never to another site.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from beneficiaries.tests.factories import PASSWORD

from .checks import (
    ERROR_MARKERS,
    NULL_MESSAGE,
    assert_markup_escaped,
    body,
    changed_tables,
    database_state,
    rolled_back,
    submission,
)
from .html_forms import form_posting_to
from .strategies import Anything, Choice, Text, Undecided
from .submissions import draw_changes, read_form, valid_baseline

LOGIN = reverse("login")


def assert_stays_on_site(response):
    location = urlsplit(response["Location"])
    assert location.netloc in ("", "testserver"), f"redirected off site: {response['Location']}"
    assert location.scheme in ("", "http", "https"), response["Location"]


def _logged_in_user_id(http):
    session = http.session
    return session.get("_auth_user_id")


# -- Logging in (AuthenticationForm, behind django-axes) ---------------------------------------

LOGIN_FIELDS = {
    # Only the right password for the right name lets anyone in: no "must accept" verdict.
    "username": Undecided(Text(max_length=150, required=True)),
    "password": Undecided(Text(required=True, clean=lambda value: value)),  # never stripped
    "next": Anything(),
}


@pytest.fixture
def login_form(english, worker_malang):
    form = read_form(english, LOGIN)
    baseline = valid_baseline(form, username=worker_malang.username, password=PASSWORD)
    with rolled_back():
        response = english.post(LOGIN, baseline)
        assert response.status_code == 302, body(response)[:2000]
    return form, baseline


@given(data=st.data())
def test_logging_in_survives_bad_input(english, login_form, worker_malang, data):
    form, baseline = login_form
    drawn = draw_changes(data, form, LOGIN_FIELDS)
    english.cookies.pop(settings.SESSION_COOKIE_NAME, None)  # start logged out
    with rolled_back():
        response = english.post(LOGIN, submission(baseline, drawn))
        html = body(response)
        # 200: the form again with the reason; 302: in; 429: django-axes' lockout page.
        assert response.status_code in (200, 302, 429), html[:2000]
        assert_markup_escaped(html, "the login page")
        if response.status_code == 302:
            assert_stays_on_site(response)
            assert _logged_in_user_id(english) == str(worker_malang.pk)
            assert not any(typed.accept is False for typed in drawn.values())
        elif response.status_code == 200:
            assert _logged_in_user_id(english) is None
            assert any(marker in html for marker in ERROR_MARKERS)
            if any(typed.null_byte for typed in drawn.values()):
                assert NULL_MESSAGE in html


# -- The header's forms: the language menu and logging out ----------------------------------


@pytest.fixture
def header_forms(english, worker_malang):
    """The two forms every page has in its header, read once; and the session cookie, so
    that each example starts logged in (a rolled-back logout leaves its session stored)."""
    english.force_login(worker_malang)
    html = body(english.get(reverse("beneficiaries:client_list")))
    forms = {
        name: form_posting_to(html, "/clients/", reverse(name))
        for name in ("set_language", "logout")
    }
    return forms, english.cookies[settings.SESSION_COOKIE_NAME].value


@given(data=st.data())
def test_the_language_menu_survives_bad_input(english, header_forms, data):
    forms, session = header_forms
    form = forms["set_language"]
    drawn = draw_changes(data, form, {"language": Choice(decides=False), "next": Anything()})
    english.cookies[settings.SESSION_COOKIE_NAME] = session
    with rolled_back():
        before = database_state()
        response = english.post(form.action, submission(form.submission(), drawn))
        assert response.status_code == 302, body(response)[:2000]
        assert_stays_on_site(response)
        chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is not None:
            assert chosen.value in dict(settings.LANGUAGES)
        assert not changed_tables(before, database_state())
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@given(data=st.data())
def test_logging_out_survives_bad_input(english, header_forms, worker_malang, data):
    forms, session = header_forms
    form = forms["logout"]
    drawn = draw_changes(data, form, {}, read_too={"next": Anything()})
    english.cookies[settings.SESSION_COOKIE_NAME] = session
    assert _logged_in_user_id(english) == str(worker_malang.pk)
    with rolled_back():
        response = english.post(form.action, submission(form.submission(), drawn))
        assert response.status_code == 302, body(response)[:2000]
        assert_stays_on_site(response)
        assert _logged_in_user_id(english) is None
