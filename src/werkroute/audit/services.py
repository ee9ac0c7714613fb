"""Writing the audit log. ``record`` is the only way in.

During a web request entries are collected and written by :class:`AuditMiddleware` after the view has
finished, outside any transaction the view opened: a refused access or a write that rolled back is
still logged. Outside a request (commands, the shell) an entry is written at once, in the caller's
transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import AutoField, Model, sql
from django.utils import timezone

from werkroute.audit.chain import GENESIS_HASH, chained_hash, hashed_text, signing_key_id
from werkroute.audit.models import AuditChainHead, AuditEvent, SubjectKey
from werkroute.core import crypto

if TYPE_CHECKING:
    from werkroute.accounts.models import User

_pending: ContextVar[list[dict[str, Any]] | None] = ContextVar("audit_pending", default=None)
_request_id: ContextVar[str] = ContextVar("audit_request_id", default="")


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def identify_client_account(actor: User) -> None:
    """Record ``actor``, a client's own account (it holds no memberships), with the role "client" in
    the entries of this request, without asking the database for their memberships."""
    actor._audit_identity = {  # type: ignore[attr-defined]
        "actor_id": actor.pk,
        "actor_name": actor.get_username(),
        "role": "client",
        "organisation": "",
    }


def _describe_actor(actor: User | None) -> dict[str, Any]:
    if actor is None or not actor.is_authenticated:
        return {"actor_id": None, "actor_name": "", "role": "", "organisation": ""}
    cached = getattr(actor, "_audit_identity", None)
    if cached is not None:
        return cached  # one request may record several entries; the actor does not change within it
    memberships = list(actor.memberships.select_related("organisation")[:3])
    actor._audit_identity = {  # type: ignore[attr-defined]
        "actor_id": actor.pk,
        "actor_name": actor.get_username(),
        "role": ",".join(sorted({membership.role for membership in memberships})),
        "organisation": ", ".join(sorted({membership.organisation.name for membership in memberships})),
    }
    return actor._audit_identity  # type: ignore[attr-defined]


SYSTEM_ROLE = "system"


def name_system_actor(actor: User, *, name: str, organisation: str) -> None:
    """Let the entries of this request name ``actor`` as a system (an API client) acting for
    ``organisation``, instead of by its memberships, which a system account has none of."""
    actor._audit_identity = {  # type: ignore[attr-defined]
        "actor_id": actor.pk,
        "actor_name": name[:150],
        "role": SYSTEM_ROLE,
        "organisation": organisation[:200],
    }


def record(
    action: str,
    *,
    actor: User | None = None,
    actor_name: str = "",
    object_type: str = "",
    object_id: Any = "",
    client_id: Any = None,
    changes: dict[str, Any] | None = None,
    purpose: str = "",
) -> None:
    """Add one entry to the audit log (see the module docstring for when it is written)."""
    entry = {
        "recorded_at": timezone.now(),
        **_describe_actor(actor),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id or ""),
        "client_id": str(client_id) if client_id else None,
        "changes": _json_safe(changes or {}),
        "purpose": purpose,
        "request_id": _request_id.get(),
    }
    if actor_name:
        entry["actor_name"] = actor_name
    pending = _pending.get()
    if pending is not None:
        pending.append(entry)
    else:
        _write([entry])


def content_of(entry: dict[str, Any] | AuditEvent) -> dict[str, Any]:
    """The hashed content of an entry, in the same canonical form when written and when verified."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    recorded_at = get("recorded_at")
    assert recorded_at is not None
    client_id = get("client_id")
    return {
        "recorded_at": recorded_at.isoformat(timespec="microseconds"),
        "actor_id": get("actor_id"),
        "actor_name": get("actor_name"),
        "role": get("role"),
        "organisation": get("organisation"),
        "action": get("action"),
        "object_type": get("object_type"),
        "object_id": get("object_id"),
        "client_id": str(client_id) if client_id else None,
        "changes": get("changes"),
        "purpose": get("purpose"),
        "request_id": get("request_id"),
    }


def _write(entries: list[dict[str, Any]]) -> None:
    # Every writer of every request waits for the head's lock, so all that does not need the previous hash
    # (the canonical text of each entry, the rows themselves) is prepared before taking it.
    key_id = signing_key_id()
    texts = [hashed_text(content_of(entry)) for entry in entries]
    rows = [AuditEvent(key_id=key_id, **entry) for entry in entries]
    with transaction.atomic():
        # Locking the head serialises writers, so each entry chains onto the one before it.
        head = AuditChainHead.objects.select_for_update().first()
        if head is None:
            head = AuditChainHead.objects.create(last_hash=GENESIS_HASH, entries=0)
        previous = head.last_hash
        for row, text in zip(rows, texts, strict=True):
            row.previous_hash = previous
            row.entry_hash = previous = chained_hash(previous, text, key_id)
        _append(rows, head, previous)


def _append(rows: list[AuditEvent], head: AuditChainHead, last_hash: str) -> None:
    """Insert ``rows`` and move ``head`` (locked by the caller) on to ``last_hash``.

    Each round trip here is paid while the head is locked, that is by every other request waiting for
    it: on a busy 2-core machine a statement's round trip took about 10 ms (PostgreSQL, load average 9).
    On PostgreSQL the rows and the head go in one statement (the INSERT as a data-modifying WITH), so the
    lock is held for the lock's own read, this statement and the commit; SQLite, which has one writer at a
    time anyway and no data-modifying WITH, gets the INSERT and the UPDATE one after the other.
    """
    if connection.vendor != "postgresql":
        # One INSERT for the request's entries.
        AuditEvent.objects.bulk_create(rows)
        head.last_hash = last_hash
        head.entries += len(rows)
        head.save(update_fields=["last_hash", "entries"])
        return
    fields = [field for field in AuditEvent._meta.concrete_fields if not isinstance(field, AutoField)]
    insert = sql.InsertQuery(AuditEvent)
    insert.insert_values(fields, list[Model](rows))
    ((insert_sql, insert_params),) = insert.get_compiler(connection=connection).as_sql()
    # Only names from the models and Django's own INSERT go into the text; every value is a parameter.
    statement = (
        f"WITH appended AS ({insert_sql}) "  # noqa: S608
        'UPDATE "audit_auditchainhead" SET "last_hash" = %s, "entries" = "entries" + %s WHERE "id" = %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*insert_params, last_hash, len(rows), head.pk])


@contextmanager
def collecting(request_id: str | None = None) -> Iterator[None]:
    """Collect the entries recorded inside the block and write them when it ends, however it ends."""
    pending_token = _pending.set([])
    request_token = _request_id.set(request_id or uuid.uuid4().hex)
    try:
        yield
    finally:
        entries = _pending.get() or []
        _pending.reset(pending_token)
        if entries:
            _write(entries)
        _request_id.reset(request_token)


# Crypto-shredding: personal values the log must keep are sealed with a key per client.

SEALED = "sealed"


def _subject_cipher(client_id: Any, *, create: bool) -> Fernet | None:
    found = SubjectKey.objects.filter(client_id=client_id).first()
    if found is None:
        if not create:
            return None
        found, _ = SubjectKey.objects.get_or_create(
            client_id=client_id, defaults={"encrypted_key": crypto.encrypt(Fernet.generate_key().decode())}
        )
    return Fernet(crypto.decrypt(found.encrypted_key).encode())


def seal(client_id: Any, values: dict[str, Any]) -> str:
    """``values`` encrypted with the client's own key, for an entry's ``changes``.

    Readable with :func:`unseal` until :func:`forget_subject` deletes the key.
    """
    cipher = _subject_cipher(client_id, create=True)
    assert cipher is not None
    return cipher.encrypt(json.dumps(_json_safe(values), sort_keys=True).encode()).decode()


def unseal(client_id: Any, token: str) -> dict[str, Any] | None:
    """The values sealed in ``token``; ``None`` once the client's key has been deleted."""
    cipher = _subject_cipher(client_id, create=False)
    if cipher is None:
        return None
    try:
        return dict(json.loads(cipher.decrypt(token.encode())))
    except InvalidToken:
        return None


def forget_subject(client_id: Any) -> bool:
    """Delete the client's key, so every value sealed for them is gone for good. For retention."""
    deleted, _ = SubjectKey.objects.filter(client_id=client_id).delete()
    return bool(deleted)
