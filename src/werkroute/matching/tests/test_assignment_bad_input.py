import numpy as np
import pytest
import scipy.sparse as sp

from werkroute.matching import MatchingInputError, assign_greedy, assign_optimal


@pytest.mark.parametrize("solver", [assign_optimal, assign_greedy])
@pytest.mark.parametrize(
    ("scores", "capacity", "message"),
    [
        (np.array([[0.5, np.nan]]), [1, 1], "NaN"),
        (np.array([[0.5, np.inf]]), [1, 1], "NaN of oneindig"),
        (sp.csr_matrix(np.array([[0.5, np.nan]])), [1, 1], "NaN"),
        (np.array([[0.5, -0.1]]), [1, 1], "negatieve"),
        (np.array([0.5, 0.2]), [1, 1], "twee dimensies"),
        (np.array([[0.5, 0.2]]), [1, 1, 1], "2 plaatsen in de scorematrix maar 3 capaciteiten"),
        (np.array([[0.5, 0.2]]), [[1, 1]], "één getal per plaats"),
        (np.array([[0.5, 0.2]]), [1, -1], "negatief"),
        (np.array([[0.5, 0.2]]), [1.5, 1], "hele getallen"),
        (np.array([["a", "b"]]), [1, 1], "getallen"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(solver, scores, capacity, message):
    with pytest.raises(MatchingInputError, match=message):
        solver(scores, capacity)


@pytest.mark.parametrize("min_score", [-0.1, float("nan"), "0.5"])
def test_bad_min_score_is_refused(min_score):
    with pytest.raises(MatchingInputError, match="min_score"):
        assign_optimal(np.array([[0.5]]), [1], min_score=min_score)


@pytest.mark.parametrize("solver", [assign_optimal, assign_greedy])
def test_empty_inputs_give_an_empty_result(solver):
    assert solver(np.zeros((0, 3)), [1, 1, 1]).tolist() == []
    assert solver(np.zeros((2, 0)), np.zeros(0, dtype=int)).tolist() == [-1, -1]
    assert solver(sp.csr_matrix((3, 2)), [1, 1]).tolist() == [-1, -1, -1]


@pytest.mark.parametrize("solver", [assign_optimal, assign_greedy])
def test_a_placement_with_zero_capacity_takes_nobody(solver):
    assert solver(np.array([[0.9, 0.1], [0.8, 0.0]]), [0, 1]).tolist() == [1, -1]


def test_the_total_of_an_assignment_that_places_nobody_is_zero_also_for_sparse_scores():
    """The service point's batch page failed (HTTP 500) when nobody in the region could be placed."""
    from werkroute.matching import total_score

    unplaced = np.array([-1, -1])
    assert total_score(sp.csr_matrix(np.array([[0.5, 0.0], [0.0, 0.7]])), unplaced) == 0.0
    assert total_score(np.array([[0.5, 0.0], [0.0, 0.7]]), unplaced) == 0.0


def test_the_total_of_an_empty_sparse_market_is_zero():
    """A region without clients or open places: the batch page crashed on the total of nobody placed."""
    import numpy as np
    import scipy.sparse as sp

    from werkroute.matching import total_score

    assert total_score(sp.csr_matrix((0, 0)), np.zeros(0, dtype=np.int64)) == 0.0
    assert total_score(sp.csr_matrix((2, 3)), np.full(2, -1, dtype=np.int64)) == 0.0
