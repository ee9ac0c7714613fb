"""Guards for the English message catalogue (Dutch is the source language of every msgid).

The catalogue must be complete, compiled, and in step with the texts in the code and templates. When one
of these tests fails after you changed user-facing text: run ``make messages``, translate the new entries
in ``locale/en/LC_MESSAGES/django.po``, run ``make messages`` again (it compiles the .mo) and commit both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from werkroute.cases.tests.factories import ClientFactory, PlanVersionFactory

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPOSITORY_DIR = PACKAGE_DIR.parents[1]
PO_PATH = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# The flags of the Makefile's `messages` target; run from inside src/werkroute.
MAKEMESSAGES_FLAGS = [
    "--locale",
    "en",
    "--no-obsolete",
    "--no-location",
    "--ignore",
    "demo/*",
    "--ignore",
    "*/tests/*",
    # The portal has its own catalogues in all its languages (portal/tests/test_translations.py).
    "--ignore",
    "portal/*",
]
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")
FIX = "Run `make messages`, translate the new entries in {po} and run `make messages` again."
# printf-style placeholders: %(name)s, %(seconds).1f, %s, %d; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _placeholders(text: str) -> Counter[str]:
    return Counter(match for match in PLACEHOLDER.findall(text) if match != "%%")


def _key(entry: polib._BaseEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _translation(entry: polib._BaseEntry) -> str | tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    assert PO_PATH.exists(), f"{PO_PATH} is missing. " + FIX.format(po=PO_PATH)
    return polib.pofile(str(PO_PATH))


def test_catalogue_is_complete_and_not_fuzzy(catalogue):
    assert len(catalogue) > 0
    assert not catalogue.metadata_is_fuzzy, "The header of the English catalogue is marked fuzzy."
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    obsolete = [entry.msgid for entry in catalogue.obsolete_entries()]
    assert not untranslated, f"Entries without an English translation: {untranslated}"
    assert not fuzzy, f"Fuzzy entries (check the translation, then remove the flag): {fuzzy}"
    assert not obsolete, f"Obsolete entries (makemessages --no-obsolete removes them): {obsolete}"
    for entry in catalogue:
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            assert text.strip(), f"Empty translation for {entry.msgid!r}"


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for entry in catalogue:
        if entry.msgid_plural:
            # English has two forms: msgstr[0] for one (msgid), msgstr[1] for many (msgid_plural).
            pairs = [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, target in pairs:
            if _placeholders(source) != _placeholders(target):
                wrong.append((source, target))
    assert not wrong, f"Placeholders differ between msgid and msgstr: {wrong}"


def test_compiled_catalogue_matches_the_po_file(catalogue):
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run `make messages` (compilemessages)."
    compiled = polib.mofile(str(MO_PATH))
    expected = {_key(entry): _translation(entry) for entry in catalogue.translated_entries()}
    actual = {_key(entry): _translation(entry) for entry in compiled if entry.msgid}
    assert actual == expected, (
        "django.mo is out of date with django.po: run `make messages` (or `werkroute compilemessages "
        "--locale en` in src/werkroute) and commit the .mo file."
    )


def test_makefile_uses_the_same_makemessages_flags():
    makefile = (REPOSITORY_DIR / "Makefile").read_text(encoding="utf-8")
    line = next(line for line in makefile.splitlines() if "makemessages" in line and "werkroute" in line)
    for flag in (
        "--locale en",
        "--no-obsolete",
        "--no-location",
        "--ignore 'demo/*'",
        "--ignore '*/tests/*'",
        "--ignore 'portal/*'",
    ):
        assert flag in line, f"The Makefile's makemessages call lacks {flag}: {line.strip()}"


def test_catalogue_has_every_text_of_the_code_and_templates(catalogue, tmp_path):
    """Extract the messages again from a copy of the package and compare with the committed catalogue."""
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(f"GNU gettext is not installed ({', '.join(missing_tools)} not on PATH).")
    copy = tmp_path / "src" / "werkroute"
    # demo/ is excluded by the flags anyway; leaving it out of the copy saves time.
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "demo"))
    # Point LOCALE_PATHS at the copy, so makemessages cannot touch the real catalogue.
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    (settings_dir / "translation_check_settings.py").write_text(
        f"from werkroute.conf.test import *  # noqa: F403\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "translation_check_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(settings_dir), os.environ.get("PYTHONPATH")])),
    }
    # -P: do not put the working directory (the copy's apps as top-level modules) on sys.path.
    result = subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", *MAKEMESSAGES_FLAGS, "--keep-pot"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    extracted = {_key(entry) for entry in polib.pofile(str(copy / "locale" / "django.pot")) if entry.msgid}
    committed = {_key(entry) for entry in catalogue}
    new = sorted(msgid for _context, msgid in extracted - committed)
    gone = sorted(msgid for _context, msgid in committed - extracted)
    assert not new and not gone, (
        f"The English catalogue is out of date. New texts without a translation: {new}. "
        f"Texts no longer in the code: {gone}. " + FIX.format(po=PO_PATH.relative_to(REPOSITORY_DIR))
    )


@pytest.mark.django_db
def test_caseworker_can_switch_the_interface_to_english(caseworker_client, municipality):
    PlanVersionFactory(client=ClientFactory(municipality=municipality), number=1, learning_route="ONDERWIJS")
    caseload = reverse("cases:caseload")

    dutch = caseworker_client.get(caseload).content.decode()
    assert '<html lang="nl"' in dutch
    assert "<h1>Klanten</h1>" in dutch
    assert '<td data-label="Leerroute">onderwijsroute</td>' in dutch

    response = caseworker_client.post(reverse("set_language"), {"language": "en", "next": caseload})
    assert response.status_code == 302

    english = caseworker_client.get(caseload).content.decode()
    assert '<html lang="en"' in english
    assert "<h1>Clients</h1>" in english
    assert "Register client" in english
    assert (
        '<td data-label="Learning route">education route</td>' in english
    )  # the route label, not the stored code ONDERWIJS
    assert "Klanten" not in english


@pytest.mark.django_db
def test_browser_language_does_not_override_dutch(caseworker_client):
    content = caseworker_client.get(
        reverse("cases:caseload"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="nl"' in content
