"""Pages of the regional market. Thin: read with selectors, write with services, explain with the engine."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import may_list_candidates
from werkroute.cases import selectors as case_selectors
from werkroute.cases.forms import ReferralConsentForm
from werkroute.cases.models import ConsentScope
from werkroute.core import markdown
from werkroute.core.models import StaleObjectError
from werkroute.matching import MatchingInputError
from werkroute.matching.weights import GOOD_MATCH_SCORE
from werkroute.placements import selectors, services
from werkroute.placements.explanations import (
    component_label,
    counterfactual_sentence,
    missing_skill_names_of,
    sentences,
)
from werkroute.placements.forms import DeclineForm, PlacementForm, StartWorkForm
from werkroute.placements.models import DeclineReason, Placement, Referral, ReferralStatus


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
    elif action in ("follow_up_3", "follow_up_6"):
        still = request.POST.get("still_in_work") == "yes"
        services.record_follow_up(request.user, referral, 3 if action == "follow_up_3" else 6, still)
    elif action == "withdraw":
        services.withdraw(request.user, referral)
    else:
        raise ValidationError(_("Onbekende stap."))


# Steps of a referral that ask for more than a click get a form on the same page, under the referral:
# recording the client's consent (when none is on file yet) and the start of work.
STEP_CONSENT, STEP_START = "toestemming", "start"


@dataclass
class Step:
    kind: str
    referral: Referral
    form: django_forms.Form | django_forms.ModelForm


def _step(request: AuthenticatedHttpRequest, client: Any, kind: str, referral_id: Any) -> Step:
    referral = selectors.get_client_referral(request.user, client, referral_id)
    data = request.POST if request.method == "POST" else None
    form: django_forms.Form | django_forms.ModelForm
    if kind == STEP_CONSENT:
        form = ReferralConsentForm(data, initial={"given_on": dt.date.today()})
    elif kind == STEP_START:
        planned = case_selectors.planned_activities(request.user, client)
        form = StartWorkForm(
            data, planned=planned, initial={"start_date": dt.date.today(), "hours_per_week": None}
        )
    else:
        raise Http404
    return Step(kind, referral, form)


def _write_step(request: AuthenticatedHttpRequest, step: Step) -> bool:
    """Write a valid step form through its service; a rule violation goes onto the form, input kept."""
    if not step.form.is_valid():
        return False
    data = step.form.cleaned_data
    try:
        if step.kind == STEP_CONSENT:
            services.record_client_consent(request.user, step.referral, consent_values=data)
        else:
            services.start_work(
                request.user,
                step.referral,
                start_date=data["start_date"],
                hours_per_week=data["hours_per_week"],
                cancel_activity_ids=data.get("cancel_activities", []),
            )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                step.form.add_error(field if field in step.form.fields else None, errors)
        else:
            step.form.add_error(None, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
def client_placements(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """On a client's file: the placements that fit best, why, and the client's referrals."""
    client = case_selectors.get_client(request.user, client_id, change=True)
    step = None
    if request.method == "POST" and request.POST.get("step") in (STEP_CONSENT, STEP_START):
        step = _step(request, client, request.POST["step"], request.POST.get("referral"))
        if _write_step(request, step):
            messages.success(
                request,
                _("Toestemming vastgelegd en voordracht bijgewerkt.")
                if step.kind == STEP_CONSENT
                else _("Start vastgelegd."),
            )
            return redirect(reverse("placements:client", kwargs={"client_id": client.pk}) + "#referrals")
    elif request.method == "GET" and request.GET.get("stap") in (STEP_CONSENT, STEP_START):
        step = _step(request, client, request.GET["stap"], request.GET.get("voordracht"))
    elif request.method == "POST":
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
        missing = missing_skill_names_of([item.explanation for item in result.items])
        working = result.in_paid_work
        recommendations = [
            {
                "placement": item.placement,
                "score": round(item.explanation.score * 100),
                "sentences": sentences(
                    item.explanation, result.max_travel_minutes, item.placement.language_support
                ),
                "missing": missing_names,
                "parts": [
                    {"label": component_label(c.component), "points": round(c.points * 100)}
                    for c in item.explanation.contributions
                ],
                "proposed": item.placement.pk in result.open_referral_placements,
                "good": item.explanation.score >= GOOD_MATCH_SCORE,
            }
            for item, missing_names in zip(result.items, missing, strict=True)
        ]
    except MatchingInputError as error:
        problem = str(error)
    return render(
        request,
        "placements/client_placements.html",
        {
            "client": client,
            "recommendations": recommendations,
            "good_match": any(item["good"] for item in recommendations),
            "counterfactual": counterfactual,
            "problem": problem,
            "in_paid_work": working,
            "referrals": selectors.client_referrals(request.user, client),
            "has_profile_consent": case_selectors.has_valid_consent(
                request.user, client, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS
            ),
            "step": step,
            "statuses": ReferralStatus,
            "decline_form": DeclineForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def region_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For the employer service point: an optimal set of referrals for the open capacity, with equity;
    the proposals it chooses become referrals, which the clients' caseworkers take up with them."""
    if not selectors.batch_region_ids(request.user):
        raise PermissionDenied
    return _batch_page(
        request, lambda: selectors.region_batch(request.user, request.GET.get("regio") or None)
    )


@require_http_methods(["GET", "POST"])
def national_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same for all regions that take part in the national market at once; a service point refers
    only for its own region's placements."""
    if not selectors.national_region_ids(request.user):
        raise PermissionDenied
    return _batch_page(request, lambda: selectors.national_batch(request.user))


def _batch_page(request: AuthenticatedHttpRequest, read: Callable[[], selectors.Batch]) -> HttpResponse:
    problem = ""
    batch = None
    try:
        batch = read()
    except MatchingInputError as error:
        problem = str(error)
    if request.method == "POST" and batch is not None:
        chosen = set(request.POST.getlist("proposal"))
        if not chosen:
            messages.error(request, _("Kies ten minste één voorstel."))
        else:
            created = services.propose_from_batch(request.user, batch, chosen)
            messages.success(
                request,
                _(
                    "%(count)d voordracht(en) aangemaakt. De klantmanagers vragen nu de klanten om toestemming."
                )
                % {"count": len(created)},
            )
            return redirect("placements:service_point")
    proposals = [
        {**proposal, "key": services.batch_key(proposal)} for proposal in (batch.proposals if batch else [])
    ]
    return render(
        request, "placements/region_batch.html", {"batch": batch, "proposals": proposals, "problem": problem}
    )


@require_http_methods(["GET"])
def service_point_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The employer service point's start page: the region's open placements, their referrals by step,
    and the way to the regional batch."""
    if not selectors.batch_region_ids(request.user):
        raise PermissionDenied
    rows = selectors.service_point_overview(request.user)
    return render(
        request,
        "placements/service_point_home.html",
        {
            "rows": rows,
            "open_referrals": sum(row.awaiting_consent + row.to_do + row.accepted for row in rows),
            "free_places": sum(max(row.placement.open_capacity, 0) for row in rows),  # type: ignore[attr-defined]
            "national": bool(selectors.national_region_ids(request.user)),
        },
    )


@require_http_methods(["GET"])
def employer_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An employer's start page: its placements, the candidates sent to them, and what to do next."""
    if not selectors.employer_ids(request.user):
        raise PermissionDenied
    rows = selectors.employer_overview(request.user)
    return render(
        request,
        "placements/employer_home.html",
        {"rows": rows, "to_do": [row for row in rows if row.to_do]},
    )


REGISTER = Path(settings.PROJECT_ROOT) / "docs" / "algoritmeregister.md"


def algorithm_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The algorithm register entry of the matching engine, as written in docs/algoritmeregister.md."""
    if not REGISTER.exists():
        raise Http404
    return render(
        request,
        "placements/algorithm_register.html",
        {"document": markdown.render(REGISTER.read_text(encoding="utf-8"))},
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
