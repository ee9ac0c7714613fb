"""The functional administrator's screens: organisations, users and their roles, reference data and
imports. Never case content. Thin: forms check input, ``services`` decide, ``selectors`` read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkroute.accounts import services as accounts
from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import may_administer
from werkroute.administration import selectors, services
from werkroute.administration.forms import (
    NAMED_PERMISSIONS,
    DeactivateForm,
    EscoImportForm,
    MembershipForm,
    NationalMarketForm,
    OrganisationForm,
    PermissionForm,
    ReasonForm,
    RegionImportForm,
    TargetGroupForm,
    UserForm,
)
from werkroute.cases import services as cases
from werkroute.core.importing import ImportFileError
from werkroute.regions.models import OrganisationKind

View = Callable[..., HttpResponse]


def administrator_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_administer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _apply(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field where the form has one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET"])
@administrator_only
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The administrator's start page: what there is to manage, with counts."""
    actor = request.user
    return render(
        request,
        "administration/index.html",
        {
            "regions": selectors.regions(actor),
            "organisation_count": selectors.organisations(actor).count(),
            "provider_count": selectors.organisations(actor, OrganisationKind.PROVIDER).count(),
            "user_count": selectors.users(actor).count(),
            "target_group_count": selectors.target_groups(actor).count(),
        },
    )


# --- Organisations ----------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.GET.get("soort", "")
    if kind not in OrganisationKind.values:
        kind = ""
    return render(
        request,
        "administration/organisation_list.html",
        {
            "organisations": selectors.organisations(request.user, kind),
            "kinds": OrganisationKind.choices,
            "kind": kind,
        },
    )


def _organisation_form(
    request: AuthenticatedHttpRequest, organisation: Any = None, initial: dict[str, Any] | None = None
) -> HttpResponse:
    actor = request.user
    form = OrganisationForm(
        request.POST or None,
        initial=initial,
        regions=selectors.regions(actor),
        municipalities=selectors.municipalities(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_organisation(actor, form.cleaned_data, organisation)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Organisatie %(name)s opgeslagen.") % {"name": saved.name})
            return redirect("administration:organisations")
    title = _("Organisatie wijzigen") if organisation else _("Nieuwe organisatie")
    return render(
        request,
        "administration/form.html",
        {"form": form, "title": title, "back": "administration:organisations"},
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.GET.get("soort", "")
    return _organisation_form(request, initial={"kind": kind} if kind in OrganisationKind.values else None)


@require_http_methods(["GET", "POST"])
@administrator_only
def organisation_edit(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.get_organisation(request.user, organisation_id)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "region": organisation.region,
        "municipality": organisation.municipality,
    }
    return _organisation_form(request, organisation, initial)


# --- Users, roles, permissions --------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "administration/user_list.html",
        {
            "users": selectors.users(request.user, query).prefetch_related("memberships__organisation"),
            "query": query,
        },
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("username", "first_name", "last_name", "email")}
        try:
            user = accounts.create_user(
                actor=request.user, values=values, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _apply(form, error)
            else:
                form.add_error("password", error)
        else:
            messages.success(
                request, _("Gebruiker %(name)s aangemaakt. Geef hem of haar nu een rol.") % {"name": user}
            )
            return redirect("administration:user", user_id=user.pk)
    return render(
        request,
        "administration/form.html",
        {"form": form, "title": _("Nieuwe gebruiker"), "back": "administration:users"},
    )


def _user_step(request: AuthenticatedHttpRequest, user: Any, forms: dict[str, Any]) -> str | None:
    """Carry out one POSTed step on the user page; returns the success message, or ``None`` when the
    step's form shows what is wrong."""
    actor = request.user
    action = request.POST.get("action", "")
    if action == "revoke":
        membership = selectors.memberships(user).filter(pk=request.POST.get("membership") or 0).first()
        if membership is None:
            raise ValidationError(_("Deze rol bestaat niet (meer)."))
        accounts.revoke_membership(actor=actor, membership=membership)
        return _("Rol ingetrokken.")
    if action == "revoke_permission":
        permission = request.POST.get("permission", "")
        if permission not in NAMED_PERMISSIONS:
            raise ValidationError(_("Onbekend recht."))
        accounts.revoke_permission(actor=actor, user=user, permission=permission)
        return _("Recht ingetrokken.")
    form_name = FORM_OF_ACTION.get(action)
    if form_name is None:
        raise ValidationError(_("Onbekende handeling."))
    form = forms[form_name]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "grant":
            accounts.grant_membership(
                actor=actor, user=user, organisation=data["organisation"], role=data["role"]
            )
            return _("Rol toegekend.")
        if action == "grant_permission":
            accounts.grant_permission(actor=actor, user=user, permission=data["permission"])
            return _("Recht toegekend.")
        if action == "deactivate":
            moved = services.deactivate_user(actor, user, data["successor"], data["reason"])
            return _("Account geblokkeerd; %(count)d klant(en) overgedragen.") % {"count": moved}
        removed = accounts.reset_second_factor(actor=actor, user=user, reason=data["reason"])
        return _(
            "Tweestapsverificatie hersteld (%(count)d apparaat verwijderd); de gebruiker is gemaild."
        ) % {"count": removed}
    except ValidationError as error:
        _apply(form, error)
        return None
    except PermissionDenied:
        # reset_second_factor refuses (and audits) a reset of one's own second factor.
        form.add_error(None, _("Uw eigen tweestapsverificatie laat u door een andere beheerder herstellen."))
        return None


# Which form of the user page each step is posted with.
FORM_OF_ACTION = {
    "grant": "membership",
    "grant_permission": "permission",
    "deactivate": "deactivate",
    "reset_second_factor": "reset",
}


@require_http_methods(["GET", "POST"])
@administrator_only
def user_detail(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    actor = request.user
    user = selectors.get_user(actor, user_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""

    def bound(name: str) -> Any:
        return request.POST if FORM_OF_ACTION.get(action) == name else None

    forms = {
        "membership": MembershipForm(bound("membership"), organisations=selectors.organisations(actor)),
        "permission": PermissionForm(bound("permission")),
        "deactivate": DeactivateForm(
            bound("deactivate"), successors=selectors.successors(actor, user), prefix="deactivate"
        ),
        "reset": ReasonForm(bound("reset"), prefix="reset"),
    }
    if request.method == "POST":
        try:
            message = _user_step(request, user, forms)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("administration:user", user_id=user.pk)
        if message is not None:
            messages.success(request, message)
            return redirect("administration:user", user_id=user.pk)
    permissions = [
        (label, NAMED_PERMISSIONS[label])
        for label in sorted(NAMED_PERMISSIONS)
        if user.user_permissions.filter(
            content_type__app_label=label.split(".")[0], codename=label.split(".")[1]
        ).exists()
    ]
    return render(
        request,
        "administration/user_detail.html",
        {
            "subject": user,
            "memberships": selectors.memberships(user),
            "permissions": permissions,
            "client_count": selectors.client_count(user),
            "is_self": user.pk == actor.pk,
            **{f"{name}_form": form for name, form in forms.items()},
        },
    )


# --- Regions ------------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def region_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "administration/region_list.html", {"regions": selectors.regions(request.user)})


@require_http_methods(["GET", "POST"])
@administrator_only
def region_edit(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    region = selectors.get_region(request.user, region_id)
    form = NationalMarketForm(request.POST or None, initial={"national_market": region.national_market})
    if request.method == "POST" and form.is_valid():
        taking_part = form.cleaned_data["national_market"]
        if not services.set_national_market(request.user, region, taking_part):
            messages.info(request, _("Niets veranderd."))
        elif taking_part:
            messages.success(
                request, _("%(region)s doet nu mee aan de landelijke markt.") % {"region": region}
            )
        else:
            messages.success(
                request, _("%(region)s doet niet meer mee aan de landelijke markt.") % {"region": region}
            )
        return redirect("administration:regions")
    return render(
        request,
        "administration/form.html",
        {
            "form": form,
            "title": _("Arbeidsmarktregio %(region)s") % {"region": region},
            "back": "administration:regions",
        },
    )


# --- Reference data ----------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def target_group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "administration/target_group_list.html",
        {"target_groups": selectors.target_groups(request.user)},
    )


def _target_group_form(request: AuthenticatedHttpRequest, target_group: Any = None) -> HttpResponse:
    form = TargetGroupForm(
        request.POST or None, instance=target_group, regions=selectors.regions(request.user)
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("code", "name", "region")}
        try:
            cases.save_target_group(request.user, values, target_group)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Doelgroep opgeslagen."))
            return redirect("administration:target_groups")
    title = _("Doelgroep wijzigen") if target_group else _("Nieuwe doelgroep")
    return render(
        request,
        "administration/form.html",
        {"form": form, "title": title, "back": "administration:target_groups"},
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def target_group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _target_group_form(request)


@require_http_methods(["GET", "POST"])
@administrator_only
def target_group_edit(request: AuthenticatedHttpRequest, target_group_id: int) -> HttpResponse:
    return _target_group_form(request, selectors.get_target_group(request.user, target_group_id))


@require_http_methods(["GET", "POST"])
@administrator_only
def imports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Run an import of official reference files and read its result (or the reason nothing changed)."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    region_form = RegionImportForm(
        request.POST if action == "regions" else None, request.FILES or None, prefix="cbs"
    )
    esco_form = EscoImportForm(
        request.POST if action == "esco" else None, request.FILES or None, prefix="esco"
    )
    result: list[str] = []
    result_title = ""
    form = {"regions": region_form, "esco": esco_form}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "regions":
                report = services.import_regions(
                    request.user, data["municipalities"], data["postcodes"], data["regions"]
                )
                result_title = _("Import van gemeenten en regio's geslaagd")
            else:
                report = services.import_taxonomy(request.user, data["csv_files"])
                result_title = _("Import van ESCO geslaagd")
        except ImportFileError as error:
            form.add_error(
                None, _("Import afgebroken, er is niets opgeslagen. %(reason)s") % {"reason": error}
            )
        else:
            result = report.summary_lines() or [
                _("Niets veranderd: de bestanden kwamen overeen met wat er al stond.")
            ]
    return render(
        request,
        "administration/imports.html",
        {"region_form": region_form, "esco_form": esco_form, "result": result, "result_title": result_title},
    )
