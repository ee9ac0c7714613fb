"""One middleware that gives every request its id, its log line and its place in the metrics.

The id is the one the audit entries of the request carry: a proxy's ``X-Request-ID`` when it is a plain
token, otherwise a new one, written back into the request for ``audit.middleware`` and bound to the log
context, and returned in the response's ``X-Request-ID``. The log line names the URL pattern (e.g.
``klanten/<uuid:pk>/``), never the path with its query string, and no user: the audit log says who.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from werkroute.core.metrics import observe_request

logger = structlog.get_logger("werkroute.request")

_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Probes and scrapes arrive every few seconds: their lines would drown the rest.
_QUIET_ROUTES = {"health/live/", "health/ready/", "metrics/"}


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if _TOKEN.match(given) else uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.route
    # WhiteNoise answers static files before the URL conf is consulted.
    return "static" if request.path.startswith(settings.STATIC_URL or "/static/") else "unmatched"


class RequestObservationMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        request.META["HTTP_X_REQUEST_ID"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        try:
            response: HttpResponse = self.get_response(request)
            seconds = time.perf_counter() - started
            route = route_of(request)
            observe_request(route, request.method or "", response.status_code, seconds)
            log = logger.debug if route in _QUIET_ROUTES else logger.info
            log(
                "request",
                method=request.method,
                route=route,
                status=response.status_code,
                duration_s=round(seconds, 4),
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            structlog.contextvars.clear_contextvars()
