"""Markdown documents of the repository (such as the algorithm register) as safe HTML for a page."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# CommonMark with tables (the register is written as tables), and no raw HTML from the source.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")


def render(text: str) -> SafeString:
    """``text`` as HTML. The parser leaves raw HTML out; nh3 (Ammonia) removes anything else that could
    run script or load from elsewhere, such as ``javascript:`` links, so the result may be shown as is."""
    return mark_safe(nh3.clean(_PARSER.render(text), url_schemes={"http", "https", "mailto"}))  # noqa: S308
