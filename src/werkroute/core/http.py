"""File downloads."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as ``filename`` instead of showing it."""
    header = content_disposition_header(as_attachment=True, filename=filename)
    assert header is not None  # None only for an inline response without a name
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = header
    return response
