"""The outcome measurement on a simulated population with a known effect per intervention."""

from __future__ import annotations

import numpy as np

from werkroute.knowledge import outcomes
from werkroute.knowledge.tests.simulation import simulate


def _paid_work_12(result):  # type: ignore[no-untyped-def]
    horizon = next(entry for entry in result["horizons"] if entry["months"] == 12)
    return horizon["outcomes"]["paid_work"]


def test_the_estimate_finds_the_planted_effect_where_the_naive_difference_does_not():
    simulated = simulate(8000, {1: 2.5, 2: 1.0}, seed=3)
    results = outcomes.measure_all(simulated.population, [1, 2])
    for intervention in (1, 2):
        figures = _paid_work_12(results[intervention])
        truth = simulated.true_effect_12[intervention]
        assert figures["ci_low"] <= truth <= figures["ci_high"], (intervention, figures, truth)
        assert figures["naive"] - truth > 0.03, (intervention, figures, truth)
        assert figures["max_smd_after"] < 0.1
    assert simulated.true_effect_12[1] > 0.1 and abs(simulated.true_effect_12[2]) < 0.01
    assert results[1]["measured"]


def test_the_work_curves_follow_both_groups():
    simulated = simulate(6000, {1: 3.0}, seed=5)
    result = outcomes.measure_all(simulated.population, [1])[1]
    participants, comparison = result["curves"]
    assert participants["label"] == "participants" and comparison["label"] == "comparison"
    assert participants["clients"] == result["participants"]
    # The intervention works: participants find work sooner than their weighted comparison.
    month = 12
    assert participants["share"][month] > comparison["share"][month]
    assert min(participants["at_risk"]) >= 10 and min(comparison["at_risk"]) >= 10


def test_too_few_participants_give_no_estimate():
    simulated = simulate(200, {1: 2.0}, seed=1)
    result = outcomes.measure_all(simulated.population, [1])[1]
    assert 0 < result["participants"] < outcomes.MIN_PARTICIPANTS
    assert not result["measured"] and result["horizons"] == [] and result["curves"] == []


def test_small_cells_are_not_shown():
    simulated = simulate(2500, {1: 1.0}, seed=2)
    result = outcomes.measure_all(simulated.population, [1])[1]
    assert result["participants"] >= outcomes.MIN_PARTICIPANTS
    for horizon in result["horizons"]:
        for figures in horizon["outcomes"].values():
            if figures is not None:
                with_status = round(figures["treated_share"] * figures["n_treated"])
                assert with_status >= 10 and figures["n_treated"] - with_status >= 10
    # Nobody is in education in this population: that cell is always hidden.
    assert all(horizon["outcomes"].get("education") is None for horizon in result["horizons"])


def test_an_intervention_nobody_took_has_no_participants():
    simulated = simulate(1000, {1: 2.0}, seed=4)
    assert outcomes.measure_all(simulated.population, [99])[99]["participants"] == 0
    assert np.all(simulated.population.participation_intervention == 1)


def test_measuring_side_by_side_gives_what_one_by_one_gives():
    simulated = simulate(4000, {1: 2.0, 2: 1.0, 3: 1.5}, seed=6)
    one_by_one = outcomes.measure_all(simulated.population, [1, 2, 3], workers=1)
    side_by_side = outcomes.measure_all(simulated.population, [1, 2, 3], workers=3)
    assert list(side_by_side) == [1, 2, 3]
    assert side_by_side == one_by_one
    assert all(result["measured"] for result in one_by_one.values())
