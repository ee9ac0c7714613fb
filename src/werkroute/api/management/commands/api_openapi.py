"""``werkroute api_openapi``: print the OpenAPI document of ``/api/v1`` (what Spectral lints in CI)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Toon het OpenAPI-document van /api/v1 (JSON)."

    def handle(self, *args: Any, **options: Any) -> None:
        from werkroute.api.urls import api  # the routers are added when the URLs are built

        self.stdout.write(json.dumps(api.get_openapi_schema(), indent=1, ensure_ascii=False, default=str))
