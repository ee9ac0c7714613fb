"""A search-as-you-type picker for ESCO occupations and skills.

Selected concepts are rendered as checked checkboxes (radio buttons for a single choice); typing in the
search box asks the server (htmx) for matching concepts, which appear as unchecked options below. It
works with the keyboard and a screen reader, submits plain form values, and never sends the whole list
of 3,000 occupations to the browser.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from werkroute.core.http import parse_id


class TaxonomyPicker(forms.Widget):
    template_name = "taxonomy/picker.html"

    def __init__(self, kind: str, *, multiple: bool, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.multiple = multiple

    def value_from_datadict(self, data, files, name):  # type: ignore[no-untyped-def]
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if not isinstance(values, list):
            values = [] if values in (None, "") else [values]
        # The picker submits database ids. Anything else was not chosen by anyone (a tampered or garbled
        # request) and is dropped here, before a query sees it: an id beyond the key's range makes the
        # database driver fail (``pk__in`` raises OverflowError on SQLite) instead of matching nothing.
        ids = [str(pk) for pk in (parse_id(value) for value in values[:100]) if pk is not None]
        if self.multiple:
            return ids
        return ids[0] if ids else None

    def value_omitted_from_data(self, data, files, name):  # type: ignore[no-untyped-def]
        return False

    def get_context(self, name, value, attrs):  # type: ignore[no-untyped-def]
        context = super().get_context(name, value, attrs)
        from werkroute.taxonomy.models import Occupation, Skill

        model = Occupation if self.kind == "occupation" else Skill
        if value in (None, "", []):
            selected_ids: list[Any] = []
        elif isinstance(value, list | tuple):
            selected_ids = list(value)
        else:
            selected_ids = [value]
        safe_ids = [pk for pk in (parse_id(getattr(item, "pk", item)) for item in selected_ids) if pk]
        selected = list(model.objects.filter(pk__in=safe_ids))
        context["widget"].update(
            {
                "selected": selected,
                "input_type": "checkbox" if self.multiple else "radio",
                "search_url": reverse("taxonomy:search", kwargs={"kind": self.kind}),
                "kind": self.kind,
            }
        )
        return context
