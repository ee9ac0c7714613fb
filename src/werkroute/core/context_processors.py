from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def languages(request: HttpRequest) -> dict[str, Any]:
    """The languages the staff pages offer (the portal offers all of ``LANGUAGES``)."""
    return {"staff_language_codes": settings.WERKROUTE_STAFF_LANGUAGES}
