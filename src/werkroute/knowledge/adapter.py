"""Fills the outcome engine's :class:`~werkroute.knowledge.outcomes.Population` from the database.

The same column reads as monitoring's adapter (one query per table, read column by column through
``core.columnar``), with two more tables: the education of the intake and the links of activities to
interventions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from werkroute.cases.models import Education
from werkroute.core import columnar
from werkroute.knowledge.models import ActivityIntervention
from werkroute.knowledge.outcomes import NO_DATE, OPEN_END, Population
from werkroute.monitoring import engine
from werkroute.monitoring.adapter import READS, SKILLS
from werkroute.regions.models import Municipality

# ISCED levels in four bands: none or primary, lower secondary, upper secondary, tertiary.
EDUCATION_BANDS = (0, 2, 3, 5)

KNOWLEDGE_READS = {
    "clients": READS["clients"],
    "intakes": READS["intakes"],
    "plans": READS["plans"],
    "episodes": READS["episodes"],
    "education": columnar.Read(
        Education.objects.all(),
        {"key": columnar.key("intake__client_id"), "level": columnar.number("isced_level", missing=-1)},
    ),
    "links": columnar.Read(
        ActivityIntervention.objects.filter(activity__status__in=engine.STARTED_STATUSES),
        {
            "key": columnar.key("activity__client_id"),
            "intervention": columnar.number("intervention_id"),
            "start": columnar.day("activity__start_date", engine.NO_DATE),
        },
    ),
}


def load_population(as_of: dt.date) -> Population:
    """Every client with their profile, spells and participations, as arrays."""
    read = columnar.read_all(**KNOWLEDGE_READS)
    client = read["clients"]
    # Comparison starts are drawn per client position: positions in key order, not in storage order.
    order = columnar.key_order(client["key"])
    client = {name: values[order] for name, values in client.items()}
    keys = client["key"]
    n = len(keys)
    intakes, plans, episodes, education, links = (
        _of_known_clients(read[name], keys) for name in ("intakes", "plans", "episodes", "education", "links")
    )
    region_of = dict(Municipality.objects.values_list("pk", "region_id"))
    region = np.array([region_of.get(int(pk), -1) for pk in client["municipality"]], dtype=np.int64)

    dutch = np.full(n, -1, dtype=np.int64)
    lowest = np.minimum.reduce([intakes[skill] for skill in SKILLS]) if len(intakes["client"]) else []
    dutch[intakes["client"]] = lowest
    limited = np.full(n, -1, dtype=np.int64)
    limited[intakes["client"]] = intakes["limited"]
    latest = np.full(n, -1, dtype=np.int64)
    np.maximum.at(latest, plans["client"], plans["number"] * 8 + np.maximum(plans["route"], 0) + 1)
    route = np.where(latest < 0, -1, latest % 8 - 1)
    highest = np.full(n, -1, dtype=np.int64)
    np.maximum.at(highest, education["client"], education["level"])
    education_band = np.where(highest < 0, -1, np.searchsorted(EDUCATION_BANDS, highest, side="right") - 1)

    kinds = np.array((*engine.EPISODE_KINDS, "unknown"))
    return Population(
        as_of=engine.day_number(as_of),
        region=region,
        permit=np.where(client["permit"] == engine.NO_DATE, NO_DATE, client["permit"]),
        birth=client["birth"],
        gender=client["gender"],
        route=route,
        dutch=dutch,
        education=education_band,
        limited=limited,
        episode_client=episodes["client"],
        episode_kind=kinds[episodes["kind"]],
        episode_start=episodes["start"],
        episode_end=np.where(episodes["end"] == engine.OPEN_END, OPEN_END, episodes["end"]),
        participation_client=links["client"],
        participation_intervention=links["intervention"],
        participation_start=links["start"],
    )


def _of_known_clients(rows: dict[str, np.ndarray], keys: np.ndarray) -> dict[str, np.ndarray]:
    client = columnar.positions(rows.pop("key"), keys)
    known = client >= 0
    return {"client": client[known], **{name: values[known] for name, values in rows.items()}}
