"""Reads for the privacy officer. Scoped by ``accounts.policies.privacy_scope``; every read is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from werkroute.accounts.policies import Purpose, privacy_scope
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases.models import Client
from werkroute.core.crypto import lookup_hash
from werkroute.core.values import validate_bsn

if TYPE_CHECKING:
    from werkroute.accounts.models import User


def find_client(user: User, query: str) -> Client | None:
    """The client with this BSN or id among those the officer supervises; ``None`` when there is none.

    The search is audited without the BSN itself (only whether one was found): the log must not become
    a place where BSNs can be read.
    """
    query = query.strip().replace(" ", "")
    clients = Client.objects.filter(privacy_scope(user))
    found: Client | None = None
    try:
        validate_bsn(query)
        found = clients.filter(bsn_hash=lookup_hash(query)).first()
    except ValidationError:
        try:
            found = clients.filter(pk=query).first()
        except (ValidationError, ValueError):
            found = None
    audit.record(
        AuditAction.VIEW if found else AuditAction.REFUSED,
        actor=user,
        object_type="privacy_search",
        client_id=found.pk if found else None,
        purpose=Purpose.PRIVACY_SUPERVISION,
    )
    return found


def supervised_client(user: User, client_id: Any) -> Client:
    try:
        return Client.objects.filter(privacy_scope(user)).select_related("municipality").get(pk=client_id)
    except (Client.DoesNotExist, ValidationError, ValueError):
        audit.record(AuditAction.REFUSED, actor=user, object_type="access_log", object_id=str(client_id)[:64])
        raise Http404 from None


def access_log(user: User, client: Client) -> QuerySet[AuditEvent]:
    """Who looked at and changed ``client``'s file, newest first. Looking is itself logged."""
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="access_log",
        object_id=client.pk,
        client_id=client.pk,
        purpose=Purpose.PRIVACY_SUPERVISION,
    )
    return AuditEvent.objects.filter(client_id=client.pk).order_by("-id")
