"""Caseworker pages. Thin: parse with a form, read with a selector, write with a service."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import case_municipality_ids, partner_organisation_ids
from werkroute.cases import extensions, selectors, services
from werkroute.cases.forms import (
    ActivityForm,
    ActivityTransitionForm,
    CaseloadFilterForm,
    ClientForm,
    ConsentForm,
    ConsentWithdrawalForm,
    EducationFormSet,
    EpisodeEndForm,
    IntakeForm,
    LabourEpisodeForm,
    NoteForm,
    PlanForm,
    PlanGoalFormSet,
    WorkExperienceFormSet,
)
from werkroute.cases.models import Client, Intake
from werkroute.core import replay
from werkroute.core.forms import apply_errors
from werkroute.core.models import StaleObjectError

CASELOAD_PAGE_SIZE = 50
CASELOAD_FILTER_DEFAULTS = {
    "q": "",
    "municipality": None,
    "cohort": None,
    "route": "",
    "status": "",
    "idle": False,
    "scope": "all",
}


def _stale_error() -> str:
    return _(
        "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat hieronder nog. Bekijk de nieuwe "
        "gegevens in het dossier (nieuw tabblad); als u daarna opnieuw opslaat, vervangt uw invoer die."
    )


def _replayed_error() -> str:
    return _(
        "Dit formulier is al eerder verstuurd en opgeslagen; het is niet nog een keer opgeslagen. Bekijk het "
        "dossier om te zien wat er staat."
    )


def _missing_token_error() -> str:
    return _(
        "Dit formulier kon niet worden gecontroleerd en is niet opgeslagen. Uw invoer staat hieronder nog; "
        "sla het opnieuw op."
    )


def _require_case_role(request: AuthenticatedHttpRequest) -> set[int]:
    municipality_ids = case_municipality_ids(request.user)
    if not municipality_ids:
        raise PermissionDenied
    return municipality_ids


def _client_url(client: Client, anchor: str = "") -> str:
    return reverse("cases:client", kwargs={"client_id": client.pk}) + (f"#{anchor}" if anchor else "")


def _save(
    request: AuthenticatedHttpRequest,
    form: django_forms.BaseForm,
    write: Callable[[], Any],
    success: str,
    current: Callable[[], dict[str, Any]] | None = None,
) -> bool:
    """Run a service call for a valid form; on a rule violation or a conflict, put the error on the form.

    On a conflict, ``current`` gives the hidden version fields as they are stored now: the form is shown
    again with the user's input and those versions, so that saving once more is a deliberate overwrite
    after looking at the newer data, and typing everything again is never needed.
    """
    refused = replay.refusal(request)
    if refused is not None:
        form.add_error(None, _replayed_error() if refused == replay.REPLAYED else _missing_token_error())
        services.refuse_replayed_form(request.user, request.path, reason=refused)
        return False
    try:
        write()
    except ValidationError as error:
        apply_errors(form, error)
        return False
    except StaleObjectError:
        form.add_error(None, _stale_error())
        if current is not None:
            data = form.data.copy()  # type: ignore[attr-defined]
            for name, value in current().items():
                data[name] = "" if value is None else str(value)
            form.data = data
        return False
    replay.mark_used(request)
    messages.success(request, success)
    return True


def _client_form_page(
    request: AuthenticatedHttpRequest,
    client: Client,
    form: django_forms.BaseForm,
    write: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    anchor: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """The common shape of a one-form page of the client file: valid input is written by ``write`` and
    leads back to the file; anything else shows the form again with the input kept."""
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, lambda: write(form.cleaned_data), success)
    ):
        return redirect(_client_url(client, anchor))
    return render(request, template, {"form": form, "client": client, **context})


@require_http_methods(["GET"])
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality_ids = _require_case_role(request)
    cohorts = selectors.caseload_cohorts(request.user)
    query = request.GET.copy()
    if not query.get("scope"):
        # "My caseload" when there is one; a team lead or a new colleague starts with the whole municipality.
        query["scope"] = "mine" if selectors.has_own_clients(request.user) else "all"
    form = CaseloadFilterForm(query, municipality_ids=municipality_ids, cohorts=cohorts)
    # Invalid fields are shown with their message; the valid ones still filter (cleaned_data keeps them).
    form.is_valid()
    data = {**CASELOAD_FILTER_DEFAULTS, **form.cleaned_data}
    filters = selectors.CaseloadFilters(
        query=data["q"],
        municipality_id=data["municipality"].pk if data["municipality"] else None,
        cohort=data["cohort"],
        learning_route=data["route"],
        status=data["status"],
        without_active_activity=data["idle"],
        only_mine=data["scope"] == "mine",
    )
    page = selectors.caseload_page(request.user, filters, request.GET.get("pagina"), CASELOAD_PAGE_SIZE)
    query_without_page = request.GET.copy()
    query_without_page.pop("pagina", None)
    context = {"form": form, "page": page, "query_string": query_without_page.urlencode()}
    partial = bool(request.htmx and request.htmx.target == "caseload-results")
    if not partial:
        context["blocks"] = extensions.render(extensions.START_PAGE, request)
    template = "cases/_caseload_results.html" if partial else "cases/caseload.html"
    return render(request, template, context)


@require_http_methods(["GET"])
def client_detail(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    case_file = selectors.client_file(request.user, client_id)
    blocks = extensions.render(extensions.CLIENT_FILE, request, case_file)
    context = {
        "file": case_file,
        "client": case_file.client,
        "blocks": blocks,
        "attention_in_blocks": extensions.ATTENTION in extensions.shown_by_blocks(extensions.CLIENT_FILE),
    }
    return render(request, "cases/client_detail.html", context)


@sensitive_post_parameters("bsn", "date_of_birth")
@require_http_methods(["GET", "POST"])
def client_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality_ids = _require_case_role(request)
    form = ClientForm(request.POST or None, municipality_ids=municipality_ids)
    created: list[Client] = []
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        if values.get("caseworker") is None:
            values.pop("caseworker")
        if _save(
            request,
            form,
            lambda: created.append(services.register_client(request.user, values)),
            _("Klant ingeschreven."),
        ):
            return redirect(_client_url(created[0]))
    # Someone who moved here needs their file handed over, not a second one: the page offers the request.
    offer_handover = form.has_error("bsn", code=services.DUPLICATE_BSN)
    return render(
        request, "cases/client_form.html", {"form": form, "client": None, "offer_handover": offer_handover}
    )


@sensitive_post_parameters("bsn", "date_of_birth")
@require_http_methods(["GET", "POST"])
def client_edit(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    municipality_ids = _require_case_role(request)
    form = ClientForm(request.POST or None, instance=client, municipality_ids=municipality_ids)
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        expected = form.cleaned_data["version"] or 0
        # The form leaves the instance untouched (no _post_clean), so the service compares with what is stored.
        if _save(
            request,
            form,
            lambda: services.update_client(request.user, client, expected, values),
            _("Gegevens opgeslagen."),
            current=lambda: {"version": selectors.stored_versions(client)["client"]},
        ):
            return redirect(_client_url(client))
    return render(request, "cases/client_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def intake_edit(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    intake = selectors.get_intake(request.user, client)
    data = request.POST or None
    form = IntakeForm(
        data,
        instance=intake or Intake(client=client),
        initial={} if intake else {"intake_date": dt.date.today()},
    )
    education = EducationFormSet(
        data,
        prefix="education",
        initial=[
            {
                name: getattr(row, name)
                for name in ("isced_level", "field", "years", "country", "diploma", "recognition")
            }
            for row in (intake.education.all() if intake else [])
        ],
    )
    work = WorkExperienceFormSet(
        data,
        prefix="work",
        initial=[
            {"occupation": row.occupation_id, "years": row.years, "country": row.country}
            for row in (intake.work_experience.all() if intake else [])
        ],
    )
    if request.method == "POST" and form.is_valid() and education.is_valid() and work.is_valid():
        cleaned = form.cleaned_data
        intake_input = services.IntakeInput(
            values={
                name: cleaned[name]
                for name in IntakeForm.Meta.fields
                if name not in ("skills", "wished_occupations")
            },
            education=_formset_rows(education),
            work_experience=_formset_rows(work),
            skills=list(cleaned["skills"]),
            wished_occupations=list(cleaned["wished_occupations"]),
        )
        if _save(
            request,
            form,
            lambda: services.record_intake(request.user, client, intake_input, cleaned["version"]),
            _("Brede intake opgeslagen."),
            current=lambda: {"version": selectors.stored_versions(client)["intake"]},
        ):
            return redirect(_client_url(client, "intake"))
    return render(
        request,
        "cases/intake_form.html",
        {
            "form": form,
            "education": education,
            "work": work,
            "client": client,
            "formsets_invalid": data is not None and not (education.is_valid() and work.is_valid()),
        },
    )


def _formset_rows(formset: django_forms.BaseFormSet) -> list[dict[str, Any]]:
    return [
        {name: value for name, value in row.cleaned_data.items() if name != "DELETE"}
        for row in formset.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE")
    ]


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """Make the first PIP or revise it: the form starts from the current version."""
    client = selectors.get_client(request.user, client_id, change=True)
    current = selectors.current_plan(request.user, client)
    initial: dict[str, Any] = {"plan_date": dt.date.today(), "based_on": current.number if current else None}
    goals_initial: list[dict[str, Any]] = []
    past_review_date = None
    if current:
        initial |= {"learning_route": current.learning_route, "agreements": current.agreements}
        # A review date that has passed is not copied: the revision needs a new one, and says so.
        if current.review_date and current.review_date < dt.date.today():
            past_review_date = current.review_date
        else:
            initial["review_date"] = current.review_date
        goals_initial = [
            {"description": goal.description, "target_date": goal.target_date} for goal in current.goals.all()
        ]
    data = request.POST or None
    form = PlanForm(data, initial=initial)
    goals = PlanGoalFormSet(data, prefix="goals", initial=goals_initial)
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        values = {name: form.cleaned_data[name] for name in PlanForm.Meta.fields}
        if _save(
            request,
            form,
            lambda: services.create_plan_version(
                request.user,
                client,
                form.cleaned_data["based_on"],
                values,
                _formset_rows(goals),
            ),
            _("Plan van aanpak vastgelegd als nieuwe versie."),
            current=lambda: {"based_on": selectors.latest_plan_number(client)},
        ):
            return redirect(_client_url(client, "plan"))
    return render(
        request,
        "cases/plan_form.html",
        {
            "form": form,
            "goals": goals,
            "client": client,
            "current": current,
            "past_review_date": past_review_date,
            "formsets_invalid": data is not None and not goals.is_valid(),
        },
    )


@require_http_methods(["GET"])
def plan_version(request: AuthenticatedHttpRequest, client_id: uuid.UUID, number: int) -> HttpResponse:
    client = selectors.get_client(request.user, client_id)
    plan = selectors.get_plan_version(request.user, client, number)
    latest = selectors.latest_plan_number(client)
    return render(request, "cases/plan_version.html", {"client": client, "plan": plan, "latest": latest})


@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    form = ActivityForm(
        request.POST or None, region_id=client.municipality.region_id, initial={"start_date": dt.date.today()}
    )
    return _client_form_page(
        request,
        client,
        form,
        lambda data: services.plan_activity(request.user, client, data),
        success=_("Activiteit gepland."),
        anchor="activities",
        template="cases/activity_form.html",
    )


@require_http_methods(["GET", "POST"])
def activity_transition(
    request: AuthenticatedHttpRequest, client_id: uuid.UUID, activity_id: int
) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    activity = selectors.get_activity(request.user, client, activity_id)
    form = ActivityTransitionForm(
        request.POST or None,
        activity=activity,
        initial={"on": dt.date.today(), "status": request.GET.get("status")},
    )
    if not form.fields["status"].choices:  # type: ignore[attr-defined]
        # Closed meanwhile (or long ago): nothing left to change. Say so rather than answer "not found".
        messages.error(
            request,
            _("Deze activiteit is al afgesloten (%(status)s); de status kan niet meer wijzigen.")
            % {"status": activity.get_status_display()},
        )
        return redirect(_client_url(client, "activities"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(
            request,
            form,
            lambda: services.transition_activity(
                request.user,
                activity,
                data["status"],
                expected_version=data["version"],
                on=data["on"],
                reason=data["reason"],
                outcome=data["outcome"],
            ),
            _("Status van de activiteit gewijzigd."),
            current=lambda: {"version": selectors.get_activity(request.user, client, activity_id).version},
        ):
            return redirect(_client_url(client, "activities"))
    return render(
        request, "cases/activity_transition.html", {"form": form, "client": client, "activity": activity}
    )


@require_http_methods(["GET", "POST"])
def episode_create(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    form = LabourEpisodeForm(
        request.POST or None, initial={"start_date": dt.date.today(), "kind": request.GET.get("kind")}
    )
    return _client_form_page(
        request,
        client,
        form,
        lambda data: services.record_labour_episode(request.user, client, data),
        success=_("Arbeidsmarktpositie vastgelegd."),
        anchor="status",
        template="cases/episode_form.html",
    )


@require_http_methods(["GET", "POST"])
def episode_end(request: AuthenticatedHttpRequest, client_id: uuid.UUID, episode_id: int) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    episode = selectors.get_episode(request.user, client, episode_id)
    form = EpisodeEndForm(request.POST or None, initial={"end_date": dt.date.today()})
    return _client_form_page(
        request,
        client,
        form,
        lambda data: services.end_labour_episode(request.user, episode, data["end_date"]),
        success=_("Periode beëindigd."),
        anchor="status",
        template="cases/episode_end.html",
        episode=episode,
    )


@require_http_methods(["GET", "POST"])
def note_create(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    form = NoteForm(request.POST or None, initial={"occurred_on": dt.date.today()})
    return _client_form_page(
        request,
        client,
        form,
        lambda data: services.add_note(request.user, client, data),
        success=_("Notitie opgeslagen."),
        anchor="timeline",
        template="cases/note_form.html",
    )


@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    form = ConsentForm(request.POST or None, client=client, initial={"given_on": dt.date.today()})
    return _client_form_page(
        request,
        client,
        form,
        lambda data: services.give_consent(request.user, client, data),
        success=_("Toestemming vastgelegd."),
        anchor="consents",
        template="cases/consent_form.html",
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(
    request: AuthenticatedHttpRequest, client_id: uuid.UUID, consent_id: int
) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    consent = selectors.get_consent(request.user, client, consent_id)
    form = ConsentWithdrawalForm(request.POST or None, initial={"withdrawn_on": dt.date.today()})
    return _client_form_page(
        request,
        client,
        form,
        lambda data: services.withdraw_consent(request.user, consent, data["method"], data["withdrawn_on"]),
        success=_("Toestemming ingetrokken. Vanaf nu wordt er niets meer op grond ervan gedeeld."),
        anchor="consents",
        template="cases/consent_withdraw.html",
        consent=consent,
    )


@require_http_methods(["GET"])
def shared(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A partner worker's list: the files clients chose to share with their organisation."""
    if not partner_organisation_ids(request.user):
        raise PermissionDenied
    page = selectors.shared_with_me(request.user, request.GET.get("pagina"))
    moved = selectors.shares_ended_by_a_move(request.user)
    return render(request, "cases/shared.html", {"page": page, "moved": moved})
