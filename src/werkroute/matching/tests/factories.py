"""Small engine inputs for tests: plain dataclasses, no database."""

from __future__ import annotations

import datetime as dt

from werkroute.matching import ClientProfile, Occupation, PlacementProfile, Taxonomy

TODAY = dt.date(2026, 1, 5)
NIJMEGEN = (51.8425, 5.8528)
ARNHEM = (51.9851, 5.8987)
GRONINGEN = (53.2194, 6.5665)

# ISCO: 9112 office cleaners, 9111 domestic cleaners (same minor group 911), 5120 cooks, 9412 kitchen helpers.
CLEANER, OFFICE_CLEANER, WINDOW_CLEANER, COOK, KITCHEN_HELP, WELDER = 1, 2, 3, 4, 5, 6
TAXONOMY = Taxonomy(
    {
        CLEANER: Occupation(CLEANER, "9112", frozenset({10, 11, 12}), frozenset({13})),
        OFFICE_CLEANER: Occupation(OFFICE_CLEANER, "9112", frozenset({10, 11}), frozenset({14})),
        WINDOW_CLEANER: Occupation(WINDOW_CLEANER, "9111", frozenset({15, 16}), frozenset()),
        COOK: Occupation(COOK, "5120", frozenset({20, 21, 22}), frozenset({23})),
        KITCHEN_HELP: Occupation(KITCHEN_HELP, "9412", frozenset({20, 24}), frozenset()),
        WELDER: Occupation(WELDER, "7212", frozenset({30, 31}), frozenset({32})),
    }
)


def client(key: object = "c", **changes: object) -> ClientProfile:
    values: dict[str, object] = {
        "key": key,
        "latitude": NIJMEGEN[0],
        "longitude": NIJMEGEN[1],
        "dutch": (2, 2, 2, 2),
        "previous_occupations": (CLEANER,),
        "wished_occupations": (COOK,),
        "skills": frozenset({40}),
        "max_travel_minutes": 45,
        "hours_available": 32,
        "available_from": None,
        "driving_licence": False,
    }
    values.update(changes)
    return ClientProfile(**values)  # type: ignore[arg-type]


def placement(key: object = "p", **changes: object) -> PlacementProfile:
    values: dict[str, object] = {
        "key": key,
        "occupation": CLEANER,
        "latitude": NIJMEGEN[0],
        "longitude": NIJMEGEN[1],
        "min_dutch": (2, 2, 2, 1),
        "hours_per_week": 32,
        "capacity": 1,
    }
    values.update(changes)
    return PlacementProfile(**values)  # type: ignore[arg-type]
