"""The privacy officer's pages: who looked at a file, and the export for a client's access request."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import Purpose, may_inspect_access
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.core.http import attachment
from werkroute.placements.access_export import client_export_json, readable_export
from werkroute.privacy import selectors

LOG_PAGE_SIZE = 50


def _require_officer(request: AuthenticatedHttpRequest) -> None:
    if not may_inspect_access(request.user):
        raise PermissionDenied


@require_http_methods(["GET"])
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_officer(request)
    query = request.GET.get("q", "")[:64]
    if query.strip():
        found = selectors.find_client(request.user, query)
        if found is not None:
            return redirect("privacy:client", client_id=found.pk)
        messages.error(
            request,
            _("Geen klant gevonden met dit BSN of nummer in de gemeenten waarop u toezicht houdt."),
        )
    return render(
        request,
        "privacy/search.html",
        {"query": query, "grants": selectors.case_access_grants(request.user)},
    )


@require_http_methods(["GET"])
def client_log(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    _require_officer(request)
    client = selectors.supervised_client(request.user, client_id)
    page = Paginator(selectors.access_log(request.user, client), LOG_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "privacy/client.html", {"client": client, "page": page})


def _export(request: AuthenticatedHttpRequest, client_id: uuid.UUID, form: str):  # type: ignore[no-untyped-def]
    _require_officer(request)
    client = selectors.supervised_client(request.user, client_id)
    audit.record(
        AuditAction.EXPORT,
        actor=request.user,
        object_type="client",
        object_id=client.pk,
        client_id=client.pk,
        changes={"format": form},
        purpose=Purpose.ACCESS_REQUEST,
    )
    return client


@require_http_methods(["GET"])
def export_json(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = _export(request, client_id, "json")
    return attachment(
        client_export_json(client), "application/json; charset=utf-8", f"inzage-{client.pk}.json"
    )


@require_http_methods(["GET"])
def export_html(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = _export(request, client_id, "html")
    return render(
        request, "privacy/access_request.html", {"client": client, "sections": readable_export(client)}
    )
