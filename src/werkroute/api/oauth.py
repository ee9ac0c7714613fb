"""The scopes django-oauth-toolkit may grant (all of the API, but to each client only its own), and how it
loads a token."""

from __future__ import annotations

import hashlib
from typing import Any

from oauth2_provider.models import get_access_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from werkroute.api.scopes import SCOPES, allowed_for


class ClientScopes(BaseScopes):
    def get_all_scopes(self) -> dict[str, str]:
        return {name: str(label) for name, label in SCOPES.items()}

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        client = getattr(application, "api_client", None) if application is not None else None
        if client is None or not client.is_active:
            return []
        return sorted(client.scope_set & allowed_for(client.organisation.kind))

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return self.get_available_scopes(application, request)


class Validator(OAuth2Validator):
    """django-oauth-toolkit's validator, loading with the token the API client it belongs to (its
    organisation and system account), so that a call pays one query for both instead of two."""

    def _load_access_token(self, token: str) -> Any:
        # As the toolkit finds a token (stored as a SHA-256 checksum, never in plain text), with more joined.
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        return (
            get_access_token_model()
            .objects.select_related(
                "application__api_client__organisation", "application__api_client__user", "user"
            )
            .filter(token_checksum=checksum)
            .first()
        )

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        # A client switched off (or its system account) gets no new token: without this the toolkit gave
        # one, with no scope, that every call then refused.
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        api_client = getattr(request.client, "api_client", None)
        return api_client is not None and api_client.is_active and api_client.user.is_active
