"""Dashboards, downloads and the council report. Thin: selectors read, presentation arranges."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.core.http import attachment
from werkroute.monitoring import exports, presentation, report, selectors, services
from werkroute.monitoring.models import IndicatorSnapshot


def _snapshot() -> IndicatorSnapshot:
    # The first visit after installation computes the figures; later ones read what refresh stored.
    return selectors.latest_snapshot() or services.refresh()


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities, regions = selectors.visible_areas(request.user)
    if len(municipalities) + len(regions) == 1:
        if municipalities:
            return redirect("monitoring:municipality", municipalities[0].code)
        return redirect("monitoring:region", regions[0].code)
    return render(request, "monitoring/index.html", {"municipalities": municipalities, "regions": regions})


@require_GET
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
