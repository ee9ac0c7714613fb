"""Notifications to subscribed systems: CloudEvents (NL GOV profile) when a referral, a plan, a consent or
a signal changes, delivered by the job queue (``api/tasks.py``) with retries and back-off, signed with HMAC-SHA256.

An event holds no personal data: its type, when, and a link (``dataref``) to the resource, which the
system reads with its own token, so that what it gets is decided by the policies at the moment it reads.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from werkroute.accounts.policies import act_for_organisation
from werkroute.api.models import Channel, Delivery, Subscription
from werkroute.cases.models import Client, Consent, PlanVersion
from werkroute.cases.scope import client_scope
from werkroute.followup.models import signals_changed
from werkroute.placements.models import Referral

SIGNATURE_HEADER = "Werkroute-Signature"
SOURCE = "urn:nld:werkroute:api:v1"
# Seconds before the attempts after the first: back-off doubling from a minute to about an hour.
RETRY_DELAYS = (60, 120, 240, 480, 960, 1920, 3840)

RESOURCE_PATHS = {
    Channel.REFERRALS: "clients/{client}/referrals",
    Channel.PLANS: "clients/{client}/plan-versions",
    Channel.CONSENTS: "clients/{client}/consents",
    Channel.SIGNALS: "signals?clientId={client}",
}


def cloud_event(channel: str, client_id: Any) -> dict[str, Any]:
    """A CloudEvent 1.0 in the NL GOV profile: reverse-DNS type, a URN source, a link as ``dataref``, no
    ``data``: nothing about the person travels in the notification."""
    return {
        "specversion": "1.0",
        "type": f"nl.werkroute.{channel}.changed",
        "source": SOURCE,
        "id": str(uuid.uuid4()),
        "time": timezone.now().isoformat(),
        "datacontenttype": "application/json",
        "dataref": settings.WERKROUTE_API_URL.rstrip("/")
        + "/"
        + RESOURCE_PATHS[Channel(channel)].format(client=client_id),
    }


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _visible(subscription: Subscription, client_ids: list[Any]) -> list[Any]:
    user = subscription.api_client.user
    act_for_organisation(user, subscription.api_client.organisation)
    visible = set(Client.objects.filter(client_scope(user), pk__in=client_ids).values_list("pk", flat=True))
    return [client_id for client_id in client_ids if client_id in visible]


def notify(channel: str, client_id: Any) -> list[Delivery]:
    """Queue one delivery per active subscription of ``channel`` whose system may see the client."""
    return notify_many(channel, [client_id])


def notify_many(channel: str, client_ids: list[Any]) -> list[Delivery]:
    """Queue a delivery per client and active subscription of ``channel`` whose system may see that
    client: one query per subscription, however many clients changed (the nightly sweep changes many)."""
    from werkroute.api import tasks

    deliveries = []
    subscriptions = Subscription.objects.filter(
        channel=channel, is_active=True, api_client__is_active=True
    ).select_related("api_client__user", "api_client__organisation")
    for subscription in subscriptions:
        for client_id in _visible(subscription, client_ids):
            delivery = Delivery.objects.create(
                subscription=subscription, event=cloud_event(channel, client_id)
            )
            deliveries.append(delivery)
            transaction.on_commit(partial(tasks.deliver, delivery.pk))
    return deliveries


def _signals_changed(sender: Any, client_ids: list[Any], **kwargs: Any) -> None:
    notify_many(Channel.SIGNALS, list(client_ids))


def _changed(channel: str) -> Any:
    def receiver(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            notify(channel, instance.client_id)

    return receiver


_RECEIVERS = {
    Referral: _changed(Channel.REFERRALS),
    PlanVersion: _changed(Channel.PLANS),
    Consent: _changed(Channel.CONSENTS),
}


def connect() -> None:
    """Listen to the saves of the three models and to the follow-up app's announcement of changed
    signals (the apps below do not know the API exists)."""
    for model, receiver in _RECEIVERS.items():
        post_save.connect(receiver, sender=model, dispatch_uid=f"api-notify-{model.__name__}")
    signals_changed.connect(_signals_changed, dispatch_uid="api-notify-signals")


def encoded(event: dict[str, Any]) -> bytes:
    return json.dumps(event, separators=(",", ":"), sort_keys=True).encode()
