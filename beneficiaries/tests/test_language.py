"""Indonesian by default, English on request, and a complete Indonesian catalogue."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from beneficiaries.tests.factories import ClientFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_pages_are_indonesian_even_for_an_english_browser(client, worker_malang):
    client.force_login(worker_malang)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="id">' in page
    assert "Daftarkan klien" in page


def test_switching_to_english_and_back(client, worker_malang):
    client.force_login(worker_malang)
    shown = ClientFactory()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(shown.get_absolute_url()).content.decode()
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    indonesian = client.get(shown.get_absolute_url()).content.decode()

    assert '<html lang="en">' in english
    assert "Case notes" in english
    assert "Catatan kasus" in indonesian


def test_login_page_can_switch_language_before_logging_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    assert response.status_code == 302
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_catalogue_has_a_translation_for_every_entry():
    catalogue = polib.pofile(str(CATALOGUE))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_compiled_catalogue_is_up_to_date():
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    source = polib.pofile(str(CATALOGUE))

    assert {(e.msgid, e.msgstr) for e in compiled if not e.msgid_plural} == {
        (e.msgid, e.msgstr) for e in source if not e.msgid_plural and not e.obsolete
    }


def test_every_translatable_text_in_the_code_is_in_the_catalogue(tmp_path):
    """Runs makemessages on a copy of the tree; a new msgid missing from the committed
    catalogue fails (needs GNU gettext, which .ci/run installs)."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is missing; .ci/run installs it")
        pytest.skip("GNU gettext is not installed")
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "*.sqlite3"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        env={**os.environ, "DEBUG": "on"},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / CATALOGUE.relative_to(root)))}
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE))}

    assert fresh - committed == set()


def test_translations_keep_the_placeholders_of_their_source():
    placeholder = re.compile(r"%\((\w+)\)[sd]|\{\{ ?(\w+) ?\}\}")

    def names(text):
        return sorted(m.group(1) or m.group(2) for m in placeholder.finditer(text))

    mismatched = [
        entry.msgid
        for entry in polib.pofile(str(CATALOGUE))
        if not entry.msgid_plural and names(entry.msgid) != names(entry.msgstr)
    ]

    assert mismatched == []
