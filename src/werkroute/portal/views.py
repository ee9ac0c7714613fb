"""The client's own pages at /mijn/. Thin: reads through ``portal.selectors`` (their own file only, each
page audited), writes through the services of cases and placements, the same ones staff use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.models import User
from werkroute.accounts.policies import Purpose
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import client_services
from werkroute.cases import services as cases
from werkroute.cases.models import ClientAccount, ConsentMethod, ConsentScope, MessageKind
from werkroute.cases.models.consents import SCOPES_WITH_ORGANISATION
from werkroute.core import replay
from werkroute.core.http import attachment, parse_id
from werkroute.core.middleware import PORTAL_PREFIX
from werkroute.placements import services as placements
from werkroute.placements.access_export import client_export_json, readable_export
from werkroute.portal import labels, oidc, selectors
from werkroute.portal.forms import AnswerForm, CannotAttendForm, CorrectionForm, MessageForm

SINCE_KEY = "portal_since"
PORTAL_CONSENT_DAYS = placements.PORTAL_PROFILE_CONSENT_DAYS

Page = Callable[..., HttpResponse]


def _since(request: HttpRequest, account: ClientAccount) -> dt.datetime | None:
    """The client's previous visit, fixed for the whole session: what changed since then stays marked
    while they look around."""
    if SINCE_KEY not in request.session:
        previous = client_services.record_visit(account)
        request.session[SINCE_KEY] = previous.isoformat() if previous else ""
    value = request.session[SINCE_KEY]
    return dt.datetime.fromisoformat(value) if value else None


def client_page(name: str) -> Callable[[Page], Page]:
    """A page of the portal: signed in (else the portal's own sign-in page), a client's own account
    (else 404, as for a file one may not see), the read audited under ``name``."""

    def decorate(view: Page) -> Page:
        @login_not_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect(f"{reverse('portal:login')}?next={request.path}")
            account = selectors.own_account(request.user, name)  # type: ignore[arg-type]
            since = _since(request, account)
            return view(request, account, since, *args, **kwargs)

        return wrapped

    return decorate


def _token() -> dict[str, str]:
    return {"form_token": replay.new_token()}


def _refused(request: HttpRequest) -> bool:
    """A replayed or tokenless form: nothing is written, the client is told (and it is audited)."""
    refused = replay.refusal(request)
    if refused is None:
        return False
    cases.refuse_replayed_form(request.user, request.path, reason=refused)  # type: ignore[arg-type]
    messages.error(request, _("Dit formulier was al verstuurd. Kijk of uw bericht er al staat."))
    return True


def _user(request: HttpRequest) -> User:
    """The signed-in account of a portal page (``client_page`` let only those through)."""
    return cast(User, request.user)


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, str(text))


def _valid(request: HttpRequest, form: Any) -> bool:
    """Whether ``form`` passed; if not, each reason is told once, in the client's language (the page
    is shown again with what they typed)."""
    if form.is_valid():
        return True
    for text in dict.fromkeys(text for errors in form.errors.values() for text in errors):
        messages.error(request, str(text))
    return False


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The portal's first page: the language, then signing in with DigiD (and, in the demo only, with the
    demo client's password)."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "demo": settings.WERKROUTE_DEMO,
            "digid": bool(settings.OIDC_RP_CLIENT_ID),
        }

    def get_default_redirect_url(self) -> str:
        return reverse("portal:start")


@login_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Signs out here and, after a DigiD sign-in, at the broker too (which sends the browser back to
    the portal's first page)."""
    at_broker = oidc.broker_logout_url(request)
    auth_logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect(at_broker or reverse("portal:login"))


@login_not_required
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switch of every portal page: remembered in a cookie, and on the client's account so
    that it follows them to another phone."""
    language = str(request.POST.get("language", ""))
    target = str(request.POST.get("next", ""))
    if not (
        target.startswith(PORTAL_PREFIX)
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        target = reverse("portal:start")
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        account = (
            ClientAccount.objects.filter(user_id=request.user.pk).first()
            if request.user.is_authenticated
            else None
        )
        if account is not None:
            client_services.remember_language(account, language)
    return response


@login_not_required
@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    """The start page: what waits for the client. Reads the account with its counts in one query (at
    most 12 queries for the whole request, whatever the size of the file; tested)."""
    if not request.user.is_authenticated:
        return redirect("portal:login")
    stored = request.session.get(SINCE_KEY)
    since_value = (
        selectors.FIRST_OF_SESSION
        if stored is None
        else (dt.datetime.fromisoformat(stored) if stored else "")
    )
    account = selectors.own_account(request.user, "start", counts_since=since_value)  # type: ignore[arg-type]
    _since(request, account)
    if not request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) and account.language:
        # A new phone: the language chosen before comes back.
        response = redirect("portal:start")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, account.language, samesite="Lax")
        return response
    page = selectors.start_page(account)
    return render(
        request,
        "portal/start.html",
        {"account": account, "client": account.client, "page": page, "labels": labels},
    )


def _plan_context(client: Any, since: dt.datetime | None) -> dict[str, Any]:
    plan = selectors.current_plan(client)
    return {
        "plan": plan,
        "route": labels.label(labels.LEARNING_ROUTES, plan.learning_route) if plan else "",
        "changes": [
            labels.label(labels.CHANGES, event.kind) for event in selectors.changes_since(client, since)
        ],
    }


@client_page("plan")
def plan(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    return render(
        request, "portal/plan.html", {"client": account.client, **_plan_context(account.client, since)}
    )


@client_page("activities")
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    client = account.client
    form = CannotAttendForm(request.POST or None)
    if request.method == "POST" and not _refused(request) and _valid(request, form):
        activity = selectors.get_open_activity(client, form.cleaned_data["activity"])
        if activity is None:
            messages.error(request, _("Deze afspraak bestaat niet (meer)."))
        else:
            try:
                client_services.send_client_message(
                    _user(request),
                    client,
                    form.cleaned_data["text"],
                    MessageKind.CANNOT_ATTEND,
                    activity,
                )
            except ValidationError as error:
                _show_errors(request, error)
            else:
                replay.mark_used(request)
                messages.success(request, _("Uw klantmanager weet nu dat u niet kunt komen."))
                return redirect("portal:activities")
    return render(
        request,
        "portal/activities.html",
        {
            "client": client,
            "activities": selectors.activities(client),
            "labels": labels,
            # What was typed stays under the appointment it was typed for.
            "typed_for": str(request.POST.get("activity", "")),
            "typed": str(request.POST.get("text", "")),
            **_token(),
        },
    )


@client_page("proposals")
@require_http_methods(["GET", "POST"])
def proposals(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    client = account.client
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and not _refused(request) and _valid(request, form):
        referral = selectors.get_proposal(client, form.cleaned_data["referral"])
        if referral is None:
            messages.error(request, _("Dit voorstel wacht niet meer op uw antwoord."))
        else:
            accept = form.cleaned_data["answer"] == "yes"
            try:
                placements.answer_as_client(
                    _user(request),
                    referral,
                    accept=accept,
                    reason=form.cleaned_data["reason"],  # type: ignore[arg-type]
                )
            except ValidationError as error:
                _show_errors(request, error)
            except PermissionDenied:
                raise
            else:
                replay.mark_used(request)
                messages.success(
                    request,
                    _("Dank u. Uw klantmanager stuurt uw werkprofiel naar de werkgever.")
                    if accept
                    else _("Dank u. Uw klantmanager leest waarom u dit werk niet wilt."),
                )
                return redirect("portal:proposals")
    rows = [
        {
            "referral": referral,
            "status": labels.label(labels.REFERRAL_STATUSES, referral.status),
            "reasons": labels.reasons(referral.score_parts),
        }
        for referral in selectors.proposals(client)
    ]
    return render(
        request,
        "portal/proposals.html",
        {
            "client": client,
            "rows": rows,
            "consent_text": labels.CONSENT_SHARES[ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS],
            "consent_until": timezone.localdate() + dt.timedelta(days=PORTAL_CONSENT_DAYS),
            # The answer and reason given stay with the proposal they were given for.
            "typed_for": str(request.POST.get("referral", "")),
            "typed_answer": str(request.POST.get("answer", "")),
            "typed": str(request.POST.get("reason", "")),
            **_token(),
        },
    )


@client_page("consents")
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    """Every consent of the client, and every consent they can give: the same services as the
    caseworker's, recorded with method "portal"; a withdrawal holds from the moment it is made."""
    client = account.client
    if request.method == "POST" and not _refused(request):
        try:
            if "withdraw" in request.POST:
                consent = selectors.get_consent(client, parse_id(request.POST.get("withdraw")))
                if consent is None:
                    messages.error(request, _("Deze toestemming was al ingetrokken."))
                else:
                    cases.withdraw_consent(_user(request), consent, ConsentMethod.PORTAL)
                    replay.mark_used(request)
                    messages.success(request, _("Uw toestemming is ingetrokken. Dit geldt vanaf nu."))
                    return redirect("portal:consents")
            elif _give_consent(request, client):
                replay.mark_used(request)
                messages.success(request, _("Dank u. Uw toestemming is vastgelegd."))
                return redirect("portal:consents")
        except ValidationError as error:
            _show_errors(request, error)
    today = timezone.localdate()
    held = selectors.consents(client)
    rows = [
        {
            "consent": consent,
            "scope": labels.label(labels.CONSENT_SCOPES, consent.scope),
            "shares": labels.label(labels.CONSENT_SHARES, consent.scope),
            "valid": consent.is_valid_on(today)
            and not consent.given_to_previous_municipality(client.municipality_id),
        }
        for consent in held
    ]
    valid = [consent for consent, row in zip(held, rows, strict=True) if row["valid"]]
    # An organisation already holding the file is not offered again; other partners still are.
    partners = cases.partner_organisations(client).exclude(
        pk__in=[consent.organisation_id for consent in valid if consent.organisation_id]
    )
    offers = [
        {
            "scope": scope,
            "label": labels.CONSENT_SCOPES[scope],
            "shares": labels.CONSENT_SHARES[scope],
            "organisations": list(partners) if scope in SCOPES_WITH_ORGANISATION else None,
        }
        for scope in labels.CONSENT_SCOPES
        if scope in SCOPES_WITH_ORGANISATION or scope not in {consent.scope for consent in valid}
    ]
    return render(
        request,
        "portal/consents.html",
        {
            "client": client,
            "rows": rows,
            "offers": [offer for offer in offers if offer["organisations"] != []],
            "until": today + dt.timedelta(days=PORTAL_CONSENT_DAYS),
            **_token(),
        },
    )


def _give_consent(request: HttpRequest, client: Any) -> bool:
    """The consent the client chose, given through the case file's service; False (with the reason
    told) when the choice is incomplete. The organisation is looked up among those that may receive
    the file at this moment, never taken from the form as it is."""
    scope = str(request.POST.get("give", ""))
    if scope not in labels.CONSENT_SCOPES:
        messages.error(request, _("Kies een toestemming."))
        return False
    organisation = None
    if scope in SCOPES_WITH_ORGANISATION:
        organisation_id = parse_id(request.POST.get("organisation"))
        organisation = (
            cases.partner_organisations(client).filter(pk=organisation_id).first()
            if organisation_id is not None
            else None
        )
        if organisation is None:
            messages.error(request, _("Kies met welke organisatie u uw dossier wilt delen."))
            return False
    today = timezone.localdate()
    cases.give_consent(
        _user(request),
        client,
        {
            "scope": scope,
            "organisation": organisation,
            "given_on": today,
            "valid_until": today + dt.timedelta(days=PORTAL_CONSENT_DAYS),
            "method": ConsentMethod.PORTAL,
        },
        today=today,
    )
    return True


@client_page("messages")
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    client = account.client
    form = MessageForm(request.POST or None)
    if request.method == "POST" and not _refused(request) and _valid(request, form):
        try:
            client_services.send_client_message(_user(request), client, form.cleaned_data["text"])
        except ValidationError as error:
            _show_errors(request, error)
        else:
            replay.mark_used(request)
            messages.success(request, _("Uw bericht is verstuurd."))
            return redirect("portal:messages")
    client_services.mark_read(client, from_client=False)
    return render(
        request,
        "portal/messages.html",
        {"client": client, "thread": selectors.thread(client), "form": form, "labels": labels, **_token()},
    )


@client_page("data")
@require_http_methods(["GET", "POST"])
def data(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    client = account.client
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and not _refused(request) and _valid(request, form):
        try:
            client_services.send_client_message(
                _user(request),
                client,
                form.cleaned_data["text"],
                MessageKind.CORRECTION,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _show_errors(request, error)
        else:
            replay.mark_used(request)
            messages.success(request, _("Uw vraag is naar uw klantmanager gestuurd."))
            return redirect("portal:data")
    return render(request, "portal/data.html", {"client": client, "form": form, **_token()})


@client_page("export")
@require_http_methods(["GET"])
def export(request: HttpRequest, account: ClientAccount, since: dt.datetime | None) -> HttpResponse:
    """Everything held about the client (AVG art. 15): as JSON with ``?formaat=json``, else readable."""
    client = account.client
    if request.GET.get("formaat") == "json":
        # Who took what home: a download is logged as an export, as the privacy officer's is.
        audit.record(
            AuditAction.EXPORT,
            actor=_user(request),
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
            purpose=Purpose.ACCESS_REQUEST,
        )
        return attachment(
            client_export_json(client),
            "application/json; charset=utf-8",
            f"mijn-gegevens-{timezone.localdate().isoformat()}.json",
        )
    return render(
        request, "portal/export.html", {"client": client, "sections": _masked(readable_export(client))}
    )


def _masked(sections: list[Any]) -> list[Any]:
    """The BSN is never shown in full in the portal: only its last three digits."""
    for section in sections:
        for record in section.records:
            for position, (label, value) in enumerate(record):
                if label == "BSN" and value:
                    record[position] = (label, "••••••" + str(value)[-3:])
    return sections


@require_http_methods(["GET"])
def preview(request: AuthenticatedHttpRequest, client_id: Any) -> HttpResponse:
    """What the client sees on their start and plan pages, for their caseworker (read only)."""
    client = selectors.previewed_client(request.user, client_id)
    page = selectors.preview_start_page(client)
    return render(
        request,
        "portal/preview.html",
        {"client": client, "page": page, "labels": labels, "preview": True, **_plan_context(client, None)},
    )
