"""Stored outcome measurements as the sections of an intervention's page: tables of shares and
estimates per horizon, the balance check and the Kaplan–Meier chart, in the monitoring pages' shape."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from werkroute.monitoring import charts
from werkroute.monitoring.presentation import SUPPRESSED, Section, Table, percentage

# Above this largest standardised difference the groups still differ noticeably after weighting.
BALANCED_SMD = 0.1


def outcome_labels() -> dict[str, str]:
    return {
        "paid_work": _("in betaald werk"),
        "education": _("in onderwijs"),
        "social_assistance": _("in de bijstand"),
    }


def points(value: float | None) -> str:
    """A difference of shares in percentage points, with its sign."""
    if value is None:
        return SUPPRESSED
    return f"{'+' if value > 0 else ''}{number_format(round(value * 100, 1), 1)} %-punt"


def horizon_sections(data: dict[str, Any]) -> list[Section]:
    labels = outcome_labels()
    sections = []
    for horizon in data.get("horizons", []):
        rows = []
        balance = []
        for outcome, label in labels.items():
            figures = horizon["outcomes"].get(outcome)
            if figures is None:
                rows.append([label, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED])
                continue
            rows.append(
                [
                    label,
                    percentage(figures["treated_share"]),
                    percentage(figures["comparison_share"]),
                    f"{points(figures['effect'])} ({points(figures['ci_low'])} tot {points(figures['ci_high'])})",
                    points(figures["naive"]),
                ]
            )
            balance.append(
                (
                    figures["max_smd_before"],
                    figures["max_smd_after"],
                    figures["n_treated"],
                    figures["n_comparison"],
                )
            )
        months = horizon["months"]
        title = _("%(months)s maanden na de start") % {"months": months}
        caption = _(
            "Situatie %(months)s maanden na de start: deelnemers en vergelijkbare niet-deelnemers"
        ) % {"months": months}
        if balance:
            before, after, treated, comparison = balance[0]
            verdict = (
                _("de groepen zijn na weging goed vergelijkbaar")
                if after < BALANCED_SMD
                else _("let op: de groepen verschillen ook na weging nog")
            )
            note = _(
                "%(treated)s deelnemers, %(comparison)s mensen in de vergelijkingsgroep. Balans: grootste "
                "gestandaardiseerde verschil in profiel %(before)s vóór en %(after)s na weging; %(verdict)s."
            ) % {
                "treated": treated,
                "comparison": comparison,
                "before": number_format(round(before, 2), 2),
                "after": number_format(round(after, 2), 2),
                "verdict": verdict,
            }
        else:
            note = _("Te weinig deelnemers die al zo lang gevolgd zijn: niet getoond.")
        sections.append(
            Section(
                slug=f"na-{months}-maanden",
                title=title,
                table=Table(
                    caption,
                    [
                        _("situatie"),
                        _("deelnemers"),
                        _("vergelijkingsgroep (gewogen)"),
                        _("geschat effect (interval van 95 procent)"),
                        _("ruw verschil"),
                    ],
                    rows,
                ),
                note=note,
            )
        )
    return sections


def work_curve_section(data: dict[str, Any]) -> Section | None:
    curves = data.get("curves") or []
    if not curves:
        return None
    names = {"participants": _("deelnemers"), "comparison": _("vergelijkingsgroep (gewogen)")}
    series = [
        charts.Series(
            names.get(curve["label"], curve["label"]),
            list(zip(curve["months"], curve["share"], strict=True)),
            f"series-{index + 1}",
        )
        for index, curve in enumerate(curves)
    ]
    title = _("Tijd tot betaald werk na de start (Kaplan–Meier)")
    rows = []
    for month in (3, 6, 12, 18, 24, 36):
        row = [str(month)]
        for curve in curves:
            row.append(
                percentage(curve["share"][curve["months"].index(month)])
                if month in curve["months"]
                else SUPPRESSED
            )
        rows.append(row)
    return Section(
        slug="tijd-tot-werk",
        title=_("Tijd tot werk"),
        chart=charts.line_chart(title, series, 36, (0, 6, 12, 18, 24, 30, 36), _("maanden na de start")),
        table=Table(
            title, [_("maanden"), *[names.get(curve["label"], curve["label"]) for curve in curves]], rows
        ),
        note=_("Een curve stopt waar minder dan 10 mensen nog gevolgd worden."),
        legend=[(item.css, item.label) for item in series],
    )
