"""Hashing of audit entries: one function, used when writing and when verifying."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64
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


def entry_hash(previous_hash: str, content: dict[str, Any]) -> str:
    """SHA-256 of the previous hash and the canonical JSON of the entry's content."""
    canonical = json.dumps(
        {name: content[name] for name in HASHED_FIELDS}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()
