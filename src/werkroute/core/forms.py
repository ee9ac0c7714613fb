"""Form fields for countries and languages: people type or pick a name, the database keeps the ISO code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from werkroute.core import iso
from werkroute.core.values import CEFRLevel


class DatalistInput(forms.TextInput):
    """A text box with the browser's own search-as-you-type list of names (no script needed)."""

    template_name = "core/widgets/datalist.html"

    def __init__(self, names: Callable[[], dict[str, str]], attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.names = names

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"]["list"] = f"{widget['attrs'].get('id') or name}-options"
        widget["options"] = self.names().values()
        return context


class CountryField(forms.CharField):
    """One country, typed or picked by its name (Dutch or English) or code; cleans to the ISO code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", DatalistInput(iso.countries))
        kwargs.setdefault("help_text", _("Typ een deel van de naam en kies uit de lijst."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return (
            iso.country_name(value) if isinstance(value, str) and iso.country_code(value) == value else value
        )

    def to_python(self, value: Any) -> str:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return ""
        code = iso.country_code(text)
        if code is None:
            raise forms.ValidationError(
                _("‘%(value)s’ is geen land dat Werkroute kent. Kies een land uit de lijst."),
                params={"value": text},
            )
        return code


# A row is (typed language, level); the level is "" where the field asks for none.
LanguageRow = tuple[str, str]
UNKNOWN_LANGUAGE = _("Onbekende taal: %(unknown)s. Schrijf de naam van de taal, zoals Arabisch of Tigrinya.")


class LanguageRows(forms.Widget):
    """One row per language, each a text box with the browser's list of names (and a level), plus blank
    rows to add more; clearing a box removes that language. No script: it works on every desk computer.

    Earlier forms sent one box of comma-separated names (``Arabisch, Tigrinya`` or ``ar=C2, en=B1``);
    such a box is still understood, so a bookmarked or scripted submission keeps working.
    """

    template_name = "core/widgets/language_rows.html"
    allow_multiple_selected = True  # rendered as a fieldset with a legend (includes/field.html)

    def __init__(self, *, with_level: bool, blank_rows: int = 3, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.with_level = with_level
        self.blank_rows = blank_rows

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[LanguageRow]:
        def values(key: str) -> list[str]:
            found = data.getlist(key) if hasattr(data, "getlist") else data.get(key)
            if found is None:
                return []
            return [str(item) for item in (found if isinstance(found, list | tuple) else [found])]

        languages, levels = values(name)[:MAX_LANGUAGES], values(f"{name}-level")[:MAX_LANGUAGES]
        levels += [""] * (len(languages) - len(levels))
        return [(language, level) for language, level in zip(languages, levels, strict=False)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows = [row for row in (value or []) if any(row)]
        rows += [("", "")] * self.blank_rows
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or name
        widget["rows"] = [
            {"language": language, "level": level, "id": base_id if number == 1 else f"{base_id}-{number}"}
            for number, (language, level) in enumerate(rows, start=1)
        ]
        widget["options"] = iso.languages().values()
        widget["list_id"] = f"{base_id}-options"
        widget["with_level"] = self.with_level
        widget["describedby"] = widget["attrs"].get("aria-describedby", "")
        widget["levels"] = CEFRLevel.values
        return context


MAX_LANGUAGES = 20


def _split_rows(rows: Any) -> list[LanguageRow]:
    """Rows from the widget, a stored list, or one comma-separated box, as (name, level) pairs."""
    if isinstance(rows, str):
        rows = [(rows, "")]
    pairs: list[LanguageRow] = []
    for row in rows or []:
        text, level = (row, "") if isinstance(row, str) else (str(row[0]), str(row[1]))
        for item in text.split(","):
            name, _separator, written_level = item.partition("=")
            if name.strip() or written_level.strip() or level.strip():
                pairs.append((name.strip(), (level or written_level).strip().upper()))
    return pairs


class LanguageListField(forms.Field):
    """Several languages, each picked or typed by name or code; cleans to a list of ISO 639-1 codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", LanguageRows(with_level=False))
        kwargs.setdefault(
            "help_text", _("Eén taal per regel. Typ een deel van de naam en kies uit de lijst.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(code, str) for code in value):
            return [(iso.language_name(code), "") for code in value]
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        items = [name for name, _level in _split_rows(value) if name]
        codes = [iso.language_code(item) for item in items]
        unknown = [item for item, code in zip(items, codes, strict=True) if code is None]
        if unknown:
            raise forms.ValidationError(UNKNOWN_LANGUAGE, params={"unknown": ", ".join(unknown)})
        return list(dict.fromkeys(code for code in codes if code is not None))


class LanguageLevelsField(forms.Field):
    """Languages with their CEFR level; cleans to ``[{"language": code, "level": level}, ...]``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", LanguageRows(with_level=True))
        kwargs.setdefault("help_text", _("Eén taal per regel, met het niveau (A0 tot en met C2)."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return [(iso.language_name(item["language"]), item["level"]) for item in value]
        return value

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        result: dict[str, str] = {}
        for name, level in _split_rows(value):
            language = iso.language_code(name) if name else None
            if language is None:
                message = (
                    _("Kies bij niveau %(level)s ook een taal.")
                    if not name
                    else _("‘%(item)s’: onbekende taal. Typ een deel van de naam en kies uit de lijst.")
                )
                raise forms.ValidationError(message, params={"item": name, "level": level})
            if level not in CEFRLevel.values:
                raise forms.ValidationError(
                    _("%(item)s: kies een taalniveau, A0, A1, A2, B1, B2, C1 of C2.")
                    if not level
                    else _("‘%(item)s’: onbekend taalniveau. Gebruik A0, A1, A2, B1, B2, C1 of C2."),
                    params={"item": f"{name}={level}" if level else name},
                )
            result[language] = level
        return [{"language": language, "level": level} for language, level in result.items()]


class LanguageField(forms.CharField):
    """One language, typed or picked by its name or code; cleans to the ISO 639-1 code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", DatalistInput(iso.languages))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and iso.language_code(value) == value:
            return iso.language_name(value)
        return value

    def to_python(self, value: Any) -> str:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return ""
        code = iso.language_code(text)
        if code is None:
            raise forms.ValidationError(
                _("Onbekende taal: %(unknown)s. Schrijf de naam van de taal, zoals Arabisch of Tigrinya."),
                params={"unknown": text},
            )
        return code


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to the named field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
