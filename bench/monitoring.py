"""Cohort monitoring at national scale: full refresh, a municipality dashboard, and a per-client baseline.

The data set (300,000 clients over all municipalities, with intakes, plans, activities and labour market
spells drawn by the demo simulation) is built once into its own SQLite file under ``var/bench/`` and
reused by later runs with the same size and seed (``--rebuild`` builds it anew). Timeline events,
notes, education and work history are left out: monitoring does not read them, except the first-intake
event, which is written.

Figures:
- ``full_refresh_s``: load everything from the database, compute all indicators for all areas,
  cohorts and groups with disclosure control, and store them for the dashboards (median of the runs);
  ``load_s``, ``compute_s`` and ``store_s`` split it.
- ``dashboard_p95_s``: the 95th percentile of requesting one municipality dashboard page (the largest
  municipality) through Django's test client, after two warm-up requests.
- ``baseline_s``: the same indicators (without disclosure control) by a straightforward loop over the
  clients, on rows fetched with ordinary ``values_list`` queries, in the same run.

Everything runs with ``DEBUG`` off, as in production.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import os
import statistics
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client as TestClient
from django.test.utils import override_settings
from django.urls import reverse

from werkroute.core.management.commands.bench import use_own_sqlite

AS_OF = dt.date(2026, 11, 1)


def add_arguments(parser: Any) -> None:
    parser.add_argument("--clients", type=int, default=300_000, help="Size of the data set (300,000).")
    parser.add_argument("--repeat", type=int, default=5, help="Full refreshes to time (median reported).")
    parser.add_argument("--requests", type=int, default=40, help="Dashboard requests to time.")
    parser.add_argument("--rebuild", action="store_true", help="Build the data set anew.")
    parser.add_argument("--skip-baseline", action="store_true", help="Leave out the slow baseline.")
    parser.add_argument("--build-only", action="store_true", help="Only build (or find) the data set.")
    parser.add_argument(
        "--database-url",
        help=(
            "Time the refresh on this PostgreSQL database instead (created when missing): the SQLite data "
            "set is copied into it with COPY, unless it already holds the same rows."
        ),
    )


# ---------------------------------------------------------------------------------------------------------
# The data set
# ---------------------------------------------------------------------------------------------------------
def _municipalities(quick: bool) -> list[tuple[str, str, str, str]]:
    """(code, name, region code, region name) of every municipality: the shared CBS list where present,
    a synthetic country of the same shape (342 municipalities in 35 regions) otherwise."""
    path = Path(settings.SHARED_DATA_DIR) / "nl_gemeenten_2025.csv"
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            rows = [
                (
                    row["gemeentecode"],
                    row["gemeentenaam"],
                    row["arbeidsmarktregio_code"],
                    row["arbeidsmarktregio_naam"],
                )
                for row in csv.DictReader(handle)
            ]
    else:
        rows = [
            (f"GM{9000 + i:04d}", f"Gemeente {i}", f"AM{60 + i % 35:02d}", f"Regio {i % 35}")
            for i in range(342)
        ]
    return rows[:12] if quick else rows


def _build(clients: int, seed: int, quick: bool) -> None:
    from werkroute.accounts.models import Membership, Role, User
    from werkroute.cases import events
    from werkroute.cases.models import (
        Activity,
        Client,
        Intake,
        LabourEpisode,
        PlanVersion,
        Relocation,
        TargetGroup,
        TimelineEvent,
    )
    from werkroute.demo.simulation import CEFR_LEVELS, RegionInput, simulate
    from werkroute.regions.models import Municipality, Organisation, OrganisationKind, Region

    call_command("migrate", verbosity=0)
    rows = _municipalities(quick)
    rng = np.random.default_rng(seed)
    regions: dict[str, Region] = {}
    for _, _, code, name in rows:
        if code not in regions:
            regions[code] = Region.objects.create(code=code, name=name)
    municipalities = Municipality.objects.bulk_create(
        Municipality(code=code, name=name, region=regions[region]) for code, name, region, _ in rows
    )
    # Statushouders are housed in proportion to population, which is skewed: a lognormal spread.
    weights = rng.lognormal(0.0, 1.0, len(municipalities))
    region_input = RegionInput(
        municipality_codes=tuple(item.code for item in municipalities),
        municipality_weights=tuple(float(w) for w in weights),
        occupation_ids=(1,),
        occupation_isco=("9112",),
    )
    population = simulate(region_input, clients, seed=seed, today=AS_OF)
    statushouder, _ = TargetGroup.objects.get_or_create(
        code="statushouder", defaults={"name": "Statushouder"}
    )
    counts = np.bincount(population.municipality, minlength=len(municipalities))
    caseworkers: list[list[User]] = []
    for index, item in enumerate(municipalities):
        organisation = Organisation.objects.create(
            name=f"Gemeente {item.name}",
            kind=OrganisationKind.MUNICIPALITY,
            municipality=item,
            region=item.region,
        )
        team = []
        for number in range(max(1, math.ceil(counts[index] / 400))):
            user = User.objects.create(username=f"km-{item.code}-{number}", is_demo_account=True)
            Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
            team.append(user)
        caseworkers.append(team)
    dates = lambda values: values.astype("datetime64[D]").tolist()  # noqa: E731
    ids = [uuid.UUID(bytes=raw.tobytes()) for raw in population.ids]
    with transaction.atomic():
        Client.objects.bulk_create(
            (
                Client(
                    id=ids[i],
                    first_name="Klant",
                    last_name=str(i),
                    date_of_birth=birth,
                    municipality_id=municipalities[place].pk,
                    permit_date=permit,
                    registration_date=registration,
                    caseworker_id=caseworkers[place][i % len(caseworkers[place])].pk,
                    target_group_id=statushouder.pk,
                    gender=gender,
                )
                for i, (birth, place, permit, registration, gender) in enumerate(
                    zip(
                        dates(population.date_of_birth),
                        population.municipality.tolist(),
                        dates(population.permit_date),
                        dates(population.registration_date),
                        population.gender.tolist(),
                        strict=True,
                    )
                )
            ),
            batch_size=5000,
        )
        levels = np.asarray(CEFR_LEVELS)
        with_intake = np.flatnonzero(population.has_intake)
        Intake.objects.bulk_create(
            (
                Intake(
                    client_id=ids[i],
                    intake_date=day,
                    dutch_listening=levels[population.dutch_listening[i]],
                    dutch_reading=levels[population.dutch_reading[i]],
                    dutch_speaking=levels[population.dutch_speaking[i]],
                    dutch_writing=levels[population.dutch_writing[i]],
                    limiting_circumstances=population.limiting_circumstances[i].split(",")
                    if population.limiting_circumstances[i]
                    else [],
                )
                for i, day in zip(
                    with_intake.tolist(), dates(population.intake_date[with_intake]), strict=True
                )
            ),
            batch_size=5000,
        )
        TimelineEvent.objects.bulk_create(
            (
                TimelineEvent(
                    client_id=ids[i], kind=events.Kind.INTAKE_RECORDED, occurred_on=day, data={"first": True}
                )
                for i, day in zip(
                    with_intake.tolist(), dates(population.first_intake_date[with_intake]), strict=True
                )
            ),
            batch_size=5000,
        )
        plans = population.plans
        PlanVersion.objects.bulk_create(
            (
                PlanVersion(client_id=ids[i], number=number, plan_date=day, learning_route=route)
                for i, number, day, route in zip(
                    plans.client.tolist(),
                    plans.number.tolist(),
                    dates(plans.plan_date),
                    plans.route.tolist(),
                    strict=True,
                )
            ),
            batch_size=5000,
        )
        activities = population.activities
        Activity.objects.bulk_create(
            (
                Activity(client_id=ids[i], activity_type=kind, start_date=start, end_date=end, status=status)
                for i, kind, start, end, status in zip(
                    activities.client.tolist(),
                    activities.activity_type.tolist(),
                    dates(activities.start),
                    dates(activities.end),
                    activities.status.tolist(),
                    strict=True,
                )
            ),
            batch_size=5000,
        )
        episodes = population.episodes
        LabourEpisode.objects.bulk_create(
            (
                LabourEpisode(
                    client_id=ids[i], kind=kind, start_date=start, end_date=end, hours_per_week=hours or None
                )
                for i, kind, start, end, hours in zip(
                    episodes.client.tolist(),
                    episodes.kind.tolist(),
                    dates(episodes.start),
                    dates(episodes.end),
                    episodes.hours.tolist(),
                    strict=True,
                )
            ),
            batch_size=5000,
        )
        # The simulation does not move people; 2% of clients moved once, from another municipality of
        # their region, some time between registration and the reference date.
        movers = rng.choice(clients, size=clients // 50, replace=False)
        region_members: dict[int, list[int]] = defaultdict(list)
        for index, item in enumerate(municipalities):
            region_members[item.region_id].append(index)
        moves = []
        registration = population.registration_date.astype("datetime64[D]").astype(np.int64)
        horizon = (AS_OF - dt.date(1970, 1, 1)).days
        for i in movers.tolist():
            here = int(population.municipality[i])
            options = [index for index in region_members[municipalities[here].region_id] if index != here]
            if not options or registration[i] >= horizon:
                continue
            day = int(rng.integers(registration[i], horizon))
            moves.append(
                Relocation(
                    client_id=ids[i],
                    from_municipality_id=municipalities[int(rng.choice(options))].pk,
                    to_municipality_id=municipalities[here].pk,
                    moved_on=dt.date(1970, 1, 1) + dt.timedelta(days=day),
                )
            )
        Relocation.objects.bulk_create(moves, batch_size=5000)


# ---------------------------------------------------------------------------------------------------------
# The same data set on PostgreSQL
# ---------------------------------------------------------------------------------------------------------
# Tables that tell whether a PostgreSQL copy holds the data set (their row counts must agree).
COUNTED_TABLES = (
    "cases_client",
    "cases_intake",
    "cases_planversion",
    "cases_activity",
    "cases_labourepisode",
    "cases_relocation",
    "cases_timelineevent",
)


def _use_postgres(url: str, source: Path) -> dict[str, Any]:
    """Point the default connection at ``url`` (created and migrated when needed) and make it hold the
    SQLite data set ``source``: copied when the row counts differ, reused when they agree."""
    import dj_database_url
    import psycopg
    from django.core.management.base import CommandError
    from django.db import DEFAULT_DB_ALIAS, connection, connections
    from psycopg import sql

    entry = dj_database_url.parse(url)
    if entry["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(f"--database-url moet een PostgreSQL-database zijn, niet {entry['ENGINE']}.")
    admin: dict[str, Any] = {
        "host": entry["HOST"] or "127.0.0.1",
        "port": entry["PORT"] or 5432,
        "user": entry["USER"],
        "dbname": "postgres",
    }
    if entry["PASSWORD"]:
        admin["password"] = entry["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [entry["NAME"]]).fetchone():
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(entry["NAME"])))
    # The settings of the alias are changed in place (threads open their own connections from them),
    # and this thread's SQLite connection is dropped: the next use opens one of the PostgreSQL backend.
    connection.close()
    settings_dict = connections.settings[DEFAULT_DB_ALIAS]
    for name in ("NAME", "USER", "PASSWORD", "HOST", "PORT", "ENGINE"):
        settings_dict[name] = entry[name]
    settings_dict["OPTIONS"] = {}
    settings_dict["CONN_MAX_AGE"] = 0
    del connections[DEFAULT_DB_ALIAS]
    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"postgres_database": entry["NAME"], "postgres_copy_s": None}
    here = _row_counts_here()
    if _row_counts_sqlite(source) != here:
        # The copy empties every table first: never in a database that holds other case data.
        if any(here.values()):
            raise CommandError(
                f"Database {entry['NAME']} bevat al andere dossiers; de benchmark kopieert alleen naar een "
                "lege database of een eerdere kopie van dezelfde dataset. Kies een nieuwe naam of verwijder "
                "de database."
            )
        started, processor = time.perf_counter(), time.process_time()
        _copy_from_sqlite(source)
        figures["postgres_copy_s"] = round(time.perf_counter() - started, 3)
        figures["postgres_copy_cpu_s"] = round(time.process_time() - processor, 3)
    with connection.cursor() as cursor:
        # The planner's statistics after a bulk load, as autovacuum would gather them in time.
        cursor.execute("ANALYZE")
    return figures


def _row_counts_sqlite(source: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as lite:
        # Table names from the constant above, never from input.
        return {
            table: lite.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in COUNTED_TABLES
        }


def _row_counts_here() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in COUNTED_TABLES:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def _copy_from_sqlite(source: Path) -> None:
    """Every table of the SQLite file into the (migrated) PostgreSQL database, in one transaction.

    The tables there are emptied first (migrate's content types and permissions included, so that the
    copied ids agree); rows go in through COPY, which PostgreSQL reads far faster than inserts. Foreign
    keys are deferred to the commit, so the order of the tables does not matter. Booleans (0/1), keys
    (32 hexadecimal digits), dates and JSON travel as SQLite stores them: PostgreSQL reads them all.
    """
    import sqlite3

    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection
    from psycopg import sql

    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in lite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'django_migrations' ORDER BY name"
            )
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            here = set(connection.introspection.table_names(cursor)) - {"django_migrations"}
            missing = sorted(set(tables) - here)
            if missing:
                raise RuntimeError(f"tables of the data set missing in PostgreSQL: {missing}")
            cursor.execute(
                sql.SQL("TRUNCATE {} CASCADE").format(sql.SQL(", ").join(map(sql.Identifier, sorted(here))))
            )
            for table in tables:
                columns = [row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')]
                names = sql.SQL(", ").join(map(sql.Identifier, columns))
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)
                # Names from the file's own schema, quoted.
                quoted = ", ".join(f'"{column}"' for column in columns)
                rows = lite.execute(f'SELECT {quoted} FROM "{table}"')  # noqa: S608
                with cursor.cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
            models = [model for model in apps.get_models() if model._meta.db_table in tables]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    finally:
        lite.close()


def _dataset(options: dict[str, Any]) -> tuple[Path, float | None]:
    clients = 2_000 if options["quick"] else options["clients"]
    folder = Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"monitoring-{clients}-{options['seed']}.sqlite3"
    ready = path.with_suffix(".ready")
    if options.get("rebuild") or options["quick"] or not ready.exists():
        for old in (path, ready, Path(f"{path}-wal"), Path(f"{path}-shm")):
            old.unlink(missing_ok=True)
        use_own_sqlite(path)
        started = time.perf_counter()
        _build(clients, options["seed"], options["quick"])
        ready.write_text("built\n")
        return path, time.perf_counter() - started
    use_own_sqlite(path)
    return path, None


# ---------------------------------------------------------------------------------------------------------
# The baseline: a straightforward loop over the clients
# ---------------------------------------------------------------------------------------------------------
MONTHS = (None, 6, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96)
CEFR = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")


def _age_band(years: float) -> str:
    for lower, label in ((55, "55+"), (45, "45-54"), (35, "35-44"), (25, "25-34"), (18, "18-24")):
        if years >= lower:
            return label
    return "under_18"


def baseline(as_of: dt.date) -> dict[tuple[Any, ...], list[float]]:
    """Counts of every indicator, one client at a time, as one would write it without the engine."""
    from werkroute.cases.models import (
        Activity,
        Client,
        Intake,
        LabourEpisode,
        PlanVersion,
        Relocation,
        TimelineEvent,
    )
    from werkroute.regions.models import Municipality

    region_of = dict(Municipality.objects.values_list("pk", "region__code"))
    code_of = dict(Municipality.objects.values_list("pk", "code"))
    episodes: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for episode in LabourEpisode.objects.values_list(
        "client_id", "kind", "start_date", "end_date", "hours_per_week"
    ):
        episodes[episode[0]].append(episode[1:])
    activities: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for activity in Activity.objects.values_list(
        "client_id", "activity_type", "status", "start_date", "end_date"
    ):
        activities[activity[0]].append(activity[1:])
    plans: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for plan in PlanVersion.objects.values_list("client_id", "number", "plan_date", "learning_route"):
        plans[plan[0]].append(plan[1:])
    intakes = {
        row[0]: row[1:]
        for row in Intake.objects.values_list(
            "client_id",
            "intake_date",
            "dutch_listening",
            "dutch_reading",
            "dutch_speaking",
            "dutch_writing",
            "limiting_circumstances",
        )
    }
    first_events: dict[Any, dt.date] = {}
    for client_id, day in TimelineEvent.objects.filter(kind="intake_recorded", data__first=True).values_list(
        "client_id", "occurred_on"
    ):
        first_events[client_id] = min(day, first_events.get(client_id, day))
    moves: dict[Any, list[tuple[dt.date, int]]] = defaultdict(list)
    for client_id, origin, day in Relocation.objects.values_list(
        "client_id", "from_municipality_id", "moved_on"
    ):
        moves[client_id].append((day, origin))
    counts: dict[tuple[Any, ...], list[float]] = defaultdict(lambda: [0.0, 0.0])
    caseworkers: dict[int, set[int]] = defaultdict(set)

    def add(
        area_id: int,
        cohort: int,
        months: Any,
        groups: list[tuple[str, str]],
        indicator: str,
        n: float,
        d: float,
    ) -> None:
        areas = (("municipality", code_of[area_id]), ("region", region_of[area_id]), ("national", "NL"))
        for level, code in areas:
            for cohort_key in (cohort, None):
                for group in groups:
                    cell = counts[(level, code, cohort_key, months, *group, indicator)]
                    cell[0] += n
                    cell[1] += d

    clients = Client.objects.values_list(
        "pk",
        "municipality_id",
        "permit_date",
        "registration_date",
        "date_of_birth",
        "gender",
        "caseworker_id",
        "target_group__code",
    )
    for client_id, municipality_id, permit, registration, birth, gender, caseworker, target_group in clients:
        if permit is None or permit > as_of:
            continue
        intake = intakes.get(client_id)
        my_plans = sorted(plans.get(client_id, []))
        route = my_plans[-1][2] if my_plans else "none"
        dutch = CEFR[min(CEFR.index(level) for level in intake[1:5])] if intake else "unknown"
        vulnerable = ("yes" if intake[5] else "no") if intake else "unknown"
        groups = [
            ("total", ""),
            ("gender", gender),
            ("age_band", _age_band((permit - birth).days / 365.25)),
            ("learning_route", route),
            ("dutch_level", dutch),
            ("vulnerable", vulnerable),
        ]
        my_episodes = episodes.get(client_id, [])
        my_activities = activities.get(client_id, [])
        for months in MONTHS:
            day = as_of if months is None else permit + dt.timedelta(days=round(months * 30.4375))
            if day > as_of or (day - birth).days >= 65 * 365.25:
                continue
            area = municipality_id
            for moved_on, origin in sorted(moves.get(client_id, []), reverse=True):
                if day < moved_on:
                    area = origin
            open_kinds = [e for e in my_episodes if e[1] <= day and (e[2] is None or e[2] >= day)]
            work = [e for e in open_kinds if e[0] in ("paid_work", "self_employment")]
            running = [
                a
                for a in my_activities
                if a[1] in ("active", "completed", "stopped_early")
                and a[2] <= day
                and (a[1] == "active" or a[3] is None or a[3] >= day)
            ]
            status = {
                "in_paid_work": bool(work),
                "in_paid_work_12h": sum(e[3] or 0 for e in work) >= 12,
                "on_social_assistance": any(e[0] == "social_assistance" for e in open_kinds),
                "in_education": any(e[0] == "education" for e in open_kinds),
                "in_activity": bool(running),
            }
            status["none_of_these"] = not (
                status["in_paid_work"]
                or status["on_social_assistance"]
                or status["in_education"]
                or status["in_activity"]
            )
            for indicator, value in status.items():
                add(area, permit.year, months, groups, indicator, float(value), 1.0)
        if registration > as_of:
            continue
        started = [a for a in my_activities if a[1] in ("active", "completed", "stopped_early")]
        first_work = min(
            (e[1] for e in my_episodes if e[0] in ("paid_work", "self_employment") and e[1] <= as_of),
            default=None,
        )
        in_work = any(
            e[0] in ("paid_work", "self_employment") and e[1] <= as_of and (e[2] is None or e[2] >= as_of)
            for e in my_episodes
        )
        intake_days = [d for d in (intake[0] if intake else None, first_events.get(client_id)) if d]
        first_plan = my_plans[0][1] if my_plans else None
        deadline = registration + dt.timedelta(days=70)
        applies = (
            target_group == "statushouder"
            and registration >= dt.date(2022, 1, 1)
            and (first_plan or deadline < as_of)
        )
        process = {
            "days_to_intake": ((min(intake_days) - registration).days, 1) if intake_days else (0, 0),
            "days_to_pip": ((first_plan - registration).days, 1) if first_plan else (0, 0),
            "pip_within_deadline": (
                float(bool(applies and first_plan and first_plan <= deadline)),
                float(bool(applies)),
            ),
            "days_to_first_activity": ((min(a[2] for a in started) - registration).days, 1)
            if started
            else (0, 0),
            "active_activity": (float(any(a[1] == "active" for a in my_activities)), 1),
            "stopped_before_work": (
                float(
                    bool(started)
                    and any(
                        a[1] == "stopped_early" and (first_work is None or a[3] < first_work)
                        for a in my_activities
                    )
                ),
                float(bool(started)),
            ),
            "after_care_in_work": (
                float(in_work and any(a[0] == "after_care" for a in started)),
                float(in_work),
            ),
        }
        for indicator, (n, d) in process.items():
            add(municipality_id, permit.year, None, groups, indicator, n, d)
        if caseworker is not None:
            caseworkers[municipality_id].add(caseworker)
            add(municipality_id, permit.year, None, groups[:1], "caseload_clients", 1.0, 0.0)
    return counts


# ---------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------
def run(options: dict[str, Any]) -> dict[str, Any]:
    # Measured as production runs: without Django's debug mode, which records every query (and, for
    # the stored snapshot, formats megabytes of parameters into its log).
    with override_settings(DEBUG=False):
        return _run(options)


def _run(options: dict[str, Any]) -> dict[str, Any]:
    from werkroute.accounts.models import Membership, Role
    from werkroute.monitoring import adapter, engine, services

    path, build_s = _dataset(options)
    figures: dict[str, Any] = {"database": path.name, "dataset_build_s": build_s, "as_of": AS_OF.isoformat()}
    if options.get("build_only"):
        return figures
    figures["engine"] = "sqlite"
    if options.get("database_url"):
        figures.update(_use_postgres(options["database_url"], path), engine="postgresql")
    # The machine is shared: the load average says how far the wall clock stands above processor time.
    figures["cores"] = os.cpu_count()
    figures["load_before"] = list(os.getloadavg())
    from werkroute.cases.models import Activity, Client, LabourEpisode, PlanVersion

    figures["clients"] = Client.objects.count()
    figures["episodes"] = LabourEpisode.objects.count()
    figures["activities"] = Activity.objects.count()
    figures["plan_versions"] = PlanVersion.objects.count()

    runs = []
    for _ in range(1 if options["quick"] else options["repeat"]):
        # Wall clock and this process's processor time (all its threads; not the database server's).
        clock = [(time.perf_counter(), time.process_time())]
        areas, municipality_ids = adapter.load_areas()
        data = adapter.load_case_data(AS_OF, municipality_ids)
        clock.append((time.perf_counter(), time.process_time()))
        result = engine.compute(data, areas)
        clock.append((time.perf_counter(), time.process_time()))
        services.store(result, clients=len(data), seconds=clock[-1][0] - clock[0][0])
        clock.append((time.perf_counter(), time.process_time()))
        wall = [clock[-1][0] - clock[0][0]] + [b[0] - a[0] for a, b in itertools.pairwise(clock)]
        cpu = [clock[-1][1] - clock[0][1]] + [b[1] - a[1] for a, b in itertools.pairwise(clock)]
        runs.append((*wall, *cpu))
    runs.sort()
    median = runs[len(runs) // 2]
    figures.update(
        full_refresh_s=round(median[0], 3),
        full_refresh_runs_s=[round(item[0], 3) for item in runs],
        load_s=round(median[1], 3),
        compute_s=round(median[2], 3),
        store_s=round(median[3], 3),
        full_refresh_cpu_s=round(median[4], 3),
        load_cpu_s=round(median[5], 3),
        compute_cpu_s=round(median[6], 3),
        store_cpu_s=round(median[7], 3),
        refresh_load_after=list(os.getloadavg()),
        indicator_rows=len(result.table),
        suppressed_share=round(float(result.table["suppressed"].mean()), 3),
    )

    # The municipality with the most clients: the heaviest dashboard.
    from django.db.models import Count

    from werkroute.regions.models import Municipality

    biggest = Municipality.objects.annotate(number=Count("clients")).order_by("-number").first()
    assert biggest is not None
    member = (
        Membership.objects.filter(organisation__municipality=biggest, role=Role.CASEWORKER)
        .select_related("user")
        .first()
    )
    assert member is not None
    url = reverse("monitoring:municipality", args=[biggest.code])
    browser = TestClient()
    browser.force_login(member.user)
    timings = []
    with override_settings(ALLOWED_HOSTS=["testserver"], WERKROUTE_REQUIRE_TWO_FACTOR=False):
        for number in range(2 + (5 if options["quick"] else options["requests"])):
            started = time.perf_counter()
            response = browser.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            if number >= 2:
                timings.append(elapsed)
    timings.sort()
    figures.update(
        dashboard_municipality=biggest.code,
        dashboard_clients=biggest.number,
        dashboard_requests=len(timings),
        dashboard_p50_s=round(statistics.median(timings), 4),
        dashboard_p95_s=round(timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)], 4),
    )

    if not options.get("skip_baseline"):
        started = time.perf_counter()
        counts = baseline(AS_OF)
        figures["baseline_s"] = round(time.perf_counter() - started, 3)
        figures["baseline_cells"] = len(counts)
        figures["speedup"] = round(figures["baseline_s"] / figures["full_refresh_s"], 1)
    figures["load_after"] = list(os.getloadavg())
    return figures
