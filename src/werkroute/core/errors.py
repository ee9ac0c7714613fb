"""The server-error page, which tells a database outage apart from a fault in the code.

When PostgreSQL restarts or is unreachable, a request fails with a database error: the person is told
in Dutch that nothing went wrong on their side and to try again in a moment (503 with ``Retry-After``),
rather than the general error page. A write in such a request was not saved (its transaction did not
commit), so trying again is safe.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from werkroute.core.middleware import error_templates

RETRY_AFTER_SECONDS = 15


def database_unavailable(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, as Django renders its 500 page: the context processors would read the
    # session and the user from the database that is down.
    response = HttpResponse(loader.get_template("503_database.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        try:
            return database_unavailable(request)
        except Exception:  # rendering needs the database too (e.g. the session): fall back to the plain page
            return HttpResponse(
                "Werkroute kan de gegevens even niet bereiken; wat u net opsloeg is niet bewaard. "
                "Probeer het over een minuut opnieuw.",
                status=503,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
    # Rendered without the request, as Django renders its 500 page; under the portal the client's own page,
    # in the language still active for this request (the staff page speaks only Dutch and English).
    return HttpResponse(loader.select_template(error_templates(request, "500.html")).render(), status=500)
