"""``/api/v1``: the operations, the OpenAPI document and the OAuth2 token endpoint.

Systems have no session: every view here is exempt from the login requirement of the pages and answers
for itself (a token, or a problem document).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from oauth2_provider.views import TokenView

from werkroute.api import problems
from werkroute.api.api import api
from werkroute.api.endpoints import (
    case_actions,
    cases,
    clients,
    employer,
    interventions,
    monitoring,
    referrals,
    signals,
    subscriptions,
)

api.add_router("", clients.router)
api.add_router("", cases.router)
api.add_router("", case_actions.router)
api.add_router("", referrals.router)
api.add_router("", employer.router)
api.add_router("", signals.router)
api.add_router("", interventions.router)
api.add_router("", monitoring.router)
api.add_router("", subscriptions.router)


def _without_login(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _without_login(pattern.url_patterns)
        else:
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns


def _unknown(request: HttpRequest) -> HttpResponse:
    """Any other path under /api/v1 (a trailing slash included): a problem document, not a page."""
    return problems.problem_response(request, problems.not_found())


api_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path("oauth/token", login_not_required(TokenView.as_view()), name="api-token"),
    # django-ninja's root view only serves its docs page, which this API leaves out.
    *_without_login([item for item in api_patterns if getattr(item, "name", "") != "api-root"]),
    re_path(r"", login_not_required(_unknown)),
]
