"""Operating-characteristic curves and average run lengths of Shewhart, EWMA and CUSUM charts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeAlias, overload

import numpy as np
import pandas as pd
from scipy import special, stats

from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, OneOf, as_scalar, check, invalid

__all__ = [
    "arl_cusum",
    "arl_ewma",
    "arl_shewhart",
    "oc_curve",
    "oc_curve_c",
    "oc_curve_p",
]

_SHIFT = Interval()  # any finite real

#: What the numeric functions return: the kind of their numeric input.
Out: TypeAlias = "float | FloatArray | pd.Series[float]"
#: A subgroup size: an integer, integers broadcasting with the shifts, or a Series of them.
Sizes: TypeAlias = "int | ArrayLike | pd.Series[Any]"
_CHUNK = 32  # shifts solved together
_ARL_MAX = 1e12  # larger numerical ARLs are reported as inf (see _unique_solve)
_CELLS = 2_000_000  # at most this many matrix entries per batch (16 MB)


def _as_input(func: str, name: str, value: object) -> tuple[Any, FloatArray]:
    """Check a numeric argument (finite reals) and return (original, float array)."""
    check(func, name, value, _SHIFT)
    if isinstance(value, pd.Series):
        return value, value.to_numpy(dtype=np.float64)
    return value, np.asarray(value, dtype=np.float64)


def _like(out: FloatArray, *inputs: object) -> Out:
    """Numeric in, same kind out: float for scalars, Series (index kept) for a Series input."""
    for value in inputs:
        if isinstance(value, pd.Series):
            return pd.Series(np.broadcast_to(out, (len(value),)).copy(), index=value.index)
    if out.ndim == 0:
        return float(out)
    return out


def _unique_solve(
    shift: FloatArray, solve: Callable[[FloatArray], FloatArray], *, symmetric: bool, nodes: int
) -> FloatArray:
    """Evaluate ``solve`` on the distinct shifts only (|shift| when the chart is symmetric)."""
    key = np.abs(shift) if symmetric else shift
    values, inverse = np.unique(key.ravel(), return_inverse=True)
    chunk = max(1, min(_CHUNK, _CELLS // (nodes * nodes)))
    parts = [solve(values[i : i + chunk]) for i in range(0, values.size, chunk)]
    result = np.concatenate(parts) if parts else np.zeros((0,))
    # The linear systems have condition number ~ ARL: beyond _ARL_MAX the solve has no
    # correct digit left (it may even return negative values), so report inf.
    hopeless = ~np.isfinite(result) | (result > _ARL_MAX) | (result < 0.5)
    result = np.where(hopeless, np.inf, np.maximum(result, 1.0))
    return result[inverse].reshape(shift.shape + result.shape[1:])


# --- Shewhart ------------------------------------------------------------------------------


@overload
def oc_curve(shift: pd.Series[float], n: Sizes = ..., *, L: float = ...) -> pd.Series[float]: ...
@overload
def oc_curve(
    shift: float | ArrayLike, n: pd.Series[Any], *, L: float = ...
) -> pd.Series[float]: ...
@overload
def oc_curve(shift: float, n: int = ..., *, L: float = ...) -> float: ...
@overload
def oc_curve(shift: ArrayLike, n: int | ArrayLike = ..., *, L: float = ...) -> FloatArray: ...
def oc_curve(shift: float | ArrayLike | pd.Series[float], n: Sizes = 1, *, L: float = 3.0) -> Out:
    r"""Operating-characteristic curve of the Shewhart X-bar chart: P(no signal on one point).

    Parameters
    ----------
    shift : float, array_like or Series
        Shift of the process mean in units of the process standard deviation sigma (δ).
    n : int or array_like of int
        Subgroup size (>= 1; broadcasts with ``shift``).
    L : float
        Width of the control limits in standard errors (> 0; 3 for the usual 3-sigma limits).

    Returns
    -------
    float, ndarray or Series
        β, the probability that a subgroup mean falls inside the limits (in [0, 1]), in the
        kind of ``shift`` (a Series keeps its index).

    Raises
    ------
    InvalidInputError
        If ``shift`` is not finite, ``n`` is not an integer >= 1 or ``L`` is not > 0.

    Notes
    -----
    .. math:: \beta = \Phi(L - \delta\sqrt n) - \Phi(-L - \delta\sqrt n)

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Chapter 6 (the operating-characteristic function of the X-bar chart).

    Examples
    --------
    >>> round(oc_curve(1.0, 5), 4)  # Montgomery: n = 5, 1-sigma shift, beta ~ 0.78
    0.7775
    >>> oc_curve([0.0, 2.0], 5).round(4)
    array([0.9973, 0.0705])
    """
    d, width = _shewhart_args("oc_curve", shift, n, L)
    beta = np.asarray(special.ndtr(width - d) - special.ndtr(-width - d), dtype=np.float64)
    return _like(np.clip(beta, 0.0, 1.0), shift, n)


def _shewhart_args(func: str, shift: Any, n: Any, L: float) -> tuple[FloatArray, float]:
    """Validated standardized shift delta*sqrt(n) and limit width L."""
    _, delta = _as_input(func, "shift", shift)
    check(func, "n", n, Interval(1, None, integer=True))
    width = as_scalar(func, "L", L, Interval(0, None, closed="neither"))
    size = n.to_numpy(dtype=np.float64) if isinstance(n, pd.Series) else np.asarray(n, float)
    try:
        np.broadcast_shapes(delta.shape, size.shape)
    except ValueError:
        raise invalid(func, "n", f"broadcastable with shift of shape {delta.shape}", size) from None
    return np.asarray(delta * np.sqrt(size), dtype=np.float64), width


@overload
def arl_shewhart(
    shift: pd.Series[float], n: Sizes = ..., *, L: float = ...
) -> pd.Series[float]: ...
@overload
def arl_shewhart(
    shift: float | ArrayLike, n: pd.Series[Any], *, L: float = ...
) -> pd.Series[float]: ...
@overload
def arl_shewhart(shift: float, n: int = ..., *, L: float = ...) -> float: ...
@overload
def arl_shewhart(shift: ArrayLike, n: int | ArrayLike = ..., *, L: float = ...) -> FloatArray: ...
def arl_shewhart(
    shift: float | ArrayLike | pd.Series[float], n: Sizes = 1, *, L: float = 3.0
) -> Out:
    r"""Average run length of the Shewhart X-bar (or individuals) chart.

    Parameters
    ----------
    shift : float, array_like or Series
        Shift of the process mean in units of the process standard deviation (δ).
    n : int or array_like of int
        Subgroup size (>= 1; 1 for an individuals chart).
    L : float
        Width of the control limits in standard errors (> 0).

    Returns
    -------
    float, ndarray or Series
        ARL = 1/(1 − β), the expected number of subgroups until a point falls outside the
        limits (>= 1). ``inf`` where the signal probability underflows to 0 (very wide limits).

    Raises
    ------
    InvalidInputError
        If ``shift`` is not finite, ``n`` is not an integer >= 1 or ``L`` is not > 0.

    Notes
    -----
    The signal probability is computed from both tails,
    :math:`1-\beta = \Phi(\delta\sqrt n - L) + \Phi(-L - \delta\sqrt n)`, so the in-control
    ARL is exact: :math:`1/(2\Phi(-3)) = 370.4` for 3-sigma limits.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Chapter 6 (the OC function and ARL of the X-bar chart: ARL0 = 370, and
       ARL1 ~ 4.5 for n = 5 and a 1-sigma shift).

    Examples
    --------
    >>> round(arl_shewhart(0.0), 1)
    370.4
    >>> round(arl_shewhart(1.0, 5), 2)
    4.49
    """
    d, width = _shewhart_args("arl_shewhart", shift, n, L)
    signal = special.ndtr(d - width) + special.ndtr(-width - d)
    with np.errstate(divide="ignore"):
        arl = np.asarray(1.0 / signal, dtype=np.float64)
    return _like(arl, shift, n)


# --- attribute charts ----------------------------------------------------------------------


def _limits(func: str, lcl: object, ucl: object) -> tuple[float, float]:
    low = as_scalar(func, "lcl", lcl, Interval(None, None, allow_inf=True))
    high = as_scalar(func, "ucl", ucl, Interval(None, None, allow_inf=True))
    if not low < high:
        raise invalid(func, "lcl", f"< ucl ({high!r})", low)
    return low, high


@overload
def oc_curve_p(p: float, n: int, *, lcl: float, ucl: float) -> float: ...
@overload
def oc_curve_p(p: pd.Series[float], n: int, *, lcl: float, ucl: float) -> pd.Series[float]: ...
@overload
def oc_curve_p(p: ArrayLike, n: int, *, lcl: float, ucl: float) -> FloatArray: ...
def oc_curve_p(p: float | ArrayLike | pd.Series[float], n: int, *, lcl: float, ucl: float) -> Out:
    r"""Operating-characteristic curve of the fraction-nonconforming (p) chart.

    Parameters
    ----------
    p : float, array_like or Series
        True fraction nonconforming, in [0, 1].
    n : int
        Sample size (>= 1).
    lcl, ucl : float
        Control limits on the fraction nonconforming (``lcl`` may be <= 0: no lower limit).

    Returns
    -------
    float, ndarray or Series
        β = P(LCL < D/n < UCL), the probability that a sample plots inside the limits.

    Raises
    ------
    InvalidInputError
        If ``p`` is outside [0, 1], ``n`` is not an integer >= 1 or ``lcl >= ucl``.

    Notes
    -----
    With :math:`D \sim \text{Binomial}(n, p)` the number of nonconforming units,
    :math:`\beta = P(D < n\,UCL) - P(D \le n\,LCL)`: a point exactly on a limit counts as a
    signal, as in Montgomery's worked OC table.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Chapter 7 (the OC function of the fraction nonconforming chart, worked for
       n = 50, LCL = 0.0303, UCL = 0.3697).

    Examples
    --------
    >>> round(oc_curve_p(0.01, 50, lcl=0.0303, ucl=0.3697), 4)
    0.0894
    """
    func = "oc_curve_p"
    check(func, "p", p, Interval(0, 1))
    check(func, "n", n, Interval(1, None, integer=True))
    low, high = _limits(func, lcl, ucl)
    prob = p.to_numpy(dtype=np.float64) if isinstance(p, pd.Series) else np.asarray(p, float)
    size = int(n)
    upper = np.ceil(size * high) - 1.0  # largest count strictly below n*UCL
    lower = np.floor(size * low) if np.isfinite(low) else -1.0
    beta = stats.binom.cdf(upper, size, prob) - stats.binom.cdf(lower, size, prob)
    return _like(np.clip(np.asarray(beta, dtype=np.float64), 0.0, 1.0), p)


@overload
def oc_curve_c(c: float, *, lcl: float, ucl: float) -> float: ...
@overload
def oc_curve_c(c: pd.Series[float], *, lcl: float, ucl: float) -> pd.Series[float]: ...
@overload
def oc_curve_c(c: ArrayLike, *, lcl: float, ucl: float) -> FloatArray: ...
def oc_curve_c(c: float | ArrayLike | pd.Series[float], *, lcl: float, ucl: float) -> Out:
    r"""Operating-characteristic curve of the count of nonconformities (c) chart.

    Parameters
    ----------
    c : float, array_like or Series
        True mean number of nonconformities per inspection unit (>= 0).
    lcl, ucl : float
        Control limits on the count (``lcl`` may be <= 0: no lower limit).

    Returns
    -------
    float, ndarray or Series
        β = P(LCL < X < UCL) for :math:`X \sim \text{Poisson}(c)`.

    Raises
    ------
    InvalidInputError
        If ``c`` is negative or not finite, or ``lcl >= ucl``.

    Notes
    -----
    :math:`\beta = P(X < UCL) - P(X \le LCL)` (a count on a limit is a signal).

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Chapter 7 (the OC function of the c chart, worked for LCL = 6.48,
       UCL = 33.22).

    Examples
    --------
    >>> round(oc_curve_c(20.0, lcl=6.48, ucl=33.22), 4)
    0.9971
    """
    func = "oc_curve_c"
    check(func, "c", c, Interval(0, None))
    low, high = _limits(func, lcl, ucl)
    mean = c.to_numpy(dtype=np.float64) if isinstance(c, pd.Series) else np.asarray(c, float)
    upper = np.ceil(high) - 1.0
    lower = np.floor(low) if np.isfinite(low) else -1.0
    beta = stats.poisson.cdf(upper, mean) - stats.poisson.cdf(lower, mean)
    return _like(np.clip(np.asarray(beta, dtype=np.float64), 0.0, 1.0), c)


# --- EWMA ----------------------------------------------------------------------------------


def _ewma_integral(delta: FloatArray, lam: float, h: float, nodes: int) -> FloatArray:
    t, wt = np.polynomial.legendre.leggauss(nodes)
    y, w = h * t, h * wt
    # K[s, i, j] = w_j / lam * phi((y_j - (1 - lam) y_i) / lam - delta_s)
    arg = (y[None, :] - (1.0 - lam) * y[:, None]) / lam
    kernel = (w / lam) * stats.norm.pdf(arg[None, :, :] - delta[:, None, None])
    system = np.eye(nodes)[None, :, :] - kernel
    arl_nodes = np.linalg.solve(system, np.ones((delta.size, nodes, 1)))[..., 0]
    start = (w / lam) * stats.norm.pdf(y[None, :] / lam - delta[:, None])
    return np.asarray(1.0 + np.sum(start * arl_nodes, axis=1), dtype=np.float64)


def _ewma_markov(delta: FloatArray, lam: float, h: float, states: int) -> FloatArray:
    m = states if states % 2 else states + 1  # odd: one state centred on the target
    width = 2.0 * h / m
    c = -h + (np.arange(m) + 0.5) * width
    hi = (c[None, :] + width / 2 - (1.0 - lam) * c[:, None]) / lam
    lo = (c[None, :] - width / 2 - (1.0 - lam) * c[:, None]) / lam
    d = delta[:, None, None]
    prob = special.ndtr(hi[None] - d) - special.ndtr(lo[None] - d)
    system = np.eye(m)[None, :, :] - prob
    arl = np.linalg.solve(system, np.ones((delta.size, m, 1)))[..., 0]
    return np.asarray(arl[:, m // 2], dtype=np.float64)


@overload
def arl_ewma(
    shift: float,
    *,
    lam: float,
    L: float,
    method: Literal["integral", "markov"] = ...,
    nodes: int | None = ...,
) -> float: ...
@overload
def arl_ewma(
    shift: pd.Series[float],
    *,
    lam: float,
    L: float,
    method: Literal["integral", "markov"] = ...,
    nodes: int | None = ...,
) -> pd.Series[float]: ...
@overload
def arl_ewma(
    shift: ArrayLike,
    *,
    lam: float,
    L: float,
    method: Literal["integral", "markov"] = ...,
    nodes: int | None = ...,
) -> FloatArray: ...
def arl_ewma(
    shift: float | ArrayLike | pd.Series[float],
    *,
    lam: float,
    L: float,
    method: Literal["integral", "markov"] = "integral",
    nodes: int | None = None,
) -> Out:
    r"""Zero-state average run length of the two-sided EWMA chart for a shift in the mean.

    Parameters
    ----------
    shift : float, array_like or Series
        Shift of the mean in units of the standard deviation of the plotted observations (δ;
        for subgroup means, the standard error).
    lam : float
        Smoothing constant λ, in (0, 1] (λ = 1 is the Shewhart chart).
    L : float
        Limit width (> 0): the chart signals when :math:`|z_i| > L\sigma\sqrt{\lambda/(2-\lambda)}`
        (the asymptotic limits used by Lucas and Saccucci).
    method : {"integral", "markov"}
        ``"integral"``: Crowder's integral equation solved by the Nyström method with
        Gauss-Legendre quadrature (default; relative error ~1e-9 with the default nodes);
        ``"markov"``: the Markov-chain approximation of Lucas and Saccucci (odd number of
        states; relative error of order 1/states^2, about 1e-3 with the default).
    nodes : int, optional
        Quadrature nodes (integral) or chain states (markov), >= 8. Default: 96 nodes or
        301 states, raised to 6h/λ for small λ (the transition kernel is λ wide), at most
        1500; λ below ~1e-4 needs more than that cap.

    Returns
    -------
    float, ndarray or Series
        Expected number of points until the first signal, the EWMA starting at the target.
        ``inf`` where the ARL exceeds 1e12 (beyond what the linear solve resolves in double
        precision).

    Raises
    ------
    InvalidInputError
        If ``shift`` is not finite, ``lam`` outside (0, 1], ``L`` <= 0, ``method`` unknown or
        ``nodes`` < 8.

    Notes
    -----
    With :math:`z_i = (1-\lambda)z_{i-1} + \lambda x_i`, :math:`x_i \sim N(\delta, 1)`,
    :math:`z_0 = 0` and :math:`h = L\sqrt{\lambda/(2-\lambda)}`, the ARL from state u solves

    .. math:: A(u) = 1 + \frac{1}{\lambda}\int_{-h}^{h}
              \phi\!\left(\frac{y-(1-\lambda)u}{\lambda} - \delta\right) A(y)\,dy,

    and the answer is A(0). The chart is symmetric: ARL(δ) = ARL(−δ). Work grows as
    nodes^3 per distinct |shift| (a million identical shifts cost one solve).

    References
    ----------
    .. [1] S. V. Crowder, "A simple method for studying run-length distributions of
       exponentially weighted moving average charts", *Technometrics* 29(4), 1987, 401-407.
       doi:10.1080/00401706.1987.10488267
    .. [2] J. M. Lucas and M. S. Saccucci, "Exponentially weighted moving average control
       schemes: properties and enhancements", *Technometrics* 32(1), 1990, 1-12.
       doi:10.1080/00401706.1990.10484583
    .. [3] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Chapter 9 (ARLs of EWMA schemes, adapted from Lucas and Saccucci).

    Examples
    --------
    >>> round(arl_ewma(0.0, lam=0.1, L=2.814))
    500
    >>> arl_ewma([0.5, 1.0], lam=0.1, L=2.814).round(1)
    array([31.3, 10.3])
    """
    func = "arl_ewma"
    _, delta = _as_input(func, "shift", shift)
    smoothing = as_scalar(func, "lam", lam, Interval(0, 1, closed="right"))
    width = as_scalar(func, "L", L, Interval(0, None, closed="neither"))
    check(func, "method", method, OneOf("integral", "markov"))
    check(func, "nodes", nodes, [Interval(8, None, integer=True), OneOf(None)])
    h = width * np.sqrt(smoothing / (2.0 - smoothing))
    if nodes is not None:
        count = int(nodes)
    else:  # the kernel is lam wide on an interval 2h long: keep several nodes per width
        default = 96 if method == "integral" else 301
        count = int(min(max(default, np.ceil(3.0 * 2.0 * h / smoothing)), 1500))
    solver = _ewma_integral if method == "integral" else _ewma_markov
    arl = _unique_solve(
        delta, lambda d: solver(d, smoothing, h, count), symmetric=True, nodes=count
    )
    return _like(arl, shift)


# --- CUSUM ---------------------------------------------------------------------------------


def _cusum_integral(delta: FloatArray, k: float, h: float, start: float, nodes: int) -> FloatArray:
    """One-sided upper CUSUM ARLs from 0 and from ``start`` (columns) by Page's integral
    equation (Nystrom method, Gauss-Legendre)."""
    t, wt = np.polynomial.legendre.leggauss(nodes)
    u, w = h * (t + 1.0) / 2.0, h * wt / 2.0
    points = np.concatenate(([0.0], u))  # unknowns: L(0), L(u_1..u_N)
    shift = k - delta[:, None, None]  # k - delta
    # L(x) - Phi(k - delta - x) L(0) - sum_j w_j phi(u_j + k - delta - x) L(u_j) = 1
    system = np.broadcast_to(np.eye(nodes + 1), (delta.size, nodes + 1, nodes + 1)).copy()
    system[:, :, 0] -= special.ndtr(shift[:, :, 0] - points[None, :])
    system[:, :, 1:] -= w * stats.norm.pdf(u[None, None, :] + shift - points[None, :, None])
    arl = np.linalg.solve(system, np.ones((delta.size, nodes + 1, 1)))[..., 0]
    if start == 0.0:
        return np.stack([arl[:, 0], arl[:, 0]], axis=1)
    s = k - delta
    at_zero = special.ndtr(s - start) * arl[:, 0]
    inside = np.sum(w * stats.norm.pdf(u[None, :] + s[:, None] - start) * arl[:, 1:], axis=1)
    return np.stack([arl[:, 0], 1.0 + at_zero + inside], axis=1)


def _cusum_markov(delta: FloatArray, k: float, h: float, start: float, states: int) -> FloatArray:
    """One-sided upper CUSUM ARLs from 0 and from ``start`` by the Brook-Evans chain."""
    width = 2.0 * h / (2 * states - 1)
    i = np.arange(states)
    gap = (i[None, :] - i[:, None]) * width  # centre j minus centre i
    d = (k - delta)[:, None, None]
    prob = special.ndtr(gap[None] + width / 2 + d) - special.ndtr(gap[None] - width / 2 + d)
    prob[:, :, 0] = special.ndtr(width / 2 - i[None, :] * width + d[:, :, 0])
    system = np.eye(states)[None, :, :] - prob
    arl = np.linalg.solve(system, np.ones((delta.size, states, 1)))[..., 0]
    first = min(int(np.floor(start / width + 0.5)), states - 1)
    return np.stack([arl[:, 0], arl[:, first]], axis=1)


def _siegmund(delta: FloatArray, k: float, h: float) -> FloatArray:
    b = h + 1.166
    drift = delta - k
    safe = np.where(drift == 0.0, 1.0, drift)
    with np.errstate(over="ignore"):
        value = (np.exp(-2.0 * safe * b) + 2.0 * safe * b - 1.0) / (2.0 * safe**2)
    # the approximation can dip below 1 for small h and large drift; a run lasts >= 1 point
    return np.asarray(np.maximum(np.where(drift == 0.0, b * b, value), 1.0), dtype=np.float64)


def _two_sided(up0: FloatArray, ups: FloatArray, low0: FloatArray, lows: FloatArray) -> FloatArray:
    """Lucas & Crosier's two-sided ARL from the one-sided ARLs from 0 and from the head start:
    (L+(s) L-(0) + L+(0) L-(s) - L+(0) L-(0)) / (L+(0) + L-(0)); 1/(1/L+ + 1/L-) when s = 0."""
    with np.errstate(invalid="ignore", over="ignore"):
        value = (ups * low0 + up0 * lows - up0 * low0) / (up0 + low0)
    value = np.where(np.isinf(low0), ups, value)
    value = np.where(np.isinf(up0), lows, value)
    value = np.where(np.isinf(up0) & np.isinf(low0), np.inf, value)
    return np.asarray(np.maximum(value, 1.0), dtype=np.float64)  # a run lasts >= 1 point


@overload
def arl_cusum(
    shift: float,
    *,
    k: float,
    h: float,
    head_start: float = ...,
    method: Literal["integral", "markov", "siegmund"] = ...,
    sides: Literal["two", "upper", "lower"] = ...,
    nodes: int | None = ...,
) -> float: ...
@overload
def arl_cusum(
    shift: pd.Series[float],
    *,
    k: float,
    h: float,
    head_start: float = ...,
    method: Literal["integral", "markov", "siegmund"] = ...,
    sides: Literal["two", "upper", "lower"] = ...,
    nodes: int | None = ...,
) -> pd.Series[float]: ...
@overload
def arl_cusum(
    shift: ArrayLike,
    *,
    k: float,
    h: float,
    head_start: float = ...,
    method: Literal["integral", "markov", "siegmund"] = ...,
    sides: Literal["two", "upper", "lower"] = ...,
    nodes: int | None = ...,
) -> FloatArray: ...
def arl_cusum(
    shift: float | ArrayLike | pd.Series[float],
    *,
    k: float,
    h: float,
    head_start: float = 0.0,
    method: Literal["integral", "markov", "siegmund"] = "integral",
    sides: Literal["two", "upper", "lower"] = "two",
    nodes: int | None = None,
) -> Out:
    r"""Average run length of the tabular CUSUM for a shift in the mean.

    Parameters
    ----------
    shift : float, array_like or Series
        Shift of the mean in units of sigma (δ).
    k : float
        Reference value in sigmas (K = kσ, >= 0; 0.5 detects a 1-sigma shift).
    h : float
        Decision interval in sigmas (H = hσ, > 0).
    head_start : float
        Starting value of the cumulative sums in sigmas, in [0, h) (fast initial response;
        ``h / 2`` is the usual 50 % head start). Not available with ``method="siegmund"``.
    method : {"integral", "markov", "siegmund"}
        ``"integral"``: Page's integral equation solved by the Nyström method with
        Gauss-Legendre quadrature (default; ~1e-6 relative with the default 64 nodes);
        ``"markov"``: the Brook and Evans Markov chain (error of order 1/states^2, default
        400 states); ``"siegmund"``: Siegmund's closed-form approximation.
    sides : {"two", "upper", "lower"}
        The two-sided scheme (signal when either sum exceeds h) or one one-sided sum.
    nodes : int, optional
        Quadrature nodes or chain states (>= 8).

    Returns
    -------
    float, ndarray or Series
        Expected number of points until the first signal. With the integral or Markov
        methods, ``inf`` where a one-sided ARL exceeds 1e12 (beyond what the linear solve
        resolves in double precision; the two-sided ARL is then the other side's).

    Raises
    ------
    InvalidInputError
        If ``shift`` is not finite, ``k`` < 0, ``h`` <= 0, ``head_start`` outside [0, h),
        an unknown ``method`` or ``sides``, ``nodes`` < 8, or a head start with
        ``method="siegmund"``.

    Notes
    -----
    Upper sum :math:`C_i^+ = \max(0, C_{i-1}^+ + x_i - k)`, :math:`x_i \sim N(\delta, 1)`,
    signal when :math:`C_i^+ > h`. Its ARL from :math:`C_0^+ = u` solves Page's equation

    .. math:: A(u) = 1 + A(0)\,\Phi(k-\delta-u) + \int_0^h \phi(y+k-\delta-u)\,A(y)\,dy.

    The lower sum behaves as the upper one with δ replaced by −δ. The two-sided ARL combines
    the one-sided ARLs from 0 and from the head start s (Lucas and Crosier's relation):

    .. math:: ARL = \frac{L^+(s)L^-(0) + L^+(0)L^-(s) - L^+(0)L^-(0)}{L^+(0) + L^-(0)},

    which without head start is :math:`1/ARL = 1/L^+ + 1/L^-`. It is exact when the two sums
    cannot be positive at the same time (k large enough) and a close approximation for the
    usual k = 0.5 (Montgomery's two-sided tables are reproduced to their 3 digits); it is
    floored at 1 point. Siegmund: with :math:`\Delta = \pm\delta - k` and
    :math:`b = h + 1.166`, :math:`ARL = (e^{-2\Delta b} + 2\Delta b - 1)/(2\Delta^2)`
    (:math:`b^2` when :math:`\Delta = 0`), floored at 1 (for small h and large shifts the
    approximation would fall below one point).

    References
    ----------
    .. [1] E. S. Page, "Continuous inspection schemes", *Biometrika* 41(1/2), 1954, 100-115.
    .. [2] D. Brook and D. A. Evans, "An approach to the probability distribution of cusum
       run length", *Biometrika* 59(3), 1972, 539-549. doi:10.1093/biomet/59.3.539
    .. [3] D. Siegmund, *Sequential Analysis: Tests and Confidence Intervals*, Springer, 1985.
    .. [5] J. M. Lucas and R. B. Crosier, "Fast initial response for CUSUM quality-control
       schemes: give your CUSUM a head start", *Technometrics* 24(3), 1982, 199-205.
       doi:10.1080/00401706.1982.10487759
    .. [4] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 9.1 (Table 9.3, two-sided ARLs for k = 0.5, h = 4 and 5; Siegmund's
       approximation, Eq. 9.8).

    Examples
    --------
    >>> round(arl_cusum(0.0, k=0.5, h=4), 0), round(arl_cusum(1.0, k=0.5, h=4), 2)
    (168.0, 8.38)
    >>> round(arl_cusum(0.0, k=0.5, h=5, method="siegmund", sides="upper"), 1)
    938.2
    """
    func = "arl_cusum"
    _, delta = _as_input(func, "shift", shift)
    ref = as_scalar(func, "k", k, Interval(0, None))
    limit = as_scalar(func, "h", h, Interval(0, None, closed="neither"))
    start = as_scalar(func, "head_start", head_start, Interval(0, limit, closed="left"))
    check(func, "method", method, OneOf("integral", "markov", "siegmund"))
    check(func, "sides", sides, OneOf("two", "upper", "lower"))
    check(func, "nodes", nodes, [Interval(8, None, integer=True), OneOf(None)])
    if method == "siegmund" and start != 0.0:
        raise invalid(func, "head_start", "0 with method='siegmund'", head_start)
    if method == "siegmund":

        def one_sided(d: FloatArray) -> FloatArray:
            value = _siegmund(d, ref, limit)
            return np.stack([value, value], axis=-1)
    else:
        count = int(nodes) if nodes is not None else (64 if method == "integral" else 400)
        solver = _cusum_integral if method == "integral" else _cusum_markov

        def one_sided(d: FloatArray) -> FloatArray:
            return _unique_solve(
                d, lambda s: solver(s, ref, limit, start, count), symmetric=False, nodes=count
            )

    if sides == "upper":
        arl = one_sided(delta)[..., 1]
    elif sides == "lower":
        arl = one_sided(-delta)[..., 1]
    else:
        both = one_sided(np.concatenate([delta.ravel(), -delta.ravel()]))
        upper, lower = both[: delta.size], both[delta.size :]
        arl = _two_sided(upper[:, 0], upper[:, 1], lower[:, 0], lower[:, 1]).reshape(delta.shape)
    return _like(np.asarray(arl, dtype=np.float64), shift)
