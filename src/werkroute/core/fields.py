"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from werkroute.core import crypto


class EncryptedCharField(models.TextField):
    """A short text stored encrypted (see :mod:`werkroute.core.crypto`); plain text in Python.

    The database holds only ciphertext, so it cannot be searched or compared there: keep a
    :func:`~werkroute.core.crypto.lookup_hash` beside it for that.
    """

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        # The plain-text limit, for forms and validation; the column itself holds the longer ciphertext.
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)

    def formfield(self, **kwargs: Any) -> forms.Field:  # type: ignore[override]
        defaults = {
            "form_class": forms.CharField,
            "max_length": self.plain_max_length,
            "widget": forms.TextInput,
        }
        field = super().formfield(**{**defaults, **kwargs})
        assert field is not None  # a TextField always has a form field
        return field
