"""The effect of an intervention on its participants, estimated from observational case data. No Django.

:func:`estimate_effect` weighs the comparison group by inverse probability weighting for the average
effect on the treated (ATT): a logistic propensity model (statsmodels) of taking part, given the
covariates, and every comparison person weighted by the odds ``e / (1 - e)`` of their propensity, so
that the weighted comparison group has the covariate profile of the participants. The effect is the
difference between the participants' share and the weighted comparison share. Its 95 % interval comes
from the sandwich (M-estimation) variance of the stacked estimating equations, which counts the
uncertainty of the estimated propensities too, so no bootstrap is needed. Why this method and not
matching or a doubly robust estimator: ``docs/knowledge.md``.

Categories whose level occurs in only one of the two groups have no comparison to offer: comparison
people in a level without participants would weigh nothing anyway and are left out; participants in a
level without comparison people cannot be compared and are left out too (``n_treated`` says how many
remained). Very large comparison groups are thinned at random (``seed``) to
:data:`COMPARISON_PER_PARTICIPANT` per participant: the odds weights are normalised, so a random thinning
of the comparison group changes only the model's intercept, not the estimate's expectation.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054
COMPARISON_PER_PARTICIPANT = 5
MIN_COMPARISON_KEPT = 20_000
# Propensities are kept inside this band: a comparison person who looks exactly like a participant
# would otherwise take an unbounded weight.
PROPENSITY_BOUNDS = (1e-6, 1 - 1e-4)


class EstimationError(ValueError):
    """The data cannot give an estimate (a column missing, not 0/1, or a group empty)."""


@dataclass(frozen=True)
class Effect:
    effect: float  # average effect on the participants: a difference in proportions
    ci_low: float
    ci_high: float
    naive: float  # participants' share minus the comparison group's share, unweighted
    n_treated: int
    n_comparison: int
    max_smd_after: float  # largest absolute standardised mean difference after weighting
    max_smd_before: float
    treated_share: float
    comparison_share: float  # weighted
    standard_error: float


@dataclass(frozen=True)
class Weighting:
    """The fitted propensity weights of one frame: which rows take part, and their weights (1 for a
    participant, the odds for a comparison person, 0 for a row left out)."""

    kept: np.ndarray  # bool per row of the frame
    weights: np.ndarray  # per row of the frame
    treated: np.ndarray  # bool per row of the frame
    design: np.ndarray  # rows kept × model columns (intercept first)
    propensity: np.ndarray  # rows kept
    coefficients: dict[str, float]  # the propensity model's, by column name (see ``_design``)
    information: np.ndarray  # the logistic model's information matrix (per row), shared by all outcomes
    balance: Balance  # the covariates of the rows kept, for the balance check
    max_smd_before: float
    max_smd_after: float


def estimate_effect(
    frame: pd.DataFrame, *, treatment: str, outcome: str, covariates: Sequence[str], seed: int = 0
) -> Effect:
    """The ATT of ``treatment`` (0/1) on ``outcome`` (0/1) given ``covariates`` (numbers or categories).

    Raises :class:`EstimationError` when the frame cannot give an estimate.
    """
    return estimate_effects(frame, treatment=treatment, outcomes=[outcome], covariates=covariates, seed=seed)[
        outcome
    ]


def estimate_effects(
    frame: pd.DataFrame,
    *,
    treatment: str,
    outcomes: Sequence[str],
    covariates: Sequence[str],
    seed: int = 0,
    start: Mapping[str, float] | None = None,
) -> dict[str, Effect]:
    """:func:`estimate_effect` for several outcomes of the same frame, with one propensity model
    (``start``: see :func:`fit_weights`)."""
    for column in (*outcomes, treatment):
        _require_binary(frame, column)
    weighting = fit_weights(frame, treatment=treatment, covariates=covariates, seed=seed, start=start)
    try:
        return {name: _effect(frame[name].to_numpy(dtype=np.float64), weighting) for name in outcomes}
    except np.linalg.LinAlgError as error:
        raise EstimationError(f"the model's information matrix is singular: {error}") from None


def fit_weights(
    frame: pd.DataFrame,
    *,
    treatment: str,
    covariates: Sequence[str],
    seed: int = 0,
    start: Mapping[str, float] | None = None,
) -> Weighting:
    """The propensity model and the ATT weights of ``frame``. ``start``: the coefficients of a model of
    similar data (``Weighting.coefficients``), where the model's fit begins; it changes how quickly
    the fit converges, not where to."""
    missing = [name for name in (treatment, *covariates) if name not in frame.columns]
    if missing:
        raise EstimationError(f"columns missing: {missing}")
    _require_binary(frame, treatment)
    treated_all = frame[treatment].to_numpy(dtype=np.int64) == 1
    kept = _thinned(treated_all, seed)
    kept &= _common_support(frame, treated_all, covariates)
    treated = treated_all[kept]
    if treated.sum() == 0 or (~treated).sum() == 0:
        raise EstimationError("both groups need people")
    model_columns, balance, names = _design(frame.loc[kept], covariates)
    propensity, model_columns, coefficients, information = _propensity(
        treated, model_columns, names, start or {}
    )
    odds = propensity / (1 - propensity)
    weights_kept = np.where(treated, 1.0, odds)
    weights = np.zeros(len(frame))
    weights[kept] = weights_kept
    return Weighting(
        kept=kept,
        weights=weights,
        treated=treated_all,
        design=model_columns,
        propensity=propensity,
        coefficients=coefficients,
        information=information,
        balance=balance,
        max_smd_before=_max_smd(balance, treated, np.ones(len(treated))),
        max_smd_after=_max_smd(balance, treated, weights_kept),
    )


def _require_binary(frame: pd.DataFrame, column: str) -> None:
    if column not in frame.columns:
        raise EstimationError(f"column missing: {column}")
    values = frame[column]
    if values.isna().any() or not values.isin([0, 1, True, False]).all():
        raise EstimationError(f"column {column} must hold only 0 and 1")


def _thinned(treated: np.ndarray, seed: int) -> np.ndarray:
    comparison = np.flatnonzero(~treated)
    limit = max(MIN_COMPARISON_KEPT, COMPARISON_PER_PARTICIPANT * int(treated.sum()))
    kept = np.ones(len(treated), dtype=bool)
    if len(comparison) > limit:
        generator = np.random.default_rng(seed)
        dropped = generator.choice(comparison, size=len(comparison) - limit, replace=False)
        kept[dropped] = False
    return kept


def _is_number(series: pd.Series) -> bool:
    """Numbers are used as they are; text, booleans and pandas categoricals are categories."""
    return (
        pd.api.types.is_numeric_dtype(series)
        and not pd.api.types.is_bool_dtype(series)
        and not isinstance(series.dtype, pd.CategoricalDtype)
    )


def _codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """A categorical covariate as level numbers 0…k-1 (a missing value is a level of its own)."""
    codes, labels = _levels(series)
    return codes, len(labels)


def _levels(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Level numbers 0…k-1 and the k levels' names, in order (a missing value first)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        raw = series.cat.codes.to_numpy().astype(np.int64) + 1  # -1 (missing) becomes 0
        # Renumber the levels present, by counting rather than sorting (the frames are long).
        present = np.bincount(raw, minlength=len(series.cat.categories) + 1) > 0
        number = np.cumsum(present) - 1
        names = ["<leeg>", *(str(value) for value in series.cat.categories)]
        return number[raw], [name for name, used in zip(names, present, strict=True) if used]
    codes, levels = pd.factorize(series.astype("string").fillna("<leeg>"), sort=True)
    return codes, [str(level) for level in levels]


def _common_support(frame: pd.DataFrame, treated: np.ndarray, covariates: Sequence[str]) -> np.ndarray:
    """Rows whose level of every categorical covariate occurs among participants and comparison people."""
    kept = np.ones(len(frame), dtype=bool)
    for name in covariates:
        series = frame[name]
        if _is_number(series):
            continue
        codes, count = _codes(series)
        in_treated = np.bincount(codes[treated], minlength=count) > 0
        in_comparison = np.bincount(codes[~treated], minlength=count) > 0
        kept &= (in_treated & in_comparison)[codes]
    return kept


@dataclass(frozen=True)
class Balance:
    """The covariates as the balance check reads them: numbers as they are, categories as level
    numbers (every level counts, as its own indicator would, without building the indicators)."""

    numbers: np.ndarray  # rows × numeric covariates
    categories: list[tuple[np.ndarray, int]]  # (level per row, number of levels) per categorical covariate


def _design(frame: pd.DataFrame, covariates: Sequence[str]) -> tuple[np.ndarray, Balance, list[str]]:
    """The model's columns (intercept, standardised numbers, one indicator per level but the first),
    the covariates for the balance check, and a name for each model column."""
    numbers = []
    categories = []
    model_numbers = []
    names = ["(intercept)"]
    level_names = []
    for name in covariates:
        series = frame[name]
        if _is_number(series):
            values = series.to_numpy(dtype=np.float64)
            if np.isnan(values).any():
                raise EstimationError(f"column {name} has missing numbers")
            spread = values.std()
            if spread > 0:
                model_numbers.append((values - values.mean()) / spread)
                numbers.append(values)
                names.append(name)
            continue
        codes, labels = _levels(series)
        categories.append((codes, len(labels)))
        level_names += [f"{name}={label}" for label in labels[1:]]
    names += level_names
    rows = len(frame)
    width = 1 + len(model_numbers) + sum(max(count - 1, 0) for _, count in categories)
    design = np.zeros((rows, width))
    design[:, 0] = 1.0
    column = 1
    for values in model_numbers:
        design[:, column] = values
        column += 1
    everyone = np.arange(rows)
    for codes, count in categories:
        # Level 0 is the reference; level j > 0 sets its own column.
        above = codes > 0
        design[everyone[above], column + codes[above] - 1] = 1.0
        column += max(count - 1, 0)
    balance = Balance(
        numbers=np.column_stack(numbers) if numbers else np.empty((rows, 0)), categories=categories
    )
    return design, balance, names


def _independent(design: np.ndarray) -> np.ndarray:
    """Columns that are not constant or a combination of earlier ones (they would leave the model's
    information matrix singular); decided on the small cross-product, not the long design."""
    cross = design.T @ design
    keep: list[int] = []
    for column in range(design.shape[1]):
        trial = [*keep, column]
        block = cross[np.ix_(trial, trial)]
        if np.linalg.matrix_rank(block, tol=1e-9 * max(1.0, float(np.abs(block).max()))) == len(trial):
            keep.append(column)
    mask = np.zeros(design.shape[1], dtype=bool)
    mask[keep] = True
    return mask


def _no_check(*_: Any) -> None:
    """Called by statsmodels after every Newton step instead of its separation check."""


@functools.cache
def _logit() -> Any:
    """statsmodels' logistic model (its likelihood, gradient and Newton's method), with two changes for
    speed: it remembers the means it predicted last (each Newton step asks for them at the same
    coefficients for the Hessian and the gradient, and each time multiplied the long design by the
    coefficients again), and its Hessian is a symmetric product (below)."""
    import statsmodels.api as sm

    class Logit(sm.Logit):  # type: ignore[misc]
        _last: tuple[bytes, np.ndarray] | None = None
        _scaled: np.ndarray | None = None

        def predict(self, params: Any, exog: Any = None, which: str = "mean", offset: Any = None) -> Any:
            if exog is not None or which != "mean" or offset is not None:
                return super().predict(params, exog, which=which, offset=offset)
            key = np.asarray(params, dtype=np.float64).tobytes()
            if self._last is None or self._last[0] != key:
                means = np.asarray(super().predict(params))
                means.flags.writeable = False  # shared between callers: none may change it
                self._last = (key, means)
            return self._last[1]

        def hessian(self, params: Any) -> Any:
            # -X' diag(p (1 - p)) X as a symmetric product of one scaled copy of the design with itself,
            # which BLAS computes in half the operations of statsmodels' general product: the fits'
            # largest cost. Equal to statsmodels' Hessian up to rounding in the last bits.
            # The scaled copy is kept for the next step: a fresh array of this size costs the kernel
            # as much to hand out (page by page) as the product costs to compute.
            means = self.predict(params)
            if self._scaled is None:
                self._scaled = np.empty_like(self.exog)
            scaled = np.multiply(self.exog, np.sqrt(means * (1 - means))[:, None], out=self._scaled)
            return -(scaled.T @ scaled)

    return Logit


def _propensity(
    treated: np.ndarray, design: np.ndarray, names: list[str], start: Mapping[str, float]
) -> tuple[np.ndarray, np.ndarray, dict[str, float], np.ndarray]:
    """The fitted propensities, the model columns used (see :func:`_independent`), the coefficients
    by column name, and the model's information matrix per row (for the interval); the fit begins at
    ``start`` where it names a column (at zero otherwise)."""
    independent = _independent(design)
    # Copying the long design is only worth it when a column goes.
    design = design if independent.all() else design[:, independent]
    used = [name for name, keep in zip(names, independent, strict=True) if keep]
    start_params = np.array([start.get(name, 0.0) for name in used])
    # No ``warnings.catch_warnings`` here: fits run side by side on threads (``outcomes.measure_all``)
    # and it changes the process's warnings filters. NumPy's own error state is per thread: overflow
    # of the logistic function for extreme coefficients is expected. The separation check statsmodels
    # runs after every step would only warn (the separation shows in the balance check instead).
    with np.errstate(all="ignore"):
        # The columns are independent already (above), decided on the small cross-product: statsmodels'
        # own check would factorise the whole long design again, the largest cost of a national run.
        model = _logit()(treated.astype(np.float64), design, check_rank=False)
        try:
            fitted = model.fit(
                start_params=start_params if start else None,
                method="newton",
                maxiter=50,
                disp=False,
                warn_convergence=False,
                callback=_no_check,
            )
        except np.linalg.LinAlgError as error:
            raise EstimationError(f"the propensity model cannot be fitted: {error}") from None
    params = np.asarray(fitted.params)
    with np.errstate(over="ignore"):
        unbounded = np.asarray(model.cdf(design @ params))
    propensity = np.clip(unbounded, *PROPENSITY_BOUNDS)
    # statsmodels ends Newton's method with the Hessian per row at the coefficients found: the
    # information matrix of the propensities (as :meth:`Logit.hessian` computes it), unless a bound
    # moved one of them.
    hessian = fitted.mle_retvals.get("Hessian") if isinstance(fitted.mle_retvals, dict) else None
    if hessian is not None and np.array_equal(unbounded, propensity):
        information = np.asarray(hessian)
    else:
        information = (design * (propensity * (1 - propensity))[:, None]).T @ design / len(propensity)
    return propensity, design, dict(zip(used, params.tolist(), strict=True)), information


def _weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    return float(np.sum(values * weights) / np.sum(weights))


def _max_smd(balance: Balance, treated: np.ndarray, weights: np.ndarray) -> float:
    """Largest |standardised mean difference| over every number and every level of every category; the
    denominator is the pooled unweighted standard deviation, so that weighting cannot shrink it."""
    comparison = ~treated
    comparison_weights = weights[comparison]
    total = comparison_weights.sum()
    differences = []
    spreads = []
    if balance.numbers.shape[1]:
        treated_columns, comparison_columns = balance.numbers[treated], balance.numbers[comparison]
        differences.append(treated_columns.mean(axis=0) - comparison_weights @ comparison_columns / total)
        spreads.append(np.sqrt((treated_columns.var(axis=0) + comparison_columns.var(axis=0)) / 2))
    for codes, count in balance.categories:
        # The mean of a level's indicator is the level's share; its variance p (1 - p).
        share_treated = np.bincount(codes[treated], minlength=count) / treated.sum()
        share_comparison = np.bincount(codes[comparison], minlength=count) / comparison.sum()
        weighted = np.bincount(codes[comparison], weights=comparison_weights, minlength=count) / total
        differences.append(share_treated - weighted)
        spreads.append(
            np.sqrt((share_treated * (1 - share_treated) + share_comparison * (1 - share_comparison)) / 2)
        )
    if not differences:
        return 0.0
    difference, spread = np.concatenate(differences), np.concatenate(spreads)
    present = spread > 0
    if not present.any():
        return 0.0
    return float(np.max(np.abs(difference)[present] / spread[present]))


def _effect(outcome_all: np.ndarray, weighting: Weighting) -> Effect:
    """The ATT, its sandwich interval and the naive difference for one outcome."""
    outcome = outcome_all[weighting.kept]
    treated = weighting.treated[weighting.kept]
    design = weighting.design
    propensity = weighting.propensity
    odds = propensity / (1 - propensity)
    control = (~treated).astype(np.float64)
    treat = treated.astype(np.float64)
    n = len(outcome)
    mean_treated = float(outcome[treated].mean())
    mean_comparison = _weighted_mean(outcome[~treated], odds[~treated])

    # Influence functions of the stacked equations: logistic score, participants' mean, weighted
    # comparison mean (whose weights depend on the model's coefficients). The model's influence is only
    # needed along ``derivative``: score · I⁻¹ · derivative is computed as one solve and one product,
    # never as the rows × columns matrix score · I⁻¹ (I is symmetric).
    influence_treated = treat * (outcome - mean_treated) / treat.mean()
    residual_comparison = control * odds * (outcome - mean_comparison)
    derivative = -(residual_comparison @ design) / n
    direction = np.linalg.solve(weighting.information, derivative)
    model_part = (treat - propensity) * (design @ direction)
    influence_comparison = (residual_comparison - model_part) / (control * odds).mean()
    influence = influence_treated - influence_comparison
    standard_error = float(np.sqrt(np.mean(influence**2) / n))

    effect = mean_treated - mean_comparison
    return Effect(
        effect=effect,
        ci_low=max(-1.0, effect - Z_95 * standard_error),
        ci_high=min(1.0, effect + Z_95 * standard_error),
        naive=mean_treated - float(outcome[~treated].mean()),
        n_treated=int(treated.sum()),
        n_comparison=int((~treated).sum()),
        max_smd_after=weighting.max_smd_after,
        max_smd_before=weighting.max_smd_before,
        treated_share=mean_treated,
        comparison_share=mean_comparison,
        standard_error=standard_error,
    )
