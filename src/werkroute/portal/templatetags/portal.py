from __future__ import annotations

from django import template

from werkroute.portal import labels

register = template.Library()


@register.filter
def activity_type(value: str) -> str:
    return labels.label(labels.ACTIVITY_TYPES, value)


@register.filter
def activity_status(value: str) -> str:
    return labels.label(labels.ACTIVITY_STATUSES, value)


@register.filter
def message_kind(value: str) -> str:
    return labels.label(labels.MESSAGE_KINDS, value)
