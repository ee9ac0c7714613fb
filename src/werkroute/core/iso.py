"""Countries (ISO 3166-1 alpha-2) and languages (ISO 639-1) by their names in the reader's language.

Forms store the code and show the name: people type "Irak" or "Tigrinya", never "IQ" or "ti". The
lists and their translations come from pycountry, which ships the Debian iso-codes data, so a new or
renamed country arrives with an update of the package rather than by hand.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry
from django.utils.translation import get_language

# Kosovo has no ISO 3166-1 code yet; XK is the code the European Commission and most registers use,
# and people from Kosovo are among those Werkroute guides.
EXTRA_COUNTRIES = {"XK": {"nl": "Kosovo", "en": "Kosovo"}}


def _language() -> str:
    return (get_language() or "nl").split("-")[0]


@cache
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def normalise(text: str) -> str:
    """Lower case without accents or surrounding spaces: "Syrië" and "syrie" are the same answer."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@cache
def _countries(language: str) -> dict[str, str]:
    translate = _translation("iso3166-1", language).gettext
    names = {
        country.alpha_2: translate(getattr(country, "common_name", None) or country.name)
        for country in pycountry.countries
    }
    names |= {code: labels.get(language, labels["en"]) for code, labels in EXTRA_COUNTRIES.items()}
    return dict(sorted(names.items(), key=lambda item: normalise(item[1])))


@cache
def _languages(language: str) -> dict[str, str]:
    translate = _translation("iso639-3", language).gettext
    names = {
        entry.alpha_2: translate(entry.name) for entry in pycountry.languages if hasattr(entry, "alpha_2")
    }
    return dict(sorted(names.items(), key=lambda item: normalise(item[1])))


def countries() -> dict[str, str]:
    """Every country code with its name in the active language, sorted by name."""
    return _countries(_language())


def languages() -> dict[str, str]:
    """Every ISO 639-1 language code with its name in the active language, sorted by name."""
    return _languages(_language())


def country_name(code: str) -> str:
    return countries().get(code.upper(), code) if code else ""


def language_name(code: str) -> str:
    return languages().get(code.lower(), code) if code else ""


@cache
def _lookup(kind: str, language: str) -> dict[str, str]:
    names = _countries(language) if kind == "country" else _languages(language)
    english = _countries("en") if kind == "country" else _languages("en")
    found: dict[str, str] = {}
    # Codes, English names and names in the active language all find the code; the latter win a clash.
    for table in (english, names):
        found |= {normalise(name): code for code, name in table.items()}
    found |= {normalise(code): code for code in names}
    return found


def country_code(text: str) -> str | None:
    """The code of the country named or coded ``text`` (Dutch or English name, any case), or None."""
    return _lookup("country", _language()).get(normalise(text))


def language_code(text: str) -> str | None:
    """The ISO 639-1 code of the language named or coded ``text``, or None."""
    return _lookup("language", _language()).get(normalise(text))
