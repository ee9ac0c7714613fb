"""Pages of the regional market. Thin: read with selectors, write with services, explain with the engine."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import may_list_candidates
from werkroute.cases import selectors as case_selectors
from werkroute.core.models import StaleObjectError
from werkroute.matching import MatchingInputError
from werkroute.placements import selectors, services
from werkroute.placements.explanations import (
    component_label,
    counterfactual_sentence,
    missing_skill_names,
    sentences,
)
from werkroute.placements.forms import DeclineForm, PlacementForm
from werkroute.placements.models import DeclineReason, Placement, ReferralStatus


def placement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    placements = selectors.placement_list(request.user, request.GET.get("status", ""))
    return render(
        request,
        "placements/placement_list.html",
        {
            "placements": placements,
            "may_add": selectors.manageable_employers(request.user).exists(),
            "may_batch": bool(selectors.batch_region_ids(request.user)),
        },
    )


def _save_form(
    request: AuthenticatedHttpRequest, form: PlacementForm, placement: Placement | None
) -> Placement | None:
    if not form.is_valid():
        return None
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    values["postcode"] = form.cleaned_data["pc4"]
    values["occupation"] = form.cleaned_data["occupation"]
    skills = form.cleaned_data["required_skills"], form.cleaned_data["desirable_skills"]
    try:
        if placement is None:
            return services.create_placement(request.user, values, *skills)
        # The bound form has already copied its values onto ``placement`` (ModelForm validation does), so
        # the service gets the placement as stored, to see what changed.
        stored = selectors.get_placement(request.user, placement.pk)
        services.update_placement(request.user, stored, form.cleaned_data["version"] or 0, values, *skills)
        return stored
    except ValidationError as error:
        form.add_error(None, error)
    except StaleObjectError:
        form.add_error(None, _("Iemand anders heeft deze plaats intussen gewijzigd. Open de pagina opnieuw."))
    return None


@require_http_methods(["GET", "POST"])
def placement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    employers = selectors.manageable_employers(request.user)
    if not employers.exists():
        raise PermissionDenied
    form = PlacementForm(request.POST or None, employers=employers)
    if request.method == "POST":
        placement = _save_form(request, form, None)
        if placement is not None:
            messages.success(request, _("Plaats opgeslagen."))
            return redirect("placements:detail", placement_id=placement.pk)
    return render(request, "placements/placement_form.html", {"form": form, "title": _("Nieuwe plaats")})


@require_http_methods(["GET", "POST"])
def placement_edit(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    placement = selectors.get_placement(request.user, placement_id)
    if not selectors.may_manage(request.user, placement):
        raise PermissionDenied
    form = PlacementForm(
        request.POST or None, instance=placement, employers=selectors.manageable_employers(request.user)
    )
    if request.method == "POST" and _save_form(request, form, placement) is not None:
        messages.success(request, _("Plaats opgeslagen."))
        return redirect("placements:detail", placement_id=placement.pk)
    return render(
        request,
        "placements/placement_form.html",
        {"form": form, "title": _("Plaats wijzigen"), "placement": placement},
    )


def placement_detail(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    placement = selectors.get_placement(request.user, placement_id)
    candidates, problem = [], ""
    try:
        candidates = selectors.recommended_candidates(request.user, placement)
    except MatchingInputError as error:
        problem = str(error)
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "candidates": candidates,
            "problem": problem,
            "may_manage": selectors.may_manage(request.user, placement),
            "may_list_candidates": may_list_candidates(request.user),
        },
    )


REFERRAL_ACTIONS = {
    "consent",
    "send",
    "interview",
    "accept",
    "decline",
    "start",
    "follow_up_3",
    "follow_up_6",
    "withdraw",
    "ended",
}


def _referral_step(request: AuthenticatedHttpRequest, client: Any) -> None:
    referral = selectors.get_client_referral(request.user, client, request.POST.get("referral"))
    action = request.POST.get("action", "")
    override = request.POST.get("override_reason", "")
    if action == "consent":
        services.record_client_consent(request.user, referral, override_reason=override)
    elif action == "send":
        services.send_to_employer(request.user, referral, override_reason=override)
    elif action == "interview":
        services.record_interview(request.user, referral)
    elif action == "accept":
        services.decide(request.user, referral, accepted=True)
    elif action == "decline":
        services.decide(request.user, referral, accepted=False, reason=request.POST.get("reason", ""))
    elif action == "start":
        import datetime as dt

        services.start_work(request.user, referral, start_date=dt.date.today())
    elif action in ("follow_up_3", "follow_up_6"):
        still = request.POST.get("still_in_work") == "yes"
        services.record_follow_up(request.user, referral, 3 if action == "follow_up_3" else 6, still)
    elif action == "withdraw":
        services.withdraw(request.user, referral)
    else:
        raise ValidationError(_("Onbekende stap."))


@require_http_methods(["GET", "POST"])
def client_placements(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """On a client's file: the placements that fit best, why, and the client's referrals."""
    client = case_selectors.get_client(request.user, client_id, change=True)
    if request.method == "POST":
        try:
            if "placement" in request.POST:
                placement = selectors.get_placement(request.user, request.POST["placement"])
                services.propose_referral(request.user, client, placement)
                messages.success(request, _("Voorgedragen: %(title)s.") % {"title": placement.title})
            else:
                _referral_step(request, client)
                messages.success(request, _("Voordracht bijgewerkt."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("placements:client", client_id=client.pk)
    recommendations, counterfactual, problem, working = [], "", "", False
    try:
        result = selectors.recommended_placements(request.user, client)
        counterfactual = counterfactual_sentence(result.counterfactual)
        working = result.in_paid_work
        recommendations = [
            {
                "placement": item.placement,
                "score": round(item.explanation.score * 100),
                "sentences": sentences(
                    item.explanation, result.max_travel_minutes, item.placement.language_support
                ),
                "missing": missing_skill_names(item.explanation),
                "parts": [
                    {"label": component_label(c.component), "points": round(c.points * 100)}
                    for c in item.explanation.contributions
                ],
                "proposed": item.placement.pk in result.open_referral_placements,
            }
            for item in result.items
        ]
    except MatchingInputError as error:
        problem = str(error)
    return render(
        request,
        "placements/client_placements.html",
        {
            "client": client,
            "recommendations": recommendations,
            "counterfactual": counterfactual,
            "problem": problem,
            "in_paid_work": working,
            "referrals": selectors.client_referrals(request.user, client),
            "statuses": ReferralStatus,
            "decline_form": DeclineForm(),
        },
    )


def region_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For the employer service point: an optimal set of referrals for the open capacity, with equity."""
    if not selectors.batch_region_ids(request.user):
        raise PermissionDenied
    problem = ""
    batch = None
    try:
        batch = selectors.region_batch(request.user, request.GET.get("regio") or None)
    except MatchingInputError as error:
        problem = str(error)
    return render(request, "placements/region_batch.html", {"batch": batch, "problem": problem})


REGISTER = Path(settings.PROJECT_ROOT) / "docs" / "algoritmeregister.md"


def algorithm_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The algorithm register entry of the matching engine, as written in docs/algoritmeregister.md."""
    if not REGISTER.exists():
        raise Http404
    return render(
        request, "placements/algorithm_register.html", {"text": REGISTER.read_text(encoding="utf-8")}
    )


@require_http_methods(["GET", "POST"])
def placement_referrals(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    """The employer's side of a referral: the candidates sent to this placement (work profile only), and
    the interview and decision."""
    placement = selectors.get_placement(request.user, placement_id)
    if request.method == "POST":
        referral = selectors.get_employer_referral(request.user, placement, request.POST.get("referral"))
        action = request.POST.get("action", "")
        try:
            if action == "interview":
                services.record_interview(request.user, referral)
            elif action in ("accept", "decline"):
                services.decide(
                    request.user, referral, action == "accept", request.POST.get("decline_reason", "")
                )
            else:
                raise ValidationError(_("Onbekende handeling."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Vastgelegd."))
            return redirect("placements:referrals", placement_id=placement.pk)
    # Read (and audited) only when shown, not for a step that redirects.
    shown = selectors.referrals_for_employer(request.user, placement)
    return render(
        request,
        "placements/placement_referrals.html",
        {
            "placement": placement,
            "rows": shown.rows,
            "no_longer_shared": shown.no_longer_shared,
            "decline_reasons": DeclineReason.choices,
        },
    )
