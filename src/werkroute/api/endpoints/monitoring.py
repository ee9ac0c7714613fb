"""Monitoring indicators of a municipality: aggregates only, the same stored, suppressed table the
dashboard and its downloads show (small cells are empty with ``suppressed`` true).

A municipality's system reads its own municipality; the statistics office's system every municipality
(``accounts.policies.monitoring_is_national``), each answer with its region and the country beside it."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router

from werkroute.api.auth import needs
from werkroute.api.naming import CamelSchema
from werkroute.api.problems import ApiProblem, error_responses
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.monitoring import selectors

router = Router(tags=["monitoring"])


class IndicatorOut(CamelSchema):
    level: str
    area_code: str
    area_name: str
    cohort: int | None
    months_since_permit: int | None
    group: str
    group_value: str
    indicator: str
    numerator: float | None
    denominator: float | None
    value: float | None
    suppressed: bool


class IndicatorsOut(CamelSchema):
    as_of: dt.date = Field(description="Peildatum van de cijfers.")
    results: list[IndicatorOut]


def _number(value: Any) -> Any:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _int(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


@router.get(
    "/municipalities/{municipality_code}/indicators",
    response={200: IndicatorsOut, **error_responses(503)},
    auth=needs("monitoring:read"),
    operation_id="listMunicipalityIndicators",
    summary="Monitoringcijfers van een gemeente, met regio en land ter vergelijking",
    by_alias=True,
)
def municipality_indicators(request: HttpRequest, municipality_code: str) -> Any:
    snapshot = selectors.latest_snapshot()
    if snapshot is None:
        raise ApiProblem(
            503,
            _("Nog geen cijfers"),
            _("De monitoringcijfers zijn nog niet berekend; probeer het later opnieuw."),
            kind="not-computed",
        )
    dashboard = selectors.municipality_dashboard(request.user, municipality_code.upper()[:10], snapshot)  # type: ignore[arg-type]
    table = selectors.export_table(dashboard)
    audit.record(
        AuditAction.EXPORT,
        actor=request.user,  # type: ignore[arg-type]
        object_type="monitoring_indicators",
        object_id=f"gemeente:{municipality_code}"[:64],
    )
    results = [
        {
            "level": row["level"],
            "area_code": row["area_code"],
            "area_name": row["area_name"],
            "cohort": _int(row["cohort"]),
            "months_since_permit": _int(row["months_since_permit"]),
            "group": str(row["group"] or ""),
            "group_value": str(row["group_value"] or ""),
            "indicator": row["indicator"],
            "numerator": _number(row["numerator"]),
            "denominator": _number(row["denominator"]),
            "value": _number(row["value"]),
            "suppressed": bool(row["suppressed"]),
        }
        for row in table.to_dict("records")
    ]
    return {"as_of": snapshot.as_of, "results": results}
