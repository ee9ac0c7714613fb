"""Checking the whole audit chain, against its head in the database and the checkpoints outside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from werkroute.audit.chain import GENESIS_HASH, UNKEYED, UnknownAuditKey, entry_hash
from werkroute.audit.checkpoint import CheckpointError, read_checkpoints
from werkroute.audit.models import AuditChainHead, AuditEvent
from werkroute.audit.services import content_of


@dataclass(frozen=True)
class VerificationResult:
    entries: int
    first_broken_id: int | None
    problem: str
    checkpoints: int = 0

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(batch_size: int = 5000, checkpoint_file: Path | None = None) -> VerificationResult:
    """Recompute every keyed hash in order. Reports the first entry whose content was altered, whose
    predecessor was removed or moved, or that is not signed with a configured key; a log shorter than
    its head says (newest entries removed); and a log that no longer holds, at the position of a
    checkpoint, the hash that checkpoint recorded (truncated, or rewritten before it)."""
    try:
        checkpoints = read_checkpoints(checkpoint_file)
    except CheckpointError as error:
        return VerificationResult(0, None, str(error))
    expected = {checkpoint.entries: checkpoint for checkpoint in checkpoints}
    previous = GENESIS_HASH
    count = 0
    last_id = 0
    keyed = False
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous:
                return VerificationResult(count, event.pk, "the entry before it was removed, added or moved")
            if event.key_id == UNKEYED and keyed:
                # Unkeyed hashes are only the legacy start of a log; later, one is a forgery.
                return VerificationResult(count, event.pk, "it is not signed with an audit key")
            keyed = keyed or event.key_id != UNKEYED
            try:
                recomputed = entry_hash(previous, content_of(event), event.key_id)
            except UnknownAuditKey:
                return VerificationResult(count, event.pk, f"it names an unknown audit key {event.key_id!r}")
            if recomputed != event.entry_hash:
                return VerificationResult(count, event.pk, "its content was altered")
            previous = event.entry_hash
            count += 1
            checkpoint = expected.get(count)
            if checkpoint is not None and checkpoint.head != previous:
                return VerificationResult(
                    count,
                    event.pk,
                    f"the log was rewritten: the checkpoint of {checkpoint.at} recorded another hash here",
                )
        last_id = batch[-1].pk
    if checkpoints:
        latest = max(checkpoints, key=lambda checkpoint: checkpoint.entries)
        if latest.entries > count:
            return VerificationResult(
                count,
                None,
                f"the log was truncated: the checkpoint of {latest.at} counted {latest.entries} entries, "
                f"the log holds {count}",
            )
    head = AuditChainHead.objects.first()
    if head is not None and (head.entries != count or head.last_hash != previous):
        return VerificationResult(count, None, f"the log holds {count} entries, the head says {head.entries}")
    return VerificationResult(count, None, "", len(checkpoints))
