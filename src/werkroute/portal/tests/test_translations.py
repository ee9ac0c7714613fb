"""Every portal text in every language of the portal: a missing, empty or fuzzy translation fails here,
and so does a catalogue that was not compiled after it changed."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PORTAL = Path(__file__).resolve().parent.parent
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PORTAL / "locale" / language / "LC_MESSAGES" / "django.po"))


def _texts_in_source() -> set[str]:
    """The portal's texts as the source marks them (a second look, independent of makemessages)."""
    texts: set[str] = set()
    for template in (PORTAL / "templates").rglob("*.html"):
        source = template.read_text()
        texts |= set(re.findall(r'{% translate "([^"]+)"', source))
        texts |= set(re.findall(r"{% translate '([^']+)'", source))
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", source, re.S):
            texts.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body))
    for module in PORTAL.rglob("*.py"):
        if "tests" in module.parts:
            continue
        source = module.read_text()
        for text in re.findall(r'(?:\b_|gettext_noop)\(\s*"((?:[^"\\]|\\.)+)"\s*\)', source):
            texts.add(text)
    return texts


def test_the_portal_speaks_the_six_languages_of_the_issue():
    assert [code for code, _name in settings.LANGUAGES] == ["nl", "en", "ar", "ti", "fa", "uk"]
    assert translation.get_language_info("ti")["name_local"] == "ትግርኛ"
    assert translation.get_language_info("ar")["bidi"] and translation.get_language_info("fa")["bidi"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_portal_text_is_translated(language):
    catalogue = _catalogue(language)
    assert not catalogue.fuzzy_entries(), [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not catalogue.untranslated_entries(), [entry.msgid for entry in catalogue.untranslated_entries()]
    missing = _texts_in_source() - {entry.msgid for entry in catalogue}
    assert not missing, f"Run `make messages` and translate: {sorted(missing)}"
    for entry in catalogue:
        assert set(PLACEHOLDER.findall(entry.msgid)) == set(PLACEHOLDER.findall(entry.msgstr)), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_translations(language):
    """Gettext answers with the .po's translation: the .mo was compiled after the last change."""
    with translation.override(language):
        for entry in _catalogue(language):
            assert translation.gettext(entry.msgid) == entry.msgstr, (language, entry.msgid)


def test_the_source_scan_finds_the_texts():
    """The check above would prove nothing if the scan found nothing."""
    texts = _texts_in_source()
    assert {"Ik kan niet komen", "Hallo %(name)s", "Uw werkervaring past bij dit werk."} <= texts
