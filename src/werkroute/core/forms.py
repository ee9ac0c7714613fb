"""Form fields for countries and languages: people type or pick a name, the database keeps the ISO code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.core import iso


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


class LanguageListField(forms.CharField):
    """Several languages by name or code, separated by commas; cleans to a list of ISO 639-1 codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Namen van talen, gescheiden door komma's, bijvoorbeeld: Arabisch, Tigrinya.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(iso.language_name(code) for code in value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        items = [item.strip() for item in str(value or "").split(",") if item.strip()]
        codes = [iso.language_code(item) for item in items]
        unknown = [item for item, code in zip(items, codes, strict=True) if code is None]
        if unknown:
            raise forms.ValidationError(
                _("Onbekende taal: %(unknown)s. Schrijf de naam van de taal, zoals Arabisch of Tigrinya."),
                params={"unknown": ", ".join(unknown)},
            )
        return list(dict.fromkeys(code for code in codes if code is not None))


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
