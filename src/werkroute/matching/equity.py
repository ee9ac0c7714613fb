"""The equity report of a batch: who is placed, and how well, per group.

Gender, age band and cohort are given here to measure, never to decide: the scores and the
assignment were computed without them (see ``inputs.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import MatchingInputError


@dataclass(frozen=True)
class GroupFigures:
    group: str
    clients: int
    placed: int
    mean_score: float | None  # of the placed clients; None when nobody in the group is placed

    @property
    def share_placed(self) -> float:
        return self.placed / self.clients if self.clients else 0.0


def equity_report(
    assignment: NDArray[np.int64],
    assigned_scores: NDArray[np.float64],
    attributes: Mapping[str, Sequence[str]],
) -> dict[str, list[GroupFigures]]:
    """Per attribute (e.g. ``gender``, ``age_band``, ``cohort``) and per group: clients, placed, mean score.

    ``assignment`` is the output of an assignment (placement index or -1 per client), ``assigned_scores``
    the score of each client's pair (ignored where unplaced), and each attribute one label per client.
    """
    assignment = np.asarray(assignment)
    assigned_scores = np.asarray(assigned_scores, dtype=np.float64)
    if assignment.ndim != 1 or assigned_scores.shape != assignment.shape:
        raise MatchingInputError("Toewijzing en scores moeten één waarde per klant hebben.")
    placed = assignment >= 0
    report: dict[str, list[GroupFigures]] = {}
    for name, labels in attributes.items():
        label_array = np.asarray([str(label) for label in labels])
        if label_array.shape != assignment.shape:
            raise MatchingInputError(f"Kenmerk {name}: er is één waarde per klant nodig.")
        rows = []
        for group in sorted(set(label_array.tolist())):
            members = label_array == group
            placed_members = members & placed
            count = int(placed_members.sum())
            rows.append(
                GroupFigures(
                    group=group,
                    clients=int(members.sum()),
                    placed=count,
                    mean_score=float(assigned_scores[placed_members].mean()) if count else None,
                )
            )
        report[name] = rows
    return report


def age_band(age: int) -> str:
    """Bands wide enough to report on without singling anyone out."""
    for upper, label in ((27, "18-26"), (36, "27-35"), (46, "36-45"), (56, "46-55")):
        if age < upper:
            return label
    return "56+"
