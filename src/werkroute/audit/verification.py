"""Checking the whole audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from werkroute.audit.chain import GENESIS_HASH, entry_hash
from werkroute.audit.models import AuditChainHead, AuditEvent
from werkroute.audit.services import content_of


@dataclass(frozen=True)
class VerificationResult:
    entries: int
    first_broken_id: int | None
    problem: str

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(batch_size: int = 5000) -> VerificationResult:
    """Recompute every hash in order. Reports the first entry whose content was altered, whose
    predecessor was removed or moved, or a log shorter than its head says (newest entries removed)."""
    previous = GENESIS_HASH
    count = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous:
                return VerificationResult(count, event.pk, "the entry before it was removed, added or moved")
            if entry_hash(previous, content_of(event)) != event.entry_hash:
                return VerificationResult(count, event.pk, "its content was altered")
            previous = event.entry_hash
            count += 1
        last_id = batch[-1].pk
    head = AuditChainHead.objects.first()
    if head is not None and (head.entries != count or head.last_hash != previous):
        return VerificationResult(count, None, f"the log holds {count} entries, the head says {head.entries}")
    return VerificationResult(count, None, "")
