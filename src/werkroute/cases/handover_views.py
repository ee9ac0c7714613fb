"""Warm handovers between municipalities: the list of open handovers, the new municipality's request by
BSN, and one client's handover page (the sending side writes the note and sends; the receiving side
reads it and accepts)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import Purpose, client_access
from werkroute.cases import handovers, selectors
from werkroute.cases.forms import (
    HandoverAcceptForm,
    HandoverDeclineForm,
    HandoverForm,
    HandoverRequestForm,
    HandoverWithdrawForm,
)
from werkroute.cases.models import Client, Handover, HandoverStatus
from werkroute.cases.views import _client_url, _require_case_role, _save


@require_http_methods(["GET"])
def handover_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_case_role(request)
    return render(request, "cases/handovers.html", {"lists": selectors.handovers(request.user)})


@sensitive_post_parameters("bsn")
@require_http_methods(["GET", "POST"])
def handover_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality_ids = _require_case_role(request)
    form = HandoverRequestForm(request.POST or None, municipality_ids=municipality_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(
            request,
            form,
            lambda: handovers.request_handover(
                request.user,
                bsn=data["bsn"],
                to_municipality=data["to_municipality"],
                moved_on=data["moved_on"],
            ),
            _(
                "Overdracht aangevraagd. De huidige gemeente schrijft een overdrachtsnotitie en draagt het "
                "dossier over; daarna ziet u het hier om te accepteren."
            ),
        ):
            return redirect("cases:handovers")
    return render(request, "cases/handover_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def handover(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """One page for both sides; which one the user is on follows from their access to the file."""
    client = selectors.get_client(request.user, client_id)
    access = client_access(request.user, client)
    current = selectors.open_handover(request.user, client)
    if access.may_change:
        return _sending_side(request, client, current)
    if access.purpose == Purpose.HANDOVER and current is not None:
        return _receiving_side(request, client, current)
    raise Http404


def _sending_side(
    request: AuthenticatedHttpRequest, client: Client, current: Handover | None
) -> HttpResponse:
    action = request.POST.get("action") if request.method == "POST" else None
    initial: dict[str, object] = {}
    if current is not None:
        initial = {"to_municipality": current.to_municipality_id, "moved_on": current.moved_on}
    form = HandoverForm(request.POST if action == "send" else None, initial=initial)
    decline = HandoverDeclineForm(request.POST if action == "decline" else None)
    withdraw = HandoverWithdrawForm(request.POST if action == "withdraw" else None)
    sent = current is not None and current.status == HandoverStatus.SENT
    may_withdraw = current is not None and handovers.may_withdraw(request.user, current)
    if (
        action == "send"
        and not sent
        and form.is_valid()
        and _save(
            request,
            form,
            lambda: handovers.send_handover(request.user, client, form.cleaned_data),
            _("Dossier overgedragen. De nieuwe gemeente kan het nu lezen en accepteren."),
        )
    ):
        return redirect(reverse("cases:handover", kwargs={"client_id": client.pk}))
    if (
        action == "decline"
        and current is not None
        and not sent
        and decline.is_valid()
        and _save(
            request,
            decline,
            lambda: handovers.decline_request(request.user, client, decline.cleaned_data["reason"]),
            _("Aanvraag afgewezen. Het dossier blijft bij uw gemeente."),
        )
    ):
        return redirect(_client_url(client))
    if (
        action == "withdraw"
        and sent
        and withdraw.is_valid()
        and _save(
            request,
            withdraw,
            lambda: handovers.withdraw_handover(request.user, client, withdraw.cleaned_data["reason"]),
            _(
                "Overdracht ingetrokken. Het dossier blijft bij uw gemeente; de andere gemeente kan het niet meer lezen."
            ),
        )
    ):
        return redirect(_client_url(client))
    return render(
        request,
        "cases/handover.html",
        {
            "client": client,
            "handover": current,
            "form": form,
            "decline": decline,
            "withdraw": withdraw,
            "may_withdraw": may_withdraw,
            "sending": True,
        },
    )


def _receiving_side(request: AuthenticatedHttpRequest, client: Client, current: Handover) -> HttpResponse:
    form = HandoverAcceptForm(request.POST or None, municipality=current.to_municipality)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            request,
            form,
            lambda: handovers.accept_handover(request.user, current, form.cleaned_data["caseworker"]),
            _("Overdracht geaccepteerd. Het dossier hoort nu bij uw gemeente."),
        )
    ):
        return redirect(_client_url(client))
    return render(
        request,
        "cases/handover.html",
        {"client": client, "handover": current, "form": form, "sending": False},
    )
