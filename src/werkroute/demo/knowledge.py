"""The demo's catalogue of interventions: practice *types* written for the demo, not existing
interventions. Every item is marked as demo content and, citing no source, has the evidence level
"niet beoordeeld". Written directly, as the demo loader writes its rows (there is no knowledge editor
yet when the demo is built), each with its first version kept as the services would.

Who took part in which, and what it did for them, is planted by the simulation
(``simulation/interventions.py``); :func:`link_planted` links those activities to the catalogue."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from werkroute.cases.models import Activity, ActivityType
from werkroute.core import columnar
from werkroute.demo.simulation import Population
from werkroute.knowledge.models import ActivityIntervention, EvidenceLevel, Intervention, InterventionVersion
from werkroute.knowledge.services import content_of
from werkroute.monitoring.engine import STARTED_STATUSES
from werkroute.regions.models import Region

DEMO_CATALOGUE: list[dict[str, Any]] = [
    {
        "code": "demo-duaal-taal-en-werk",
        "name": "Duaal traject: taal en werk tegelijk",
        "description": "De deelnemer werkt drie of vier dagen per week bij een werkgever en leert op de andere dagen Nederlands, met woorden van het eigen werk. Een jobcoach bezoekt de werkplek elke twee weken.",
        "target_group": "Statushouders in de B1-route met taalniveau A1 tot en met A2 die al willen werken.",
        "not_for": "Mensen die eerst een opleiding willen volgen.",
        "aims": "Betaald werk binnen een jaar, en taalniveau A2 of hoger.",
        "components": "Werkplek, taalles op maat, jobcoach, gesprek met werkgever elke drie maanden.",
        "duration": "6 tot 12 maanden, 24 tot 32 uur per week",
        "activity_types": ["dual_trajectory"],
        "learning_routes": ["B1"],
        "dutch_from": "A1",
        "dutch_to": "B1",
        "sectors": ["logistiek", "productie", "schoonmaak"],
    },
    {
        "code": "demo-werkervaring-met-begeleiding",
        "name": "Werkervaringsplaats met vaste begeleider",
        "description": "De deelnemer doet werkervaring op bij een werkgever in de regio. Een vaste begeleider op de werkvloer helpt, en de klantmanager bespreekt elke maand hoe het gaat.",
        "target_group": "Statushouders zonder werkervaring in Nederland.",
        "aims": "Werkritme, referenties en een kans op een contract.",
        "components": "Werkplek, begeleider op de werkvloer, maandelijks gesprek.",
        "duration": "3 tot 6 maanden, 16 tot 24 uur per week",
        "activity_types": ["work_placement"],
        "learning_routes": ["B1", "Z"],
        "dutch_from": "A0",
        "sectors": ["horeca", "groen", "detailhandel"],
    },
    {
        "code": "demo-sollicitatietraining-in-groep",
        "name": "Sollicitatietraining in een kleine groep",
        "description": "In een groep van hoogstens acht mensen oefent de deelnemer het schrijven van een brief, een gesprek en het zoeken naar vacatures. Oud-deelnemers vertellen hoe zij werk vonden.",
        "target_group": "Statushouders met taalniveau A2 of hoger die klaar zijn om te solliciteren.",
        "aims": "Zelf kunnen solliciteren en uitgenodigd worden voor gesprekken.",
        "components": "Acht bijeenkomsten, oefengesprekken, eigen cv.",
        "duration": "8 weken, 1 dagdeel per week",
        "activity_types": ["job_application_training"],
        "dutch_from": "A2",
    },
    {
        "code": "demo-vakopleiding-zorg",
        "name": "Vakopleiding in de zorg met leerbaan",
        "description": "De deelnemer volgt een korte beroepsopleiding in de zorg en werkt tegelijk als leerling bij een zorginstelling. De opleiding sluit af met een erkend certificaat.",
        "target_group": "Statushouders met interesse in de zorg en taalniveau A2 of hoger.",
        "aims": "Een baan als helpende of medewerker in de zorg.",
        "components": "Lessen, leerbaan, praktijkbegeleider, examen.",
        "duration": "12 maanden",
        "activity_types": ["vocational_training"],
        "learning_routes": ["B1", "ONDERWIJS"],
        "dutch_from": "A2",
        "sectors": ["zorg"],
    },
    {
        "code": "demo-jobcoach-na-plaatsing",
        "name": "Jobcoaching in de eerste maanden van een baan",
        "description": "Na de start van een baan blijft een jobcoach bereikbaar voor de werknemer en de werkgever. Samen lossen zij problemen op voordat de baan stopt.",
        "target_group": "Statushouders die net begonnen zijn met betaald werk.",
        "aims": "Na zes maanden nog aan het werk.",
        "components": "Bezoek op de werkplek, telefonisch spreekuur, gesprek met de werkgever.",
        "duration": "6 maanden, 1 uur per week",
        "activity_types": ["job_coaching", "after_care"],
    },
    {
        "code": "demo-taal-en-kinderopvang",
        "name": "Taalcursus met kinderopvang",
        "description": "Een taalcursus op tijden dat kinderen naar school gaan, met opvang voor de jongste kinderen in hetzelfde gebouw.",
        "target_group": "Ouders, vaak moeders, die zorgen voor jonge kinderen.",
        "aims": "Taalniveau A2 en een eerste stap naar werk of vrijwilligerswerk.",
        "components": "Taalles, kinderopvang, kennismaking met werkgevers.",
        "duration": "9 maanden, 3 ochtenden per week",
        "activity_types": ["language_course"],
        "learning_routes": ["B1", "Z"],
        "dutch_to": "A2",
        "circumstances": ["childcare"],
    },
    {
        "code": "demo-vrijwilligerswerk-als-opstap",
        "name": "Vrijwilligerswerk als opstap",
        "description": "De deelnemer doet vrijwilligerswerk bij een vereniging of stichting in de buurt, met een maatje dat helpt Nederlands te oefenen.",
        "target_group": "Statushouders in de Z-route of met gezondheidsklachten.",
        "aims": "Meedoen, Nederlands oefenen en een netwerk opbouwen.",
        "components": "Vrijwilligersplek, maatje, evaluatie na drie maanden.",
        "duration": "6 maanden, 4 tot 8 uur per week",
        "activity_types": ["volunteering"],
        "learning_routes": ["Z", "B1"],
        "circumstances": ["physical_health", "mental_health"],
    },
]


def demo_content(item: dict[str, Any]) -> dict[str, Any]:
    """An item of :data:`DEMO_CATALOGUE` with every field of the catalogue filled, marked as demo."""
    return {
        "target_group": "",
        "not_for": "",
        "aims": "",
        "components": "",
        "duration": "",
        "cost_per_participant": None,
        "providers": "Demo-aanbieder",
        "regions": [],
        "contact": "",
        "sources": [],
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "activity_types": [],
        "learning_routes": [],
        "target_groups": [],
        "dutch_from": "",
        "dutch_to": "",
        "circumstances": [],
        "sectors": [],
        **item,
        "is_demo": True,
    }


def load_catalogue(region_codes: list[str] | None = None) -> list[Intervention]:
    """The demo catalogue in the database (what exists already is left as it is)."""
    regions = list(Region.objects.filter(code__in=region_codes or []))
    created = []
    for item in DEMO_CATALOGUE:
        content = demo_content(item)
        intervention, made = Intervention.objects.get_or_create(
            code=content["code"],
            defaults={name: value for name, value in content.items() if name not in ("code", "regions")},
        )
        if made:
            intervention.regions.set(regions)
            InterventionVersion.objects.create(
                intervention=intervention, number=1, content=content_of(intervention), reason="demo"
            )
        created.append(intervention)
    return created


def link_planted(population: Population, interventions: list[Intervention]) -> int:
    """Link the activities the simulation planted for each demo intervention (already loaded) to it.
    Returns the number of links made."""
    by_code = {intervention.code: intervention for intervention in interventions}
    activities = population.activities
    planted = np.flatnonzero(activities.intervention != "")
    ids = [uuid.UUID(bytes=population.ids[index].tobytes()) for index in activities.client[planted]]
    wanted = {
        (client_id, kind, start): by_code[code]
        for client_id, kind, start, code in zip(
            ids,
            activities.activity_type[planted].tolist(),
            activities.start[planted].astype("datetime64[D]").tolist(),
            activities.intervention[planted].tolist(),
            strict=True,
        )
    }
    links = {}
    rows = Activity.objects.filter(client_id__in=set(ids)).values_list(
        "pk", "client_id", "activity_type", "start_date"
    )
    for pk, client_id, kind, start in rows.order_by("pk").iterator(chunk_size=5000):
        intervention = wanted.get((client_id, kind, start))
        # Another activity of the same kind on the same day is the same participation; one link is enough.
        if intervention is not None and (client_id, kind, start) not in links:
            links[(client_id, kind, start)] = ActivityIntervention(activity_id=pk, intervention=intervention)
    ActivityIntervention.objects.bulk_create(links.values(), batch_size=5000, ignore_conflicts=True)
    return len(links)


# Share of the started activities of an intervention's kinds that carry it out, on average (the knowledge
# benchmark's data set, drawn before the demo interventions were planted in the simulation).
LINKED_SHARE = 0.35


def link_activities(interventions: list[Intervention], seed: int) -> int:
    """Link started activities of each intervention's kinds to it (activities not yet linked), with a
    chance that depends on the client's profile: men and clients with an intake more often, so that
    participants are selected on their profile as in practice. Returns the number of links made.

    Set-based, as a national data set has millions of activities: the activities are read as columns
    in one query, the chances drawn per column with NumPy, and the links written by one statement run
    over all their rows (no model instance per link). The draws are those of a row-by-row pass over the
    activities in key order, so the same seed links the same activities."""
    kinds = tuple(ActivityType.values)
    columns = columnar.read(
        Activity.objects.filter(status__in=STARTED_STATUSES, intervention_link__isnull=True),
        activity=columnar.number("pk"),
        kind=columnar.code("activity_type", kinds),
        male=columnar.flag(Q(client__gender="male")),
        with_intake=columnar.flag(Q(client__intake__isnull=False)),
    )
    order = np.argsort(columns["activity"], kind="stable")
    activity, kind = columns["activity"][order], columns["kind"][order]
    male, with_intake = columns["male"][order] == 1, columns["with_intake"][order] == 1
    chance = LINKED_SHARE * np.where(male, 1.3, 0.7) * np.where(with_intake, 1.2, 0.6)
    rng = np.random.default_rng(seed)
    free = np.ones(len(activity), dtype=bool)
    chosen_activity, chosen_intervention = [], []
    for intervention in interventions:
        wanted = [kinds.index(name) for name in intervention.activity_types if name in kinds]
        chosen = free & np.isin(kind, wanted) & (rng.random(len(activity)) < chance)
        free &= ~chosen
        chosen_activity.append(activity[chosen])
        chosen_intervention.append(np.full(int(chosen.sum()), intervention.pk, dtype=np.int64))
    links = np.concatenate([np.zeros(0, dtype=np.int64), *chosen_activity])
    targets = np.concatenate([np.zeros(0, dtype=np.int64), *chosen_intervention])
    table = connection.ops.quote_name(ActivityIntervention._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (activity_id, intervention_id, linked_by_id, linked_at)"  # noqa: S608
            " VALUES (%s, %s, NULL, %s)",
            [(pk, target, now) for pk, target in zip(links.tolist(), targets.tolist(), strict=True)],
        )
    return len(links)
