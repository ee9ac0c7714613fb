"""The employer's side of the market: the candidates sent to a placement, and the interview and decision.

What a system of an employer (or of its employer service point) sees is what the employer's page shows,
read by the same selectors: only referrals sent with the client's consent to share the work profile,
checked at the moment of the read, so a withdrawn consent ends the view at once; a candidate is named by
a pseudonym, never by the id of their file, and only the work profile comes along.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router

from werkroute.api.auth import needs
from werkroute.api.endpoints.common import action_route, object_id
from werkroute.api.naming import CamelSchema
from werkroute.api.problems import error_responses
from werkroute.cases.selectors import WorkProfile
from werkroute.placements import selectors, services
from werkroute.placements.models import Referral

router = Router(tags=["werkgever"])


class DutchLevelsOut(CamelSchema):
    listening: str
    reading: str
    speaking: str
    writing: str


class LanguageLevelOut(CamelSchema):
    language: str = Field(description="ISO 639-1-code.")
    level: str = Field(description="ERK-niveau.")


class WorkProfileOut(CamelSchema):
    first_name: str
    occupations: list[str] = Field(description="Werkervaring: beroep met het aantal jaren.")
    education: list[str]
    skills: list[str]
    dutch_levels: DutchLevelsOut
    other_languages: list[LanguageLevelOut]
    hours_available: int | None
    available_from: dt.date | None
    driving_licence: bool
    postcode_area: str = Field(description="Alleen de vier cijfers van de postcode.")


class CandidateOut(CamelSchema):
    id: int = Field(description="Id van de voordracht.")
    candidate: str = Field(description="Vaste schuilnaam van de kandidaat, geen id van het dossier.")
    status: str
    sent_on: dt.date | None
    decided_on: dt.date | None
    decline_reason: str
    started_on: dt.date | None
    profile: WorkProfileOut


class CandidatesOut(CamelSchema):
    results: list[CandidateOut]
    no_longer_shared: int = Field(
        description="Eerder gestuurde voordrachten die niet meer gedeeld worden (toestemming ingetrokken of "
        "verlopen): alleen geteld, nooit getoond."
    )


class EmployerStepOut(CamelSchema):
    id: int
    candidate: str
    status: str
    decided_on: dt.date | None
    decline_reason: str


class DeclineIn(CamelSchema):
    decline_reason: str = Field(description="Code van de reden van afwijzing.")


def _profile(profile: WorkProfile) -> dict[str, Any]:
    listening, reading, speaking, writing = list(profile.dutch_levels.values())
    return {
        "first_name": profile.first_name,
        "occupations": profile.occupations,
        "education": profile.education,
        "skills": profile.skills,
        "dutch_levels": {
            "listening": listening,
            "reading": reading,
            "speaking": speaking,
            "writing": writing,
        },
        "other_languages": [
            {"language": language, "level": level} for language, level in profile.other_languages.items()
        ],
        "hours_available": profile.hours_available,
        "available_from": profile.available_from,
        "driving_licence": profile.driving_licence,
        "postcode_area": profile.postcode_area,
    }


def _step(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "candidate": selectors.pseudonym(referral.client),
        "status": referral.status,
        "decided_on": referral.decided_on,
        "decline_reason": referral.decline_reason,
    }


@router.get(
    "/placements/{placement_id}/candidates",
    response={200: CandidatesOut, **error_responses()},
    auth=needs("referrals:read"),
    operation_id="listPlacementCandidates",
    summary="De kandidaten die naar een eigen plaats zijn gestuurd, met alleen hun werkprofiel",
    by_alias=True,
)
def list_candidates(request: HttpRequest, placement_id: int) -> Any:
    placement = selectors.get_placement(request.user, object_id(placement_id))  # type: ignore[arg-type]
    shown = selectors.referrals_for_employer(request.user, placement)  # type: ignore[arg-type]
    return {
        "results": [
            {
                "id": referral.pk,
                "candidate": selectors.pseudonym(referral.client),
                "status": referral.status,
                "sent_on": referral.sent_on,
                "decided_on": referral.decided_on,
                "decline_reason": referral.decline_reason,
                "started_on": referral.started_on,
                "profile": _profile(profile),
            }
            for referral, profile in shown.rows
        ],
        "no_longer_shared": shown.no_longer_shared,
    }


def _employer_referral(request: HttpRequest, placement_id: int, referral_id: int) -> Referral:
    placement = selectors.get_placement(request.user, object_id(placement_id))  # type: ignore[arg-type]
    return selectors.get_employer_referral(request.user, placement, object_id(referral_id))  # type: ignore[arg-type]


_action = action_route(
    router, "/placements/{placement_id}/candidates/{referral_id}", EmployerStepOut, "referrals:write"
)


@_action("_interview", "recordCandidateInterview", "Het kennismakingsgesprek met een kandidaat vastleggen")
def interview(request: HttpRequest, placement_id: int, referral_id: int) -> Any:
    referral = _employer_referral(request, placement_id, referral_id)
    return _step(services.record_interview(request.user, referral))  # type: ignore[arg-type]


@_action("_accept", "acceptCandidate", "De kandidaat is aangenomen")
def accept(request: HttpRequest, placement_id: int, referral_id: int) -> Any:
    referral = _employer_referral(request, placement_id, referral_id)
    return _step(services.decide(request.user, referral, accepted=True))  # type: ignore[arg-type]


@_action("_decline", "declineCandidate", "De kandidaat is afgewezen, met een reden")
def decline(request: HttpRequest, placement_id: int, referral_id: int, body: DeclineIn) -> Any:
    referral = _employer_referral(request, placement_id, referral_id)
    return _step(services.decide(request.user, referral, accepted=False, reason=body.decline_reason))  # type: ignore[arg-type]
