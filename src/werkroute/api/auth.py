"""Who calls: an OAuth2 access token (client credentials) of an :class:`ApiClient`, with its scopes.

On success the request carries the client and its system account, judged by the policies as a person of
the client's organisation; the call is logged like a page view and counted against the client's rate
limit. Everything else answers with a problem document (401, 403 or 429).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from oauth2_provider.oauth2_backends import get_oauthlib_core

from werkroute.accounts.policies import act_for_organisation
from werkroute.api import scopes as api_scopes
from werkroute.api.models import ApiClient
from werkroute.api.problems import ApiProblem, forbidden
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction


def unauthorised() -> ApiProblem:
    return ApiProblem(
        401,
        _("Niet geauthenticeerd"),
        _("Stuur een geldig toegangstoken mee (OAuth2 client credentials)."),
        kind="unauthorised",
        headers={"WWW-Authenticate": 'Bearer realm="werkroute"'},
    )


def _rate_limit(api_client: ApiClient) -> None:
    """A fixed window per client and minute, counted in the cache named ``api``."""
    limit = int(settings.WERKROUTE_API_RATE_LIMIT)
    if limit <= 0:
        return
    window = int(time.time()) // 60
    # By the system account's random name, not the row id, which a new database can give out again.
    key = f"api:rate:{api_client.user.username}:{window}"
    cache = caches["api"]
    cache.add(key, 0, 120)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 120)
        count = 1
    if count > limit:
        retry_after = 60 - int(time.time()) % 60
        raise ApiProblem(
            429,
            _("Te veel verzoeken"),
            _(
                "Deze client heeft meer dan %(limit)s verzoeken per minuut gedaan. Probeer het over %(seconds)s seconden opnieuw."
            )
            % {"limit": limit, "seconds": retry_after},
            kind="rate-limited",
            headers={"Retry-After": str(retry_after)},
        )


class OAuth2ClientCredentials(HttpBearer):
    """Bearer token of django-oauth-toolkit, with the scope an operation needs."""

    openapi_type = "oauth2"

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        result = super().__call__(request)
        if result is None:
            audit.record(
                AuditAction.REFUSED,
                object_type="api",
                object_id=request.path[:64],
                changes={"reason": "no_valid_token"},
            )
            raise unauthorised()
        return result

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
        if not valid:
            return None
        access_token = oauth_request.access_token
        # Read with the token (werkroute.api.oauth.Validator).
        api_client: ApiClient | None = getattr(access_token.application, "api_client", None)
        if api_client is None or not api_client.is_active or not api_client.user.is_active:
            return None
        user = api_client.user
        act_for_organisation(user, api_client.organisation)
        audit.name_system_actor(
            user, name=f"systeem: {api_client.name}", organisation=api_client.organisation.name
        )
        request.user = user
        request.api_client = api_client  # type: ignore[attr-defined]
        # What the token names, the client holds, and its kind of organisation may hold at all (a scope
        # written into the database by hand gives a statistics office no case files).
        request.api_scopes = (  # type: ignore[attr-defined]
            frozenset(access_token.scope.split())
            & api_client.scope_set
            & api_scopes.allowed_for(api_client.organisation.kind)
        )
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="api",
            object_id=f"{request.method} {request.path}"[:64],
            changes={"query": request.META.get("QUERY_STRING", "")[:500]} if request.method == "GET" else {},
        )
        _rate_limit(api_client)
        if self.scope not in request.api_scopes:  # type: ignore[attr-defined]
            audit.record(
                AuditAction.REFUSED,
                actor=user,
                object_type="api",
                object_id=request.path[:64],
                changes={"reason": "missing_scope", "scope": self.scope},
            )
            raise forbidden(_("Deze client heeft de scope ‘%(scope)s’ niet.") % {"scope": self.scope})
        return api_client


_instances: dict[str, OAuth2ClientCredentials] = {}


def needs(scope: str) -> OAuth2ClientCredentials:
    """The authentication of an operation that needs ``scope``."""
    if scope not in _instances:
        _instances[scope] = OAuth2ClientCredentials(scope)
    return _instances[scope]


def has_scope(request: HttpRequest, scope: str) -> bool:
    return scope in getattr(request, "api_scopes", frozenset())
