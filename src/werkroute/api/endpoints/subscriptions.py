"""Subscriptions to notifications (``/subscriptions``): CloudEvents with a link, signed with a secret."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Status

from werkroute.api import services
from werkroute.api.auth import needs
from werkroute.api.endpoints.common import IDEMPOTENCY, idempotent_create
from werkroute.api.models import Subscription
from werkroute.api.naming import CamelSchema
from werkroute.api.problems import error_responses

router = Router(tags=["notificaties"])


class SubscriptionOut(CamelSchema):
    id: int
    channel: str = Field(description="referrals, plans, consents of signals.")
    callback_url: str
    is_active: bool
    created_at: dt.datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="Sleutel van de HMAC-SHA256-handtekening; wordt één keer getoond.")


class SubscriptionIn(CamelSchema):
    channel: str = Field(description="referrals, plans, consents of signals.")
    callback_url: str = Field(
        description="HTTPS-adres op het internet dat de CloudEvents ontvangt; adressen in een intern "
        "netwerk (loopback, privé, link-local) worden geweigerd."
    )


def _subscription(subscription: Subscription) -> dict[str, Any]:
    return {name: getattr(subscription, name) for name in SubscriptionOut.model_fields}


@router.get(
    "/subscriptions",
    response={200: list[SubscriptionOut], **error_responses()},
    auth=needs("notifications:write"),
    operation_id="listSubscriptions",
    summary="De abonnementen van deze client",
    by_alias=True,
)
def list_subscriptions(request: HttpRequest) -> Any:
    own = Subscription.objects.filter(api_client=request.api_client).order_by("pk")  # type: ignore[attr-defined]
    return [_subscription(item) for item in own]


@router.post(
    "/subscriptions",
    response={201: SubscriptionCreated, **error_responses(422)},
    auth=needs("notifications:write"),
    operation_id="subscribe",
    summary="Abonneren op notificaties van een kanaal",
    by_alias=True,
)
def subscribe(request: HttpRequest, body: SubscriptionIn, idempotency_key: str | None = IDEMPOTENCY) -> Any:
    def create() -> Any:
        subscription, secret = services.subscribe(
            request.api_client,  # type: ignore[attr-defined]
            channel=body.channel,
            callback_url=body.callback_url,
        )
        return _subscription(subscription) | {"secret": secret}

    def replay(pk: str) -> Any:
        # The secret was shown once, to the first request; a retry gets the subscription without it.
        return _subscription(Subscription.objects.get(pk=pk)) | {"secret": ""}

    return idempotent_create(request, idempotency_key, create, replay)


@router.delete(
    "/subscriptions/{subscription_id}",
    response={204: None, **error_responses()},
    auth=needs("notifications:write"),
    operation_id="unsubscribe",
    summary="Een abonnement beëindigen",
)
def unsubscribe(request: HttpRequest, subscription_id: int) -> Any:
    subscription = Subscription.objects.filter(
        api_client=request.api_client,  # type: ignore[attr-defined]
        pk=subscription_id if 0 < subscription_id < 2**63 else 0,
        is_active=True,
    ).first()
    if subscription is None:
        raise Http404
    services.unsubscribe(request.api_client, subscription)  # type: ignore[attr-defined]
    return Status(204, None)
