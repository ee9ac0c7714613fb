"""The simulation's input (the region) and output (plain column arrays), and small helpers on them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from werkroute.demo.simulation.calibration import EPOCH, Calibration


# ---------------------------------------------------------------------------------------------------------
# Input and output
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionInput:
    """What the simulation needs to know about the region; the loader builds it from the database.

    ``postcodes[i]`` are the PC4 codes of municipality ``i`` (may be empty); ``occupation_isco`` are the
    ISCO-08 codes (first digit used) of ``occupation_ids``.
    """

    municipality_codes: Sequence[str]
    municipality_weights: Sequence[float]
    occupation_ids: Sequence[int]
    occupation_isco: Sequence[str]
    postcodes: Sequence[Sequence[str]] = ()


@dataclass
class Rows:
    """Rows of one kind as equal-length column arrays, sorted by ``client`` (an index into Population)."""

    client: np.ndarray

    def __post_init__(self) -> None:
        _compact_strings(self)

    def __len__(self) -> int:
        return len(self.client)

    def columns(self) -> dict[str, np.ndarray]:
        return {item.name: getattr(self, item.name) for item in dataclasses.fields(self)}

    def for_clients(self, start: int, stop: int) -> Any:
        """The rows of clients ``start`` to ``stop`` (exclusive), with client indexes unchanged."""
        lo, hi = np.searchsorted(self.client, [start, stop])
        return type(self)(**{name: column[lo:hi] for name, column in self.columns().items()})


@dataclass
class Episodes(Rows):
    """Labour market spells. ``end`` is NaT for an open spell; ``hours`` 0 and strings empty when unknown."""

    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray
    hours: np.ndarray
    contract: np.ndarray
    employer: np.ndarray


@dataclass
class Activities(Rows):
    """Activities. ``end`` is NaT while active; planned ones have future dates."""

    activity_type: np.ndarray
    start: np.ndarray
    end: np.ndarray
    status: np.ndarray
    stop_reason: np.ndarray
    hours: np.ndarray
    provider: np.ndarray
    detail: np.ndarray
    led_to_job: np.ndarray
    # The code of the demo intervention the activity carries out ("" for none; see ``interventions``).
    intervention: np.ndarray


@dataclass
class Plans(Rows):
    number: np.ndarray
    plan_date: np.ndarray
    route: np.ndarray
    review_date: np.ndarray
    reason: np.ndarray


@dataclass
class Notes(Rows):
    occurred_on: np.ndarray
    channel: np.ndarray
    topic: np.ndarray


@dataclass
class WorkExperiences(Rows):
    occupation: np.ndarray
    years: np.ndarray
    country: np.ndarray


@dataclass
class WishedOccupations(Rows):
    occupation: np.ndarray


@dataclass
class IntakeUpdates(Rows):
    occurred_on: np.ndarray


@dataclass
class Population:
    """The simulated clients: one array element per client, and row tables that point at clients.

    Dates are ``datetime64[D]`` (NaT = none); CEFR levels are ranks (0 = A0 … 6 = C2); lists are stored
    as comma-separated strings.
    """

    seed: int
    today: dt.date
    municipality_codes: tuple[str, ...]
    ids: np.ndarray  # (n, 16) uint8: the bytes of each client's UUID (version 4, drawn from the seed)
    first_name: np.ndarray
    last_name: np.ndarray
    gender: np.ndarray
    date_of_birth: np.ndarray
    nationality: np.ndarray
    country_of_birth: np.ndarray
    household: np.ndarray
    languages: np.ndarray
    municipality: np.ndarray
    postcode: np.ndarray
    cohort: np.ndarray
    permit_date: np.ndarray
    registration_date: np.ndarray
    # The brede intake as last updated; has_intake is False for clients registered only days ago.
    has_intake: np.ndarray
    first_intake_date: np.ndarray
    intake_date: np.ndarray
    dutch_listening: np.ndarray
    dutch_reading: np.ndarray
    dutch_speaking: np.ndarray
    dutch_writing: np.ndarray
    other_languages: np.ndarray
    limiting_circumstances: np.ndarray
    driving_licence: np.ndarray
    hours_available: np.ndarray
    max_travel_minutes: np.ndarray
    route_advice: np.ndarray
    wished_sectors: np.ndarray
    isced: np.ndarray
    education_years: np.ndarray
    education_field: np.ndarray
    diploma: np.ndarray
    recognition: np.ndarray
    episodes: Episodes
    activities: Activities
    plans: Plans
    notes: Notes
    work_experience: WorkExperiences
    wished_occupations: WishedOccupations
    intake_updates: IntakeUpdates
    # The demo interventions' participants and true effects (``interventions.PlantedEffect``).
    planted: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        _compact_strings(self)

    def __len__(self) -> int:
        return len(self.first_name)


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------
def _compact_strings(record: Any) -> None:
    """Replace the fixed-width string columns of a dataclass by object arrays that share one ``str`` per
    distinct value: 8 bytes per element instead of 4 per character, a quarter of the memory at 100,000
    clients."""
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        if isinstance(value, np.ndarray) and value.dtype.kind == "U":
            vocabulary, codes = np.unique(value, return_inverse=True)
            shared = np.empty(len(vocabulary), dtype=object)
            shared[:] = vocabulary.tolist()
            setattr(record, item.name, shared[codes.reshape(-1)])


def _day(value: dt.date) -> int:
    return (value - EPOCH).days


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Integer day numbers to datetime64[D], NaT where ``valid`` is False."""
    result = np.asarray(days, dtype="int64").astype("datetime64[D]")
    if valid is not None:
        result = np.where(valid, result, np.datetime64("NaT", "D"))
    return result


def _categorical(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix of (not necessarily normalised) probabilities."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    draws = rng.random((probabilities.shape[0], 1))
    return (draws > cumulative).sum(axis=1).clip(0, probabilities.shape[1] - 1)


def _pick(
    rng: np.random.Generator, options: Sequence[Any], size: int, p: Sequence[float] | None = None
) -> Any:
    weights = None if p is None else np.asarray(p, dtype=float) / np.sum(p)
    return np.asarray(options)[rng.choice(len(options), size=size, p=weights)]


def _nearest_period(table: dict[int, Any], year: int) -> Any:
    keys = sorted(table)
    return table[max([key for key in keys if key <= year], default=keys[0])]


def cohort_factor(calibration: Calibration, years: np.ndarray) -> np.ndarray:
    anchors = np.array([year for year, _ in calibration.cohort_factor], dtype=float)
    values = np.array([value for _, value in calibration.cohort_factor], dtype=float)
    return np.interp(np.asarray(years, dtype=float), anchors, values)
