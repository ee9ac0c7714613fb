"""Reads of the API. Every read of personal data starts from the selectors of its own app, so the scope
is that of ``cases.scope.client_scope`` for the calling system at the moment of the read."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet

from werkroute.accounts.policies import Purpose, client_access
from werkroute.api.pagination import page, page_of_union
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import selectors as cases
from werkroute.cases.models import Client
from werkroute.followup import selectors as followup
from werkroute.followup.models import Signal

if TYPE_CHECKING:
    from werkroute.accounts.models import User


def client_page(
    user: User, *, changed_since: dt.datetime | None, cursor: str | None, size: int
) -> tuple[list[Client], str | None]:
    """Clients the system may see, changed at or after ``changed_since``, in the stable order of a
    synchronisation; the ids on the page are logged as the caseload logs its page."""

    # The two codes as columns rather than joined objects: three model instances a row were a large part
    # of a page's time.
    def prepare(queryset: QuerySet[Client]) -> QuerySet[Client]:
        queryset = queryset.annotate(
            municipality_code=F("municipality__code"), target_group_code=F("target_group__code")
        )
        return queryset if changed_since is None else queryset.filter(updated_at__gte=changed_since)

    # The parts of the scope one by one: through their OR, every page read and sorted all clients of the
    # municipality (70 ms at 100,000 clients on PostgreSQL, against 1 ms along the index).
    rows, next_cursor = page_of_union(
        cases.visible_client_parts(user), cursor=cursor, size=size, prepare=prepare
    )
    if rows:
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="client_list",
            changes={"clients": [str(client.pk) for client in rows]},
            purpose=Purpose.CASE_WORK if client_access(user, rows[0]).may_change else Purpose.PARTNER_SHARE,
        )
    return rows, next_cursor


def get_client(user: User, client_id: Any, *, change: bool = False) -> Client:
    """One client in scope, or 404 (logged either way, by the case file's selector)."""
    return cases.get_client(user, client_id, change=change)


def signal_page(
    user: User,
    *,
    status: str,
    rule: str,
    client_id: Any,
    changed_since: dt.datetime | None,
    cursor: str | None,
    size: int,
) -> tuple[list[Signal], str | None]:
    """Signals of the clients the system may change, in the stable order of a synchronisation (last
    change, then id); the clients on the page are logged as the inbox logs its clients."""
    queryset = followup.signal_list(user, status=status, rule=rule, client_id=client_id)
    if changed_since is not None:
        queryset = queryset.filter(updated_at__gte=changed_since)
    rows, next_cursor = page(queryset, cursor=cursor, size=size)
    if rows:
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="signal_list",
            changes={"clients": sorted({str(signal.client_id) for signal in rows})},
            purpose=Purpose.CASE_WORK,
        )
    return rows, next_cursor
