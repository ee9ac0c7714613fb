"""Placements and referrals. A referral's workflow steps are actions (``/_send``, ``/_accept``, ...),
each calling its own service of the placements app, which checks the status table, the consent and who
may take the step; there is no free write of a status."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router

from werkroute.accounts.policies import Section, client_access
from werkroute.api.auth import needs
from werkroute.api.endpoints.common import IDEMPOTENCY, idempotent_create, next_link
from werkroute.api.naming import CamelSchema
from werkroute.api.pagination import DEFAULT_PAGE_SIZE, page_by_id
from werkroute.api.problems import error_responses
from werkroute.cases import selectors as case_selectors
from werkroute.core.http import parse_id
from werkroute.placements import selectors, services
from werkroute.placements.models import Placement, Referral

router = Router(tags=["plaatsen en voordrachten"])


class PlacementOut(CamelSchema):
    id: int
    title: str
    kind: str
    employer: int
    employer_name: str
    occupation: int | None
    postcode: str | None
    hours_per_week: int
    capacity: int
    start_date: dt.date | None
    end_date: dt.date | None
    status: str


class PlacementPage(CamelSchema):
    results: list[PlacementOut]
    next: str | None


class PageFilters(CamelSchema):
    cursor: str | None = Field(None, description="Uit de link naar de volgende pagina.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, description="Aantal per pagina (1-200).")


class ReferralOut(CamelSchema):
    id: int
    client: uuid.UUID
    placement: int
    status: str
    proposed_on: dt.date
    sent_on: dt.date | None
    decided_on: dt.date | None
    decline_reason: str
    withdrawal_reason: str
    started_on: dt.date | None
    updated_at: dt.datetime


class ReferralIn(CamelSchema):
    placement: int = Field(description="Id van de plaats.")


class OverrideIn(CamelSchema):
    override_reason: str = Field("", description="Alleen met het recht om toestemming te overschrijven.")


class DecisionIn(CamelSchema):
    decline_reason: str = Field(description="Code van de reden van afwijzing.")


def _placement(placement: Placement) -> dict[str, Any]:
    return {
        "id": placement.pk,
        "title": placement.title,
        "kind": placement.kind,
        "employer": placement.employer_id,
        "employer_name": placement.employer.name,
        "occupation": placement.occupation_id,
        "postcode": placement.postcode.pc4 if placement.postcode_id else None,
        "hours_per_week": placement.hours_per_week,
        "capacity": placement.capacity,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "status": placement.status,
    }


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        name: getattr(referral, name)
        for name in ReferralOut.model_fields
        if name not in ("client", "placement")
    } | {
        "client": referral.client_id,
        "placement": referral.placement_id,
    }


@router.get(
    "/placements",
    response={200: PlacementPage, **error_responses()},
    auth=needs("placements:read"),
    operation_id="listPlacements",
    summary="Plaatsen die deze organisatie mag zien",
    by_alias=True,
)
def list_placements(request: HttpRequest, filters: Query[PageFilters]) -> Any:
    placements = selectors.visible_placements(request.user)  # type: ignore[arg-type]
    rows, cursor = page_by_id(placements, cursor=filters.cursor, size=filters.page_size)
    return {"results": [_placement(row) for row in rows], "next": next_link(request, cursor)}


@router.get(
    "/placements/{placement_id}",
    response={200: PlacementOut, **error_responses()},
    auth=needs("placements:read"),
    operation_id="getPlacement",
    summary="Eén plaats",
    by_alias=True,
)
def get_placement(request: HttpRequest, placement_id: int) -> Any:
    return _placement(selectors.get_placement(request.user, placement_id))  # type: ignore[arg-type]


def _client_with_referrals(request: HttpRequest, client_id: uuid.UUID, *, change: bool = False) -> Any:
    client = case_selectors.get_client(request.user, client_id, change=change)  # type: ignore[arg-type]
    if not client_access(request.user, client).shows(Section.REFERRALS):  # type: ignore[arg-type]
        raise Http404
    return client


@router.get(
    "/clients/{client_id}/referrals",
    response={200: list[ReferralOut], **error_responses()},
    auth=needs("referrals:read"),
    operation_id="listReferrals",
    summary="De voordrachten van een klant",
    by_alias=True,
)
def list_referrals(request: HttpRequest, client_id: uuid.UUID) -> Any:
    client = _client_with_referrals(request, client_id)
    return [_referral(item) for item in selectors.client_referrals(request.user, client).order_by("pk")]  # type: ignore[arg-type]


@router.post(
    "/clients/{client_id}/referrals",
    response={201: ReferralOut, **error_responses(422)},
    auth=needs("referrals:write"),
    operation_id="proposeReferral",
    summary="Een klant voordragen voor een plaats",
    by_alias=True,
)
def propose_referral(
    request: HttpRequest,
    client_id: uuid.UUID,
    body: ReferralIn,
    idempotency_key: str | None = IDEMPOTENCY,
) -> Any:
    client = _client_with_referrals(request, client_id, change=True)

    def create() -> Any:
        placement = selectors.get_placement(request.user, body.placement)  # type: ignore[arg-type]
        return _referral(services.propose_referral(request.user, client, placement))  # type: ignore[arg-type]

    def replay(pk: str) -> Any:
        return _referral(selectors.client_referrals(request.user, client).get(pk=pk))  # type: ignore[arg-type]

    return idempotent_create(request, idempotency_key, create, replay)


def _referral_of(request: HttpRequest, client_id: uuid.UUID, referral_id: int) -> Referral:
    client = _client_with_referrals(request, client_id, change=True)
    if parse_id(referral_id) is None:
        raise Http404
    return selectors.get_client_referral(request.user, client, referral_id)  # type: ignore[arg-type]


def _action(path: str, operation_id: str, summary: str, body: type[CamelSchema] | None = None) -> Any:
    return router.post(
        f"/clients/{{client_id}}/referrals/{{referral_id}}/{path}",
        response={200: ReferralOut, **error_responses(409)},
        auth=needs("referrals:write"),
        operation_id=operation_id,
        summary=summary,
        by_alias=True,
    )


@_action(
    "_consent",
    "recordReferralConsent",
    "De klant stemt in met de voordracht (vraagt een geldige toestemming)",
)
def record_consent(request: HttpRequest, client_id: uuid.UUID, referral_id: int, body: OverrideIn) -> Any:
    referral = _referral_of(request, client_id, referral_id)
    return _referral(services.record_client_consent(request.user, referral, body.override_reason))  # type: ignore[arg-type]


@_action("_send", "sendReferral", "Het werkprofiel naar de werkgever sturen")
def send(request: HttpRequest, client_id: uuid.UUID, referral_id: int, body: OverrideIn) -> Any:
    referral = _referral_of(request, client_id, referral_id)
    return _referral(services.send_to_employer(request.user, referral, body.override_reason))  # type: ignore[arg-type]


@_action("_interview", "recordReferralInterview", "Het kennismakingsgesprek vastleggen")
def interview(request: HttpRequest, client_id: uuid.UUID, referral_id: int) -> Any:
    referral = _referral_of(request, client_id, referral_id)
    return _referral(services.record_interview(request.user, referral))  # type: ignore[arg-type]


@_action("_accept", "acceptReferral", "De werkgever neemt de kandidaat aan")
def accept(request: HttpRequest, client_id: uuid.UUID, referral_id: int) -> Any:
    referral = _referral_of(request, client_id, referral_id)
    return _referral(services.decide(request.user, referral, accepted=True))  # type: ignore[arg-type]


@_action("_decline", "declineReferral", "De werkgever wijst de kandidaat af, met een reden")
def decline(request: HttpRequest, client_id: uuid.UUID, referral_id: int, body: DecisionIn) -> Any:
    referral = _referral_of(request, client_id, referral_id)
    return _referral(services.decide(request.user, referral, accepted=False, reason=body.decline_reason))  # type: ignore[arg-type]


@_action("_withdraw", "withdrawReferral", "De voordracht intrekken")
def withdraw(request: HttpRequest, client_id: uuid.UUID, referral_id: int) -> Any:
    referral = _referral_of(request, client_id, referral_id)
    return _referral(services.withdraw(request.user, referral))  # type: ignore[arg-type]
