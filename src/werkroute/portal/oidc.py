"""Signing in with DigiD, through an OpenID Connect broker as Dutch municipalities connect it
(mozilla-django-oidc). The broker's BSN claim finds the client through the keyed BSN hash
(``Client.bsn_hash``); an unknown BSN gets a clear page and nothing is created. A known client without an
account gets one, linked to their file, on their first sign-in."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from werkroute.accounts.models import User
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import client_services
from werkroute.cases.models import Client
from werkroute.core.crypto import lookup_hash
from werkroute.core.values import validate_bsn

BACKEND = "werkroute.portal.oidc.DigiDBackend"


class DigiDBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Finds the client's account by the BSN claim; never by e-mail or name."""

    def _bsn(self, claims: dict[str, Any]) -> str:
        return str(claims.get(self.get_settings("OIDC_BSN_CLAIM", "bsn"), "")).strip()

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        try:
            validate_bsn(self._bsn(claims))
        except Exception:
            return False
        return bool(self._bsn(claims))

    def _client(self, claims: dict[str, Any]) -> Client | None:
        return Client.objects.filter(bsn_hash=lookup_hash(self._bsn(claims))).first()

    def filter_users_by_claims(self, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        client = self._client(claims)
        if client is None:
            return User.objects.none()
        return User.objects.filter(client_account__client=client, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User | None:
        client = self._client(claims)
        if client is None:
            # Unknown BSN: nothing is made. Logged without the BSN, which is not ours to keep.
            audit.record(AuditAction.REFUSED, actor=None, object_type="digid_login", object_id="unknown_bsn")
            return None
        with transaction.atomic():
            user = User.objects.create_user(username=f"digid-{uuid.uuid4().hex[:20]}")
            user.set_unusable_password()
            user.save(update_fields=["password"])
            client_services.open_client_account(None, client, user)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        try:
            return super().get_or_create_user(access_token, id_token, payload)  # type: ignore[no-any-return]
        except SuspiciousOperation:
            return None


start = login_not_required(OIDCAuthenticationRequestView.as_view())


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    pass


callback = CallbackView.as_view()


@login_not_required
def unknown(request: HttpRequest) -> HttpResponse:
    """Where a DigiD sign-in ends that found no file (or failed): what to do now, nothing stored."""
    return render(request, "portal/digid_unknown.html", status=200)


def broker_logout_url(request: HttpRequest) -> str | None:
    """Where the browser goes to end the DigiD session at the broker too (OpenID Connect RP-Initiated
    Logout): its ``end_session_endpoint`` with the ID token of this sign-in as ``id_token_hint`` and our
    sign-in page as ``post_logout_redirect_uri`` (registered at the broker). Without it, the next person
    on a shared phone would be signed in as this client by the broker without a question.

    ``None`` for a session that did not come through DigiD (the demo password) or when no endpoint is
    configured. Call it before the session is flushed: the ID token lives in it."""
    endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
    id_token = request.session.get("oidc_id_token")
    if not (endpoint and id_token):
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("portal:login")),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{endpoint}?{query}"
