"""Deletion of case files after the retention period, keeping a pseudonymised trace.

A file is due when nothing has been recorded in it (its last timeline event, or its registration when it
has none) for ``WERKROUTE_RETENTION_YEARS`` years. Deleting removes the client and everything about them
(the cascade of every model pointing at the client); the audit log keeps its entries, which are
append-only and name the file only by its id, but the client's audit key is deleted, so the personal
values sealed in those entries can no longer be read (crypto-shredding); a :class:`RetentionTrace`
records what went.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce

from werkroute.accounts.policies import Purpose
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.models import Client, RetentionTrace
from werkroute.core.crypto import lookup_hash


def cutoff(today: dt.date, years: int | None = None) -> dt.date:
    years = settings.WERKROUTE_RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def due_for_deletion(today: dt.date, years: int | None = None) -> QuerySet[Client]:
    return (
        Client.objects.annotate(
            last_event_on=Coalesce(Max("timeline_events__occurred_on"), "registration_date", "linked_on")
        )
        .filter(last_event_on__lt=cutoff(today, years))
        .order_by("last_event_on")
    )


def pseudonym(client_id: object) -> str:
    return lookup_hash(f"client:{client_id}")


@transaction.atomic
def delete_client(client: Client) -> RetentionTrace:
    """Remove ``client`` and everything about them; return the trace that stays."""
    last_event = client.timeline_events.aggregate(last=Max("occurred_on"))["last"]
    client_id = client.pk
    trace = RetentionTrace(
        pseudonym=pseudonym(client_id),
        municipality_id=client.municipality_id,
        permit_year=client.permit_date.year if client.permit_date else None,
        registration_year=client.guidance_from.year,
        last_event_on=last_event,
    )
    _, removed = client.delete()  # the cascade reaches every record about the client, and counts them
    audit.forget_subject(client_id)
    trace.records_removed = {label: count for label, count in removed.items() if count}
    trace.save()
    audit.record(
        AuditAction.DELETE,
        object_type="client",
        object_id=client_id,
        client_id=client_id,
        changes={"trace": trace.pk, "records_removed": trace.records_removed},
        purpose=Purpose.RETENTION,
        actor_name="bewaartermijn",
    )
    return trace
