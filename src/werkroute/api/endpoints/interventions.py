"""The catalogue of interventions of the knowledge app (``/interventions``), read-only: the same
selectors as the catalogue's pages, open to the same roles, with the stored outcome figures (aggregates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from werkroute.api.auth import needs
from werkroute.api.endpoints.common import object_id
from werkroute.api.naming import CamelSchema
from werkroute.api.problems import error_responses
from werkroute.knowledge import selectors
from werkroute.knowledge.models import Intervention

router = Router(tags=["interventies"])


class SourceOut(CamelSchema):
    title: str
    year: int | None
    url: str


class OutcomeSummaryOut(CamelSchema):
    as_of: dt.date = Field(description="Peildatum van de laatste meting.")
    participants: int
    measured: bool = Field(description="Of er een schatting van het effect getoond kan worden.")


class InterventionOut(CamelSchema):
    id: int
    code: str
    name: str
    description: str
    target_group: str
    not_for: str
    aims: str
    components: str
    duration: str
    cost_per_participant: float | None = Field(description="In euro.")
    providers: str
    regions: list[str] = Field(description="Codes van de arbeidsmarktregio's waar het wordt aangeboden.")
    contact: str
    sources: list[SourceOut]
    evidence_level: str
    activity_types: list[str]
    learning_routes: list[str]
    target_groups: list[str]
    dutch_from: str
    dutch_to: str
    sectors: list[str]
    outcome: OutcomeSummaryOut | None


class InterventionFilters(CamelSchema):
    query: str = Field("", description="Woorden in naam, beschrijving, doelgroep, doelen of aanbieders.")
    evidence_level: str = Field("", description="Code van het niveau van bewijs.")
    activity_type: str = ""
    learning_route: str = ""
    target_group: str = Field("", description="Code van een doelgroep.")
    region_code: str = Field("", description="Code van een arbeidsmarktregio, bijvoorbeeld AM26.")
    measured_only: bool = Field(False, description="Alleen interventies met gemeten uitkomsten.")


def _outcome(intervention: Intervention) -> dict[str, Any] | None:
    outcome = getattr(intervention, "outcome", None)
    if outcome is None:
        return None
    return {"as_of": outcome.as_of, "participants": outcome.participants, "measured": outcome.measured}


def _intervention(intervention: Intervention) -> dict[str, Any]:
    texts = ("code", "name", "description", "target_group", "not_for", "aims", "components", "duration")
    lists = ("activity_types", "learning_routes", "target_groups", "sectors")
    cost = intervention.cost_per_participant
    return {
        **{name: getattr(intervention, name) for name in texts},
        **{name: list(getattr(intervention, name) or []) for name in lists},
        "id": intervention.pk,
        "cost_per_participant": None if cost is None else float(cost),
        "providers": intervention.providers,
        "regions": sorted(region.code for region in intervention.regions.all()),
        "contact": intervention.contact,
        "sources": [
            {"title": item.get("title", ""), "year": item.get("year"), "url": item.get("url", "")}
            for item in intervention.sources or []
        ],
        "evidence_level": intervention.evidence_level,
        "dutch_from": intervention.dutch_from,
        "dutch_to": intervention.dutch_to,
        "outcome": _outcome(intervention),
    }


@router.get(
    "/interventions",
    response={200: list[InterventionOut], **error_responses()},
    auth=needs("interventions:read"),
    operation_id="listInterventions",
    summary="De catalogus van interventies, te filteren als op de pagina",
    by_alias=True,
)
def list_interventions(request: HttpRequest, filters: Query[InterventionFilters]) -> Any:
    found = selectors.catalogue(
        request.user,  # type: ignore[arg-type]
        selectors.CatalogueFilters(**filters.model_dump()),
    )
    return [_intervention(item) for item in found]


@router.get(
    "/interventions/{intervention_id}",
    response={200: InterventionOut, **error_responses()},
    auth=needs("interventions:read"),
    operation_id="getIntervention",
    summary="Eén interventie",
    by_alias=True,
)
def get_intervention(request: HttpRequest, intervention_id: int) -> Any:
    intervention = selectors.get_intervention(request.user, object_id(intervention_id))  # type: ignore[arg-type]
    return _intervention(intervention)
