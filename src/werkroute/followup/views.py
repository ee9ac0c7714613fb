"""The follow-up pages: the signal blocks on the caseworker's start page and the client file (registered
with ``cases.extensions``), snoozing and dismissing a signal, and the team lead's overview."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.cases import extensions
from werkroute.cases.selectors import ClientFile
from werkroute.core.forms import apply_errors
from werkroute.followup import selectors, services
from werkroute.followup.forms import CheckInForm, DismissForm, PartnerReportForm, SnoozeForm
from werkroute.followup.rules import BY_CODE


def start_page_block(request: HttpRequest, subject: Any) -> str:
    user = request.user
    inbox = selectors.inbox(user)  # type: ignore[arg-type]
    leads_team = bool(selectors.team_municipality_ids(user))  # type: ignore[arg-type]
    return render_to_string(
        "followup/_inbox.html", {"inbox": inbox, "leads_team": leads_team}, request=request
    )


def client_file_block(request: HttpRequest, case_file: ClientFile) -> str:
    if not case_file.access.may_change:
        # A partner reading a shared file does not see the municipality's work list; it reports back on
        # the activities it runs.
        activities = selectors.activities_run_by_partner(request.user, case_file.client)  # type: ignore[arg-type]
        if not activities:
            return ""
        return render_to_string(
            "followup/_partner_activities.html",
            {"activities": activities, "client": case_file.client},
            request=request,
        )
    items = selectors.client_file_items(request.user, case_file.client, case_file.attention)  # type: ignore[arg-type]
    if not items:
        return ""
    rule = BY_CODE[selectors.NEEDS_ATTENTION_RULE]
    return render_to_string(
        "followup/_client_signals.html",
        {
            "items": items,
            "client": case_file.client,
            "attention_name": rule.name,
            "about_events": any(item.event for item in items),
        },
        request=request,
    )


extensions.register(extensions.START_PAGE, start_page_block)
# One block at the top of the file: the signals, with the events that ask for the caseworker among them
# (the file's own "Aandacht nodig" list would show the same event a second time).
extensions.register(extensions.CLIENT_FILE, client_file_block, shows=(extensions.ATTENTION,))


def _change_page(
    request: AuthenticatedHttpRequest,
    client_id: uuid.UUID,
    signal_id: int,
    form_class: type[SnoozeForm] | type[DismissForm],
    template: str,
) -> HttpResponse:
    signal = selectors.get_signal(request.user, client_id, signal_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, SnoozeForm):
                services.snooze_signal(
                    request.user, signal, until=form.cleaned_data["until"], note=form.cleaned_data["note"]
                )
                messages.success(request, _("Signaal uitgesteld."))
            else:
                services.dismiss_signal(request.user, signal, note=form.cleaned_data["note"])
                messages.success(request, _("Signaal afgewezen."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("cases:caseload"))
    rows = selectors.client_signals(request.user, signal.client)
    row = next((row for row in rows if row.signal.pk == signal.pk), None)
    return render(request, template, {"form": form, "client": signal.client, "signal": signal, "row": row})


@require_http_methods(["GET", "POST"])
def snooze(request: AuthenticatedHttpRequest, client_id: uuid.UUID, signal_id: int) -> HttpResponse:
    return _change_page(request, client_id, signal_id, SnoozeForm, "followup/snooze.html")


@require_http_methods(["GET", "POST"])
def dismiss(request: AuthenticatedHttpRequest, client_id: uuid.UUID, signal_id: int) -> HttpResponse:
    return _change_page(request, client_id, signal_id, DismissForm, "followup/dismiss.html")


@require_GET
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.team_municipality_ids(request.user):
        raise PermissionDenied
    return render(request, "followup/team.html", {"view": selectors.team_view(request.user)})


@require_http_methods(["GET", "POST"])
def check_in(request: AuthenticatedHttpRequest, client_id: uuid.UUID, check_in_id: int) -> HttpResponse:
    record = selectors.get_check_in(request.user, client_id, check_in_id)
    episode = record.after_care.current_episode
    assert episode is not None  # the selector reads only check-ins of work still in the file
    initial = {"hours_per_week": episode.hours_per_week, "contract_type": episode.contract_type}
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(request.user, record, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Nazorgcontact vastgelegd."))
            return redirect(reverse("cases:client", kwargs={"client_id": record.after_care.client_id}))
    return render(
        request,
        "followup/check_in.html",
        {"form": form, "client": record.after_care.client, "check_in": record, "episode": episode},
    )


@require_http_methods(["GET", "POST"])
def report_back(request: AuthenticatedHttpRequest, client_id: uuid.UUID, activity_id: int) -> HttpResponse:
    activity, organisation_id = selectors.partner_activity(request.user, client_id, activity_id)
    form = PartnerReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_back(request.user, activity, organisation_id, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Terugmelding vastgelegd."))
            return redirect(reverse("cases:client", kwargs={"client_id": activity.client_id}))
    return render(
        request, "followup/report_back.html", {"form": form, "client": activity.client, "activity": activity}
    )
