"""Disclosure control: no figure about fewer than ten people, and no way to work one out from the totals.

Primary suppression hides a count below :data:`THRESHOLD`: for a share, the people with the status
(numerator), the people without it (denominator minus numerator) and the group itself (denominator);
for a mean or a median, the group; for the caseload, the clients (its denominator counts caseworkers, who are
staff, not the people this protects). Zero counts are hidden too: "nobody in this group
works" is as telling as "three people do".

Secondary suppression then protects the margins. The tables add up along three axes: municipalities to
their region and regions to the country, cohorts to all cohorts, and the values of a group (women, men,
…) to the total. Wherever exactly one part of such a sum is hidden and the sum is shown, the part could
be recovered by subtraction, so the smallest other part that is shown is hidden as well (or, if there is
none, the sum itself). This repeats over all sums until nothing changes. Numerators and denominators are
protected as separate tables; a hidden denominator always hides its numerator, since the share would
give it back.

What this does not do: it does not solve the full linear system of all published tables (as tau-ARGUS
would), and it does not protect differences between the denominators of different indicators (clients
with an intake against all clients, for example). Cells whose denominator is zero are absent from the
export; everyone can see that they are zero, so they are neither hidden nor used to hide another cell.

Pure NumPy; no Django.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

THRESHOLD = 10
MAX_ROUNDS = 50

Relations = Sequence[tuple[int, Sequence[int]]]


def primary(
    numerator: np.ndarray, denominator: np.ndarray, kinds: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cells hidden because they themselves are small. ``kinds`` (``share``, ``mean`` or ``ratio``) runs
    along the last axis (a ``median`` is protected as a mean is)."""
    present = denominator > 0
    share, ratio = (kinds == "share"), (kinds == "ratio")
    mean = (kinds == "mean") | (kinds == "median")
    small_group = denominator < THRESHOLD
    hide_numerator = present & (
        (share & (small_group | (numerator < THRESHOLD) | (denominator - numerator < THRESHOLD)))
        | (mean & small_group)
        | (ratio & (numerator < THRESHOLD))
    )
    hide_denominator = present & small_group & ~ratio
    return hide_numerator, hide_denominator


def _secondary(
    values: np.ndarray, hidden: np.ndarray, present: np.ndarray, axis: int, relations: Relations
) -> bool:
    """One pass of secondary suppression along ``axis``; changes ``hidden`` in place, True if it did.

    Each relation's parts are a contiguous run of positions (the layout orders them so), which keeps
    every step a view instead of a copy.
    """
    values_view = np.moveaxis(values, axis, 0)
    hidden_view = np.moveaxis(hidden, axis, 0)
    present_view = np.moveaxis(present, axis, 0)
    changed = False
    counted = _counted_at_once(hidden, axis, relations)
    for number, (total, parts) in enumerate(relations):
        if len(parts) == 0:
            continue
        start, stop = parts[0], parts[-1] + 1
        assert stop - start == len(parts), "the parts of a sum must be contiguous"
        count = counted[number] if counted is not None else _count_hidden(hidden_view[start:stop])
        need = (count == 1) & ~hidden_view[total] & present_view[total]
        if not need.any():
            continue
        positions = np.nonzero(need)
        index: tuple[Any, ...] = (slice(start, stop), *positions)
        candidates = present_view[index] & ~hidden_view[index]
        score = np.where(candidates, values_view[index], np.inf)
        best = score.argmin(axis=0)
        has_candidate = np.isfinite(score[best, np.arange(len(best))])
        chosen: tuple[np.ndarray, ...] = (start + best[has_candidate], *(p[has_candidate] for p in positions))
        hidden_view[chosen] = True
        without = ~has_candidate
        totals: tuple[np.ndarray, ...] = (
            np.full(int(without.sum()), total),
            *(p[without] for p in positions),
        )
        hidden_view[totals] = True
        changed = True
    return changed


def _counted_at_once(hidden: np.ndarray, axis: int, relations: Relations) -> list[np.ndarray] | None:
    """The hidden parts of every sum, counted in one pass along ``axis``, where that gives what
    counting each sum just before it is handled gives: the sums' parts do not overlap and hold no
    total, so handling one sum (which hides only its parts or its total) changes no other's count.
    The groups' sums on the value axis are such; the areas' are not (regions are parts of the
    country). None where it does not hold."""
    runs = sorted((parts[0], parts[-1] + 1) for _, parts in relations if len(parts))
    if len(runs) < 2 or any(stop - start >= 256 for start, stop in runs):
        return None
    if any(previous[1] > following[0] for previous, following in itertools.pairwise(runs)):
        return None
    if any(start <= total < stop for total, _ in relations for start, stop in runs):
        return None
    bounds = sorted({bound for run in runs for bound in run} - {hidden.shape[axis]})
    sums = np.moveaxis(np.add.reduceat(hidden.view(np.uint8), bounds, axis=axis, dtype=np.uint8), axis, 0)
    at = {bound: index for index, bound in enumerate(bounds)}
    return [sums[at[parts[0]]] if len(parts) else sums[0] for _, parts in relations]


def _count_hidden(parts: np.ndarray) -> np.ndarray:
    """How many of ``parts`` (booleans, along the first axis) are set. In bytes where that cannot
    overflow: NumPy's count widens every element to 64 bits first, which was a third of the time of
    protecting the outcome block."""
    if len(parts) < 256:
        return np.add.reduce(parts.view(np.uint8), axis=0, dtype=np.uint8)
    return np.count_nonzero(parts, axis=0)


def protect(
    numerator: np.ndarray,
    denominator: np.ndarray,
    kinds: np.ndarray,
    axes_relations: Mapping[int, Relations],
) -> tuple[np.ndarray, np.ndarray]:
    """Which numerators and denominators to hide: primary, then secondary suppression to a fixed point.

    ``axes_relations`` maps an axis to its sums: ``(total position, part positions)``.
    ``denominator`` may have a last axis of length one when every indicator shares it; the hidden
    denominators then have that shape too.
    """
    present_denominator = denominator > 0
    present = np.broadcast_to(present_denominator, numerator.shape)
    hide_numerator, _ = primary(numerator, np.broadcast_to(denominator, numerator.shape), kinds)
    hide_numerator = hide_numerator.copy()
    hide_denominator = present_denominator & (denominator < THRESHOLD)
    if denominator.shape == numerator.shape:
        hide_denominator &= kinds != "ratio"
    for _ in range(MAX_ROUNDS):
        changed = False
        for axis, relations in axes_relations.items():
            changed |= _secondary(denominator, hide_denominator, present_denominator, axis, relations)
        before = int(np.count_nonzero(hide_numerator))
        hide_numerator |= hide_denominator
        changed |= int(np.count_nonzero(hide_numerator)) != before
        for axis, relations in axes_relations.items():
            changed |= _secondary(numerator, hide_numerator, present, axis, relations)
        if not changed:
            break
    else:  # pragma: no cover - the number of hidden cells only grows, so this ends long before
        raise RuntimeError("secondary suppression did not settle")
    return hide_numerator, hide_denominator


def recoverable_cells(
    values: np.ndarray, hidden: np.ndarray, present: np.ndarray, axes_relations: Mapping[int, Relations]
) -> int:
    """How many hidden cells a reader could compute as the shown total minus the shown other parts of
    one sum. Zero after :func:`protect`; used by the tests and as a safety check."""
    found = 0
    for axis, relations in axes_relations.items():
        hidden_view = np.moveaxis(hidden, axis, 0)
        present_view = np.moveaxis(present, axis, 0)
        for total, parts in relations:
            if len(parts) == 0:
                continue
            part_hidden = hidden_view[np.asarray(parts, dtype=np.int64)]
            single = (np.count_nonzero(part_hidden, axis=0) == 1) & ~hidden_view[total] & present_view[total]
            found += int(single.sum())
    return found
