"""The caseworker's side of the client's portal: the inbox of messages, "I can't come" and correction
requests from their clients, and one client's thread with the answer form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import case_municipality_ids
from werkroute.cases import client_services, selectors, services
from werkroute.cases.views import _missing_token_error, _replayed_error
from werkroute.core import replay


@require_http_methods(["GET"])
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not case_municipality_ids(request.user):
        raise PermissionDenied
    return render(request, "cases/inbox.html", {"rows": selectors.inbox(request.user)})


@require_http_methods(["GET", "POST"])
def thread(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = selectors.get_client(request.user, client_id, change=True)
    text = ""
    if request.method == "POST":
        text = str(request.POST.get("text", ""))
        refused = replay.refusal(request)
        if refused is not None:
            services.refuse_replayed_form(request.user, request.path, reason=refused)
            messages.error(
                request, _replayed_error() if refused == replay.REPLAYED else _missing_token_error()
            )
        else:
            try:
                client_services.send_message_to_client(
                    request.user, client, str(request.POST.get("text", ""))
                )
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            else:
                replay.mark_used(request)
                messages.success(
                    request, _("Bericht verstuurd. De klant krijgt een e-mail met alleen een link.")
                )
                return redirect("cases:messages", client_id=client.pk)
    client_services.mark_read(client, from_client=True)
    return render(
        request,
        "cases/messages.html",
        {
            "client": client,
            "thread": selectors.message_thread(request.user, client),
            "has_account": selectors.has_client_account(client),
            "form_token": replay.new_token(),
            # What was typed stays when the message could not be sent.
            "text": text,
        },
    )
