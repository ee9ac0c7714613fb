from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_info

from werkroute.core import replay

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A hidden one-time token; see :mod:`werkroute.core.replay`."""
    return format_html('<input type="hidden" name="{}" value="{}">', replay.FIELD, replay.new_token())


@register.filter
def language_name(code: str) -> str:
    """The name of an ISO 639-1 language in the reader's language; the code itself for languages Django
    has no name for (such as Tigrinya or Somali)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code.upper()
