"""What the engine knows about clients and placements: plain dataclasses, no Django.

Adapters (``adapters.py``) build these from the database. Protected attributes (nationality, country of
birth, ethnicity, religion, gender, age, mother tongue, household role) have no field here on purpose:
what is not an input cannot steer a score. ``equity.py`` takes them separately, to measure only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from .errors import MatchingInputError

# The four language skills of the CEFR, in the order of every level tuple in the engine.
LANGUAGE_SKILLS = ("listening", "reading", "speaking", "writing")
CEFR_NAMES = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
CEFR_MAX = len(CEFR_NAMES) - 1
MAX_HOURS_PER_WEEK = 60

Levels = tuple[int, int, int, int]


@dataclass(frozen=True)
class Occupation:
    """An ESCO occupation with its ISCO-08 unit group and the ESCO skills of the occupation."""

    id: int
    isco_code: str  # ISCO-08 unit group, four digits
    essential_skills: frozenset[int] = frozenset()
    optional_skills: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ClientProfile:
    """One client as the engine sees them.

    ``dutch`` holds CEFR levels as 0 (A0) … 6 (C2) in the order of ``LANGUAGE_SKILLS``. Location is the
    centroid of the client's four-digit postcode.
    """

    key: Hashable
    latitude: float
    longitude: float
    dutch: Levels
    previous_occupations: tuple[int, ...] = ()
    wished_occupations: tuple[int, ...] = ()
    skills: frozenset[int] = frozenset()
    max_travel_minutes: int = 45
    hours_available: int | None = None
    available_from: dt.date | None = None
    driving_licence: bool = False
    region: str = ""  # labour market region (arbeidsmarktregio) code, used only by regional markets
    # Stated willingness to move for work: a national market then looks beyond the travel time, at
    # placements of the client's own kind of occupation anywhere (see ``Market.national_candidates``).
    willing_to_move: bool = False


@dataclass(frozen=True)
class PlacementProfile:
    """One placement as the engine sees it.

    ``min_dutch`` is the minimum CEFR level per language skill. Without listed skills the ESCO skills
    of the occupation stand in (essential as required, optional as desirable).
    """

    key: Hashable
    occupation: int
    latitude: float
    longitude: float
    min_dutch: Levels = (0, 0, 0, 0)
    required_skills: frozenset[int] = frozenset()
    desirable_skills: frozenset[int] = frozenset()
    hours_per_week: int = 32
    capacity: int = 1
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    job_coach: bool = False
    language_support: bool = False
    driving_licence_required: bool = False
    region: str = ""  # labour market region (arbeidsmarktregio) code, used only by regional markets


@dataclass(frozen=True)
class Taxonomy:
    """The occupations the clients and placements refer to, by id."""

    occupations: Mapping[int, Occupation] = field(default_factory=dict)

    def get(self, occupation_id: int) -> Occupation:
        try:
            return self.occupations[occupation_id]
        except KeyError:
            raise MatchingInputError(f"Beroep {occupation_id} staat niet in de beroepenlijst.") from None


class _Named:
    """What a check is about ("Klant 12"), written out only in the message of a failed check: a market
    checks thousands of clients, and formatting each key costs more than the checks themselves."""

    __slots__ = ("key", "kind")

    def __init__(self, kind: str, key: Hashable) -> None:
        self.kind, self.key = kind, key

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


def check_levels(levels: Levels, what: str | _Named) -> None:
    if len(levels) != len(LANGUAGE_SKILLS):
        raise MatchingInputError(
            f"{what}: er zijn vier taalniveaus nodig (luisteren, lezen, spreken, schrijven)."
        )
    for level in levels:
        if not isinstance(level, int | bool) or not 0 <= int(level) <= CEFR_MAX:
            raise MatchingInputError(
                f"{what}: taalniveau {level!r} ligt niet tussen A0 (0) en C2 ({CEFR_MAX})."
            )


def check_client(client: ClientProfile) -> None:
    what = _Named("Klant", client.key)
    check_levels(client.dutch, what)
    _check_location(client.latitude, client.longitude, what)
    if client.max_travel_minutes <= 0:
        raise MatchingInputError(f"{what}: de maximale reistijd moet groter zijn dan 0 minuten.")
    if client.hours_available is not None and not 0 <= client.hours_available <= MAX_HOURS_PER_WEEK:
        raise MatchingInputError(f"{what}: {client.hours_available} uur per week beschikbaar kan niet.")


def check_placement(placement: PlacementProfile) -> None:
    """Refuses a placement whose requirements no one could meet, with the reason."""
    what = _Named("Plaats", placement.key)
    check_levels(placement.min_dutch, what)
    _check_location(placement.latitude, placement.longitude, what)
    if placement.capacity < 0:
        raise MatchingInputError(f"{what}: het aantal plaatsen kan niet negatief zijn.")
    if not 0 < placement.hours_per_week <= MAX_HOURS_PER_WEEK:
        raise MatchingInputError(
            f"{what}: {placement.hours_per_week} uur per week kan niet (1 tot {MAX_HOURS_PER_WEEK})."
        )
    if placement.start_date and placement.end_date and placement.end_date < placement.start_date:
        raise MatchingInputError(f"{what}: de einddatum ligt vóór de startdatum.")
    if placement.required_skills & placement.desirable_skills:
        raise MatchingInputError(f"{what}: een vaardigheid is zowel vereist als gewenst.")


def _check_location(latitude: float, longitude: float, what: str | _Named) -> None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # also refuses NaN
        raise MatchingInputError(f"{what}: de locatie (breedte- en lengtegraad) is ongeldig.")
