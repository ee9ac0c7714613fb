"""Continuity signals (``/signals``) of the follow-up app: listed and filtered for the clients the system
may change, and put aside or dismissed through the same services as the caseworker's pages. A signal is
resolved only by what resolves it in the file (the rule stops holding), never by a status write."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from werkroute.api import selectors
from werkroute.api.auth import needs
from werkroute.api.endpoints.common import action_route, cleaned, form_values, next_link, object_id
from werkroute.api.naming import CamelSchema
from werkroute.api.pagination import DEFAULT_PAGE_SIZE
from werkroute.api.problems import error_responses
from werkroute.followup import selectors as followup
from werkroute.followup import services
from werkroute.followup.forms import DismissForm, SnoozeForm
from werkroute.followup.models import Signal
from werkroute.followup.rules import BY_CODE

router = Router(tags=["signalen"])


class SignalOut(CamelSchema):
    id: int
    client: uuid.UUID
    rule: str = Field(description="Code van de signaalregel.")
    rule_name: str = Field(description="Naam van de regel, in het Nederlands.")
    reason: str = Field(description="Waarom het signaal er is, met de data die het veroorzaakten.")
    status: str = Field(description="open, snoozed, resolved of dismissed.")
    raised_on: dt.date
    due_on: dt.date
    snoozed_until: dt.date | None
    closed_on: dt.date | None
    resolved_by: str = Field(description="Wat het signaal oploste (soort gebeurtenis in het dossier).")
    updated_at: dt.datetime


class SignalPage(CamelSchema):
    results: list[SignalOut]
    next: str | None = Field(description="Link naar de volgende pagina, of null op de laatste.")


class SignalFilters(CamelSchema):
    status: str = Field("", description="open, snoozed, resolved of dismissed; leeg voor alle.")
    rule: str = Field("", description="Code van een signaalregel; leeg voor alle.")
    client_id: uuid.UUID | None = Field(None, description="Alleen de signalen van deze klant.")
    changed_since: dt.datetime | None = Field(
        None, description="Alleen signalen die op of na dit tijdstip zijn gewijzigd (met tijdzone)."
    )
    cursor: str | None = Field(None, description="Uit de link naar de volgende pagina.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, description="Aantal per pagina (1-200).")


class SnoozeIn(CamelSchema):
    until: dt.date = Field(description="Uitgesteld tot en met deze dag; daarna gaat het weer open.")
    note: str = Field(description="De reden.")


class DismissIn(CamelSchema):
    note: str = Field(description="Waarom het signaal niet van toepassing is.")


def signal_data(signal: Signal) -> dict[str, Any]:
    rule = BY_CODE.get(signal.rule)
    return {
        "id": signal.pk,
        "client": signal.client_id,
        "rule": signal.rule,
        "rule_name": str(rule.name) if rule else signal.rule,
        "reason": followup.reason_text(signal),
        "status": signal.status,
        "raised_on": signal.raised_on,
        "due_on": signal.due_on,
        "snoozed_until": signal.snoozed_until,
        "closed_on": signal.closed_on,
        "resolved_by": signal.resolved_by,
        "updated_at": signal.updated_at,
    }


@router.get(
    "/signals",
    response={200: SignalPage, **error_responses()},
    auth=needs("signals:read"),
    operation_id="listSignals",
    summary="Signalen van de eigen klanten, te filteren op status, regel, klant en wijzigingsmoment",
    by_alias=True,
)
def list_signals(request: HttpRequest, filters: Query[SignalFilters]) -> Any:
    rows, cursor = selectors.signal_page(
        request.user,  # type: ignore[arg-type]
        status=filters.status,
        rule=filters.rule,
        client_id=filters.client_id,
        changed_since=filters.changed_since,
        cursor=filters.cursor,
        size=filters.page_size,
    )
    return {"results": [signal_data(row) for row in rows], "next": next_link(request, cursor)}


_action = action_route(router, "/clients/{client_id}/signals/{signal_id}", SignalOut, "signals:write")


@_action("_snooze", "snoozeSignal", "Een open signaal uitstellen tot een datum, met een reden")
def snooze(request: HttpRequest, client_id: uuid.UUID, signal_id: int, body: SnoozeIn) -> Any:
    signal = followup.get_signal(request.user, client_id, object_id(signal_id))  # type: ignore[arg-type]
    values = cleaned(SnoozeForm(form_values(body.model_dump())))
    return signal_data(
        services.snooze_signal(request.user, signal, until=values["until"], note=values["note"])  # type: ignore[arg-type]
    )


@_action("_dismiss", "dismissSignal", "Een signaal afwijzen dat niet van toepassing is, met een reden")
def dismiss(request: HttpRequest, client_id: uuid.UUID, signal_id: int, body: DismissIn) -> Any:
    signal = followup.get_signal(request.user, client_id, object_id(signal_id))  # type: ignore[arg-type]
    values = cleaned(DismissForm(form_values(body.model_dump())))
    return signal_data(services.dismiss_signal(request.user, signal, note=values["note"]))  # type: ignore[arg-type]
