"""Fixtures of the demo tests: a small simulated region without the database, and one in the database."""

import datetime as dt

import pytest

from werkroute.demo.simulation import RegionInput

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def region_input() -> RegionInput:
    """Three municipalities and a handful of occupations: enough for every branch of the simulation."""
    return RegionInput(
        municipality_codes=("GM0268", "GM0296", "GM0944"),
        municipality_weights=(183.0, 42.0, 8.0),
        occupation_ids=tuple(range(1, 13)),
        occupation_isco=(
            "9112",
            "5120",
            "8322",
            "7212",
            "2512",
            "3313",
            "5223",
            "9333",
            "7411",
            "2341",
            "4110",
            "6111",
        ),
        postcodes=(("6511", "6512", "6541"), ("6601", "6602"), ()),
    )
