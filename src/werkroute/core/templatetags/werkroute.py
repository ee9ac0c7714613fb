from django import template
from django.utils.html import format_html

from werkroute.core import replay

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A hidden one-time token; see :mod:`werkroute.core.replay`."""
    return format_html('<input type="hidden" name="{}" value="{}">', replay.FIELD, replay.new_token())
