import dataclasses

import numpy as np

from werkroute.demo.simulation import Population, Rows, simulate
from werkroute.demo.tests.conftest import TODAY


def _columns(population: Population) -> dict[str, np.ndarray]:
    columns = {}
    for item in dataclasses.fields(population):
        value = getattr(population, item.name)
        if isinstance(value, Rows):
            columns |= {f"{item.name}.{name}": column for name, column in value.columns().items()}
        elif isinstance(value, np.ndarray):
            columns[item.name] = value
    return columns


def test_the_same_seed_and_day_give_the_same_population(region_input):
    first = _columns(simulate(region_input, 3_000, seed=11, today=TODAY))
    second = _columns(simulate(region_input, 3_000, seed=11, today=TODAY))
    assert first.keys() == second.keys()
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)


def test_another_seed_gives_another_population(region_input):
    first = simulate(region_input, 3_000, seed=11, today=TODAY)
    other = simulate(region_input, 3_000, seed=12, today=TODAY)
    assert not np.array_equal(first.permit_date, other.permit_date)
    assert not np.array_equal(first.ids, other.ids)


def test_client_ids_are_unique_version_4_uuids(region_input):
    import uuid

    population = simulate(region_input, 3_000, seed=11, today=TODAY)
    ids = {uuid.UUID(bytes=raw.tobytes()) for raw in population.ids}
    assert len(ids) == len(population)
    assert {item.version for item in ids} == {4}
