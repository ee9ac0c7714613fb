import numpy as np
import pytest

from werkroute.matching import MatchingInputError, equity_report
from werkroute.matching.equity import age_band


def test_share_placed_and_mean_score_per_group():
    assignment = np.array([0, -1, 1, 2, -1])
    scores = np.array([0.8, 0.0, 0.6, 0.7, 0.0])
    report = equity_report(assignment, scores, {"gender": ["female", "female", "male", "male", "male"]})
    female, male = report["gender"]
    assert (female.group, female.clients, female.placed, female.share_placed) == ("female", 2, 1, 0.5)
    assert female.mean_score == pytest.approx(0.8)
    assert (male.clients, male.placed) == (3, 2)
    assert male.mean_score == pytest.approx(0.65)


def test_a_group_without_placements_has_no_mean_score():
    report = equity_report(np.array([-1, 0]), np.array([0.0, 0.9]), {"cohort": ["2022", "2023"]})
    assert report["cohort"][0].mean_score is None and report["cohort"][0].share_placed == 0.0


def test_labels_must_cover_every_client():
    with pytest.raises(MatchingInputError, match="één waarde per klant"):
        equity_report(np.array([0, 1]), np.array([0.5, 0.5]), {"gender": ["female"]})


@pytest.mark.parametrize(
    ("age", "band"), [(18, "18-26"), (26, "18-26"), (27, "27-35"), (55, "46-55"), (56, "56+")]
)
def test_age_bands(age, band):
    assert age_band(age) == band
