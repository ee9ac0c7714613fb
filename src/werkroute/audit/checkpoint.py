"""Signed checkpoints of the audit chain, kept outside the database.

The chain head in the database (``AuditChainHead``) catches a careless truncation, but whoever can write
to the database can also move the head. A checkpoint — the number of entries, the newest hash and the
time, signed with the audit key — is appended to a file that lives elsewhere (``WERKROUTE_AUDIT_
CHECKPOINT_FILE``, on append-only storage or shipped to a log sink) by ``werkroute audit checkpoint`` on
a schedule. ``werkroute audit verify`` then checks that the log still has every entry each checkpoint
counted, with the same hash at that position: removing the newest entries or rewriting older ones is
reported even when the head was adjusted to match.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from werkroute.audit.chain import GENESIS_HASH, UnknownAuditKey, canonical, sign, signing_key_id
from werkroute.audit.models import AuditChainHead


class CheckpointError(Exception):
    """The checkpoint file holds a line that is not a checkpoint signed with a configured key."""


@dataclass(frozen=True)
class Checkpoint:
    entries: int
    head: str
    at: str
    key_id: str

    def body(self) -> dict[str, object]:
        return {"entries": self.entries, "head": self.head, "at": self.at, "key_id": self.key_id}


def _path(path: Path | None) -> Path:
    return Path(path or settings.WERKROUTE_AUDIT_CHECKPOINT_FILE)


def write_checkpoint(path: Path | None = None) -> Checkpoint:
    """Append a signed checkpoint of the current head to the checkpoint file and return it."""
    head = AuditChainHead.objects.first()
    checkpoint = Checkpoint(
        entries=head.entries if head else 0,
        head=head.last_hash if head else GENESIS_HASH,
        at=timezone.now().isoformat(timespec="seconds"),
        key_id=signing_key_id(),
    )
    line = json.dumps(
        {**checkpoint.body(), "signature": sign(canonical(checkpoint.body()), checkpoint.key_id)}
    )
    target = _path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: each line is added at the end, never over an earlier one (with `chattr +a` the file
    # cannot be truncated either).
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return checkpoint


def read_checkpoints(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first, each with its signature checked."""
    target = _path(path)
    if not target.exists():
        return []
    checkpoints = []
    for number, line in enumerate(target.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            checkpoint = Checkpoint(
                entries=int(data["entries"]),
                head=str(data["head"]),
                at=str(data["at"]),
                key_id=str(data["key_id"]),
            )
            valid = sign(canonical(checkpoint.body()), checkpoint.key_id) == data["signature"]
        except (ValueError, KeyError, TypeError, UnknownAuditKey):
            valid = False
        if not valid:
            raise CheckpointError(f"line {number} of the checkpoint file is not a validly signed checkpoint")
        checkpoints.append(checkpoint)
    return checkpoints
