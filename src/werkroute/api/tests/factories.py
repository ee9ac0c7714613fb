"""API clients with real tokens: made through the api services and fetched from the real token URL."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import factory
from django.test import Client as HttpClient
from oauth2_provider.models import Application

from werkroute.accounts.tests.factories import UserFactory
from werkroute.api.models import ApiClient, Channel, Delivery, IdempotentRequest, Subscription
from werkroute.api.scopes import SCOPES
from werkroute.api.services import create_api_client
from werkroute.regions.models import Organisation
from werkroute.regions.tests.factories import OrganisationFactory

ALL_SCOPES = list(SCOPES)
TOKEN_URL = "/api/v1/oauth/token"


def token_for(client_id: str, secret: str, scope: str = "") -> Any:
    """POST to the token URL as a system would (client credentials, HTTP Basic)."""
    http = HttpClient()
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    return http.post(TOKEN_URL, data, HTTP_AUTHORIZATION=f"Basic {basic}")


@dataclass
class System:
    """An API client with a token and a test client that sends it."""

    api_client: ApiClient
    client_id: str
    secret: str
    token: str

    def http(self) -> HttpClient:
        return HttpClient(headers={"Authorization": f"Bearer {self.token}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.http().get(f"/api/v1{path}", params)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.http().post(
            f"/api/v1{path}", body or {}, content_type="application/json", headers=headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.http().patch(f"/api/v1{path}", body, content_type="application/json")


def system_for(organisation: Organisation, scopes: list[str] | None = None) -> System:
    api_client, secret = create_api_client(organisation=organisation, scopes=scopes or ALL_SCOPES)
    response = token_for(api_client.application.client_id, secret)
    assert response.status_code == 200, response.content
    return System(api_client, api_client.application.client_id, secret, response.json()["access_token"])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    name = factory.Sequence(lambda number: f"Systeem {number}")
    client_type = "confidential"
    authorization_grant_type = "client-credentials"


class ApiClientFactory(factory.django.DjangoModelFactory):
    """A row only; a client with a token comes from :func:`system_for`."""

    class Meta:
        model = ApiClient

    name = factory.Sequence(lambda number: f"Systeem {number}")
    organisation = factory.SubFactory(OrganisationFactory)
    application = factory.SubFactory(ApplicationFactory)
    user = factory.SubFactory(UserFactory)
    scopes = "clients:read"


class IdempotentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdempotentRequest

    api_client = factory.SubFactory(ApiClientFactory)
    key = factory.Sequence(lambda number: f"sleutel-{number}")
    fingerprint = "0" * 64
    status_code = 201
    resource_id = "1"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    api_client = factory.SubFactory(ApiClientFactory)
    channel = Channel.CONSENTS
    callback_url = "https://example.org/werkroute"
    secret = "geheim"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    subscription = factory.SubFactory(SubscriptionFactory)
    event = factory.Dict({"specversion": "1.0", "type": "nl.werkroute.consents.changed"})
