"""Process capability of non-normal data: Box-Cox, Johnson, percentile (ISO 22514-2) and
nonparametric methods, with an automatic choice driven by Anderson-Darling goodness of fit.

Public names: :func:`nonnormal_capability` (-> :class:`NonNormalCapabilityResult`) and
:func:`normality_test` (-> :class:`NormalityTestResult`).
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray, RandomState
from opsmodels._validation import (
    Interval,
    NanPolicy,
    OneOf,
    as_float_array,
    as_generator,
    as_scalar,
    check,
    describe,
    invalid,
)
from opsmodels.errors import InvalidInputError

__all__ = [
    "NonNormalCapabilityResult",
    "NormalityTestResult",
    "nonnormal_capability",
    "normality_test",
]

_FUNC = "nonnormal_capability"

Method = Literal["auto", "normal", "boxcox", "johnson", "percentile", "nonparametric"]
SigmaMethod = Literal[
    "auto", "pooled", "rbar", "sbar", "moving_range", "median_moving_range", "mssd"
]
QuantileMethod = Literal["weibull", "hazen", "linear", "median_unbiased", "normal_unbiased"]

#: Probabilities of the ISO 22514-2 reference percentiles (the normal mean -/+ 3 sigma).
_P_LOW, _P_MID, _P_HIGH = float(special.ndtr(-3.0)), 0.5, float(special.ndtr(3.0))
_ISO_PROBS = (0.00135, 0.5, 0.99865)

DEFAULT_CANDIDATES = (
    "norm",
    "lognorm",
    "lognorm3",
    "weibull_min",
    "weibull_min3",
    "gamma",
    "gamma3",
    "expon",
    "expon2",
    "logistic",
    "fisk",
    "fisk3",
    "gumbel_r",
    "gumbel_l",
)

_ALIASES = {
    "normal": "norm",
    "lognormal": "lognorm",
    "lognormal3": "lognorm3",
    "weibull": "weibull_min",
    "weibull3": "weibull_min3",
    "exponential": "expon",
    "exponential2": "expon2",
    "loglogistic": "fisk",
    "loglogistic3": "fisk3",
    "largest_extreme_value": "gumbel_r",
    "smallest_extreme_value": "gumbel_l",
}


# ---------------------------------------------------------------------------------------------
# Anderson-Darling statistics and p-values


def _ad_statistic(log_cdf: FloatArray, log_sf: FloatArray) -> FloatArray:
    """A^2 = -n - (1/n) sum (2i-1) [ln F(x_(i)) + ln(1 - F(x_(n+1-i)))] along the last axis.

    ``log_cdf`` and ``log_sf`` are evaluated at the *sorted* sample (rows sorted).
    """
    n = log_cdf.shape[-1]
    weights = 2.0 * np.arange(1, n + 1, dtype=np.float64) - 1.0
    with np.errstate(invalid="ignore"):
        total = log_cdf + log_sf[..., ::-1]
        a2 = -n - (total @ weights) / n
    return np.where(np.isnan(a2), np.inf, a2)


def _ad_normal(sorted_rows: FloatArray) -> FloatArray:
    """A^2 of each row (sorted) against the normal with the row's mean and SD (ddof=1)."""
    mean = sorted_rows.mean(axis=-1, keepdims=True)
    sd = sorted_rows.std(axis=-1, ddof=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (sorted_rows - mean) / sd
        # log(ndtr) is about twice as fast as log_ndtr; use the latter only where ndtr underflows
        log_cdf, log_sf = np.log(special.ndtr(z)), np.log(special.ndtr(-z))
    for out, sign in ((log_cdf, 1.0), (log_sf, -1.0)):
        tail = np.isneginf(out) & np.isfinite(z)
        if tail.any():
            out[tail] = special.log_ndtr(sign * z[tail])
    return _ad_statistic(log_cdf, log_sf)


def _p_normal(adjusted: Any) -> Any:
    """P-value of the normality test from A*^2 (D'Agostino & Stephens 1986, Table 4.9)."""
    a = np.minimum(np.asarray(adjusted, dtype=np.float64), 153.0)  # beyond: p underflows to 0
    with np.errstate(over="ignore"):
        p = np.select(
            [a >= 0.6, a >= 0.34, a >= 0.2],
            [
                np.exp(1.2937 - 5.709 * a + 0.0186 * a * a),
                np.exp(0.9177 - 4.279 * a - 1.38 * a * a),
                1.0 - np.exp(-8.318 + 42.796 * a - 59.938 * a * a),
            ],
            1.0 - np.exp(-13.436 + 101.14 * a - 223.73 * a * a),
        )
    return np.clip(p, 0.0, 1.0)


# Upper-tail critical values of the modified statistic (D'Agostino & Stephens 1986, ch. 4):
# (significance levels, critical values, modification factor of A^2 as a function of n).
_TABLES: dict[str, tuple[tuple[float, ...], tuple[float, ...], Callable[[int], float]]] = {
    "expon": (
        (0.15, 0.10, 0.05, 0.025, 0.01),
        (0.922, 1.078, 1.341, 1.606, 1.957),
        lambda n: 1.0 + 0.6 / n,
    ),
    "extreme": (
        (0.25, 0.10, 0.05, 0.025, 0.01),
        (0.474, 0.637, 0.757, 0.877, 1.038),
        lambda n: 1.0 + 0.2 / math.sqrt(n),
    ),
    "logistic": (
        (0.25, 0.10, 0.05, 0.025, 0.01, 0.005),
        (0.426, 0.563, 0.660, 0.769, 0.906, 1.010),
        lambda n: 1.0 + 0.25 / n,
    ),
}
# Which table gives the p-value of each candidate ("normal": the normality-test formula).
_PVALUE_TABLE = {
    "norm": "normal",
    "lognorm": "normal",
    "expon": "expon",
    "weibull_min": "extreme",
    "gumbel_r": "extreme",
    "gumbel_l": "extreme",
    "logistic": "logistic",
    "fisk": "logistic",
}


def _p_text(p: float) -> str:
    """A p-value as Minitab shows it: three decimals, or ``< 0.001``."""
    return f"{p:.3f}" if p >= 0.0005 else "< 0.001"


def _table_pvalue(table: str, a2: float, n: int) -> tuple[float, str]:
    """P-value and its display text (``'> 0.250'`` when beyond the table)."""
    if table == "normal":
        p = float(_p_normal(a2 * (1.0 + 0.75 / n + 2.25 / n**2)))
        return p, _p_text(p)
    levels, crit, factor = _TABLES[table]
    a = a2 * factor(n)
    if a <= crit[0]:
        return levels[0], f"> {levels[0]:.3f}"
    if a >= crit[-1]:
        return levels[-1], f"< {levels[-1]:.3f}"
    p = float(np.exp(np.interp(a, crit, np.log(levels))))
    return p, f"{p:.3f}"


# ---------------------------------------------------------------------------------------------
# Normality test


@dataclass(frozen=True, slots=True, kw_only=True)
class NormalityTestResult(Result):
    """Anderson-Darling test of normality (mean and standard deviation estimated).

    Attributes
    ----------
    statistic : float
        Anderson-Darling statistic :math:`A^2`.
    adjusted_statistic : float
        Small-sample modified statistic :math:`A^{*2} = A^2(1 + 0.75/n + 2.25/n^2)`.
    pvalue : float
        P-value from :math:`A^{*2}` (D'Agostino & Stephens' formulas, as in Minitab).
    n : int
        Number of values.
    mean, std : float
        Estimates used: the mean and the sample standard deviation (ddof = 1).

    Examples
    --------
    >>> r = normality_test([2.1, 2.5, 2.2, 2.8, 2.4, 2.3, 2.6, 2.2, 2.9, 2.5])
    >>> r.n, round(r.pvalue, 3)
    (10, 0.722)
    """

    statistic: float
    adjusted_statistic: float
    pvalue: float
    n: int
    mean: float
    std: float


def normality_test(data: Any, *, nan_policy: NanPolicy = "raise") -> NormalityTestResult:
    r"""Anderson-Darling test of normality with estimated mean and standard deviation.

    Parameters
    ----------
    data : array_like
        1-D sample [unit], at least 3 values not all equal.
    nan_policy : {"raise", "omit"}
        Reject NaN, or drop them.

    Returns
    -------
    NormalityTestResult
        ``statistic`` (:math:`A^2`), ``adjusted_statistic``, ``pvalue``, ``n``, ``mean``, ``std``.

    Raises
    ------
    InvalidInputError
        Fewer than 3 values, constant data, NaN (with ``nan_policy="raise"``), infinite values.

    Notes
    -----
    With :math:`z_{(i)} = (x_{(i)} - \bar x)/s` for the sorted sample,

    .. math::

        A^2 = -n - \frac1n\sum_{i=1}^n (2i-1)\left[\ln\Phi(z_{(i)}) +
        \ln\left(1-\Phi(z_{(n+1-i)})\right)\right],\qquad
        A^{*2} = A^2\left(1 + \frac{0.75}{n} + \frac{2.25}{n^2}\right)

    and the p-value is D'Agostino & Stephens' piecewise fit: :math:`p = 1 -
    e^{-13.436 + 101.14A^* - 223.73A^{*2}}` for :math:`A^{*2} < 0.2`, :math:`1 -
    e^{-8.318 + 42.796A^* - 59.938A^{*2}}` below 0.34, :math:`e^{0.9177 - 4.279A^* -
    1.38A^{*2}}` below 0.6 and :math:`e^{1.2937 - 5.709A^* + 0.0186A^{*2}}` above (here
    :math:`A^*` stands for :math:`A^{*2}`). Minitab's normality test and R's
    ``nortest::ad.test`` use the same statistic and formulas.

    References
    ----------
    .. [1] R. B. D'Agostino and M. A. Stephens (eds.), *Goodness-of-Fit Techniques*, Marcel
       Dekker, 1986, section 4.8 and Table 4.9.
    .. [2] M. A. Stephens, "EDF statistics for goodness of fit and some comparisons",
       *Journal of the American Statistical Association* 69(347), 1974, 730-737,
       https://doi.org/10.1080/01621459.1974.10480196.
    .. [3] NIST/SEMATECH, *e-Handbook of Statistical Methods*, section 1.3.5.14
       "Anderson-Darling Test", https://doi.org/10.18434/M32189.

    Examples
    --------
    >>> from opsmodels.sixsigma import normality_test
    >>> r = normality_test([2.1, 2.5, 2.2, 2.8, 2.4, 2.3, 2.6, 2.2, 2.9, 2.5])
    >>> round(r.statistic, 4), round(r.pvalue, 3)
    (0.2341, 0.722)
    """
    x = np.sort(
        as_float_array("normality_test", "data", data, nan_policy=nan_policy, ndim=1, min_size=3)
    )
    sd = float(np.std(x, ddof=1))
    if not sd > 0.0:
        raise invalid("normality_test", "data", "a sample with some variation", "<constant data>")
    n = x.size
    a2 = float(_ad_normal(x[None, :])[0])
    adjusted = a2 * (1.0 + 0.75 / n + 2.25 / n**2)
    return NormalityTestResult(
        statistic=a2,
        adjusted_statistic=adjusted,
        pvalue=float(_p_normal(adjusted)),
        n=n,
        mean=float(np.mean(x)),
        std=sd,
    )


# ---------------------------------------------------------------------------------------------
# Distribution fits


@dataclass(frozen=True, slots=True)
class _Fit:
    """One fitted candidate: a frozen scipy distribution and its goodness of fit."""

    name: str
    frozen: Any  # rv_continuous_frozen
    parameters: dict[str, float]
    n_parameters: int
    log_likelihood: float
    anderson_darling: float
    pvalue: float | None
    pvalue_text: str


_POSITIVE = {"lognorm", "weibull_min", "gamma", "expon", "fisk"}
_THREE = {
    "lognorm3": "lognorm",
    "weibull_min3": "weibull_min",
    "gamma3": "gamma",
    "fisk3": "fisk",
    "expon2": "expon",
}


def _canonical(name: str) -> str:
    return _ALIASES.get(name, name)


def _param_names(dist: Any) -> list[str]:
    shapes = [s.strip() for s in (dist.shapes or "").split(",") if s.strip()]
    return [*shapes, "loc", "scale"]


def _fit_named(name: str, x: FloatArray) -> tuple[Any, tuple[float, ...], int]:
    """Fit a candidate by name; return (scipy dist, parameters, number of free parameters)."""
    if name == "norm":
        return stats.norm, (float(x.mean()), float(x.std(ddof=1))), 2
    if name == "lognorm":
        logs = np.log(x)
        return stats.lognorm, (float(logs.std(ddof=1)), 0.0, float(np.exp(logs.mean()))), 2
    if name == "expon":
        return stats.expon, (0.0, float(x.mean())), 1
    if name == "expon2":  # unbiased estimators: the MLE puts the threshold on the minimum
        n, low = x.size, float(x.min())
        scale = n * (float(x.mean()) - low) / (n - 1)
        return stats.expon, (low - scale / n, scale), 2
    base = _THREE.get(name, name)
    dist = getattr(stats, base)
    kwargs = {"floc": 0.0} if name in _POSITIVE else {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        params = tuple(float(v) for v in dist.fit(x, **kwargs))
    k = len(params) - (1 if kwargs else 0)
    return dist, params, k


def _evaluate(
    name: str,
    dist: Any,
    params: tuple[float, ...],
    k: int,
    x: FloatArray,
    *,
    table_pvalue: bool = True,
) -> _Fit:
    frozen = dist(*params)
    xs = np.sort(x)  # the AD statistic pairs the i-th smallest with the i-th largest value
    with np.errstate(all="ignore"):
        log_cdf = np.asarray(frozen.logcdf(xs), dtype=np.float64)
        log_sf = np.asarray(frozen.logsf(xs), dtype=np.float64)
        loglik = float(np.sum(frozen.logpdf(x)))
    a2 = float(_ad_statistic(log_cdf[None, :], log_sf[None, :])[0])
    table = _PVALUE_TABLE.get(name) if table_pvalue else None
    pvalue: float | None
    if table is None or not math.isfinite(a2):
        pvalue, text = (None, "") if math.isfinite(a2) else (0.0, "< 0.001")
    else:
        pvalue, text = _table_pvalue(table, a2, x.size)
    names = _param_names(dist)
    parameters = dict(zip(names, params, strict=True))
    if not math.isfinite(loglik):
        loglik = -math.inf
    return _Fit(name, frozen, parameters, k, loglik, a2, pvalue, text)


def _fit_candidate(name: str, x: FloatArray) -> _Fit:
    dist, params, k = _fit_named(name, x)
    if not all(math.isfinite(p) for p in params):
        raise ArithmeticError("the fit did not converge")
    fit = _evaluate(name, dist, params, k, x)
    if not math.isfinite(fit.log_likelihood):
        raise ArithmeticError("some values lie outside the fitted distribution's support")
    return fit


def _fit_given(distribution: Any, x: FloatArray) -> _Fit:
    """Fit an unfrozen scipy distribution by ML, or evaluate a frozen one as given."""
    if isinstance(distribution, stats.rv_continuous):
        name = distribution.name
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            params = tuple(float(v) for v in distribution.fit(x))
        # Stephens' tables hold for these location-scale families with both parameters
        # estimated; other families fitted with a free location get no p-value
        fit = _evaluate(
            name,
            distribution,
            params,
            len(params),
            x,
            table_pvalue=name in {"norm", "logistic", "gumbel_r", "gumbel_l"},
        )
    else:
        dist = distribution.dist
        shapes, loc, scale = dist._parse_args(*distribution.args, **distribution.kwds)
        params = (*(float(s) for s in shapes), float(loc), float(scale))
        # nothing estimated: the tables (for estimated parameters) do not apply
        fit = _evaluate(dist.name, dist, params, 0, x, table_pvalue=False)
    if not math.isfinite(fit.log_likelihood):
        raise invalid(
            _FUNC,
            "distribution",
            "a distribution whose support holds every value of data",
            distribution,
        )
    return fit


def _mc_pvalue(fit: _Fit, x: FloatArray, n_resamples: int, rng: RandomState) -> float:
    """Monte Carlo p-value of the AD statistic with the parameters refitted to each sample."""
    dist = fit.frozen.dist
    known = {"loc": 0.0} if fit.name in _POSITIVE else {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = stats.goodness_of_fit(
            dist,
            x,
            known_params=known,
            guessed_params={k: v for k, v in fit.parameters.items() if k not in known},
            statistic="ad",
            n_mc_samples=n_resamples,
            rng=rng,
        )
    return float(res.pvalue)


# ---------------------------------------------------------------------------------------------
# Transformations


@dataclass(frozen=True, slots=True)
class _Transform:
    """A monotone increasing map to (approximate) normality and its inverse."""

    name: str
    forward: Callable[[Any], Any]
    inverse: Callable[[Any], Any]
    parameters: dict[str, float]
    family: str | None
    anderson_darling: float
    pvalue: float
    log_likelihood: float


def _boxcox_lambda(x: FloatArray, lam: Any) -> float:
    if isinstance(lam, numbers.Real):
        return float(lam)
    with np.errstate(all="ignore"):
        res = optimize.minimize_scalar(
            lambda v: -float(stats.boxcox_llf(v, x)),
            bounds=(-5.0, 5.0),
            method="bounded",
            options={"xatol": 1e-9},
        )
    best = _boxcox_polish(x, float(res.x))
    return float(np.round(best * 2.0) / 2.0) if lam == "rounded" else best


def _boxcox_score(lam: float, x: FloatArray) -> float:
    """Derivative of the Box-Cox profile log-likelihood with respect to lambda."""
    logs = np.log(x)
    if abs(lam) < 1e-8:
        y, u = logs, 0.5 * logs * logs
    else:
        with np.errstate(all="ignore"):
            powered = np.exp(lam * logs)
            y = (powered - 1.0) / lam
            u = (powered * logs) / lam - (powered - 1.0) / lam**2
    yc = y - y.mean()
    return float(-x.size * np.dot(yc, u - u.mean()) / np.dot(yc, yc) + logs.sum())


def _boxcox_polish(x: FloatArray, lam: float) -> float:
    """Refine the optimiser's lambda to a root of the score (the likelihood is flat near its
    maximum, so the minimiser alone stops about 1e-6 away)."""
    lo, hi = max(lam - 0.01, -5.0), min(lam + 0.01, 5.0)
    try:
        f_lo, f_hi = _boxcox_score(lo, x), _boxcox_score(hi, x)
        if math.isfinite(f_lo) and math.isfinite(f_hi) and f_lo > 0 > f_hi:
            return float(optimize.brentq(_boxcox_score, lo, hi, args=(x,), xtol=1e-14))
    except (ValueError, ZeroDivisionError, FloatingPointError):
        pass
    return lam


def _boxcox_inverse(y: Any, lam: float) -> Any:
    y = np.asarray(y, dtype=np.float64)
    if lam == 0.0:
        return np.exp(y)
    base = lam * y + 1.0
    with np.errstate(all="ignore"):
        out = np.where(base > 0.0, np.abs(base) ** (1.0 / lam), 0.0 if lam > 0 else np.inf)
    return out


def _boxcox(x: FloatArray, lam: float | str | None) -> _Transform:
    lam_ = _boxcox_lambda(x, lam)

    def forward(v: Any) -> Any:
        with np.errstate(all="ignore"):
            return special.boxcox(np.asarray(v, dtype=np.float64), lam_)

    y = np.sort(forward(x))
    a2 = float(_ad_normal(y[None, :])[0])
    n = x.size
    p = float(_p_normal(a2 * (1.0 + 0.75 / n + 2.25 / n**2)))
    loglik = float(stats.boxcox_llf(lam_, x)) - 0.5 * n * (math.log(2.0 * math.pi) + 1.0)
    return _Transform(
        "boxcox", forward, lambda v: _boxcox_inverse(v, lam_), {"lambda": lam_}, None, a2, p, loglik
    )


_JOHNSON_Z = np.round(np.arange(0.25, 1.2501, 0.01), 2)


def _johnson_candidates(
    x_sorted: FloatArray, quantile_method: str
) -> tuple[FloatArray, FloatArray]:
    """Quantile-method Johnson parameters for every z of the grid and every applicable family.

    Returns (family codes 0=SB, 1=SL, 2=SU; parameters as rows [z, gamma, eta, epsilon, lambda]).
    """
    z = _JOHNSON_Z
    probs = special.ndtr(np.stack([-3 * z, -z, z, 3 * z]))
    method: Any = quantile_method
    q = np.quantile(x_sorted, probs.ravel(), method=method).reshape(probs.shape)
    x1, x2, x3, x4 = q
    m, n_, p = x4 - x3, x2 - x1, x3 - x2
    ok = (m > 0) & (n_ > 0) & (p > 0)
    with np.errstate(all="ignore"):
        mp, np_ = m / p, n_ / p
        qr = mp * np_
        mid = 0.5 * (x3 + x2)
        # SU (Slifker & Shapiro 1980): QR > 1
        su = ok & (qr > 1.0)
        eta_u = 2 * z / np.arccosh(0.5 * (mp + np_))
        gam_u = eta_u * np.arcsinh((np_ - mp) / (2 * np.sqrt(qr - 1)))
        lam_u = 2 * p * np.sqrt(qr - 1) / ((mp + np_ - 2) * np.sqrt(mp + np_ + 2))
        eps_u = mid + p * (np_ - mp) / (2 * (mp + np_ - 2))
        # SB: QR < 1
        sb = ok & (qr < 1.0)
        pm, pn = p / m, p / n_
        prod = (1 + pm) * (1 + pn)
        denom = pm * pn - 1
        eta_b = z / np.arccosh(0.5 * np.sqrt(prod))
        gam_b = eta_b * np.arcsinh((pn - pm) * np.sqrt(prod - 4) / (2 * denom))
        lam_b = p * np.sqrt((prod - 2) ** 2 - 4) / denom
        eps_b = mid - 0.5 * lam_b + p * (pn - pm) / (2 * denom)
        # SL: the right-skewed form when m > p, the reflected form (eta < 0) when n > p
        right = m > p
        r = np.where(right, mp, np_)
        sl = ok & (r > 1.0)
        eta_l = 2 * z / np.log(r)
        gam_l = eta_l * np.log((r - 1) / (p * np.sqrt(r)))
        sign = np.where(right, 1.0, -1.0)
        # left skew: fit SL to -x, then z = -(gamma' + eta' ln(-x - eps')), i.e. gamma and eta
        # change sign and epsilon = -eps' (a decreasing log with eta < 0, support x < epsilon)
        eps_l = sign * (mid * sign - 0.5 * p * (r + 1) / (r - 1))
        gam_l, eta_l = sign * gam_l, sign * eta_l
    rows: list[tuple[int, Any, FloatArray]] = [
        (0, sb, np.stack([z, gam_b, eta_b, eps_b, lam_b])),
        (1, sl, np.stack([z, gam_l, eta_l, eps_l, np.ones_like(z)])),
        (2, su, np.stack([z, gam_u, eta_u, eps_u, lam_u])),
    ]
    codes = np.concatenate([np.full(int(mask.sum()), c) for c, mask, _ in rows])
    params = np.concatenate([par[:, mask].T for _, mask, par in rows], axis=0)
    finite = np.all(np.isfinite(params), axis=1)
    return codes[finite].astype(np.float64), params[finite]


def _johnson_apply(code: Any, par: FloatArray, x: Any) -> FloatArray:
    """Apply Johnson transformations (rows of ``par``, families ``code``) to the rows of x.

    ``x`` broadcasts against one row per transformation; values outside the support give NaN.
    """
    code = np.asarray(code).reshape(-1)
    xb = np.broadcast_to(np.asarray(x, dtype=np.float64), (code.size, np.shape(x)[-1]))
    out = np.empty(xb.shape)
    with np.errstate(all="ignore"):
        for family in (0, 1, 2):  # three families, each computed only on its own rows
            rows = np.flatnonzero(code == family)
            if rows.size == 0:
                continue
            gam, eta, eps, lam = (par[rows, i : i + 1] for i in range(1, 5))
            v = xb[rows] - eps
            if family == 0:
                out[rows] = gam + eta * np.log(v / (lam - v))
            elif family == 1:
                valid = np.sign(v) == np.sign(eta)
                out[rows] = np.where(valid, gam + eta * np.log(np.abs(v)), np.nan)
            else:
                out[rows] = gam + eta * np.arcsinh(v / lam)
    return out


_FAMILY = {0: "SB", 1: "SL", 2: "SU"}


def _johnson(x: FloatArray, quantile_method: str) -> _Transform:
    xs = np.sort(x)
    codes, params = _johnson_candidates(xs, quantile_method)
    # keep the transformations whose support holds every value (SU: always)
    eta, eps, lam = params[:, 2], params[:, 3], params[:, 4]
    lo, hi = xs[0], xs[-1]
    inside = np.where(
        codes == 0,
        (lo > eps) & (hi < eps + lam),
        np.where(codes == 1, np.where(eta > 0, lo > eps, hi < eps), True),
    )
    codes, params = codes[inside], params[inside]
    n = xs.size
    best: tuple[float, int] | None = None  # (a2, row); the p-value decreases with A^2
    block = max(1, 20_000_000 // max(n, 1))
    for start in range(0, codes.size, block):  # blocks of candidate rows bound the memory
        z = _johnson_apply(codes[start : start + block], params[start : start + block], xs)
        valid = np.all(np.isfinite(z), axis=1) & (z[:, -1] > z[:, 0])
        if not valid.any():
            continue
        a2 = np.full(valid.shape, np.inf)
        a2[valid] = _ad_normal(z[valid])
        i = int(np.argmin(a2))  # first of equal statistics: the smallest z of the grid
        if math.isfinite(a2[i]) and (best is None or a2[i] < best[0]):
            best = (float(a2[i]), start + i)
    if best is None:
        raise invalid(
            _FUNC,
            "data",
            "a sample for which a Johnson transformation exists (distinct quantiles at "
            "-3z, -z, z, 3z for some z in [0.25, 1.25])",
            x,
        )
    a2_best, row = best
    p_best = float(_p_normal(a2_best * (1.0 + 0.75 / n + 2.25 / n**2)))
    code = int(codes[row])
    par = params[row]
    fam = _FAMILY[code]

    def forward(v: Any) -> Any:
        v = np.asarray(v, dtype=np.float64)
        out = _johnson_apply(np.array([code]), par[None, :], v.reshape(1, -1))[0]
        # outside the support of SB/SL a value maps to -inf or +inf
        _gam, eta, eps, lam = par[1:]
        if code == 0:
            out = np.where(v <= eps, -np.inf, np.where(v >= eps + lam, np.inf, out))
        elif code == 1:
            below = v <= eps if eta > 0 else v >= eps
            out = np.where(below, -np.inf if eta > 0 else np.inf, out)
        return out.reshape(v.shape)

    def inverse(zv: Any) -> Any:
        zv = np.asarray(zv, dtype=np.float64)
        gam, eta, eps, lam = par[1:]
        u = (zv - gam) / eta
        with np.errstate(over="ignore"):
            if code == 0:
                return eps + lam * special.expit(u)
            if code == 1:
                return eps + np.sign(eta) * np.exp(u)
            return eps + lam * np.sinh(u)

    parameters = {
        "z": float(par[0]),
        "gamma": float(par[1]),
        "eta": float(par[2]),
        "epsilon": float(par[3]),
    }
    if code != 1:
        parameters["lambda"] = float(par[4])
    return _Transform(
        f"johnson_{fam.lower()}", forward, inverse, parameters, fam, a2_best, p_best, math.nan
    )


# ---------------------------------------------------------------------------------------------
# Result


@dataclass(frozen=True, slots=True, kw_only=True)
class NonNormalCapabilityResult(Result, Plottable):
    """Capability of a non-normal process.

    A field the specification or the method does not define is ``None``: Pp without both
    limits, PPL without ``lsl``, PPU without ``usl``, and Cp, CPL, CPU, Cpk for the percentile
    and nonparametric methods (they have no within-subgroup sigma).

    Attributes
    ----------
    method : str
        Method used: ``"normal"``, ``"boxcox"``, ``"johnson"``, ``"percentile"`` or
        ``"nonparametric"`` (``"auto"`` resolved).
    reason : str
        One sentence saying why this method and model were used.
    distribution : str
        Model: a scipy.stats name (``"weibull_min"``, ``"lognorm3"`` ...), ``"boxcox"``,
        ``"johnson_sb"``, ``"johnson_sl"``, ``"johnson_su"`` or ``"empirical"``.
    parameters : dict
        Parameters of the model (scipy names; ``lambda`` for Box-Cox; ``gamma, eta, epsilon,
        lambda`` and the quantile spacing ``z`` for Johnson).
    n : int
        Number of values used.
    pp, ppl, ppu, ppk : float or None
        Overall performance :math:`P_p, P_{pl}, P_{pu}, P_{pk}`.
    cp, cpl, cpu, cpk : float or None
        Potential capability :math:`C_p, C_{pl}, C_{pu}, C_{pk}` (normal, Box-Cox and Johnson:
        on the transformed scale with the within-subgroup sigma).
    ppm_below, ppm_above, ppm_total : float
        Expected parts per million below LSL, above USL and in total, from the model
        (transformations: the normal model of the transformed data with sigma overall;
        nonparametric: the empirical distribution).
    ppm_observed : float
        Observed parts per million outside the limits.
    percentiles : dict
        Model percentiles :math:`X_{0.00135}, X_{0.5}, X_{0.99865}` keyed by the nominal
        probabilities 0.00135, 0.5 and 0.99865 (computed at :math:`\\Phi(-3)`, 0.5 and
        :math:`\\Phi(3)`, so that a normal model spans exactly :math:`6\\sigma`).
    lam : float or None
        Box-Cox :math:`\\lambda`.
    johnson_family : str or None
        ``"SB"``, ``"SL"`` or ``"SU"``.
    transformed_lsl, transformed_usl : float or None
        Limits on the transformed scale (``-inf``/``inf`` outside a bounded support).
    anderson_darling : float or None
        Anderson-Darling statistic :math:`A^2` of the model used (transformations: normality
        of the transformed data; None for the nonparametric method).
    anderson_darling_pvalue : float or None
        Its p-value, where one is available.
    normality : NormalityTestResult
        Anderson-Darling normality test of the raw data.
    fits : pandas.DataFrame
        One row per model considered (``auto``: every candidate, Box-Cox and Johnson), indexed
        by candidate name, with columns ``distribution, n_parameters, log_likelihood,
        anderson_darling, pvalue, pvalue_text, lrt_pvalue, eligible, parameters, note``
        (NaN where a number does not exist).
    capability : CapabilityResult or None
        Normal capability of the (transformed) data, for the normal-scale methods.
    index_method : str
        ``"normal"`` (indices from the normal model), ``"iso"`` (percentile ratios) or
        ``"zscore"`` (Minitab's Z-score form).
    lsl, usl, target : float or None
        The specification (original scale).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import stats
    >>> x = stats.weibull_min.ppf((np.arange(1, 201) - 0.5) / 200, 1.5, scale=2.0)
    >>> r = nonnormal_capability(x, usl=10.0, method="percentile", distribution="weibull_min")
    >>> r.method, r.distribution, round(r.ppk, 3)
    ('percentile', 'weibull_min', 1.55)
    """

    method: str
    reason: str
    distribution: str
    parameters: dict[str, float]
    n: int
    pp: float | None
    ppl: float | None
    ppu: float | None
    ppk: float | None
    cp: float | None
    cpl: float | None
    cpu: float | None
    cpk: float | None
    ppm_below: float
    ppm_above: float
    ppm_total: float
    ppm_observed: float
    percentiles: dict[float, float]
    lam: float | None
    johnson_family: str | None
    transformed_lsl: float | None
    transformed_usl: float | None
    anderson_darling: float | None
    anderson_darling_pvalue: float | None
    normality: NormalityTestResult
    fits: pd.DataFrame
    capability: Any
    index_method: str
    lsl: float | None
    usl: float | None
    target: float | None


# ---------------------------------------------------------------------------------------------
# Indices


def _ratio(num: float, den: float) -> float:
    """num / den with a zero spread giving +-inf (or 0 when the numerator is 0 too)."""
    if den == 0.0:
        return 0.0 if num == 0.0 else math.copysign(math.inf, num)
    out = num / den
    return 0.0 if math.isnan(out) else out


def _combine(ppl: float | None, ppu: float | None) -> float | None:
    sides = [v for v in (ppl, ppu) if v is not None]
    return min(sides) if sides else None


def _observed_ppm(x: FloatArray, lsl: float | None, usl: float | None) -> float:
    out = 0
    if lsl is not None:
        out += int(np.count_nonzero(x < lsl))
    if usl is not None:
        out += int(np.count_nonzero(x > usl))
    return 1e6 * out / x.size


def _percentile_indices(
    low: float, mid: float, high: float, lsl: float | None, usl: float | None
) -> tuple[float | None, float | None, float | None]:
    pp = _ratio(usl - lsl, high - low) if lsl is not None and usl is not None else None
    ppl = _ratio(mid - lsl, mid - low) if lsl is not None else None
    ppu = _ratio(usl - mid, high - mid) if usl is not None else None
    return pp, ppl, ppu


# ---------------------------------------------------------------------------------------------
# Main entry point


def _check_positive(x: FloatArray, what: str) -> None:
    bad = np.flatnonzero(x <= 0)
    if bad.size:
        pos = int(bad[0])
        raise invalid(_FUNC, "data", f"> 0 for {what}", f"<{describe(x[pos])} at position {pos}>")


def _fit_row(name: str, fit: _Fit | _Transform | None, note: str = "") -> dict[str, Any]:
    if fit is None:
        return {
            "candidate": name,
            "distribution": _THREE.get(name, name),
            "n_parameters": np.nan,
            "log_likelihood": np.nan,
            "anderson_darling": np.nan,
            "pvalue": np.nan,
            "pvalue_text": "",
            "lrt_pvalue": np.nan,
            "eligible": False,
            "parameters": {},
            "note": note,
        }
    if isinstance(fit, _Transform):
        k = 1 if fit.family is None else 4
        dist = fit.name
    else:
        k = fit.n_parameters
        dist = fit.frozen.dist.name
    pvalue = fit.pvalue
    text = fit.pvalue_text if isinstance(fit, _Fit) else _p_text(fit.pvalue)
    return {
        "candidate": name,
        "distribution": dist,
        "n_parameters": k,
        "log_likelihood": fit.log_likelihood,
        "anderson_darling": fit.anderson_darling,
        "pvalue": np.nan if pvalue is None else pvalue,
        "pvalue_text": text,
        "lrt_pvalue": np.nan,
        "eligible": True,
        "parameters": dict(fit.parameters),
        "note": note,
    }


#: p-values above this are not told apart when ranking (Stephens' tables stop at 0.25);
#: a p-value known only as an upper bound ("< 0.010") ranks as 0.
_P_RANK_CAP = 0.25


def _choose(frame: pd.DataFrame) -> list[str]:
    """Order eligible candidates: best AD p-value first, p-values above 0.25 counting as 0.25
    (ties: smaller AD); a candidate without p-value goes ahead of the current leader when its
    AD statistic is smaller."""
    ok = frame[frame["eligible"]]
    order: list[str] = []
    rest = ok.copy()
    while len(rest):
        with_p = rest[rest["pvalue"].notna()].assign(
            rank_p=lambda f: (
                f["pvalue"]
                .clip(upper=_P_RANK_CAP)
                .where(~f["pvalue_text"].str.startswith("<"), 0.0)
            )
        )
        with_p = with_p.sort_values(
            ["rank_p", "anderson_darling"], ascending=[False, True], kind="stable"
        )
        without = rest[rest["pvalue"].isna()].sort_values("anderson_darling", kind="stable")
        leader = with_p.index[0] if len(with_p) else None
        if len(without) and (
            leader is None
            or without["anderson_darling"].iloc[0] < with_p["anderson_darling"].iloc[0]
        ):
            leader = without.index[0]
        assert leader is not None
        order.append(str(leader))
        rest = rest.drop(index=leader)
    return order


def _describe_fit(row: Any) -> str:
    p = row["pvalue_text"]
    if not p:
        return f"AD = {row['anderson_darling']:.3g}, no p-value"
    return f"AD = {row['anderson_darling']:.3g}, p {p if p[0] in '<>' else '= ' + p}"


def _scalar_or_none(name: str, value: Any) -> float | None:
    if value is None:
        return None
    return as_scalar(_FUNC, name, value)


def nonnormal_capability(
    data: Any,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    method: Method = "auto",
    distribution: Any = None,
    candidates: Sequence[str] = DEFAULT_CANDIDATES,
    lam: float | Literal["mle", "rounded"] = "mle",
    indices: Literal["iso", "zscore"] = "iso",
    quantile_method: QuantileMethod = "weibull",
    normality_alpha: float = 0.05,
    pvalue_criterion: float = 0.10,
    pvalues: Literal["table", "monte_carlo"] = "table",
    n_resamples: int = 999,
    rng: RandomState = None,
    subgroup: Any = None,
    sigma_method: SigmaMethod = "auto",
    nan_policy: NanPolicy = "raise",
) -> NonNormalCapabilityResult:
    r"""Process capability of non-normal data.

    Parameters
    ----------
    data : array_like
        1-D measurements [unit of the characteristic], in time order.
    lsl, usl : float, optional
        Specification limits [unit]; at least one, and ``lsl < usl``.
    target : float, optional
        Target value [unit], inside [lsl, usl] as in
        :func:`~opsmodels.sixsigma.capability` (recorded; the indices do not use it).
    method : {"auto", "normal", "boxcox", "johnson", "percentile", "nonparametric"}
        ``"auto"`` tests normality and, when the data are not normal, fits every candidate
        plus Box-Cox and Johnson and uses the best by Anderson-Darling (see Notes).
    distribution : str, scipy.stats distribution or frozen distribution, optional
        Model of the percentile method: a candidate name (see ``candidates``), an unfrozen
        continuous scipy.stats distribution (all parameters fitted by maximum likelihood) or a
        frozen one (used as given). None: the best candidate by Anderson-Darling. An unfrozen
        distribution gets a table p-value only for the location-scale families ``norm,
        logistic, gumbel_r, gumbel_l``; a frozen one gets none (nothing was estimated).
    candidates : sequence of str
        Distributions compared by ``"auto"`` (and by ``"percentile"`` without a
        ``distribution``): ``norm, lognorm, lognorm3, weibull_min, weibull_min3, gamma, gamma3,
        expon, expon2, logistic, fisk, fisk3, gumbel_r, gumbel_l`` (aliases: ``normal,
        lognormal, weibull, exponential, loglogistic, largest_extreme_value,
        smallest_extreme_value``). The ``3`` (``2`` for expon) suffix frees the threshold.
    lam : float, "mle" or "rounded"
        Box-Cox :math:`\lambda`: fixed, by maximum likelihood on [-5, 5], or the likelihood
        estimate rounded to the nearest multiple of 0.5 (Minitab's "rounded lambda").
    indices : {"iso", "zscore"}
        Percentile method: ISO 22514-2 percentile ratios, or Minitab's Z-score form (the
        default of Minitab 21; earlier releases defaulted to the ISO ratios).
    quantile_method : {"weibull", "hazen", "linear", "median_unbiased", "normal_unbiased"}
        Sample quantile definition (numpy's ``method=``) of the nonparametric method and of
        the Johnson quantile fit. ``"weibull"`` is the :math:`p(n+1)`-th order statistic
        (Minitab's percentiles, Hyndman & Fan type 6).
    normality_alpha : float
        Significance level of the normality test in ``"auto"``, in (0, 1).
    pvalue_criterion : float
        Johnson: a best p-value at or below this (Minitab: 0.10) is flagged in ``reason``.
    pvalues : {"table", "monte_carlo"}
        Goodness-of-fit p-values from Stephens' tables only (gamma and threshold models get
        none), or Monte Carlo p-values (``scipy.stats.goodness_of_fit``, refitting by maximum
        likelihood on every sample: slow for the threshold models) for the candidates without
        a table (except ``expon2``).
    n_resamples : int
        Monte Carlo samples per candidate.
    rng : numpy.random.Generator, int or None
        Random state of the Monte Carlo p-values.
    subgroup : array_like, optional
        Subgroup labels, passed to :func:`~opsmodels.sixsigma.capability` for the within sigma
        of the normal-scale methods.
    sigma_method : str
        Within-sigma estimator of :func:`~opsmodels.sixsigma.capability`.
    nan_policy : {"raise", "omit"}
        Reject NaN in ``data``, or drop them.

    Returns
    -------
    NonNormalCapabilityResult
        Indices, expected and observed PPM, percentiles, the model and ``reason``.

    Raises
    ------
    InvalidInputError
        Fewer than 3 values (5 for Johnson, 4 with a threshold parameter), constant data, NaN
        with ``nan_policy="raise"``, no limit, ``lsl >= usl``, a target outside the limits,
        data (or limits) <= 0 for Box-Cox or a positive distribution, an unknown method,
        candidate or distribution.

    Notes
    -----
    *Percentile method* (ISO 22514-2; Clements 1989), with :math:`X_p` the fitted model's
    p-quantile:

    .. math::

        P_p = \frac{USL-LSL}{X_{0.99865}-X_{0.00135}},\quad
        P_{pu} = \frac{USL-X_{0.5}}{X_{0.99865}-X_{0.5}},\quad
        P_{pl} = \frac{X_{0.5}-LSL}{X_{0.5}-X_{0.00135}},\quad P_{pk} = \min(P_{pl}, P_{pu}).

    The reference probabilities are :math:`\Phi(\mp 3)`, so for a normal model the span is
    exactly :math:`6\sigma`. ``indices="zscore"`` gives Minitab's alternative:
    :math:`Z_{LSL} = \Phi^{-1}(F(LSL))`, :math:`Z_{USL} = \Phi^{-1}(F(USL))`,
    :math:`P_{pl} = -Z_{LSL}/3`, :math:`P_{pu} = Z_{USL}/3`, :math:`P_p = (Z_{USL}-Z_{LSL})/6`.
    A limit beyond a bounded support gives ``inf`` (no nonconforming product is possible).

    Fits: ``norm`` uses the mean and the sample standard deviation (ddof = 1) and ``lognorm``
    the same on the logarithms (the estimates of the normality test, so its AD statistic is
    the normality test's on log data); ``expon`` the mean; ``expon2`` the unbiased estimators
    :math:`\hat\beta = n(\bar x-x_{(1)})/(n-1)`, :math:`\hat\theta = x_{(1)}-\hat\beta/n`;
    the others maximum likelihood (threshold 0 without the suffix).

    *Box-Cox*: :math:`y = (x^\lambda-1)/\lambda` (:math:`\ln x` for :math:`\lambda = 0`),
    increasing in x for every :math:`\lambda`, so the limits keep their order and the indices
    equal those of Minitab's :math:`x^\lambda`. *Johnson*: Chou, Polansky & Mason's (1998)
    procedure: for z = 0.25, 0.26, ..., 1.25 take the sample quantiles at
    :math:`\Phi(-3z), \Phi(-z), \Phi(z), \Phi(3z)`, fit SB (quantile ratio
    :math:`mn/p^2 < 1`), SU (> 1) and SL by Slifker & Shapiro's (1980) formulas, and keep the
    transformation whose transformed data have the largest Anderson-Darling normality p-value.
    Both then apply :func:`~opsmodels.sixsigma.capability` to the transformed data and
    limits; PPM come from the normal model with sigma overall and the percentiles are
    back-transformed from :math:`\bar y \pm 3\sigma_{overall}`.

    *Nonparametric*: the percentile ratios with sample quantiles (``quantile_method``); with
    ``"weibull"`` and fewer than 740 values the outer percentiles are the extreme values.

    *Goodness of fit*: :math:`A^2` of the fitted cdf; p-values from the normality-test
    formula (norm, lognorm, Box-Cox, Johnson), or by log-linear interpolation in Stephens'
    tables (expon; weibull_min, gumbel_r, gumbel_l: extreme value; logistic, fisk), reported
    as bounds (``"> 0.250"``) beyond the table. Transformation p-values ignore that the
    transformation was estimated (as in Minitab) and so flatter them.

    *Auto*: if the normality test has p > ``normality_alpha``, the normal method. Otherwise candidates
    are ranked by p-value, values above 0.25 counting as 0.25 because Stephens' tables (and
    so most p-values) stop there (ties: smaller :math:`A^2`); a candidate without p-value goes ahead
    of the leader when its :math:`A^2` is smaller. A threshold model is eligible only when its
    likelihood-ratio test against the model without threshold has p < 0.05 (Minitab's LRT).

    References
    ----------
    .. [1] ISO 22514-2:2017, *Statistical methods in process management - Capability and
       performance - Part 2: Process capability and performance of time-dependent process
       models*.
    .. [2] J. A. Clements, "Process capability calculations for non-normal distributions",
       *Quality Progress* 22(9), 1989, 95-100.
    .. [3] Y.-M. Chou, A. M. Polansky and R. L. Mason, "Transforming non-normal data to
       normality in statistical process control", *Journal of Quality Technology* 30(2),
       1998, 133-141.
    .. [4] J. F. Slifker and S. S. Shapiro, "The Johnson system: selection and parameter
       estimation", *Technometrics* 22(2), 1980, 239-246.
    .. [5] G. E. P. Box and D. R. Cox, "An analysis of transformations", *Journal of the
       Royal Statistical Society B* 26(2), 1964, 211-252.
    .. [6] R. B. D'Agostino and M. A. Stephens (eds.), *Goodness-of-Fit Techniques*, Marcel
       Dekker, 1986, chapter 4.
    .. [7] Minitab 21 Support, "Methods and formulas for Nonnormal Capability Analysis" and
       "Z-score method for nonnormal capability".

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import stats
    >>> from opsmodels.sixsigma import nonnormal_capability
    >>> x = stats.weibull_min.ppf((np.arange(1, 201) - 0.5) / 200, 1.5, scale=2.0)
    >>> r = nonnormal_capability(x, usl=10.0, method="percentile", distribution="weibull_min")
    >>> r.distribution, round(r.parameters["c"], 3), round(r.ppk, 3)
    ('weibull_min', 1.505, 1.55)
    >>> r = nonnormal_capability(x, usl=10.0)
    >>> r.method
    'percentile'
    >>> r.reason.split(":")[0]
    'weibull_min'
    """
    check(
        _FUNC,
        "method",
        method,
        OneOf("auto", "normal", "boxcox", "johnson", "percentile", "nonparametric"),
    )
    check(_FUNC, "indices", indices, OneOf("iso", "zscore"))
    check(
        _FUNC,
        "quantile_method",
        quantile_method,
        OneOf("weibull", "hazen", "linear", "median_unbiased", "normal_unbiased"),
    )
    check(_FUNC, "pvalues", pvalues, OneOf("table", "monte_carlo"))
    check(_FUNC, "n_resamples", n_resamples, Interval(1, None, integer=True))
    alpha = as_scalar(_FUNC, "normality_alpha", normality_alpha, Interval(0, 1, closed="neither"))
    pvalue_criterion = as_scalar(
        _FUNC, "pvalue_criterion", pvalue_criterion, Interval(0, 1, closed="neither")
    )
    check(_FUNC, "lam", lam, [OneOf("mle", "rounded"), Interval(-5, 5)])
    lsl_ = _scalar_or_none("lsl", lsl)
    usl_ = _scalar_or_none("usl", usl)
    target_ = _scalar_or_none("target", target)
    if lsl_ is None and usl_ is None:
        raise invalid(_FUNC, "usl", "given when lsl is None (at least one limit is needed)", None)
    if lsl_ is not None and usl_ is not None and not lsl_ < usl_:
        raise invalid(_FUNC, "lsl", f"< usl ({usl_!r})", lsl_)
    low = -math.inf if lsl_ is None else lsl_
    high = math.inf if usl_ is None else usl_
    if target_ is not None and not low <= target_ <= high:
        raise invalid(_FUNC, "target", f"in [lsl, usl] = [{low!r}, {high!r}]", target_)
    check(
        _FUNC,
        "sigma_method",
        sigma_method,
        OneOf("auto", "pooled", "rbar", "sbar", "moving_range", "median_moving_range", "mssd"),
    )
    rng = as_generator(_FUNC, rng)
    if isinstance(candidates, str | bytes) or not isinstance(candidates, Sequence):
        raise invalid(_FUNC, "candidates", "a sequence of distribution names", candidates)
    names = [_canonical(c) if isinstance(c, str) else c for c in candidates]
    for c in names:
        check(_FUNC, "candidates", c, OneOf(*DEFAULT_CANDIDATES))
    if not names:
        raise invalid(_FUNC, "candidates", "a non-empty sequence of distribution names", [])
    if distribution is not None and not isinstance(
        distribution, stats.rv_continuous | stats.distributions.rv_frozen
    ):
        check(
            _FUNC,
            "distribution",
            _canonical(distribution) if isinstance(distribution, str) else distribution,
            OneOf(*DEFAULT_CANDIDATES),
        )
    if isinstance(distribution, stats.distributions.rv_frozen) and not isinstance(
        distribution.dist, stats.rv_continuous
    ):
        raise invalid(_FUNC, "distribution", "a continuous distribution", distribution)

    min_size = {"johnson": 5}.get(method, 3)
    if (
        method == "percentile"
        and isinstance(distribution, str)
        and (_canonical(distribution) in _THREE)
    ):
        min_size = 4
    x = as_float_array(_FUNC, "data", data, nan_policy=nan_policy, ndim=1, min_size=min_size)
    if not np.ptp(x) > 0:
        raise invalid(_FUNC, "data", "a sample with some variation", "<constant data>")
    labels = _subgroup_labels(data, subgroup)
    normality = normality_test(x)
    observed = _observed_ppm(x, lsl_, usl_)

    context = _Context(x, lsl_, usl_, target_, labels, sigma_method, normality, observed)
    rows: list[dict[str, Any]] = []
    if method == "normal":
        return context.normal_scale(
            _identity(), "normal", f"normal method requested: {_normal_sentence(normality)}", rows
        )
    if method == "boxcox":
        _check_positive(x, "method='boxcox' (the Box-Cox transformation needs positive values)")
        _check_limits_positive(lsl_, usl_, "method='boxcox'")
        t = _boxcox(x, None if lam == "mle" else lam)
        rows.append(_fit_row("boxcox", t))
        reason = (
            f"Box-Cox requested: lambda = {t.parameters['lambda']:.4g}"
            f"{' (given)' if isinstance(lam, numbers.Real) else ''}; transformed data "
            f"AD = {t.anderson_darling:.3g}, p = {_p_text(t.pvalue)}"
        )
        return context.normal_scale(t, "boxcox", reason, rows)
    if method == "johnson":
        t = _johnson(x, quantile_method)
        rows.append(_fit_row(t.name, t))
        reason = _johnson_sentence(t, pvalue_criterion, "Johnson requested")
        return context.normal_scale(t, "johnson", reason, rows)
    if method == "nonparametric":
        return context.nonparametric(quantile_method)
    if method == "percentile" and distribution is not None:
        if isinstance(distribution, str):
            name = _canonical(distribution)
            if name in _POSITIVE or name == "lognorm":
                _check_positive(x, f"distribution={distribution!r}")
            try:
                fit = _fit_candidate(name, x)
            except ArithmeticError as err:
                raise invalid(
                    _FUNC,
                    "distribution",
                    f"a distribution that can be fitted to data ({err})",
                    distribution,
                ) from None
        else:
            fit = _fit_given(distribution, x)
        rows.append(_fit_row(fit.name, fit))
        reason = (
            f"percentile method requested with {fit.name} "
            f"({'fitted by maximum likelihood' if fit.n_parameters else 'as given'}); "
            f"AD = {fit.anderson_darling:.3g}"
            + (
                f", p {fit.pvalue_text if fit.pvalue_text[0] in '<>' else '= ' + fit.pvalue_text}"
                if fit.pvalue_text
                else ""
            )
        )
        return context.percentile(fit, indices, reason, rows)

    # auto, or percentile with the distribution to be chosen
    if method == "auto" and normality.pvalue > alpha:
        reason = (
            f"data are consistent with normality ({_normal_sentence(normality)} > "
            f"normality_alpha = {alpha:g}): normal capability"
        )
        return context.normal_scale(_identity(), "normal", reason, rows)
    fits: dict[str, _Fit | _Transform] = {}
    positive = bool(np.all(x > 0))
    for name in dict.fromkeys(names):
        if (name in _POSITIVE or name == "lognorm") and not positive:
            rows.append(_fit_row(name, None, "needs data > 0"))
            continue
        if name in _THREE and name != "expon2" and x.size < 4:
            rows.append(_fit_row(name, None, "needs at least 4 values"))
            continue
        try:
            fit = _fit_candidate(name, x)
        except (ArithmeticError, ValueError) as err:
            rows.append(_fit_row(name, None, f"fit failed: {err}"))
            continue
        # expon2 is not a maximum likelihood fit (whose threshold sits on the minimum and
        # would make every simulated statistic infinite), so it gets no Monte Carlo p-value
        if fit.pvalue is None and pvalues == "monte_carlo" and name != "expon2":
            p = _mc_pvalue(fit, x, n_resamples, rng)
            fit = _Fit(
                fit.name,
                fit.frozen,
                fit.parameters,
                fit.n_parameters,
                fit.log_likelihood,
                fit.anderson_darling,
                p,
                _p_text(p),
            )
        fits[name] = fit
        rows.append(_fit_row(name, fit))
    if method == "auto":
        if positive and all(v is None or v > 0 for v in (lsl_, usl_)):
            fits["boxcox"] = _boxcox(x, None if lam == "mle" else lam)
            rows.append(_fit_row("boxcox", fits["boxcox"]))
        else:
            rows.append(_fit_row("boxcox", None, "needs data and limits > 0"))
        if x.size >= 5:
            try:
                fits["johnson"] = _johnson(x, quantile_method)
                rows.append(_fit_row("johnson", fits["johnson"]))
            except InvalidInputError:
                rows.append(_fit_row("johnson", None, "no valid Johnson transformation"))
    frame = _fits_frame(rows)
    order = _choose(frame)
    if not order:
        raise invalid(_FUNC, "data", "a sample that some candidate model fits", x)
    best = order[0]
    runner = order[1] if len(order) > 1 else None
    chosen = fits[best]
    crit = (
        "highest Anderson-Darling p-value"
        if frame.loc[best, "pvalue_text"]
        else "smallest Anderson-Darling statistic"
    )
    reason = (
        f"{chosen.name if isinstance(chosen, _Transform) else best}: {crit} "
        f"({_describe_fit(frame.loc[best])}) among {len(order)} eligible models"
    )
    if runner is not None:
        reason += f"; runner-up {runner} ({_describe_fit(frame.loc[runner])})"
    reason += f"; data are not normal (AD p = {normality.pvalue:.3g})" if method == "auto" else ""
    if isinstance(chosen, _Transform):
        if chosen.family is not None and chosen.pvalue <= pvalue_criterion:
            reason += f"; no Johnson transformation reaches p > {pvalue_criterion:g}"
        return context.normal_scale(
            chosen, "boxcox" if chosen.family is None else "johnson", reason, rows
        )
    return context.percentile(chosen, indices, reason, rows)


def _normal_sentence(normality: NormalityTestResult) -> str:
    return f"AD = {normality.statistic:.3g}, p = {normality.pvalue:.3g}"


def _johnson_sentence(t: _Transform, criterion: float, head: str) -> str:
    text = (
        f"{head}: {t.family} family (z = {t.parameters['z']:.2f}) gives the highest "
        f"Anderson-Darling p-value of the transformed data (AD = {t.anderson_darling:.3g}, "
        f"p = {_p_text(t.pvalue)})"
    )
    if t.pvalue <= criterion:
        text += f"; no transformation reaches p > {criterion:g}, so normality is doubtful"
    return text


def _check_limits_positive(lsl: float | None, usl: float | None, what: str) -> None:
    for name, value in (("lsl", lsl), ("usl", usl)):
        if value is not None and value <= 0:
            raise invalid(_FUNC, name, f"> 0 for {what} (the limits are transformed too)", value)


def _identity() -> _Transform:
    return _Transform(
        "normal",
        lambda v: np.asarray(v, dtype=np.float64),
        lambda v: np.asarray(v, dtype=np.float64),
        {},
        None,
        math.nan,
        math.nan,
        math.nan,
    )


def _subgroup_labels(data: Any, subgroup: Any) -> Any:
    if subgroup is None:
        return None
    raw = (
        data.to_numpy(dtype=np.float64, na_value=np.nan)
        if isinstance(data, pd.Series)
        else np.asarray(data, dtype=np.float64)
    )
    labels = subgroup.to_numpy() if isinstance(subgroup, pd.Series) else np.asarray(subgroup)
    if labels.shape != raw.shape:
        raise invalid(
            _FUNC, "subgroup", f"one label per value ({raw.size})", f"<{labels.size} labels>"
        )
    return labels[~np.isnan(raw)]


def _fits_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).set_index("candidate")
    frame["eligible"] = frame["eligible"].astype(bool)
    # threshold models: likelihood-ratio test against the model without threshold
    for three, two in _THREE.items():
        if three in frame.index and two in frame.index:
            ll3 = float(frame.at[three, "log_likelihood"])  # type: ignore[arg-type]
            ll2 = float(frame.at[two, "log_likelihood"])  # type: ignore[arg-type]
            if np.isfinite(ll3) and np.isfinite(ll2):
                p = float(stats.chi2.sf(max(2.0 * (ll3 - ll2), 0.0), 1))
                frame.loc[three, "lrt_pvalue"] = p
                if p >= 0.05 and frame.loc[three, "eligible"]:
                    frame.loc[three, "eligible"] = False
                    frame.loc[three, "note"] = (
                        f"threshold not significant (LRT p = {p:.3f} >= 0.05 against {two})"
                    )
    return frame


@dataclass(frozen=True, slots=True)
class _Context:
    """Validated inputs shared by the methods."""

    x: FloatArray
    lsl: float | None
    usl: float | None
    target: float | None
    labels: Any
    sigma_method: str
    normality: NormalityTestResult
    observed: float

    def _result(self, **fields: Any) -> NonNormalCapabilityResult:
        ppl, ppu = fields["ppl"], fields["ppu"]
        below, above = fields.pop("ppm_below"), fields.pop("ppm_above")
        return NonNormalCapabilityResult(
            ppk=_combine(ppl, ppu),
            ppm_below=below,
            ppm_above=above,
            ppm_total=below + above,
            ppm_observed=self.observed,
            n=int(self.x.size),
            normality=self.normality,
            lsl=self.lsl,
            usl=self.usl,
            target=self.target,
            **fields,
        )

    def normal_scale(
        self, t: _Transform, method: str, reason: str, rows: list[dict[str, Any]]
    ) -> NonNormalCapabilityResult:
        from opsmodels.sixsigma._capability import capability

        y = np.asarray(t.forward(self.x), dtype=np.float64)
        tl = None if self.lsl is None else float(t.forward(np.array([self.lsl]))[0])
        tu = None if self.usl is None else float(t.forward(np.array([self.usl]))[0])
        finite_l = tl if tl is not None and math.isfinite(tl) else None
        finite_u = tu if tu is not None and math.isfinite(tu) else None
        if finite_l is None and finite_u is None:  # both limits beyond a bounded support:
            finite_u = float(y.max()) + 1.0  # any limit serves to obtain the sigmas
        kwargs: dict[str, Any] = {"sigma_method": self.sigma_method}
        if self.labels is not None:
            kwargs["subgroup"] = self.labels
        cap: Any = capability(y, lsl=finite_l, usl=finite_u, **kwargs)
        mean, sw, so = float(cap.mean), float(cap.sigma_within), float(cap.sigma_overall)
        with np.errstate(all="ignore"):
            cpl = None if tl is None else _ratio(mean - tl, 3 * sw)
            cpu = None if tu is None else _ratio(tu - mean, 3 * sw)
            ppl = None if tl is None else _ratio(mean - tl, 3 * so)
            ppu = None if tu is None else _ratio(tu - mean, 3 * so)
            both = tl is not None and tu is not None
            cp = _ratio(tu - tl, 6 * sw) if both else None  # type: ignore[operator]
            pp = _ratio(tu - tl, 6 * so) if both else None  # type: ignore[operator]
            below = 0.0 if tl is None else 1e6 * float(special.ndtr((tl - mean) / so))
            above = 0.0 if tu is None else 1e6 * float(special.ndtr((mean - tu) / so))
            qs = t.inverse(mean + so * np.array([-3.0, 0.0, 3.0]))
        percentiles = dict(zip(_ISO_PROBS, (float(v) for v in qs), strict=True))
        if method == "normal":
            rows = [_fit_row("norm", _evaluate("norm", stats.norm, (mean, so), 2, self.x))]
        frame = _fits_frame(rows)
        ad = None if method == "normal" else t.anderson_darling
        pv = None if method == "normal" else t.pvalue
        if method == "normal":
            ad, pv = self.normality.statistic, self.normality.pvalue
        distribution = {"normal": "norm", "boxcox": "boxcox"}.get(method, t.name)
        params = {"loc": mean, "scale": so} if method == "normal" else dict(t.parameters)
        return self._result(
            method=method,
            reason=reason,
            distribution=distribution,
            parameters=params,
            pp=pp,
            ppl=ppl,
            ppu=ppu,
            cp=cp,
            cpl=cpl,
            cpu=cpu,
            cpk=_combine(cpl, cpu),
            ppm_below=below,
            ppm_above=above,
            percentiles=percentiles,
            lam=t.parameters.get("lambda") if method == "boxcox" else None,
            johnson_family=t.family,
            transformed_lsl=tl if method != "normal" else None,
            transformed_usl=tu if method != "normal" else None,
            anderson_darling=ad,
            anderson_darling_pvalue=pv,
            fits=frame,
            capability=cap,
            index_method="normal",
        )

    def percentile(
        self, fit: _Fit, indices: str, reason: str, rows: list[dict[str, Any]]
    ) -> NonNormalCapabilityResult:
        f = fit.frozen
        with np.errstate(all="ignore"):
            low, mid, high = (float(f.ppf(_P_LOW)), float(f.median()), float(f.isf(_P_LOW)))
            p_below = 0.0 if self.lsl is None else float(f.cdf(self.lsl))
            p_above = 0.0 if self.usl is None else float(f.sf(self.usl))
        if indices == "iso":
            pp, ppl, ppu = _percentile_indices(low, mid, high, self.lsl, self.usl)
        else:
            ppl = None if self.lsl is None else -float(special.ndtri(p_below)) / 3.0
            ppu = None if self.usl is None else -float(special.ndtri(p_above)) / 3.0
            pp = None if ppl is None or ppu is None else (ppl + ppu) / 2.0
        return self._result(
            method="percentile",
            reason=reason,
            distribution=fit.name,
            parameters=dict(fit.parameters),
            pp=pp,
            ppl=ppl,
            ppu=ppu,
            cp=None,
            cpl=None,
            cpu=None,
            cpk=None,
            ppm_below=1e6 * p_below,
            ppm_above=1e6 * p_above,
            percentiles=dict(zip(_ISO_PROBS, (low, mid, high), strict=True)),
            lam=None,
            johnson_family=None,
            transformed_lsl=None,
            transformed_usl=None,
            anderson_darling=fit.anderson_darling,
            anderson_darling_pvalue=fit.pvalue,
            fits=_fits_frame(rows),
            capability=None,
            index_method=indices,
        )

    def nonparametric(self, quantile_method: str) -> NonNormalCapabilityResult:
        qm: Any = quantile_method
        low, mid, high = (
            float(v) for v in np.quantile(self.x, [_P_LOW, _P_MID, _P_HIGH], method=qm)
        )
        pp, ppl, ppu = _percentile_indices(low, mid, high, self.lsl, self.usl)
        n = self.x.size
        below = 0.0 if self.lsl is None else 1e6 * np.count_nonzero(self.x < self.lsl) / n
        above = 0.0 if self.usl is None else 1e6 * np.count_nonzero(self.x > self.usl) / n
        reason = (
            f"nonparametric method requested: empirical percentiles "
            f"(numpy quantile method {quantile_method!r}) of {n} values"
        )
        return self._result(
            method="nonparametric",
            reason=reason,
            distribution="empirical",
            parameters={},
            pp=pp,
            ppl=ppl,
            ppu=ppu,
            cp=None,
            cpl=None,
            cpu=None,
            cpk=None,
            ppm_below=float(below),
            ppm_above=float(above),
            percentiles=dict(zip(_ISO_PROBS, (low, mid, high), strict=True)),
            lam=None,
            johnson_family=None,
            transformed_lsl=None,
            transformed_usl=None,
            anderson_darling=None,
            anderson_darling_pvalue=None,
            fits=_fits_frame([_fit_row("empirical", None, "no model fitted")]),
            capability=None,
            index_method="iso",
        )
