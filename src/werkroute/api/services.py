"""Every write of the api app: API clients, idempotent creations, subscriptions.

The resources themselves are written through the services of their own apps (cases, placements), called
by the endpoints exactly as the pages call them; this module holds only what belongs to the API.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from oauth2_provider.models import get_application_model

from werkroute.accounts.models import User
from werkroute.api import scopes as api_scopes
from werkroute.api.models import ApiClient, IdempotentRequest, Subscription
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.regions.models import Organisation


def find_organisation(slug: str) -> Organisation:
    """The organisation whose name, as a slug, is ``slug`` (``gemeente-nijmegen``); LookupError otherwise,
    also when two organisations share that slug."""
    found = [item for item in Organisation.objects.all() if slugify(item.name) == slug.strip().lower()]
    if len(found) != 1:
        raise LookupError(slug)
    return found[0]


@transaction.atomic
def create_api_client(
    *,
    organisation: Organisation,
    scopes: list[str],
    name: str = "",
    actor: User | None = None,
    demo: bool = False,
) -> tuple[ApiClient, str]:
    """Register a system for ``organisation`` with ``scopes``; returns it and its secret, which is stored
    only as a hash and cannot be shown again."""
    for scope in scopes:
        if scope not in api_scopes.SCOPES:
            raise ValueError(scope)
    name = name or f"{organisation.name} (systeem)"
    # A demo system is a demo account, so that production refuses to start while it exists.
    user = User(
        username=f"systeem-{secrets.token_hex(6)}",
        first_name=name[:150],
        is_active=True,
        is_demo_account=demo,
    )
    user.set_unusable_password()
    user.save()
    secret = secrets.token_urlsafe(32)
    application = get_application_model().objects.create(
        name=name,
        client_type="confidential",
        authorization_grant_type="client-credentials",
        client_secret=secret,
    )
    client = ApiClient.objects.create(
        name=name, organisation=organisation, application=application, user=user, scopes=" ".join(scopes)
    )
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        actor_name="" if actor else "werkroute api_client",
        object_type="api_client",
        object_id=client.pk,
        changes={"organisation": organisation.pk, "scopes": scopes},
    )
    return client, secret


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests the same: method, path and the body's content. A JSON body counts by its
    value (a retry serialised anew, keys in another order, is the same request); anything else by its bytes."""
    try:
        content = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        content = body
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), content])).hexdigest()


class IdempotencyConflict(Exception):
    """The key was used before for a different request."""


def idempotent(
    api_client: ApiClient,
    key: str,
    request_fingerprint: str,
    create: Callable[[], tuple[int, Any, str]],
    replay: Callable[[str], Any],
) -> tuple[int, Any]:
    """Run ``create`` (which returns status, body and the id of what it made) once per ``key``: a retry
    with the same key and request gets ``replay(id)``, the record as it is now.

    The creation and the remembered id commit together, so a retry after a crash finds both or neither;
    two requests with one key at the same moment are serialised by the unique key.
    """
    previous = IdempotentRequest.objects.filter(api_client=api_client, key=key).first()
    if previous is None:
        try:
            with transaction.atomic():
                status_code, body, resource_id = create()
                IdempotentRequest.objects.create(
                    api_client=api_client,
                    key=key,
                    fingerprint=request_fingerprint,
                    status_code=status_code,
                    resource_id=resource_id,
                )
                return status_code, body
        except IntegrityError:
            previous = IdempotentRequest.objects.filter(api_client=api_client, key=key).first()
            if previous is None:
                raise
    if previous.fingerprint != request_fingerprint:
        raise IdempotencyConflict(key)
    return previous.status_code, replay(previous.resource_id)


DEMO_CLIENT_NAME = "Demosysteem"


@transaction.atomic
def replace_demo_client(organisation: Organisation) -> tuple[ApiClient, str]:
    """A fresh demo API client with every scope for ``organisation``; earlier demo clients of it are
    removed, since their secrets were shown once and are gone."""
    for old in ApiClient.objects.filter(
        organisation=organisation, name=DEMO_CLIENT_NAME, user__is_demo_account=True
    ):
        old.application.delete()
        old.user.delete()
    return create_api_client(
        organisation=organisation, scopes=list(api_scopes.SCOPES), name=DEMO_CLIENT_NAME, demo=True
    )


@transaction.atomic
def subscribe(api_client: ApiClient, *, channel: str, callback_url: str) -> tuple[Subscription, str]:
    """Subscribe the system to ``channel``; returns the subscription and the signing secret, shown once."""
    secret = secrets.token_urlsafe(32)
    subscription = Subscription(
        api_client=api_client, channel=channel, callback_url=callback_url, secret=secret
    )
    subscription.full_clean()
    subscription.save()
    audit.record(
        AuditAction.CREATE,
        actor=api_client.user,
        object_type="subscription",
        object_id=subscription.pk,
        changes={"channel": channel, "callback_url": callback_url},
    )
    return subscription, secret


@transaction.atomic
def unsubscribe(api_client: ApiClient, subscription: Subscription) -> None:
    """End a subscription; its delivery log stays."""
    subscription.is_active = False
    subscription.save(update_fields=["is_active"])
    audit.record(
        AuditAction.UPDATE, actor=api_client.user, object_type="subscription", object_id=subscription.pk
    )
