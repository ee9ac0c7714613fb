"""The knowledge base's pages. Thin: selectors read, services write."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import may_edit_knowledge, may_read_knowledge
from werkroute.cases import selectors as cases
from werkroute.cases.services import refuse_replayed_form
from werkroute.core import replay
from werkroute.core.forms import apply_errors
from werkroute.core.http import attachment
from werkroute.core.models import StaleObjectError
from werkroute.knowledge import presentation, selectors, services, tasks
from werkroute.knowledge.forms import (
    ActivityLinkForm,
    CatalogueImportForm,
    CatalogueSearchForm,
    EditReasonForm,
    InterventionForm,
)
from werkroute.knowledge.models import Intervention


def _require_editor(request: AuthenticatedHttpRequest) -> None:
    if not may_edit_knowledge(request.user):
        raise PermissionDenied


def _fresh(request: AuthenticatedHttpRequest, form: Any) -> bool:
    """False (with the reason on the form, and logged) for a replayed form or one without its token."""
    refused = replay.refusal(request)
    if refused is None:
        return True
    form.add_error(
        None,
        _("Dit formulier was al verstuurd of is niet volledig; controleer de gegevens en verstuur opnieuw."),
    )
    refuse_replayed_form(request.user, request.path, reason=refused)
    return False


@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_read_knowledge(request.user):
        raise PermissionDenied
    form = CatalogueSearchForm(request.GET or None)
    form.is_valid()
    data: dict[str, Any] = form.cleaned_data if form.is_bound else {}
    filters = selectors.CatalogueFilters(
        query=data.get("q") or "",
        target_group=data.get("target_group") or "",
        activity_type=data.get("activity_type") or "",
        learning_route=data.get("route") or "",
        evidence_level=data.get("evidence") or "",
        region_code=data["region"].code if data.get("region") else "",
        measured_only=bool(data.get("measured")),
    )
    return render(
        request,
        "knowledge/catalogue.html",
        {
            "form": form,
            "interventions": selectors.catalogue(request.user, filters),
            "may_edit": may_edit_knowledge(request.user),
        },
    )


@require_GET
def intervention_detail(request: AuthenticatedHttpRequest, intervention_id: int) -> HttpResponse:
    intervention = selectors.get_intervention(request.user, intervention_id)
    outcome = selectors.outcome_of(request.user, intervention)
    sections = []
    if outcome is not None and outcome.measured:
        sections = presentation.horizon_sections(outcome.data)
        curves = presentation.work_curve_section(outcome.data)
        if curves is not None:
            sections.append(curves)
    return render(
        request,
        "knowledge/intervention.html",
        {
            "intervention": intervention,
            "outcome": outcome,
            "sections": sections,
            "minimum": services.outcomes_minimum(),
            "may_edit": may_edit_knowledge(request.user),
        },
    )


@require_GET
def intervention_history(request: AuthenticatedHttpRequest, intervention_id: int) -> HttpResponse:
    intervention = selectors.get_intervention(request.user, intervention_id)
    return render(
        request,
        "knowledge/history.html",
        {"intervention": intervention, "versions": selectors.versions(request.user, intervention)},
    )


@require_http_methods(["GET", "POST"])
def intervention_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_editor(request)
    form = InterventionForm(request.POST or None)
    reason_form = EditReasonForm(request.POST or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid() and reason_form.is_valid() and _fresh(request, form):
        try:
            intervention = services.create_intervention(
                request.user, form.cleaned_data, reason_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            replay.mark_used(request)
            messages.success(request, _("Interventie toegevoegd."))
            return redirect("knowledge:intervention", intervention.pk)
    return render(
        request,
        "knowledge/intervention_form.html",
        {"form": form, "reason_form": reason_form, "intervention": None},
    )


@require_http_methods(["GET", "POST"])
def intervention_edit(request: AuthenticatedHttpRequest, intervention_id: int) -> HttpResponse:
    # A missing intervention is missing for everyone; catalogue ids are no secret within the platform.
    intervention = selectors.get_intervention(request.user, intervention_id)
    _require_editor(request)
    initial = services.content_of(intervention)
    initial["regions"] = list(intervention.regions.all())
    form = InterventionForm(request.POST or None, initial=initial)
    reason_form = EditReasonForm(request.POST or None, initial={"version": intervention.version})
    if request.method == "POST" and form.is_valid() and reason_form.is_valid() and _fresh(request, form):
        try:
            changed = services.update_intervention(
                request.user,
                intervention,
                form.cleaned_data,
                reason_form.cleaned_data["version"],
                reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except StaleObjectError:
            form.add_error(
                None,
                _(
                    "Iemand anders heeft deze interventie intussen gewijzigd. Open de pagina opnieuw en breng uw wijziging nog eens aan."
                ),
            )
        else:
            replay.mark_used(request)
            messages.success(request, _("Wijziging opgeslagen.") if changed else _("Er was niets gewijzigd."))
            return redirect("knowledge:intervention", intervention.pk)
    return render(
        request,
        "knowledge/intervention_form.html",
        {"form": form, "reason_form": reason_form, "intervention": intervention},
    )


@require_GET
def catalogue_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_read_knowledge(request.user):
        raise PermissionDenied
    return attachment(
        services.export_catalogue(request.user), "application/json", "interventiecatalogus.json"
    )


@require_http_methods(["GET", "POST"])
def catalogue_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_editor(request)
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _fresh(request, form):
        try:
            counts = services.import_catalogue(request.user, form.cleaned_data["file"].read())
        except services.CatalogueImportError as error:
            form.add_error("file", error.message)
        else:
            replay.mark_used(request)
            messages.success(
                request,
                _("Catalogus ingelezen: %(created)s nieuw, %(updated)s gewijzigd, %(unchanged)s ongewijzigd.")
                % counts,
            )
            return redirect("knowledge:catalogue")
    return render(request, "knowledge/import.html", {"form": form})


@require_POST
def measure(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for a new measurement of every intervention's outcomes; the job runs in the background."""
    _require_editor(request)
    tasks.measure_outcomes_now()
    messages.success(request, _("De resultaten worden opnieuw berekend; dat kan enkele minuten duren."))
    return redirect("knowledge:catalogue")


def _client_page(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> Any:
    # The file first, through the case file's own scope (404 outside it, audited as a read).
    client = cases.get_client(request.user, client_id, change=True)
    if not may_read_knowledge(request.user):
        raise PermissionDenied
    return client


@require_GET
def client_suggestions(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = _client_page(request, client_id)
    return render(
        request,
        "knowledge/client_suggestions.html",
        {
            "client": client,
            "suggestions": selectors.suggestions(request.user, client),
            "activities": selectors.linkable_activities(request.user, client),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_link(request: AuthenticatedHttpRequest, client_id: uuid.UUID, activity_id: int) -> HttpResponse:
    client = _client_page(request, client_id)
    activity = cases.get_activity(request.user, client, activity_id)
    current = selectors.linked_intervention(request.user, activity)
    form = ActivityLinkForm(
        request.POST or None,
        interventions=selectors.linkable_interventions(request.user),
        initial={"intervention": current},
    )
    if request.method == "POST" and form.is_valid() and _fresh(request, form):
        intervention: Intervention | None = form.cleaned_data["intervention"]
        try:
            services.link_activity(request.user, client, activity, intervention)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            replay.mark_used(request)
            if intervention is None:
                messages.success(request, _("De koppeling met de interventie is opgeheven."))
            else:
                messages.success(
                    request, _("De activiteit is gekoppeld aan %(name)s.") % {"name": intervention.name}
                )
            return redirect("knowledge:client_suggestions", client.pk)
    return render(
        request,
        "knowledge/activity_link.html",
        {
            "client": client,
            "activity": activity,
            "form": form,
            "suggestions": selectors.suggestions(request.user, client),
        },
    )
