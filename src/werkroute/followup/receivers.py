"""After every change of a client's file (each is one timeline event), that client's signals are brought
up to date by a job, once the change is committed: the caseworker who just planned the missing activity
sees the signal gone. Without a reachable queue the change still stands; the nightly sweep catches up."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from werkroute.cases.models import TimelineEvent
from werkroute.core import queue
from werkroute.followup.events import ALL_KINDS


@receiver(post_save, sender=TimelineEvent, dispatch_uid="followup_refresh_after_change")
def refresh_after_change(sender: Any, instance: TimelineEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.kind in ALL_KINDS:
        return
    from werkroute.followup import tasks

    client_id, kind = instance.client_id, instance.kind
    transaction.on_commit(lambda: queue.enqueue(tasks.refresh_client_signals, client_id, kind))
