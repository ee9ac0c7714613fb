"""Reads of monitoring figures, scoped through ``accounts.policies``: aggregates only, small cells suppressed.

Dashboards read the newest snapshot (:mod:`werkroute.monitoring.models`). The Kaplan–Meier curves and
the team lead's view are computed on request from the clients of one municipality.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404

from werkroute.accounts.policies import (
    may_view_team as may_view_team,
)
from werkroute.accounts.policies import (
    monitoring_municipality_ids,
    monitoring_region_ids,
)
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    Client,
    EpisodeKind,
    LabourEpisode,
    PlanVersion,
    TargetGroup,
)
from werkroute.monitoring import disclosure, engine, exports, survival
from werkroute.monitoring.models import AreaIndicators, IndicatorSnapshot
from werkroute.regions.models import Municipality, Region

if TYPE_CHECKING:
    from werkroute.accounts.models import User


@dataclass
class AreaFigures:
    level: str
    code: str
    name: str
    table: pd.DataFrame


@dataclass
class Dashboard:
    snapshot: IndicatorSnapshot
    area: AreaFigures
    comparisons: list[AreaFigures]  # the region (for a municipality) and the country
    municipality: Municipality | None = None
    region: Region | None = None
    municipalities: list[AreaFigures] = field(default_factory=list)  # of a region, those the user may see
    target_group_names: dict[str, str] = field(default_factory=dict)  # code → name, for the group table

    @property
    def all_areas(self) -> list[AreaFigures]:
        return [self.area, *self.municipalities, *self.comparisons]


def latest_snapshot() -> IndicatorSnapshot | None:
    return IndicatorSnapshot.objects.first()


def visible_areas(user: User) -> tuple[list[Municipality], list[Region]]:
    """The municipalities and regions whose dashboards ``user`` may open."""
    municipalities = list(
        Municipality.objects.filter(pk__in=monitoring_municipality_ids(user)).order_by("name")
    )
    regions = list(Region.objects.filter(pk__in=monitoring_region_ids(user)).order_by("name"))
    return municipalities, regions


def visible_municipality(user: User, code: str) -> Municipality:
    """The municipality with CBS code ``code`` if ``user`` may see its figures; 404 otherwise."""
    municipality = (
        Municipality.objects.filter(pk__in=monitoring_municipality_ids(user), code=code)
        .select_related("region")
        .first()
    )
    if municipality is None:
        raise Http404
    return municipality


def visible_region(user: User, code: str) -> Region:
    """The labour market region with code ``code`` if ``user`` may see its figures; 404 otherwise."""
    region = Region.objects.filter(pk__in=monitoring_region_ids(user), code=code).first()
    if region is None:
        raise Http404
    return region


def _target_group_names() -> dict[str, str]:
    return dict(TargetGroup.objects.values_list("code", "name"))


class _ReadAreas:
    """The areas' tables of a snapshot as read before, in this process, the last :attr:`size` of them.

    A snapshot is written once by the refresh and never changed; the next refresh writes a new one, so a
    table read for a snapshot stays true, and the key (the snapshot's id and moment, the area's code)
    changes with every refresh. Reading and unpacking the three tables of a dashboard and indexing their
    cells (:mod:`werkroute.monitoring.presentation` keeps the index on the area) were two thirds of its
    processor time, and the regional and national tables are the same for every dashboard of a region.
    """

    size = 12  # about 5 MB each with the cell index

    def __init__(self) -> None:
        self._areas: OrderedDict[tuple[int, dt.datetime, str], AreaFigures] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, snapshot: IndicatorSnapshot, codes: list[str]) -> dict[str, AreaFigures]:
        keys = {code: (snapshot.pk, snapshot.created_at, code) for code in codes}
        with self._lock:
            found = {code: self._areas[key] for code, key in keys.items() if key in self._areas}
            for code in found:
                self._areas.move_to_end(keys[code])
        missing = [code for code in codes if code not in found]
        if missing:
            for row in AreaIndicators.objects.filter(snapshot=snapshot, code__in=missing):
                area = AreaFigures(row.level, row.code, row.name, exports.read_arrow(bytes(row.table)))
                found[row.code] = area
                with self._lock:
                    self._areas[keys[row.code]] = area
                    while len(self._areas) > self.size:
                        self._areas.popitem(last=False)
        return found


_figures = _ReadAreas()


def _empty(level: str, code: str, name: str) -> AreaFigures:
    return AreaFigures(level, code, name, pd.DataFrame(columns=list(engine.COLUMNS)))


def municipality_dashboard(user: User, code: str, snapshot: IndicatorSnapshot) -> Dashboard:
    """The figures of one municipality with its region and the country; 404 outside the user's scope."""
    municipality = visible_municipality(user, code)
    region = municipality.region
    found = _figures(snapshot, [municipality.code, region.code, engine.NATIONAL_CODE])
    return Dashboard(
        snapshot=snapshot,
        area=found.get(municipality.code)
        or _empty(engine.LEVEL_MUNICIPALITY, municipality.code, municipality.name),
        comparisons=[
            found.get(region.code) or _empty(engine.LEVEL_REGION, region.code, region.name),
            found.get(engine.NATIONAL_CODE)
            or _empty(engine.LEVEL_NATIONAL, engine.NATIONAL_CODE, engine.NATIONAL_NAME),
        ],
        municipality=municipality,
        region=region,
        target_group_names=_target_group_names(),
    )


def region_dashboard(user: User, code: str, snapshot: IndicatorSnapshot) -> Dashboard:
    """The figures of a region with the country, and of the region's municipalities the user may see."""
    region = visible_region(user, code)
    own = Municipality.objects.filter(region=region, pk__in=monitoring_municipality_ids(user)).order_by(
        "name"
    )
    codes = [region.code, engine.NATIONAL_CODE, *(item.code for item in own)]
    found = _figures(snapshot, codes)
    return Dashboard(
        snapshot=snapshot,
        area=found.get(region.code) or _empty(engine.LEVEL_REGION, region.code, region.name),
        comparisons=[
            found.get(engine.NATIONAL_CODE)
            or _empty(engine.LEVEL_NATIONAL, engine.NATIONAL_CODE, engine.NATIONAL_NAME)
        ],
        region=region,
        municipalities=[found[item.code] for item in own if item.code in found],
        target_group_names=_target_group_names(),
    )


def export_table(dashboard: Dashboard) -> pd.DataFrame:
    """Everything on a dashboard as one long table, for the download button."""
    tables = [area.table for area in dashboard.all_areas if len(area.table)]
    if not tables:
        return pd.DataFrame(columns=list(engine.COLUMNS))
    return pd.concat(tables, ignore_index=True)


# ---------------------------------------------------------------------------------------------------------
# Computed on request from one municipality's clients
# ---------------------------------------------------------------------------------------------------------
def first_work_curves(user: User, municipality: Municipality, as_of: dt.date) -> list[survival.Curve]:
    """Kaplan–Meier curves of the time to first paid work, one per cohort, for the clients who live in
    ``municipality`` now. Only aggregates leave this function (see :mod:`werkroute.monitoring.survival`)."""
    if municipality.pk not in monitoring_municipality_ids(user):
        raise Http404
    work = Q(
        labour_episodes__kind__in=[EpisodeKind.PAID_WORK, EpisodeKind.SELF_EMPLOYMENT],
        labour_episodes__start_date__lte=as_of,
    )
    rows = list(
        Client.objects.filter(municipality=municipality, permit_date__isnull=False, permit_date__lte=as_of)
        .annotate(first_work=Min("labour_episodes__start_date", filter=work))
        .values_list("permit_date", "date_of_birth", "first_work")
    )
    if not rows:
        return []
    permit = np.array([row[0] for row in rows], dtype="datetime64[D]").astype(np.int64)
    birth = np.array([row[1] for row in rows], dtype="datetime64[D]").astype(np.int64)
    found = np.array([row[2] or "NaT" for row in rows], dtype="datetime64[D]")
    pension = birth + round(engine.PENSION_AGE_YEARS * engine.DAYS_PER_YEAR)
    end = np.minimum(engine.day_number(as_of), pension)
    event = ~np.isnat(found) & (found.astype(np.int64) <= end)
    followed = np.where(event, found.astype(np.int64), end) - permit
    years = permit.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    cohorts = sorted(set(years.tolist()))
    group = np.searchsorted(np.array(cohorts), years)
    return survival.first_work_curves([str(year) for year in cohorts], group, followed, event)


def cached_first_work_curves(
    user: User, municipality: Municipality, snapshot: IndicatorSnapshot
) -> list[survival.Curve]:
    """:func:`first_work_curves` on the snapshot's reference date, kept in the cache for as long as the
    snapshot is the newest (its id is in the key), so that the curves match the other figures."""
    if municipality.pk not in monitoring_municipality_ids(user):
        raise Http404
    key = f"monitoring:first-work:{snapshot.pk}:{municipality.pk}"
    curves = cache.get(key)
    if curves is None:
        curves = first_work_curves(user, municipality, snapshot.as_of)
        cache.set(key, curves, timeout=24 * 60 * 60)
    return curves


@dataclass(frozen=True)
class TeamRow:
    caseworker: str
    clients: int | None  # None: fewer than the threshold, not shown
    active_activity: float | None
    in_work: float | None
    without_plan: float | None


def team(user: User, municipality: Municipality, as_of: dt.date) -> list[TeamRow]:
    """Per caseworker of the municipality: caseload, share with a running activity, share in work and
    share without a plan. For team leads of the municipality; groups under the threshold are not shown."""
    if not may_view_team(user, municipality.pk):
        raise Http404
    in_work = LabourEpisode.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of),
        client=OuterRef("pk"),
        kind__in=[EpisodeKind.PAID_WORK, EpisodeKind.SELF_EMPLOYMENT],
        start_date__lte=as_of,
    )
    rows = (
        Client.objects.filter(municipality=municipality, caseworker__isnull=False)
        .annotate(
            running=Exists(Activity.objects.filter(client=OuterRef("pk"), status=ActivityStatus.ACTIVE)),
            working=Exists(in_work),
            planned=Exists(PlanVersion.objects.filter(client=OuterRef("pk"))),
        )
        .values("caseworker__first_name", "caseworker__last_name", "caseworker__username")
        .annotate(
            clients=Count("pk"),
            running_count=Count("pk", filter=Q(running=True)),
            working_count=Count("pk", filter=Q(working=True)),
            without_plan_count=Count("pk", filter=Q(planned=False)),
        )
        .order_by("caseworker__last_name", "caseworker__first_name", "caseworker__username")
    )

    def share(count: int, total: int) -> float | None:
        small = min(count, total - count) < disclosure.THRESHOLD
        return None if small else count / total

    result = []
    for row in rows:
        name = (
            f"{row['caseworker__first_name']} {row['caseworker__last_name']}".strip()
            or row["caseworker__username"]
        )
        total = row["clients"]
        if total < disclosure.THRESHOLD:
            result.append(TeamRow(name, None, None, None, None))
            continue
        result.append(
            TeamRow(
                name,
                total,
                share(row["running_count"], total),
                share(row["working_count"], total),
                share(row["without_plan_count"], total),
            )
        )
    return result
