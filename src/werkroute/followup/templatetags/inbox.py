"""The inbox's rows, written in Python rather than by the template language: up to a hundred rows on the
caseload, the page a caseworker opens most, where resolving eight variables a row one by one was most
of the block's processor time. Every value is escaped as the template would escape it."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from werkroute.followup.selectors import SignalRow

register = template.Library()


@register.simple_tag
def inbox_rows(rows: Iterable[SignalRow]) -> SafeString:
    snooze, dismiss = _("Uitstellen"), _("Afwijzen")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>'
        '<td><a class="signal-action" href="{}">{}</a>'
        ' · <a href="{}">{}</a> · <a href="{}">{}</a></td></tr>',
        (
            (
                row.client_url,
                row.client_name,
                row.name,
                row.reason,
                row.action,
                row.action_label,
                row.snooze_url,
                snooze,
                row.dismiss_url,
                dismiss,
            )
            for row in rows
        ),
    )
