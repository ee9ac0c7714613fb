"""Hashing of audit entries: one function, used when writing and when verifying.

Each entry's hash is an HMAC-SHA256, keyed with a secret held outside the database (the environment,
``WERKROUTE_AUDIT_KEYS``), over the previous entry's hash and this entry's content. Someone who can write
to the database but does not hold the key cannot recompute the chain after editing or removing entries.
Each entry names the id of the key that signed it, so keys can be rotated: the first configured key
signs, every configured key verifies. Entries written before the chain was keyed have an empty key id
and a plain SHA-256; they are accepted only at the start of the log (see ``verification``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

GENESIS_HASH = "0" * 64
UNKEYED = ""

HASHED_FIELDS = (
    "recorded_at",
    "actor_id",
    "actor_name",
    "role",
    "organisation",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "changes",
    "purpose",
    "request_id",
)


class UnknownAuditKey(Exception):
    """An entry or checkpoint names a key id that is not configured."""


def parse_keys(pairs: list[str]) -> dict[str, bytes]:
    """``["id:secret", ...]`` as an ordered mapping; the first is the one that signs."""
    keys: dict[str, bytes] = {}
    for pair in pairs:
        key_id, separator, secret = pair.partition(":")
        if not separator or not key_id.strip() or not secret.strip():
            raise ValueError("WERKROUTE_AUDIT_KEYS takes comma-separated id:secret pairs")
        keys[key_id.strip()] = secret.strip().encode()
    if not keys:
        raise ValueError("WERKROUTE_AUDIT_KEYS is empty")
    return keys


def signing_key_id() -> str:
    return next(iter(parse_keys(settings.WERKROUTE_AUDIT_KEYS)))


def key(key_id: str) -> bytes:
    try:
        return parse_keys(settings.WERKROUTE_AUDIT_KEYS)[key_id]
    except KeyError:
        raise UnknownAuditKey(key_id) from None


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)


def hashed_text(content: dict[str, Any]) -> str:
    """The part of an entry's hashed message that does not depend on the entry before it."""
    return canonical({name: content[name] for name in HASHED_FIELDS})


def chained_hash(previous_hash: str, text: str, key_id: str) -> str:
    """HMAC-SHA256 (with key ``key_id``) of the previous hash and ``text`` (from :func:`hashed_text`)."""
    message = (previous_hash + text).encode()
    if key_id == UNKEYED:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key(key_id), message, hashlib.sha256).hexdigest()


def entry_hash(previous_hash: str, content: dict[str, Any], key_id: str) -> str:
    """HMAC-SHA256 (with key ``key_id``) of the previous hash and the canonical JSON of the content."""
    return chained_hash(previous_hash, hashed_text(content), key_id)


def sign(message: str, key_id: str) -> str:
    """HMAC-SHA256 of ``message`` with key ``key_id`` (for checkpoints)."""
    return hmac.new(key(key_id), message.encode(), hashlib.sha256).hexdigest()
