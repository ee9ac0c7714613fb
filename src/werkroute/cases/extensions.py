"""Places on the case file's pages where an app above cases adds a block of its own.

The case file cannot import the apps above it (the layers in ``docs/architecture.md``), yet the follow-up
app's signals belong at the top of the caseworker's start page and of the client file. As with
``events.register``, the app above registers a function here (in its ``AppConfig.ready``); the page
calls every function of its place and shows what they return, in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

# A block: the request and the page's subject (the client file, or None on the start page) → HTML, or "".
Block = Callable[[HttpRequest, Any], str]

START_PAGE = "start_page"
CLIENT_FILE = "client_file"
# A part of the client file that a block may take over: the events that ask for the caseworker
# (``ClientFile.attention``), which the follow-up app shows within its signals.
ATTENTION = "attention"
_BLOCKS: dict[str, list[Block]] = {START_PAGE: [], CLIENT_FILE: []}
_SHOWN: dict[str, set[str]] = {START_PAGE: set(), CLIENT_FILE: set()}


def register(place: str, block: Block, shows: tuple[str, ...] = ()) -> None:
    """Add ``block`` to ``place``; ``shows`` names parts of the page the block shows in its own way, so
    that the page leaves them out instead of showing them twice."""
    if block not in _BLOCKS[place]:
        _BLOCKS[place].append(block)
    _SHOWN[place].update(shows)


def shown_by_blocks(place: str) -> frozenset[str]:
    return frozenset(_SHOWN[place])


def render(place: str, request: HttpRequest, subject: Any = None) -> SafeString:
    """The blocks of ``place``, each already rendered (and escaped) by its own template."""
    return format_html_join("", "{}", ((SafeString(block(request, subject)),) for block in _BLOCKS[place]))
