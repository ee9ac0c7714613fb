from __future__ import annotations

from werkroute.api.api import API_VERSION

API_PREFIX = "/api/"


class ApiVersionMiddleware:
    """Every answer of the API names its full version (NL API Design Rules), errors included."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = API_VERSION
        return response
