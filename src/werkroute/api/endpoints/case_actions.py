"""Steps of a case file as actions, never free status writes: the transitions of an activity
(``/_start``, ``/_complete``, ``/_stop``, ``/_cancel``), the end of a labour episode (``/_end``) and the
withdrawal of a consent (``/_withdraw``). Each validates with the page's own form and calls the same
service as the page, which checks the status table and the dates."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router

from werkroute.accounts.policies import Section
from werkroute.api.auth import needs
from werkroute.api.endpoints.cases import (
    ActivityOut,
    ConsentOut,
    EpisodeOut,
    activity_data,
    client_in_scope,
    consent_data,
    episode_data,
)
from werkroute.api.endpoints.common import action_route, cleaned, form_values, object_id
from werkroute.api.naming import CamelSchema
from werkroute.api.problems import error_responses, invalid_input
from werkroute.cases import selectors, services
from werkroute.cases.forms import ActivityTransitionForm, ConsentWithdrawalForm, EpisodeEndForm
from werkroute.cases.models import ActivityStatus

router = Router(tags=["dossier"])


class ActivityStepIn(CamelSchema):
    version: int = Field(
        description="De versie van de activiteit zoals gelezen (optimistische vergrendeling)."
    )
    on: dt.date = Field(description="De dag van de stap: begonnen, afgerond, gestopt of geannuleerd.")
    reason: str = Field("", description="Verplicht bij voortijdig stoppen en bij annuleren.")
    outcome: str = Field("", description="Het resultaat, bij afronden of stoppen.")


class EpisodeEndIn(CamelSchema):
    end_date: dt.date = Field(description="De laatste dag van de periode.")


class ConsentWithdrawalIn(CamelSchema):
    withdrawn_on: dt.date = Field(description="Vanaf deze dag geldt de toestemming niet meer.")
    method: str = Field(description="Hoe de klant de toestemming introk (code).")


def _step_activity(
    request: HttpRequest, client_id: uuid.UUID, activity_id: int, status: str, body: ActivityStepIn
) -> Any:
    client = client_in_scope(request, client_id, change=True)
    activity = selectors.get_activity(request.user, client, object_id(activity_id))  # type: ignore[arg-type]
    form = ActivityTransitionForm(form_values(body.model_dump()) | {"status": status}, activity=activity)
    # The status comes from the action, and whether it may follow is the service's decision (with the
    # workflow's own message); the form checks the rest as it does on the page.
    form.is_valid()
    errors = {name: messages for name, messages in form.errors.items() if name != "status"}
    if errors:
        raise invalid_input({name: [str(item) for item in messages] for name, messages in errors.items()})
    data = form.cleaned_data
    activity = services.transition_activity(
        request.user,  # type: ignore[arg-type]
        activity,
        status,
        expected_version=data["version"],
        on=data["on"],
        reason=data.get("reason", ""),
        outcome=data.get("outcome", ""),
    )
    return activity_data(activity)


_activity_action = action_route(
    router, "/clients/{client_id}/activities/{activity_id}", ActivityOut, "activities:write", 409
)


@_activity_action("_start", "startActivity", "Een geplande activiteit is begonnen")
def start_activity(request: HttpRequest, client_id: uuid.UUID, activity_id: int, body: ActivityStepIn) -> Any:
    return _step_activity(request, client_id, activity_id, ActivityStatus.ACTIVE, body)


@_activity_action("_complete", "completeActivity", "Een lopende activiteit is afgerond")
def complete_activity(
    request: HttpRequest, client_id: uuid.UUID, activity_id: int, body: ActivityStepIn
) -> Any:
    return _step_activity(request, client_id, activity_id, ActivityStatus.COMPLETED, body)


@_activity_action("_stop", "stopActivity", "Een lopende activiteit is voortijdig gestopt, met een reden")
def stop_activity(request: HttpRequest, client_id: uuid.UUID, activity_id: int, body: ActivityStepIn) -> Any:
    return _step_activity(request, client_id, activity_id, ActivityStatus.STOPPED_EARLY, body)


@_activity_action("_cancel", "cancelActivity", "Een geplande activiteit gaat niet door, met een reden")
def cancel_activity(
    request: HttpRequest, client_id: uuid.UUID, activity_id: int, body: ActivityStepIn
) -> Any:
    return _step_activity(request, client_id, activity_id, ActivityStatus.CANCELLED, body)


@router.post(
    "/clients/{client_id}/labour-episodes/{episode_id}/_end",
    response={200: EpisodeOut, **error_responses(409)},
    auth=needs("episodes:write"),
    operation_id="endLabourEpisode",
    summary="Een lopende arbeidsmarktpositie beëindigen",
    by_alias=True,
)
def end_labour_episode(
    request: HttpRequest, client_id: uuid.UUID, episode_id: int, body: EpisodeEndIn
) -> Any:
    client = client_in_scope(request, client_id, change=True)
    episode = selectors.get_episode(request.user, client, object_id(episode_id))  # type: ignore[arg-type]
    values = cleaned(EpisodeEndForm(form_values(body.model_dump())))
    return episode_data(services.end_labour_episode(request.user, episode, values["end_date"]))  # type: ignore[arg-type]


@router.post(
    "/clients/{client_id}/consents/{consent_id}/_withdraw",
    response={200: ConsentOut, **error_responses()},
    auth=needs("consents:write"),
    operation_id="withdrawConsent",
    summary="Een toestemming intrekken; wat erop gedeeld werd, stopt meteen",
    by_alias=True,
)
def withdraw_consent(
    request: HttpRequest, client_id: uuid.UUID, consent_id: int, body: ConsentWithdrawalIn
) -> Any:
    client = client_in_scope(request, client_id, change=True, section=Section.CONSENTS)
    consent = selectors.get_consent(request.user, client, object_id(consent_id))  # type: ignore[arg-type]
    values = cleaned(ConsentWithdrawalForm(form_values(body.model_dump())))
    consent = services.withdraw_consent(
        request.user,  # type: ignore[arg-type]
        consent,
        values["method"],
        values["withdrawn_on"],
    )
    return consent_data(consent)
