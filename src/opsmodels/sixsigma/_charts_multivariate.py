"""Multivariate control chart: Hotelling's T² for individual observations and subgroups."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import linalg, stats

from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import NanPolicy, OneOf, as_float_array, check, invalid
from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma._limits import (
    ChartLimits,
    ControlChart,
    RuleSet,
    build_chart,
    check_common,
    excluded_positions,
    farthest,
    frozen,
    quiet,
)

__all__ = ["t2_chart"]

_FUNC = "t2_chart"


def _distribution(phase: str, m: int, n: int, p: int) -> Any:
    """Scaled reference distribution of T² (a frozen scipy distribution times a constant)."""
    if n == 1:
        if phase == "I":
            if m - p - 1 <= 0:
                raise invalid(_FUNC, "X", f"more than p + 1 = {p + 1} observations", f"<{m}>")
            return (m - 1) ** 2 / m, stats.beta(p / 2.0, (m - p - 1) / 2.0)
        if m - p <= 0:
            raise invalid(_FUNC, "X", f"more than p = {p} reference observations", f"<{m}>")
        return p * (m + 1) * (m - 1) / (m * m - m * p), stats.f(p, m - p)
    dof = m * n - m - p + 1
    if dof <= 0:
        raise invalid(_FUNC, "X", f"mn - m - p + 1 > 0 (m={m}, n={n}, p={p})", f"<{dof}>")
    factor = (m - 1) if phase == "I" else (m + 1)
    return p * factor * (n - 1) / dof, stats.f(p, dof)


def _estimate(data: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean vector and covariance (pooled within subgroups for 3-D data)."""
    if data.ndim == 2:
        return data.mean(axis=0), np.cov(data, rowvar=False, ddof=1).reshape(
            data.shape[1], data.shape[1]
        )
    means = data.mean(axis=1)  # (m, p)
    dev = data - means[:, None, :]
    m, n, _ = data.shape
    cov = np.einsum("mni,mnj->ij", dev, dev) / (m * (n - 1))
    return means.mean(axis=0), cov


def _t2(points: FloatArray, mean: FloatArray, cov: FloatArray, n: int) -> FloatArray:
    try:
        factor = linalg.cholesky(cov, lower=True)
    except linalg.LinAlgError:
        factor = None
    if factor is None or np.linalg.cond(cov) > 1e12:
        raise InvalidInputError(
            "The 'X' parameter of t2_chart must have a nonsingular covariance matrix "
            "(no constant or linearly dependent variables). Got a singular one instead."
        )
    solved = linalg.solve_triangular(factor, (points - mean).T, lower=True)
    return np.asarray(n * np.sum(solved * solved, axis=0), dtype=np.float64)


@quiet
def t2_chart(
    X: ArrayLike | pd.DataFrame,
    *,
    limits: ChartLimits | None = None,
    phase: Literal["I", "II"] = "I",
    alpha: float = 0.0027,
    revise: bool = False,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Hotelling T² control chart for individual observations or subgroups.

    Parameters
    ----------
    X : array_like or DataFrame
        Shape (observations, variables) for individual observations (a DataFrame keeps its
        index in ``statistic``), or (subgroups, n, variables) for subgroups of size n >= 2.
    limits : ChartLimits, optional
        Frozen ``t2`` limits (mean vector, covariance, m, n) from a Phase I chart: the new
        data are charted against them with the Phase II upper limit.
    phase : {"I", "II"}
        Upper limit for the data the estimates come from (Phase I, beta/F law of
        retrospective analysis) or for future observations (Phase II).
    alpha : float
        False-alarm probability of the upper control limit.
    revise : bool
        Phase I revision: drop the point farthest above the UCL, re-estimate, repeat until
        no kept point is above.
    rules : {"western_electric", "nelson"}, optional
        Run rules (only rule 1, points above the UCL, is meaningful for T²).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    nan_policy : {"raise", "omit"}
        NaN in ``X``: raise, or drop every observation (individual data) or subgroup
        (subgroup data) holding one (positions in the result count the kept points).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`T^2_i`; ``lcl`` = 0; ``center`` the median of the reference
        distribution (Minitab's center line); ``sigma`` = (UCL - center)/3, a zone width
        for the run rules only.

    Raises
    ------
    InvalidInputError
        Too few observations or subgroups for the number of variables, a singular
        covariance matrix, NaN, bad options.

    Notes
    -----
    Individual observations (m of them, p variables), with :math:`\bar x`, S the sample
    mean and covariance: :math:`T^2_i = (x_i-\bar x)' S^{-1} (x_i-\bar x)`,

    .. math::

        \text{UCL}_I = \frac{(m-1)^2}{m} B_{1-\alpha}\!\left(\tfrac p2, \tfrac{m-p-1}2\right),
        \qquad
        \text{UCL}_{II} = \frac{p(m+1)(m-1)}{m^2-mp} F_{1-\alpha}(p, m-p).

    Subgroups (m subgroups of n): :math:`T^2_j = n(\bar x_j-\bar{\bar x})'\bar S^{-1}
    (\bar x_j-\bar{\bar x})` with :math:`\bar S` the average within-subgroup covariance,

    .. math::

        \text{UCL}_I = \frac{p(m-1)(n-1)}{mn-m-p+1} F_{1-\alpha}(p, mn-m-p+1), \qquad
        \text{UCL}_{II} = \frac{p(m+1)(n-1)}{mn-m-p+1} F_{1-\alpha}(p, mn-m-p+1).

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 11.3 (equations 11.19-11.20 and 11.30-11.32).
    .. [2] N. D. Tracy, J. C. Young and R. L. Mason, "Multivariate control charts for
       individual observations", *Journal of Quality Technology* 24(2), 1992, 88-95.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(3).normal(size=(30, 2))
    >>> chart = t2_chart(X)
    >>> chart.lcl, round(chart.ucl, 3)
    (0.0, 9.945)
    """
    check_common(_FUNC, rules=rules, alpha=alpha, revise=revise, limits=limits, enabled=enabled)
    check(_FUNC, "phase", phase, OneOf("I", "II"))
    index = X.index if isinstance(X, pd.DataFrame) else None
    if isinstance(X, pd.DataFrame):
        try:
            raw: Any = X.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            raise invalid(_FUNC, "X", "numeric data", X) from None
    else:
        raw = X
    data = as_float_array(_FUNC, "X", raw, nan_policy=nan_policy, ndim=(2, 3))
    if nan_policy == "omit":  # NaN stays in 2-D and 3-D data: drop whole points here
        rows = np.flatnonzero(~np.isnan(data).reshape(data.shape[0], -1).any(axis=1))
        if rows.size < data.shape[0]:
            data = data[rows]
            index = None if index is None else index[rows]
    if data.ndim == 3 and data.shape[1] < 2:
        raise invalid(_FUNC, "X", "subgroups of at least 2 observations", f"<n={data.shape[1]}>")
    n = 1 if data.ndim == 2 else data.shape[1]
    p = data.shape[-1]
    points = data if n == 1 else data.mean(axis=1)
    keep = np.ones(points.shape[0], dtype=bool)
    if limits is not None:
        frozen(_FUNC, limits, "t2")
        mean = np.asarray(limits.parameters["mean"], dtype=np.float64)
        cov = np.asarray(limits.parameters["covariance"], dtype=np.float64)
        m_ref, n_ref = int(limits.value("subgroups")), int(limits.value("subgroup_size"))
        if mean.shape != (p,) or n_ref != n:
            raise invalid(
                _FUNC,
                "X",
                f"{mean.size} variables and subgroups of {n_ref} like the limits",
                f"<{p} variables, subgroups of {n}>",
            )
        alpha = limits.alpha
        scale, dist = _distribution("II", m_ref, n, p)
        stat = _t2(points, mean, cov, n)
        chart_phase: Literal["I", "II"] = "II"
    else:
        while True:
            m_ref = int(keep.sum())
            scale, dist = _distribution(phase, m_ref, n, p)
            mean, cov = _estimate(data[keep])
            stat = _t2(points, mean, cov, n)
            ucl = float(scale * dist.ppf(1.0 - alpha))
            worst = farthest(keep, (stat, 0.0, ucl)) if revise else -1
            if worst < 0:
                break
            keep[worst] = False
        chart_phase = phase
    ucl = float(scale * dist.ppf(1.0 - alpha))
    center = float(scale * dist.median())
    frozen_limits = ChartLimits(
        chart="t2",
        parameters={
            "mean": mean.tolist(),
            "covariance": cov.tolist(),
            "subgroups": m_ref,
            "subgroup_size": n,
        },
        limit_type="probability",
        alpha=float(alpha),
    )
    return build_chart(
        "t2",
        stat,
        index,
        center,
        (ucl - center) / 3.0,
        0.0,
        ucl,
        rules=rules,
        enabled=enabled,
        phase=chart_phase,
        excluded=excluded_positions(keep),
        limits=frozen_limits,
        func=_FUNC,
        param="X",
    )
