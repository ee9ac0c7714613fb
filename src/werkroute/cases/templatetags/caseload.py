"""The caseload's rows, written in Python rather than by the template language.

The caseload is the page a caseworker opens most, fifty rows at a time, and the template language spent
most of its processor time there resolving some seven hundred variables one by one. Here each row is
one ``format_html`` call with every value escaped as the template would escape it; the texts are
translated once per page and the client URL is reversed once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_STAND_IN = uuid.UUID(int=0)


@register.simple_tag
def caseload_rows(clients: Iterable[Any]) -> SafeString:
    labels = {
        "name": _("Naam"),
        "municipality": _("Gemeente"),
        "cohort": _("Cohort"),
        "route": _("Leerroute"),
        "position": _("Positie nu"),
        "activity": _("Activiteit"),
        "caseworker": _("Klantmanager"),
    }
    attention = format_html(' <span class="tag tag-warning">{}</span>', _("aandacht nodig"))
    work = format_html('<span class="tag tag-work">{}</span>', _("werk"))
    assistance = format_html('<span class="tag">{}</span>', _("bijstand"))
    education = format_html('<span class="tag">{}</span>', _("onderwijs"))
    no_position = format_html('<span class="muted">{}</span>', _("geen"))
    running = _("lopend")
    none_running = format_html('<span class="tag tag-warning">{}</span>', _("geen lopende"))
    url = reverse("cases:client", kwargs={"client_id": _STAND_IN})

    def row(client: Any) -> tuple[Any, ...]:
        tags = [
            tag
            for tag, holds in (
                (work, client.in_paid_work),
                (assistance, client.on_assistance),
                (education, client.in_education),
            )
            if holds
        ]
        return (
            labels["name"],
            url.replace(str(_STAND_IN), str(client.pk)),
            client.last_name,
            client.first_name,
            attention if client.needs_attention else "",
            labels["municipality"],
            client.municipality.name,
            labels["cohort"],
            client.cohort or "–",
            labels["route"],
            client.get_current_learning_route_display() or "–",
            labels["position"],
            mark_safe("\n".join(tags)) if tags else no_position,  # noqa: S308 (parts made by format_html)
            labels["activity"],
            running if client.has_active_activity else none_running,
            labels["caseworker"],
            client.caseworker or "–",
        )

    return format_html_join(
        "\n",
        "<tr>"
        '<td data-label="{}"><a href="{}">{}, {}</a>{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        "</tr>",
        (row(client) for client in clients),
    )
