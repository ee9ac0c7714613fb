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


# Audit entries of account changes (written by accounts.signals).
GRANT_OBJECT_TYPES = ("membership", "user_permission", "user_group", "group_permission", "account")
GRANTS_SHOWN = 30


def case_access_grants(user: User) -> list[AuditEvent]:
    """The latest grants and removals of roles and permissions that open case files, for the privacy
    officer: roles at organisations of the municipalities they supervise, and every case-file permission
    or superuser grant (those are not tied to a municipality). Newest first."""
    from werkroute.accounts.policies import (
        CASE_FILE_PERMISSIONS,
        CASE_FILE_ROLES,
        may_inspect_access,
        privacy_municipality_ids,
    )
    from werkroute.regions.models import Organisation

    if not may_inspect_access(user):
        return []
    organisation_ids = {
        str(pk)
        for pk in Organisation.objects.filter(municipality_id__in=privacy_municipality_ids(user)).values_list(
            "pk", flat=True
        )
    }
    shown = []
    entries = AuditEvent.objects.filter(object_type__in=GRANT_OBJECT_TYPES).order_by("-pk")
    for entry in entries[: GRANTS_SHOWN * 20]:
        changes = entry.changes or {}
        if entry.object_type == "membership":
            relevant = (
                changes.get("role") in CASE_FILE_ROLES
                and str(changes.get("organisation_id")) in organisation_ids
            )
        elif entry.object_type == "account":
            relevant = "is_superuser" in changes
        else:
            relevant = bool(set(changes.get("permissions", [])) & CASE_FILE_PERMISSIONS) or (
                entry.object_type == "user_group"
            )
        if relevant:
            entry.grant_label = _grant_label(entry)  # type: ignore[attr-defined]
            entry.grant_subject = changes.get("username") or changes.get("group", "")  # type: ignore[attr-defined]
            shown.append(entry)
            if len(shown) == GRANTS_SHOWN:
                break
    return shown


def _grant_label(entry: AuditEvent) -> str:
    """What was granted, in the reader's language."""
    from django.utils.translation import gettext as _

    from werkroute.accounts.models import Role

    changes = entry.changes or {}
    if entry.object_type == "membership":
        role = changes.get("role", "")
        label = Role(role).label if role in Role.values else role
        return f"{label} ({changes.get('organisation', '')})"
    if entry.object_type == "account":
        return _("alle rechten (superuser)")
    if entry.object_type == "user_group":
        return _("groep %(name)s") % {"name": changes.get("group", "")}
    names = {
        "cases.override_consent": _("delen zonder toestemming"),
        "audit.inspect_access": _("privacyfunctionaris"),
    }
    return ", ".join(names.get(label, label) for label in changes.get("permissions", []))
