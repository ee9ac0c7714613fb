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

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from oauth2_provider.models import get_access_token_model, get_application_model, get_refresh_token_model

from werkroute.accounts.models import User
from werkroute.api import callbacks
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
    api_scopes.check_for_kind(organisation.kind, scopes)
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


def find_api_client(client_id: str) -> ApiClient:
    """The API client with OAuth2 ``client_id`` (as ``api_client create`` printed it); LookupError
    otherwise."""
    found = (
        ApiClient.objects.select_related("application", "organisation")
        .filter(application__client_id=client_id.strip())
        .first()
    )
    if found is None:
        raise LookupError(client_id)
    return found


@transaction.atomic
def set_api_client_active(api_client: ApiClient, *, active: bool, actor: User | None = None) -> int:
    """Switch a system on or off; returns how many live tokens were revoked.

    Switched off, it gets no new token (``werkroute.api.oauth.Validator``) and the tokens it holds are
    deleted at once, so that switching it on again later does not bring an old, perhaps leaked, token
    back to life: it asks for a new one. Its subscriptions stay, but nothing is delivered to them while it
    is off. Audited, also when nothing changed (someone asked)."""
    was_active = api_client.is_active
    api_client.is_active = active
    api_client.save(update_fields=["is_active"])
    revoked = 0
    if not active:
        # Client credentials hand out no refresh tokens; any there are go too.
        get_refresh_token_model().objects.filter(application=api_client.application).delete()
        tokens = get_access_token_model().objects.filter(application=api_client.application)
        revoked = tokens.count()
        tokens.delete()
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        actor_name="" if actor else "werkroute api_client",
        object_type="api_client",
        object_id=api_client.pk,
        changes={"is_active": [was_active, active], "revoked_tokens": revoked},
    )
    return revoked


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
    """Subscribe the system to ``channel``; returns the subscription and the signing secret, shown once.
    A callback URL that leads into the internal network, or goes over the internet without TLS, is
    refused (:func:`werkroute.api.callbacks.refusal`); every delivery checks it again."""
    secret = secrets.token_urlsafe(32)
    subscription = Subscription(
        api_client=api_client, channel=channel, callback_url=callback_url, secret=secret
    )
    try:
        subscription.full_clean()
    except ValidationError as invalid:
        errors = invalid.message_dict
    else:
        errors = {}
    if "callback_url" not in errors:
        refused = callbacks.refusal(callback_url)
        if refused is not None:
            errors["callback_url"] = [refused]
    if errors:
        raise ValidationError(errors)
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
