"""The parts of a case file under ``/clients/{clientId}``: intake, plan versions, activities, labour
episodes and consents. Reads go through the case file's selectors; writes through its services, after
the same forms the pages use."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router

from werkroute.accounts.policies import Section, client_access
from werkroute.api.auth import needs
from werkroute.api.endpoints.common import IDEMPOTENCY, cleaned, form_values, idempotent_create
from werkroute.api.naming import CamelSchema
from werkroute.api.problems import error_responses, invalid_input
from werkroute.cases import selectors, services
from werkroute.cases.forms import ActivityForm, ConsentForm, LabourEpisodeForm, PlanForm, PlanGoalForm
from werkroute.cases.models import Activity, Client, Consent, LabourEpisode, PlanVersion

router = Router(tags=["dossier"])


class IntakeOut(CamelSchema):
    intake_date: dt.date
    dutch_listening: str
    dutch_reading: str
    dutch_speaking: str
    dutch_writing: str
    other_languages: list[dict[str, str]]
    driving_licence: bool
    hours_available: int | None
    available_from: dt.date | None
    max_travel_minutes: int | None
    willing_to_move: bool = Field(
        description="De klant wil verhuizen voor werk: de landelijke markt zoekt dan ook buiten de reistijd."
    )
    wished_sectors: list[str]
    wished_occupations: list[int] = Field(description="Ids van ESCO-beroepen.")
    skills: list[int] = Field(description="Ids van ESCO-vaardigheden.")


class GoalOut(CamelSchema):
    description: str
    target_date: dt.date | None


class PlanVersionOut(CamelSchema):
    number: int
    plan_date: dt.date
    learning_route: str
    agreements: str
    review_date: dt.date | None
    reason: str
    goals: list[GoalOut]
    created_at: dt.datetime


class GoalIn(CamelSchema):
    description: str
    target_date: dt.date | None = None


class PlanVersionIn(CamelSchema):
    based_on: int | None = Field(
        None, description="Het nummer van de laatste versie (leeg voor een eerste plan)."
    )
    plan_date: dt.date
    learning_route: str
    agreements: str = ""
    review_date: dt.date | None = None
    reason: str = ""
    goals: list[GoalIn]


class ActivityOut(CamelSchema):
    id: int
    version: int
    activity_type: str
    description: str
    provider: int | None
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: int | None
    status: str
    stop_reason: str
    outcome: str
    updated_at: dt.datetime


class ActivityIn(CamelSchema):
    activity_type: str
    description: str = ""
    provider: int | None = Field(None, description="Id van een aanbieder of partner uit de regio.")
    start_date: dt.date
    end_date: dt.date | None = None
    hours_per_week: int | None = None


class EpisodeOut(CamelSchema):
    id: int
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: int | None
    contract_type: str
    employer_name: str


class EpisodeIn(CamelSchema):
    kind: str
    start_date: dt.date
    end_date: dt.date | None = None
    hours_per_week: int | None = None
    contract_type: str = ""
    employer_name: str = ""


class ConsentOut(CamelSchema):
    id: int
    scope: str
    organisation: int | None
    given_on: dt.date
    valid_until: dt.date | None
    method: str
    withdrawn_on: dt.date | None


class ConsentIn(CamelSchema):
    scope: str
    organisation: int | None = None
    given_on: dt.date
    valid_until: dt.date | None = None
    method: str
    interpreter_language: str = ""


def client_in_scope(
    request: HttpRequest, client_id: uuid.UUID, *, change: bool = False, section: str = ""
) -> Client:
    client = selectors.get_client(request.user, client_id, change=change)  # type: ignore[arg-type]
    if section and not client_access(request.user, client).shows(section):  # type: ignore[arg-type]
        raise Http404
    return client


def _intake(intake: Any) -> dict[str, Any]:
    return {
        **{
            name: getattr(intake, name)
            for name in IntakeOut.model_fields
            if name not in ("skills", "wished_occupations")
        },
        "wished_occupations": sorted(item.pk for item in intake.wished_occupations.all()),
        "skills": sorted(item.pk for item in intake.skills.all()),
    }


def _plan(plan: PlanVersion) -> dict[str, Any]:
    return {
        **{name: getattr(plan, name) for name in PlanVersionOut.model_fields if name != "goals"},
        "goals": [
            {"description": goal.description, "target_date": goal.target_date} for goal in plan.goals.all()
        ],
    }


def activity_data(activity: Activity) -> dict[str, Any]:
    return {name: getattr(activity, name) for name in ActivityOut.model_fields if name != "provider"} | {
        "provider": activity.provider_id
    }


def episode_data(episode: LabourEpisode) -> dict[str, Any]:
    return {name: getattr(episode, name) for name in EpisodeOut.model_fields}


def consent_data(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "scope": consent.scope,
        "organisation": consent.organisation_id,
        "given_on": consent.given_on,
        "valid_until": consent.valid_until,
        "method": consent.method,
        "withdrawn_on": consent.withdrawn_on,
    }


@router.get(
    "/clients/{client_id}/intake",
    response={200: IntakeOut, **error_responses()},
    auth=needs("intakes:read"),
    operation_id="getIntake",
    summary="De brede intake van een klant",
    by_alias=True,
)
def get_intake(request: HttpRequest, client_id: uuid.UUID) -> Any:
    client = client_in_scope(request, client_id)
    intake = selectors.get_intake(request.user, client)  # type: ignore[arg-type]
    if intake is None:
        raise Http404
    return _intake(intake)


@router.get(
    "/clients/{client_id}/plan-versions",
    response={200: list[PlanVersionOut], **error_responses()},
    auth=needs("plans:read"),
    operation_id="listPlanVersions",
    summary="Alle versies van het plan (PIP), oudste eerst",
    by_alias=True,
)
def list_plan_versions(request: HttpRequest, client_id: uuid.UUID) -> Any:
    client = client_in_scope(request, client_id)
    return [_plan(plan) for plan in client.plan_versions.order_by("number").prefetch_related("goals")]


@router.post(
    "/clients/{client_id}/plan-versions",
    response={201: PlanVersionOut, **error_responses(409, 422)},
    auth=needs("plans:write"),
    operation_id="createPlanVersion",
    summary="Een nieuwe versie van het plan vastleggen",
    by_alias=True,
)
def create_plan_version(
    request: HttpRequest, client_id: uuid.UUID, body: PlanVersionIn, idempotency_key: str | None = IDEMPOTENCY
) -> Any:
    client = client_in_scope(request, client_id, change=True)

    def create() -> Any:
        values = cleaned(PlanForm(form_values(body.model_dump(exclude={"goals", "based_on"}))))
        goals = []
        for position, goal in enumerate(body.goals):
            form = PlanGoalForm(form_values(goal.model_dump()))
            if not form.is_valid():
                raise invalid_input(
                    {
                        f"goals.{position}.{name}": [str(item) for item in errors]
                        for name, errors in form.errors.items()
                    }
                )
            goals.append(form.cleaned_data)
        values.pop("based_on", None)
        plan = services.create_plan_version(request.user, client, body.based_on, values, goals)  # type: ignore[arg-type]
        return _plan(plan)

    def replay(number: str) -> Any:
        return _plan(client.plan_versions.get(number=number))

    return idempotent_create(request, idempotency_key, create, replay, id_field="number")


@router.get(
    "/clients/{client_id}/activities",
    response={200: list[ActivityOut], **error_responses()},
    auth=needs("activities:read"),
    operation_id="listActivities",
    summary="De activiteiten van een klant",
    by_alias=True,
)
def list_activities(request: HttpRequest, client_id: uuid.UUID) -> Any:
    client = client_in_scope(request, client_id)
    return [activity_data(item) for item in client.activities.order_by("start_date", "pk")]


@router.post(
    "/clients/{client_id}/activities",
    response={201: ActivityOut, **error_responses(422)},
    auth=needs("activities:write"),
    operation_id="planActivity",
    summary="Een activiteit afspreken",
    by_alias=True,
)
def plan_activity(
    request: HttpRequest, client_id: uuid.UUID, body: ActivityIn, idempotency_key: str | None = IDEMPOTENCY
) -> Any:
    client = client_in_scope(request, client_id, change=True)

    def create() -> Any:
        form = ActivityForm(form_values(body.model_dump()), region_id=client.municipality.region_id)
        activity = services.plan_activity(request.user, client, cleaned(form))  # type: ignore[arg-type]
        return activity_data(activity)

    return idempotent_create(
        request, idempotency_key, create, lambda pk: activity_data(client.activities.get(pk=pk))
    )


@router.get(
    "/clients/{client_id}/labour-episodes",
    response={200: list[EpisodeOut], **error_responses()},
    auth=needs("episodes:read"),
    operation_id="listLabourEpisodes",
    summary="De arbeidsmarktposities van een klant",
    by_alias=True,
)
def list_labour_episodes(request: HttpRequest, client_id: uuid.UUID) -> Any:
    client = client_in_scope(request, client_id)
    return [episode_data(item) for item in client.labour_episodes.order_by("start_date", "pk")]


@router.post(
    "/clients/{client_id}/labour-episodes",
    response={201: EpisodeOut, **error_responses(422)},
    auth=needs("episodes:write"),
    operation_id="recordLabourEpisode",
    summary="Een arbeidsmarktpositie vastleggen",
    by_alias=True,
)
def record_labour_episode(
    request: HttpRequest, client_id: uuid.UUID, body: EpisodeIn, idempotency_key: str | None = IDEMPOTENCY
) -> Any:
    client = client_in_scope(request, client_id, change=True)

    def create() -> Any:
        values = cleaned(LabourEpisodeForm(form_values(body.model_dump())))
        episode = services.record_labour_episode(request.user, client, values)  # type: ignore[arg-type]
        return episode_data(episode)

    return idempotent_create(
        request, idempotency_key, create, lambda pk: episode_data(client.labour_episodes.get(pk=pk))
    )


@router.get(
    "/clients/{client_id}/consents",
    response={200: list[ConsentOut], **error_responses()},
    auth=needs("consents:read"),
    operation_id="listConsents",
    summary="De toestemmingen van een klant, ook ingetrokken",
    by_alias=True,
)
def list_consents(request: HttpRequest, client_id: uuid.UUID) -> Any:
    client = client_in_scope(request, client_id, section=Section.CONSENTS)
    return [consent_data(item) for item in client.consents.order_by("given_on", "pk")]


@router.post(
    "/clients/{client_id}/consents",
    response={201: ConsentOut, **error_responses(422)},
    auth=needs("consents:write"),
    operation_id="giveConsent",
    summary="Een toestemming vastleggen",
    by_alias=True,
)
def give_consent(
    request: HttpRequest, client_id: uuid.UUID, body: ConsentIn, idempotency_key: str | None = IDEMPOTENCY
) -> Any:
    client = client_in_scope(request, client_id, change=True)

    def create() -> Any:
        form = ConsentForm(form_values(body.model_dump()), client=client)
        consent = services.give_consent(request.user, client, cleaned(form))  # type: ignore[arg-type]
        return consent_data(consent)

    return idempotent_create(
        request, idempotency_key, create, lambda pk: consent_data(client.consents.get(pk=pk))
    )
