"""The sections of a dashboard and of the council report: a chart and the table with its data.

Pages and the PDF take the same :class:`Section` objects, so they always show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from werkroute.monitoring import charts, engine, labels, reference, survival
from werkroute.monitoring.selectors import AreaFigures, Dashboard

SUPPRESSED = "–"
LATEST_COHORTS = 6


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    slug: str
    title: str
    table: Table
    chart: SafeString | None = None
    note: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)


def percentage(value: float | None) -> str:
    if value is None or pd.isna(value):
        return SUPPRESSED
    return f"{number_format(round(value * 100, 1), 1)}%"


def number(value: float | None, digits: int = 0) -> str:
    if value is None or pd.isna(value):
        return SUPPRESSED
    return number_format(round(float(value), digits), digits)


Key = tuple[str, str, str, int, int]  # indicator, group, group value, cohort, months (-1: all, now)


def _index(area: AreaFigures) -> dict[Key, float | None]:
    """The area's values by cell, built once per area: a dashboard looks up hundreds of cells."""
    cached = getattr(area, "_values", None)
    if cached is not None:
        return cached
    table = area.table
    values: dict[Key, float | None] = {}
    if not table.empty:
        cohort = table["cohort"].astype("Float64").fillna(-1).to_numpy(dtype=np.int64).tolist()
        months = table["months_since_permit"].astype("Float64").fillna(-1).to_numpy(dtype=np.int64).tolist()
        shares = table["value"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
        keys = zip(
            table["indicator"].astype(str).tolist(),
            table["group"].astype(str).tolist(),
            table["group_value"].astype(object).where(table["group_value"].notna(), "").astype(str).tolist(),
            cohort,
            months,
            strict=True,
        )
        values = {
            key: (None if share != share else share)  # NaN: suppressed
            for key, share in zip(keys, shares.tolist(), strict=True)
        }
    area._values = values  # type: ignore[attr-defined]
    return values


def _value(
    area: AreaFigures,
    indicator: str,
    *,
    cohort: int | None = None,
    months: int | None = None,
    group: str = "total",
    value: str = "",
) -> float | None:
    key = (indicator, group, value, -1 if cohort is None else cohort, -1 if months is None else months)
    return _index(area).get(key)


def _curve(area: AreaFigures, indicator: str, cohort: int | None) -> dict[int, float | None]:
    index = _index(area)
    c = -1 if cohort is None else cohort
    return {
        months: index[(indicator, "total", "", c, months)]
        for months in engine.MONTHS
        if (indicator, "total", "", c, months) in index
    }


def _cohorts(area: AreaFigures) -> list[int]:
    table = area.table
    if table.empty:
        return []
    shown = table[(table["group"] == "total") & table["cohort"].notna() & table["denominator"].notna()]
    return sorted({int(value) for value in shown["cohort"]})


def cohort_curves(dashboard: Dashboard) -> Section:
    area = dashboard.area
    cohorts = _cohorts(area)[-LATEST_COHORTS:]
    series = []
    for index, cohort in enumerate(cohorts):
        curve = _curve(area, "in_paid_work", cohort)
        series.append(
            charts.Series(
                str(cohort), [(m, curve.get(m)) for m in engine.MONTHS if m in curve], f"series-{index + 1}"
            )
        )
    cbs = charts.Series(
        _("CBS cohort 2014"),
        sorted(reference.CBS_COHORT_2014_IN_WORK.items()),
        "series-reference",
        markers_only=True,
    )
    months = sorted({*engine.MONTHS, *reference.CBS_COHORT_2014_IN_WORK})
    rows = []
    for month in months:
        row = [str(month)]
        for cohort_series in series:
            row.append(
                percentage(dict(cohort_series.points).get(month))
                if month in dict(cohort_series.points)
                else ""
            )
        row.append(
            percentage(reference.CBS_COHORT_2014_IN_WORK.get(month))
            if month in reference.CBS_COHORT_2014_IN_WORK
            else ""
        )
        rows.append(row)
    title = _("Aandeel in betaald werk per cohort, naar maanden sinds de vergunning: %(area)s") % {
        "area": area.name
    }
    return Section(
        slug="cohorten",
        title=_("Cohorten: aandeel in betaald werk"),
        chart=charts.line_chart(
            title, [*series, cbs], 96, engine.MONTHS, _("maanden sinds de verblijfsvergunning")
        ),
        table=Table(title, [_("maanden"), *[item.label for item in series], str(cbs.label)], rows),
        note=str(reference.CBS_SOURCE),
        legend=[(item.css, item.label) for item in [*series, cbs]],
    )


def comparison(dashboard: Dashboard) -> Section:
    areas = [dashboard.area, *dashboard.comparisons]
    series = [
        charts.Series(
            area.name,
            [(m, _curve(area, "in_paid_work", None).get(m)) for m in engine.MONTHS],
            f"series-{index + 1}",
        )
        for index, area in enumerate(areas)
    ]
    cbs = charts.Series(
        _("CBS cohort 2014"),
        sorted(reference.CBS_COHORT_2014_IN_WORK.items()),
        "series-reference",
        markers_only=True,
    )
    rows = [
        [str(month), *[percentage(dict(item.points).get(month)) for item in series]]
        for month in engine.MONTHS
    ]
    title = _("Aandeel in betaald werk, alle cohorten, vergeleken met regio en land")
    return Section(
        slug="vergelijking",
        title=_("Vergelijking met regio en land"),
        chart=charts.line_chart(
            title, [*series, cbs], 96, engine.MONTHS, _("maanden sinds de verblijfsvergunning")
        ),
        table=Table(title, [_("maanden"), *[item.label for item in series]], rows),
        note=str(reference.CBS_SOURCE),
        legend=[(item.css, item.label) for item in [*series, cbs]],
    )


def status_now(dashboard: Dashboard) -> Section:
    areas = [dashboard.area, *dashboard.municipalities, *dashboard.comparisons]
    indicators = list(engine.OUTCOME_INDICATORS)
    series = [
        charts.Series(
            area.name, [(i, _value(area, name)) for i, name in enumerate(indicators)], f"series-{index + 1}"
        )
        for index, area in enumerate(areas)
    ]
    categories = [str(labels.INDICATORS[name]) for name in indicators]
    title = _("Positie nu, alle cohorten (aandeel van de klanten)")
    rows = [
        [category, *[percentage(item.points[i][1]) for item in series]]
        for i, category in enumerate(categories)
    ]
    return Section(
        slug="nu",
        title=_("Positie nu"),
        chart=charts.bar_chart(title, categories, series),
        table=Table(title, [_("positie"), *[item.label for item in series]], rows),
        note=_(
            "Iemand kan tegelijk werken en een aanvullende uitkering hebben; de aandelen tellen niet op tot 100%."
        ),
        legend=[(item.css, item.label) for item in series],
    )


def process(dashboard: Dashboard) -> Section:
    areas = [dashboard.area, *dashboard.comparisons]
    rows = []
    for name, kind in engine.PROCESS_INDICATORS:
        target = reference.TARGETS.get(name)
        if kind == engine.SHARE:
            values = [percentage(_value(area, name)) for area in areas]
            target_text = (
                (("≥ " if target.higher_is_better else "≤ ") + percentage(target.value)) if target else ""
            )
        else:
            values = [number(_value(area, name), 1) for area in areas]
            target_text = (
                (("≥ " if target.higher_is_better else "≤ ") + number(target.value)) if target else ""
            )
        own = _value(dashboard.area, name)
        verdict = ""
        if target and own is not None:
            met = own >= target.value if target.higher_is_better else own <= target.value
            verdict = _("gehaald") if met else _("niet gehaald")
        rows.append(
            [
                str(labels.INDICATORS[name]),
                *values,
                target_text,
                verdict,
                str(target.source) if target else "",
            ]
        )
    title = _("Procesindicatoren nu, alle cohorten, met streefwaarden")
    return Section(
        slug="proces",
        title=_("Proces: van inschrijving tot werk"),
        table=Table(
            title,
            [_("indicator"), *[area.name for area in areas], _("streefwaarde"), _("oordeel"), _("bron")],
            rows,
        ),
        note=_("Dagen zijn gemiddelden. Streefwaarden zonder wettelijke bron zijn instelbaar per regio."),
    )


def continuity(dashboard: Dashboard) -> Section:
    """The continuity indicators now, all cohorts, and per cohort the share that stopped early."""
    areas = [dashboard.area, *dashboard.comparisons]
    rows = []
    for name, kind in engine.CONTINUITY_INDICATORS:
        values = [
            percentage(_value(area, name)) if kind == engine.SHARE else number(_value(area, name), 1)
            for area in areas
        ]
        rows.append([str(labels.INDICATORS[name]), *values])
    for cohort in _cohorts(dashboard.area)[-LATEST_COHORTS:]:
        rows.append(
            [
                _("voortijdig gestopt, cohort %(cohort)s") % {"cohort": cohort},
                *[percentage(_value(area, "early_stop", cohort=cohort)) for area in areas],
            ]
        )
    title = _("Continuïteit nu, alle cohorten, en voortijdig gestopt per cohort")
    return Section(
        slug="continuiteit",
        title=_("Continuïteit: niemand uit beeld"),
        table=Table(title, [_("indicator"), *[area.name for area in areas]], rows),
        note=_(
            "Dagen zijn medianen. Een signaal telt als het op de peildatum openstond (uitgestelde signalen "
            "niet). Nazorg: van wie 6 of 12 maanden eerder voor het eerst aan het werk ging, het aandeel "
            "dat dan nog werkt."
        ),
    )


def groups(dashboard: Dashboard) -> Section:
    areas = [dashboard.area, *dashboard.comparisons]
    rows = []
    # The target groups are those of the figures (a region may add its own), the other groups fixed.
    present = sorted(
        {
            value
            for area in areas
            for value in area.table.loc[area.table["group"] == engine.TARGET_GROUP, "group_value"]
        },
        key=lambda code: (code != engine.STATUSHOUDER, code),
    )
    for group in (*engine.GROUPS[1:], engine.Group(engine.TARGET_GROUP, tuple(present))):
        for value in group.values:
            cells = [
                percentage(_value(area, "in_paid_work", group=group.code, value=value)) for area in areas
            ]
            if all(cell == SUPPRESSED for cell in cells) and value in ("other", "under_18"):
                continue
            label = (
                dashboard.target_group_names.get(value, value)
                if group.code == engine.TARGET_GROUP
                else labels.value_label(value)
            )
            rows.append([str(labels.GROUPS[group.code]), label, *cells])
    title = _("Aandeel in betaald werk nu, alle cohorten, per groep")
    return Section(
        slug="groepen",
        title=_("Groepen"),
        table=Table(title, [_("groep"), _("waarde"), *[area.name for area in areas]], rows),
    )


def first_work(curves: list[survival.Curve]) -> Section:
    shown = curves[-LATEST_COHORTS:]
    series = [
        charts.Series(
            curve.label,
            list(zip(curve.months, curve.share, strict=True)),
            f"series-{index + 1}",
            band=list(zip(curve.months, curve.lower, curve.upper, strict=True)),
        )
        for index, curve in enumerate(shown)
    ]
    title = _(
        "Tijd tot het eerste betaalde werk (Kaplan–Meier), per cohort, met betrouwbaarheidsband van 95 procent"
    )
    rows = []
    for month in (6, 12, 24, 36, 48, 60, 72, 84, 96):
        row = [str(month)]
        for curve in shown:
            if month in curve.months:
                position = curve.months.index(month)
                row.append(
                    f"{percentage(curve.share[position])} ({percentage(curve.lower[position])}–{percentage(curve.upper[position])})"
                )
            else:
                row.append(SUPPRESSED)
        rows.append(row)
    return Section(
        slug="eerste-werk",
        title=_("Tijd tot eerste werk"),
        chart=charts.line_chart(
            title,
            series,
            120,
            (0, 12, 24, 36, 48, 60, 72, 84, 96, 108, 120),
            _("maanden sinds de verblijfsvergunning"),
        )
        if series
        else None,
        table=Table(title, [_("maanden"), *[curve.label for curve in shown]], rows),
        note=_(
            "Klanten die nu in deze gemeente wonen. Een curve stopt waar minder dan 10 mensen nog gevolgd "
            "worden; cohorten van minder dan 10 mensen ontbreken."
        ),
        legend=[(item.css, item.label) for item in series],
    )


def sections(dashboard: Dashboard, curves: list[survival.Curve] | None = None) -> list[Section]:
    result = [
        cohort_curves(dashboard),
        comparison(dashboard),
        status_now(dashboard),
        process(dashboard),
        continuity(dashboard),
        groups(dashboard),
    ]
    if curves is not None:
        result.insert(2, first_work(curves))
    return result
