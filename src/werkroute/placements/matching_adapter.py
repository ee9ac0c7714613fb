"""From database rows to the engine's dataclasses. The only module of ``matching`` that knows Django.

Only what a match may depend on is read: work experience, wishes, skills, Dutch levels, where someone
lives (postcode area, else the municipality's centroid), travel time, hours, availability and driving
licence. Protected attributes stay in the database; ``equity_labels`` reads some of them for the
equity report only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.lookups import In

from werkroute.cases.models import Client, Gender, Intake, WorkExperience
from werkroute.core.values import CEFRLevel, age_on
from werkroute.matching import weights
from werkroute.matching.equity import age_band
from werkroute.matching.errors import MatchingInputError
from werkroute.matching.inputs import ClientProfile, Occupation, PlacementProfile, Taxonomy
from werkroute.matching.market import Market
from werkroute.matching.recommend import clients_within_reach
from werkroute.placements.models import Placement
from werkroute.regions.models import PostcodeArea
from werkroute.taxonomy.models import Occupation as OccupationRow
from werkroute.taxonomy.models import OccupationSkill, SkillRelation

# Looked up once: ``CEFRLevel.rank`` builds the list of values on every call, thousands of times a page.
RANKS = {level: CEFRLevel.rank(level) for level in CEFRLevel.values}


def _rank(value: str) -> int:
    level = value or "A0"
    return RANKS[level] if level in RANKS else CEFRLevel.rank(level)  # which refuses it with the reason


# The four levels of a row, per combination of values: a region has few combinations and many clients.
LEVELS: dict[tuple[str, ...], tuple[int, int, int, int]] = {}


def _levels(values: Sequence[str]) -> tuple[int, int, int, int]:
    key = tuple(values)
    if key not in LEVELS:
        LEVELS[key] = tuple(_rank(value) for value in key)  # type: ignore[assignment]
    return LEVELS[key]


def _pc4(postcode: str) -> str:
    digits = "".join(ch for ch in postcode if ch.isdigit())
    return digits[:4]


def client_queryset(clients: Iterable[Client] | None = None) -> QuerySet[Client]:
    """Clients to build a market of (all of them, or those given); :func:`client_profiles` reads them."""
    if clients is None:
        return Client.objects.all()
    return Client.objects.filter(pk__in=[client.pk for client in clients])


# The columns of a client and their intake that a profile is made of, in the order ``_profile`` reads them.
CLIENT_COLUMNS = (
    "pk",
    "postcode",
    "municipality__latitude",
    "municipality__longitude",
    "municipality__region__code",
    "intake__pk",
    "intake__dutch_listening",
    "intake__dutch_reading",
    "intake__dutch_speaking",
    "intake__dutch_writing",
    "intake__max_travel_minutes",
    "intake__hours_available",
    "intake__available_from",
    "intake__driving_licence",
    "intake__willing_to_move",
)
# For the equity report only, appended to the same rows so that the labels belong to the same clients.
EQUITY_COLUMNS = ("gender", "date_of_birth", "permit_date")


@dataclass(frozen=True)
class ClientRows:
    """Clients as the engine sees them, in the order read; with ``equity_on``, also their equity labels."""

    profiles: list[ClientProfile]
    equity: dict[str, list[str]]

    @property
    def keys(self) -> list[Any]:
        return [profile.key for profile in self.profiles]


def read_clients(
    clients: Sequence[Client] | QuerySet[Client],
    equity_on: dt.date | None = None,
    within_reach_of: PlacementProfile | None = None,
    today: dt.date | None = None,
) -> ClientRows:
    """The profiles of ``clients`` (a queryset in its own order, or client objects in theirs).

    Read as plain columns in five queries: a region's market holds thousands of clients, and model
    objects for them, their intakes, skills and work history cost seconds a page. A client without a
    brede intake or without any location is refused. With ``within_reach_of`` only the clients who meet
    that placement's hard constraints on ``today`` are kept (travel time, driving licence, availability,
    open capacity), and only their skills and work history are read: the others can never be among its
    candidates. With ``equity_on`` the equity labels (gender, age band on that day, cohort) of the same
    rows come along, from the same query.
    """
    columns = CLIENT_COLUMNS + (EQUITY_COLUMNS if equity_on else ())
    if isinstance(clients, QuerySet):
        rows = list(clients.values_list(*columns))
    else:
        order = {client.pk: position for position, client in enumerate(clients)}
        found = Client.objects.filter(pk__in=list(order)).values_list(*columns)
        rows = sorted(found, key=lambda row: order[row[0]])
    for row in rows:
        if row[5] is None:
            raise MatchingInputError(
                f"Klant {row[0]} heeft nog geen brede intake; zonder intake is er niets om op te matchen."
            )
    areas = _areas(rows)
    if within_reach_of is not None:
        reach = clients_within_reach([_profile(row, areas) for row in rows], within_reach_of, today)
        rows = [row for row, kept in zip(rows, reach, strict=True) if kept]
    skills, wished, experience = _intake_lists([row[5] for row in rows])
    profiles = [_profile(row, areas, skills, wished, experience) for row in rows]
    equity: dict[str, list[str]] = {}
    if equity_on:
        genders = dict(Gender.choices)
        size = len(CLIENT_COLUMNS)
        equity = {
            "gender": [str(genders.get(row[size], row[size])) for row in rows],
            "age_band": [age_band(age_on(row[size + 1], equity_on)) for row in rows],
            "cohort": [str(row[size + 2].year if row[size + 2] else "?") for row in rows],
        }
    return ClientRows(profiles, equity)


def _areas(rows: list[tuple[Any, ...]]) -> dict[str, tuple[float, float]]:
    """The centroid of each postcode as written, where its four-digit area is known; each postcode is
    looked up once, as many clients share one."""
    pc4_of = {postcode: _pc4(postcode) for postcode in {row[1] for row in rows}}
    centroids = {
        pc4: (latitude, longitude)
        for pc4, latitude, longitude in PostcodeArea.objects.filter(
            pk__in={pc4 for pc4 in pc4_of.values() if pc4}
        ).values_list("pc4", "latitude", "longitude")
    }
    return {postcode: centroids[pc4] for postcode, pc4 in pc4_of.items() if pc4 in centroids}


# Intakes per query: well below the number of parameters SQLite binds (32,766), for any region.
INTAKES_PER_QUERY = 10_000


def _intake_lists(
    intake_ids: list[int],
) -> tuple[dict[int, set[int]], dict[int, list[int]], dict[int, list[int]]]:
    """Skills, wished occupations and work history (longest first) per intake, by the intakes' ids:
    cheaper than repeating the query that chose the clients as a subquery three times."""
    skills: dict[int, set[int]] = defaultdict(set)
    wished: dict[int, list[int]] = defaultdict(list)
    experience: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(intake_ids), INTAKES_PER_QUERY):
        chunk = intake_ids[start : start + INTAKES_PER_QUERY]
        # ``In`` on the column itself: ``intake_id__in`` normalises each of thousands of ids as a related
        # object might be given, which costs more than running the query.
        of_chunk: In[Any] = In(F("intake_id"), chunk)
        for intake_id, skill_id in Intake.skills.through.objects.filter(of_chunk).values_list(
            "intake_id", "skill_id"
        ):
            skills[intake_id].add(skill_id)
        for intake_id, occupation_id in (
            Intake.wished_occupations.through.objects.filter(of_chunk)
            .order_by("occupation_id")  # a fixed order: the rows' own order differs between databases
            .values_list("intake_id", "occupation_id")
        ):
            wished[intake_id].append(occupation_id)
        for intake_id, occupation_id in (
            WorkExperience.objects.filter(of_chunk)
            .order_by("-years", "pk")
            .values_list("intake_id", "occupation_id")
        ):
            experience[intake_id].append(occupation_id)
    return skills, wished, experience


NOTHING: dict[int, Any] = {}


def _profile(
    row: tuple[Any, ...],
    areas: dict[str, tuple[float, float]],
    skills: dict[int, set[int]] = NOTHING,
    wished: dict[int, list[int]] = NOTHING,
    experience: dict[int, list[int]] = NOTHING,
) -> ClientProfile:
    """One client's profile from a row of ``CLIENT_COLUMNS``; without skills, wishes and work history
    where those are not given (enough for the hard constraints)."""
    (key, postcode, town_latitude, town_longitude, region, intake, *dutch) = row[:10]
    max_travel, hours, available_from, licence, willing_to_move = row[10:15]
    latitude, longitude = areas.get(postcode, (town_latitude, town_longitude))
    if latitude is None or longitude is None:
        raise MatchingInputError(f"Klant {key}: geen postcode en geen ligging van de gemeente bekend.")
    return ClientProfile(
        key=key,
        latitude=latitude,
        longitude=longitude,
        dutch=_levels(dutch),
        previous_occupations=tuple(dict.fromkeys(experience.get(intake, ()))),
        wished_occupations=tuple(wished.get(intake, ())),
        skills=frozenset(skills.get(intake, ())),
        max_travel_minutes=max_travel or weights.DEFAULT_MAX_TRAVEL_MINUTES,
        hours_available=hours,
        available_from=available_from,
        driving_licence=licence,
        region=region,
        willing_to_move=willing_to_move,
    )


def client_profiles(clients: Sequence[Client] | QuerySet[Client]) -> list[ClientProfile]:
    """One profile per client (see :func:`read_clients`)."""
    return read_clients(clients).profiles


def placement_queryset(placements):  # type: ignore[no-untyped-def]
    return placements.select_related("postcode", "employer__region").prefetch_related(
        Prefetch("required_skills"), Prefetch("desirable_skills")
    )


def placement_profiles(placements: Sequence[Placement]) -> list[PlacementProfile]:
    return [
        PlacementProfile(
            key=placement.pk,
            occupation=placement.occupation_id,
            latitude=placement.postcode.latitude,
            longitude=placement.postcode.longitude,
            min_dutch=_levels(
                [
                    placement.min_dutch_listening,
                    placement.min_dutch_reading,
                    placement.min_dutch_speaking,
                    placement.min_dutch_writing,
                ]
            ),
            required_skills=frozenset(s.pk for s in placement.required_skills.all()),
            desirable_skills=frozenset(s.pk for s in placement.desirable_skills.all()),
            hours_per_week=placement.hours_per_week,
            # Selectors may annotate what is left after open referrals; otherwise the whole capacity.
            capacity=max(int(getattr(placement, "open_capacity", placement.capacity)), 0),
            start_date=placement.start_date,
            end_date=placement.end_date,
            job_coach=placement.job_coach,
            language_support=placement.language_support,
            driving_licence_required=placement.driving_licence_required,
            region=placement.employer.region.code,
        )
        for placement in placements
    ]


def taxonomy_for(
    occupation_ids: Iterable[int],
    placements: Sequence[PlacementProfile] | None = None,
    experienced: Iterable[int] | None = None,
) -> Taxonomy:
    """The occupations referred to, with their ISCO unit group and ESCO skills, in two queries.

    With ``placements``, only the skills that can count are kept. The market meets a client's skills
    (declared, and the essential skills of their work history) with what the placements ask for, and
    nowhere else: a skill no placement asks for changes no score and no explanation, while the
    occupations of a region's work history carry thousands of them (the demo region: 300 occupations,
    13,000 rows). So only the essential skills of the ``experienced`` occupations (someone's work
    history; all of ``occupation_ids`` when not given) are read, and kept where a placement asks for
    them; the occupation of a placement without listed skills is read in full, as its skills stand in
    for the listed ones.
    """
    ids = set(occupation_ids)
    essential: dict[int, set[int]] = {i: set() for i in ids}
    optional: dict[int, set[int]] = {i: set() for i in ids}
    if placements is None:
        for occupation_id, skill_id, relation in OccupationSkill.objects.filter(
            occupation_id__in=ids
        ).values_list("occupation_id", "skill_id", "relation"):
            (essential if relation == SkillRelation.ESSENTIAL else optional)[occupation_id].add(skill_id)
    else:
        unlisted = {p.occupation for p in placements if not (p.required_skills or p.desirable_skills)}
        worked = ids if experienced is None else ids & set(experienced)
        # Compared as an expression, not as the column: with both columns in an ``IN``, SQLite probes
        # every pair of occupation and skill in the unique index, slower than reading all the rows.
        relations = OccupationSkill.objects.alias(asked_skill=F("skill_id") + Value(0))
        asked = Q(asked_skill__in={s for p in placements for s in p.required_skills | p.desirable_skills})
        if unlisted:
            standing_in = OccupationSkill.objects.filter(occupation_id__in=unlisted).values("skill_id")
            asked |= Q(asked_skill__in=standing_in)
        for occupation_id, skill_id, relation in relations.filter(
            Q(occupation_id__in=unlisted)
            | Q(asked, occupation_id__in=worked, relation=SkillRelation.ESSENTIAL)
        ).values_list("occupation_id", "skill_id", "relation"):
            (essential if relation == SkillRelation.ESSENTIAL else optional)[occupation_id].add(skill_id)
    return Taxonomy(
        {
            pk: Occupation(pk, isco, frozenset(essential[pk]), frozenset(optional[pk]))
            for pk, isco in OccupationRow.objects.filter(pk__in=ids).values_list("pk", "isco_group_id")
        }
    )


def build_market(
    clients: Sequence[Client] | QuerySet[Client] | ClientRows,
    placements: Sequence[Placement],
    today: dt.date | None = None,
) -> Market:
    """A market of these clients (client objects, a queryset or rows already read; the market's clients
    are in that order) and placements (load them with :func:`placement_queryset`)."""
    client_list = (clients if isinstance(clients, ClientRows) else read_clients(clients)).profiles
    placement_list = placement_profiles(placements)
    occupations = {p.occupation for p in placement_list}
    experienced: set[int] = set()
    for profile in client_list:
        experienced.update(profile.previous_occupations)
        occupations.update(profile.wished_occupations)
    occupations |= experienced
    taxonomy = taxonomy_for(occupations, placement_list, experienced)
    return Market(client_list, placement_list, taxonomy, today=today)


def equity_labels(clients: Sequence[Client], today: dt.date | None = None) -> dict[str, list[str]]:
    """Gender, age band and cohort per client: for the equity report, never for a score."""
    day = today or dt.date.today()
    return {
        "gender": [str(client.get_gender_display()) for client in clients],
        "age_band": [age_band(client.age(day)) for client in clients],
        "cohort": [str(client.cohort or "?") for client in clients],
    }
