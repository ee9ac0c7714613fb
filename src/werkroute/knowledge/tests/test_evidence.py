"""The estimator on simulated data whose true effect is known and whose participants were selected on
their profile: the interval covers the truth in the great majority of draws, the naive difference does
not come near it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from werkroute.knowledge.evidence import EstimationError, estimate_effect, estimate_effects

TRUE_EFFECT = 0.10
COVARIATES = ["gender", "dutch", "route", "months_since_permit"]


def simulated(seed: int, n: int = 2000) -> pd.DataFrame:
    """People with a profile; who takes part depends on the profile, and so does finding work, so the
    participants would have worked more often without the intervention too."""
    rng = np.random.default_rng(seed)
    gender = rng.choice(["man", "vrouw"], size=n)
    dutch = rng.choice(["A0", "A1", "A2", "B1"], size=n, p=[0.2, 0.3, 0.3, 0.2])
    route = rng.choice(["B1", "ONDERWIJS", "Z"], size=n, p=[0.6, 0.2, 0.2])
    months = rng.integers(0, 48, size=n)
    level = pd.Series(dutch).map({"A0": 0, "A1": 1, "A2": 2, "B1": 3}).to_numpy()
    male = gender == "man"
    selection = -1.6 + 0.9 * male + 0.5 * level - 0.8 * (route == "Z") + 0.01 * months
    participant = rng.random(n) < 1 / (1 + np.exp(-selection))
    base = 0.05 + 0.15 * male + 0.08 * level - 0.04 * (route == "Z") + 0.002 * months
    works = rng.random(n) < base + TRUE_EFFECT * participant
    return pd.DataFrame(
        {
            "participant": participant.astype(int),
            "works": works.astype(int),
            "gender": gender,
            "dutch": dutch,
            "route": route,
            "months_since_permit": months,
        }
    )


def test_the_interval_covers_the_true_effect_and_the_naive_difference_is_biased():
    draws = 60
    covered, estimates, naive = 0, [], []
    for seed in range(draws):
        result = estimate_effect(
            simulated(seed), treatment="participant", outcome="works", covariates=COVARIATES
        )
        covered += result.ci_low <= TRUE_EFFECT <= result.ci_high
        estimates.append(result.effect)
        naive.append(result.naive)
        assert result.max_smd_after < 0.1, seed
    assert covered >= 0.88 * draws, covered
    assert abs(np.mean(estimates) - TRUE_EFFECT) < 0.01
    # Participants were men with better Dutch more often, who work more often anyway.
    assert np.mean(naive) - TRUE_EFFECT > 0.05
    assert all(value > TRUE_EFFECT + 0.02 for value in naive[:20])


def test_the_result_names_its_groups_and_balance():
    frame = simulated(7)
    result = estimate_effect(frame, treatment="participant", outcome="works", covariates=COVARIATES)
    assert result.n_treated == frame["participant"].sum()
    assert result.n_comparison == len(frame) - result.n_treated
    assert result.max_smd_before > 0.2 > result.max_smd_after
    assert result.ci_low < result.effect < result.ci_high
    assert result.naive == pytest.approx(
        frame.loc[frame.participant == 1, "works"].mean() - frame.loc[frame.participant == 0, "works"].mean()
    )


def test_several_outcomes_share_one_model():
    frame = simulated(3)
    frame["other"] = 1 - frame["works"]
    results = estimate_effects(
        frame, treatment="participant", outcomes=["works", "other"], covariates=COVARIATES
    )
    assert results["works"].effect == pytest.approx(-results["other"].effect)


def test_levels_without_a_comparison_are_left_out():
    frame = simulated(5)
    frame.loc[frame.index[:5], ["participant", "route"]] = [1, "alleen deelnemers"]
    result = estimate_effect(frame, treatment="participant", outcome="works", covariates=COVARIATES)
    assert result.n_treated == frame["participant"].sum() - 5


@pytest.mark.parametrize(
    "change",
    [
        lambda frame: frame.drop(columns="works"),
        lambda frame: frame.assign(works=2),
        lambda frame: frame.assign(participant=0),
        lambda frame: frame.assign(months_since_permit=np.nan),
    ],
)
def test_data_that_cannot_give_an_estimate_is_refused(change):
    with pytest.raises(EstimationError):
        estimate_effect(change(simulated(1)), treatment="participant", outcome="works", covariates=COVARIATES)


def test_the_estimator_imports_no_django():
    code = "import sys, werkroute.knowledge.evidence; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
