"""Dashboards, downloads and the council report. Thin: selectors read, presentation arranges."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.policies import may_view_monitoring
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.core.http import attachment
from werkroute.monitoring import exports, presentation, report, selectors, services
from werkroute.monitoring.models import IndicatorSnapshot
from werkroute.regions.models import Municipality, Region


class _NotComputed(Exception):
    """No figures have been computed yet (a fresh installation): a page offers to compute them."""


def _snapshot() -> IndicatorSnapshot:
    # A page only reads what a refresh stored; computing is a write, so it takes a POST (see refresh).
    snapshot = selectors.latest_snapshot()
    if snapshot is None:
        raise _NotComputed
    return snapshot


def _area(request: AuthenticatedHttpRequest, level: str, code: str) -> Municipality | Region:
    if level == "gemeente":
        return selectors.visible_municipality(request.user, code)
    if level == "regio":
        return selectors.visible_region(request.user, code)
    raise Http404


def _not_computed(request: AuthenticatedHttpRequest, level: str, code: str) -> HttpResponse:
    # Scope first: outside it, 404 as on every monitoring page.
    area = _area(request, level, code)
    return render(request, "monitoring/not_computed.html", {"area": area})


def _needs_figures(
    level: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Before the first refresh a page has no figures: it says so, and offers to compute them."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: AuthenticatedHttpRequest, **kwargs: str) -> HttpResponse:
            try:
                return view(request, **kwargs)
            except _NotComputed:
                return _not_computed(request, level or kwargs["level"], kwargs["code"])

        return wrapped

    return decorate


@require_POST
def refresh(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Compute every indicator now and go back to the page the user came from."""
    if not may_view_monitoring(request.user):
        raise PermissionDenied
    services.refresh()
    messages.success(request, _("De cijfers zijn berekend."))
    target = request.POST.get("next", "")
    # Only a path of this site: ``redirect`` would take any other text for the name of a URL pattern.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("monitoring:index")
    return HttpResponseRedirect(target)


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities, regions = selectors.visible_areas(request.user)
    if len(municipalities) + len(regions) == 1:
        if municipalities:
            return redirect("monitoring:municipality", municipalities[0].code)
        return redirect("monitoring:region", regions[0].code)
    return render(request, "monitoring/index.html", {"municipalities": municipalities, "regions": regions})


@require_GET
@_needs_figures("gemeente")
def municipality(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dashboard = selectors.municipality_dashboard(request.user, code, _snapshot())
    assert dashboard.municipality is not None
    curves = selectors.cached_first_work_curves(request.user, dashboard.municipality, dashboard.snapshot)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "dashboard": dashboard,
            "sections": presentation.sections(dashboard, curves),
            "level": "gemeente",
            "formats": exports.FORMATS,
            "may_view_team": selectors.may_view_team(request.user, dashboard.municipality.pk),
        },
    )


@require_GET
@_needs_figures("regio")
def region(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dashboard = selectors.region_dashboard(request.user, code, _snapshot())
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "dashboard": dashboard,
            "sections": presentation.sections(dashboard),
            "level": "regio",
            "formats": exports.FORMATS,
        },
    )


def _dashboard(request: AuthenticatedHttpRequest, level: str, code: str) -> selectors.Dashboard:
    if level == "gemeente":
        return selectors.municipality_dashboard(request.user, code, _snapshot())
    if level == "regio":
        return selectors.region_dashboard(request.user, code, _snapshot())
    raise Http404


@require_GET
@_needs_figures()
def download(request: AuthenticatedHttpRequest, level: str, code: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    dashboard = _dashboard(request, level, code)
    out = io.BytesIO()
    exports.write(selectors.export_table(dashboard), fmt, out)
    audit.record(
        AuditAction.EXPORT,
        actor=request.user,
        object_type="monitoring_indicators",
        object_id=f"{level}:{code}",
    )
    filename = f"werkroute-indicatoren-{code}-{dashboard.snapshot.as_of:%Y-%m-%d}.{fmt}"
    return attachment(out.getvalue(), exports.CONTENT_TYPES[fmt], filename)


@require_GET
@_needs_figures("gemeente")
def council_report(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dashboard = selectors.municipality_dashboard(request.user, code, _snapshot())
    assert dashboard.municipality is not None
    curves = selectors.cached_first_work_curves(request.user, dashboard.municipality, dashboard.snapshot)
    pdf = report.council_report(dashboard, presentation.sections(dashboard, curves))
    # Like every download of figures: who took which report home, when.
    audit.record(
        AuditAction.EXPORT, actor=request.user, object_type="council_report", object_id=f"gemeente:{code}"
    )
    return attachment(
        pdf, "application/pdf", f"raadsrapportage-{code}-{dashboard.snapshot.as_of:%Y-%m-%d}.pdf"
    )


@require_GET
@_needs_figures("gemeente")
def team(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dashboard = selectors.municipality_dashboard(request.user, code, _snapshot())
    assert dashboard.municipality is not None
    rows = selectors.team(request.user, dashboard.municipality, dashboard.snapshot.as_of)
    return render(
        request,
        "monitoring/team.html",
        {
            "dashboard": dashboard,
            "rows": rows,
            "title": _("Team %(name)s") % {"name": dashboard.municipality.name},
        },
    )
