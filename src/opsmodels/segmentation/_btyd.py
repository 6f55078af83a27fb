"""Buy-till-you-die models of non-contractual customer bases (BG/NBD, Pareto/NBD) and the
Gamma-Gamma spend model, fitted by maximum likelihood in log space."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd
from scipy import special

from opsmodels._typing import FloatArray, RandomState
from opsmodels._validation import Interval, as_generator, check, invalid
from opsmodels.segmentation._fitting import (
    FittedModel,
    as_values,
    broadcast,
    compress,
    discount_args,
    fit_by_likelihood,
    frame_unit,
    histories,
    summary_columns,
    wrap,
)

__all__ = ["BGNBD", "MBGNBD", "GammaGamma", "ParetoNBD"]

_NONNEG = Interval(0, None)
_COUNT = Interval(0, None, integer=True)
_POSITIVE = Interval(0, None, closed="neither")


def _log_nbd(r: float, alpha: float, x: FloatArray, t: Any) -> FloatArray:
    """log P(x purchases in t) of a Poisson process whose rate is Gamma(r, alpha)."""
    out: FloatArray = (
        special.gammaln(r + x)
        - special.gammaln(r)
        - special.gammaln(x + 1.0)
        + r * np.log(alpha / (alpha + t))
        + special.xlogy(x, t / (alpha + t))
    )
    return out


def _time_scale(T: FloatArray, w: FloatArray) -> float:
    """Times are divided by the weighted mean T while fitting (well-conditioned start)."""
    mean = float(np.sum(w * T) / np.sum(w))
    return mean if mean > 0 else 1.0


def _history_args(
    func: str, frequency: Any, recency: Any, T: Any
) -> tuple[FloatArray, FloatArray, FloatArray]:
    x = as_values(func, "frequency", frequency, _COUNT)
    t_x = as_values(func, "recency", recency, _NONNEG)
    big_t = as_values(func, "T", T, _NONNEG)
    x, t_x, big_t = broadcast(func, frequency=x, recency=t_x, T=big_t)
    if np.any(t_x > big_t):
        raise invalid(func, "recency", "<= T", "<recency above T>")
    if np.any((x > 0) & (t_x <= 0)):
        raise invalid(func, "recency", "> 0 where frequency > 0", "<recency 0>")
    return x, t_x, big_t


def _simulation_setup(
    func: str,
    T: Any,
    n_customers: int | None,
    rng: RandomState,
    *,
    name: str = "T",
    span: Interval = _POSITIVE,
) -> tuple[FloatArray, np.random.Generator]:
    """Observation lengths (``name``: one per customer, or a scalar for ``n_customers``
    customers) and the random generator of a simulator."""
    big_t = as_values(func, name, T, span)
    if n_customers is not None:
        check(func, "n_customers", n_customers, Interval(1, None, integer=True))
        if big_t.ndim != 0:
            raise invalid(func, name, "a scalar when n_customers is given", T)
        big_t = np.full(int(n_customers), float(big_t))
    elif big_t.ndim != 1:
        raise invalid(func, "n_customers", f"given when {name} is a scalar", n_customers)
    return np.asarray(big_t, dtype=np.float64), as_generator(func, rng)


def _histories_frame(
    x: Any, arrivals: Any, window: FloatArray, big_t: FloatArray, gen: np.random.Generator
) -> pd.DataFrame:
    """frequency, recency, T with t_x the x-th of `arrivals` uniform order statistics on
    (0, window]."""
    x = np.asarray(x, dtype=np.float64)
    arrivals = np.asarray(arrivals, dtype=np.float64)
    pos = x > 0
    recency = np.zeros_like(x)
    recency[pos] = window[pos] * gen.beta(x[pos], arrivals[pos] - x[pos] + 1.0)
    return pd.DataFrame({"frequency": x, "recency": recency, "T": big_t})


# Tanh-sinh nodes on (0, 1) in log space: s in [-7, 7] reaches p ~ exp(-pi sinh 7) ~ 1e-750,
# enough for Beta weights with shape parameters down to ~0.02.
_TS_S = np.linspace(-7.0, 7.0, 421)
_TS_H = _TS_S[1] - _TS_S[0]
_TS_U = np.pi * np.sinh(_TS_S)
_TS_LOG_P = -np.logaddexp(0.0, -_TS_U)
_TS_LOG_Q = -np.logaddexp(0.0, _TS_U)
_TS_LOG_JAC = np.log(np.pi * np.cosh(_TS_S)) + _TS_LOG_P + _TS_LOG_Q


def _beta_mean_of_drop(a: float, b: FloatArray, rate: FloatArray, power: FloatArray) -> FloatArray:
    """E[(1 - (1 + p*rate)^(-power)) / p] for p ~ Beta(a, b), by tanh-sinh quadrature.

    This is E[(1 - exp(-lambda p t)) / p] of the BG/NBD with lambda integrated out; used
    where the hypergeometric closed form is singular (a = 1, a + b + x - 1 <= 0) or where
    scipy's hyp2f1 fails (z near 1 with integer c - a - b).
    """
    log_p = _TS_LOG_P[None, :]
    p = np.exp(np.maximum(log_p, -700.0))
    log_w = (
        (a - 1.0) * log_p
        + (b[:, None] - 1.0) * _TS_LOG_Q[None, :]
        + _TS_LOG_JAC[None, :]
        - special.betaln(a, b)[:, None]
    )
    f = -np.expm1(-power[:, None] * np.log1p(p * rate[:, None])) / p
    out: FloatArray = _TS_H * np.sum(np.exp(log_w) * f, axis=1)
    return out


def _log1mexp(d: FloatArray) -> FloatArray:
    """log(1 - exp(d)) for d <= 0 (-inf at d = 0)."""
    d = np.minimum(d, 0.0)
    with np.errstate(divide="ignore"):
        return np.where(d > -0.693, np.log(-np.expm1(d)), np.log1p(-np.exp(d)))


def _one_minus_power_over(s1: Any, log_ratio: FloatArray) -> FloatArray:
    """(1 - exp(s1 * log_ratio)) / s1, with its limit -log_ratio at s1 = 0."""
    if abs(s1) < 1e-12:
        return -log_ratio
    out: FloatArray = -np.expm1(s1 * log_ratio) / s1
    return out


# Gauss-Legendre rule for the discounting integrals (in log time, see _discounted).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(96)
# Beyond 60 / delta the discount factor exp(-delta t) < 1e-26: the integrals stop there.
_DISCOUNT_REACH = 60.0


def _discounted(
    head: Callable[[FloatArray], FloatArray],
    scale: FloatArray,
    delta: float,
    horizon: float,
    limit: Callable[[], FloatArray],
) -> FloatArray:
    r"""Discounted increments of an increasing expectation :math:`f` with :math:`f(0) = 0`,
    per row: :math:`\int_0^H e^{-\delta t}\,df(t) = e^{-\delta H} f(H) +
    \delta\int_0^H e^{-\delta t} f(t)\,dt` (by parts).

    ``head(t)`` evaluates :math:`f` at times of shape (rows, nodes); ``scale`` (rows,) is
    each row's natural time scale; ``limit()`` gives :math:`f(\infty)` (used for
    ``delta = 0`` with an infinite horizon; inf where it diverges). The integral runs in
    :math:`y = \log(1 + t/\text{scale})` by 96-point Gauss-Legendre, up to the horizon or to
    where the discount factor falls below 1e-26.
    """
    n = len(scale)
    if delta == 0.0:
        if math.isinf(horizon):
            return limit()
        return np.asarray(head(np.full((n, 1), horizon)), dtype=np.float64)[:, 0]
    reach = min(horizon, _DISCOUNT_REACH / delta)
    upper = np.log1p(reach / scale)
    y = upper[:, None] * (_GL_X[None, :] + 1.0) / 2.0
    t = scale[:, None] * np.expm1(y)
    weight = np.exp(-delta * t) * scale[:, None] * np.exp(y)
    out: FloatArray = delta * upper / 2.0 * ((weight * head(t)) @ _GL_W)
    if horizon == reach:
        out = out + math.exp(-delta * horizon) * head(np.full((n, 1), horizon))[:, 0]
    return out


def _discount_unique(x: FloatArray, big_t: FloatArray) -> tuple[FloatArray, FloatArray, Any]:
    """Distinct (x, T) pairs (the residual expectations given alive depend on nothing else)
    and the inverse index."""
    ux, ix = np.unique(x.ravel(), return_inverse=True)
    ut, it = np.unique(big_t.ravel(), return_inverse=True)
    keys, inverse = np.unique(ix * len(ut) + it, return_inverse=True)
    return ux[keys // len(ut)], ut[keys % len(ut)], np.asarray(inverse).ravel()


def _times_alive(value: FloatArray, alive: FloatArray) -> FloatArray:
    """value x P(alive), 0 where P(alive) is 0 (even when value is inf)."""
    with np.errstate(invalid="ignore"):
        out: FloatArray = np.where(alive > 0, value * alive, 0.0)
    return out


# --------------------------------------------------------------------------------------
# BG/NBD


def _bgnbd_ll(
    params: FloatArray,
    x: FloatArray,
    t_x: FloatArray,
    T: FloatArray,
    *,
    gradient: bool,
    modified: bool = False,
    distinct: tuple[FloatArray, Any] | None = None,
) -> tuple[FloatArray, FloatArray | None]:
    """Per-history log-likelihood (and its gradient in the natural parameters) of the BG/NBD
    or, with ``modified``, the MBG/NBD (drop-out also possible right after the first
    purchase). The special functions of x are evaluated once per distinct frequency
    (``distinct``: the distinct frequencies and the inverse index, when already known).
    """
    r, alpha, a, b = params
    shift = 1.0 if modified else 0.0
    ux, inv = np.unique(x, return_inverse=True) if distinct is None else distinct
    ubx = b + ux + shift  # b + x (+1)
    u_drop = b + np.maximum(ux - 1.0 + shift, 0.0)  # b + x - 1 (BG, x > 0) or b + x (MBG)
    u_a12 = (
        special.gammaln(r + ux)
        + special.gammaln(ubx)
        - special.gammaln(a + ubx)
        + (special.gammaln(a + b) - special.gammaln(r) - special.gammaln(b) + r * math.log(alpha))
    )
    u_log_drop = np.log(u_drop)
    log_at = np.log(alpha + T)
    log_atx = np.log(alpha + t_x)
    rx = r + x
    a3 = -rx * log_at
    can_drop = np.ones(len(x), dtype=bool) if modified else x > 0
    a4 = np.where(can_drop, math.log(a) - u_log_drop[inv] - rx * log_atx, -np.inf)
    mix = np.logaddexp(a3, a4)
    ll = u_a12[inv] + mix
    if not gradient:
        return ll, None
    p4 = np.exp(a4 - mix)
    p3 = 1.0 - p4
    dig_ab = special.digamma(a + b)
    u_dig_abx = special.digamma(a + ubx)
    u_d0 = special.digamma(r + ux) - special.digamma(r) + math.log(alpha)
    u_d2 = dig_ab - u_dig_abx
    u_d3 = dig_ab + special.digamma(ubx) - special.digamma(b) - u_dig_abx
    grad = np.empty((4, len(x)))
    grad[0] = u_d0[inv] - p3 * log_at - p4 * log_atx
    grad[1] = r / alpha - rx * (p3 / (alpha + T) + p4 / (alpha + t_x))
    grad[2] = u_d2[inv] + p4 / a
    grad[3] = u_d3[inv] - p4 / u_drop[inv]
    return ll, grad


def _bgnbd_boundary(last: dict[str, float]) -> str:
    if last["a"] / (last["a"] + last["b"]) < 1e-3 or min(last["a"], last["b"]) < 1e-4:
        return (
            "no customer appears to have churned: a and b went to 0 (the drop-out "
            "probability collapsed onto 0)"
        )
    if min(last["a"], last["b"]) > 1e3:
        return (
            "the drop-out probability shows no heterogeneity across customers: a and "
            "b ran to infinity"
        )
    return "a parameter ran to the edge of the parameter space"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BGNBD(FittedModel):
    r"""Beta-geometric/NBD model of repeat buying (Fader, Hardie and Lee 2005).

    While active, a customer buys as a Poisson process of rate :math:`\lambda \sim
    \text{Gamma}(r, \alpha)`; after each purchase the customer drops out with probability
    :math:`p \sim \text{Beta}(a, b)`. Build it from known parameters
    (``BGNBD(params={"r": ..., "alpha": ..., "a": ..., "b": ...})``) or estimate them with
    :meth:`fit`.

    Attributes
    ----------
    params : dict
        ``r`` (shape of the purchase-rate gamma), ``alpha`` (its scale, in the time unit of
        the data), ``a`` and ``b`` (the drop-out beta).
    log_likelihood, standard_errors, n_customers
        See :meth:`fit` (None for a model built from given parameters).

    Notes
    -----
    With :math:`x` repeat purchases, the last at :math:`t_x`, observed over :math:`(0, T]`:

    .. math::

        L = \frac{B(a, b+x)}{B(a, b)} \frac{\Gamma(r+x)\alpha^r}{\Gamma(r)(\alpha+T)^{r+x}}
          + \delta_{x>0} \frac{B(a+1, b+x-1)}{B(a, b)}
            \frac{\Gamma(r+x)\alpha^r}{\Gamma(r)(\alpha+t_x)^{r+x}},

    evaluated as a log-sum-exp. Conditional expectations use the Gaussian hypergeometric
    function after Euler's transformation,
    :math:`(1-z)^{r+x}{}_2F_1(r+x, b+x; a+b+x-1; z) = (1-z)^{a-1}{}_2F_1(a+b-1-r, a-1; a+b+x-1; z)`,
    which stays bounded for any frequency. The expectations have a removable singularity
    at :math:`a = 1`.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "'Counting your customers' the easy
       way: an alternative to the Pareto/NBD model", *Marketing Science* 24(2), 2005,
       275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> round(m.expected_purchases(39.0), 3)
    1.197
    >>> round(m.p_alive(frequency=2, recency=30.43, T=38.86), 3)
    0.727
    """

    PARAMS: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")
    _MODIFIED: ClassVar[bool] = False

    @classmethod
    def fit(
        cls,
        frequency: Any,
        recency: Any = None,
        T: Any = None,
        *,
        weights: Any = None,
    ) -> Self:
        r"""Estimate r, alpha, a, b by maximum likelihood.

        Parameters
        ----------
        frequency : array_like or DataFrame
            Repeat purchases :math:`x` per customer, or a :func:`customer_summary` frame
            (columns ``frequency``, ``recency``, ``T``; then leave ``recency`` and ``T`` out).
        recency, T : array_like
            :math:`t_x` and :math:`T` per customer [time unit of the data].
        weights : array_like, optional
            Number of customers with each history (compressed input). Identical histories
            are compressed with counts before fitting in any case.

        Returns
        -------
        BGNBD
            The fitted model with ``log_likelihood``, ``standard_errors`` (from the numerical
            Hessian of the negative log-likelihood at the optimum) and ``n_customers``.

        Raises
        ------
        InvalidInputError
            Bad histories: negative or fractional frequency, recency above T, frequency > 0
            with recency 0, frequency 0 with recency > 0, nobody with a repeat purchase.
        ConvergenceError
            When the likelihood has no interior maximum, typically when no customer appears
            to have churned (``a`` and ``b`` run to 0); the error carries the last estimate.

        Examples
        --------
        >>> truth = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> m = BGNBD.fit(truth.simulate(39.0, n_customers=2000, rng=7))
        >>> sorted(m.params), m.n_customers
        (['a', 'alpha', 'b', 'r'], 2000.0)
        """
        func = f"{cls.__name__}.fit"
        x, t_x, big_t, w = histories(func, frequency, recency, T, weights)
        scale = _time_scale(big_t, w)
        times = {True: (t_x / scale, big_t / scale), False: (t_x, big_t)}
        distinct = np.unique(x, return_inverse=True)

        def loglik(
            p: FloatArray, *, scaled: bool, gradient: bool
        ) -> tuple[FloatArray, FloatArray | None]:
            return _bgnbd_ll(
                p,
                x,
                *times[scaled],
                gradient=gradient,
                modified=cls._MODIFIED,
                distinct=distinct,
            )

        return fit_by_likelihood(
            cls,
            func,
            loglik,
            w,
            scale=scale,
            scaled=("alpha",),
            boundary=_bgnbd_boundary,
            time_unit=frame_unit(frequency),
        )

    def log_likelihood_of(self, frequency: Any, recency: Any, T: Any) -> Any:
        """Log-likelihood of each history under the model (numeric in, same kind out).

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> round(m.log_likelihood_of(0, 0.0, 38.86), 4)
        -0.5547
        """
        x, t_x, big_t = _history_args("BGNBD.log_likelihood_of", frequency, recency, T)
        ll, _ = _bgnbd_ll(
            self._vector(),
            x.ravel(),
            t_x.ravel(),
            big_t.ravel(),
            gradient=False,
            modified=self._MODIFIED,
        )
        return wrap(ll.reshape(x.shape), (frequency, recency, T))

    def _vector(self) -> FloatArray:
        return np.array([self.params[k] for k in self.PARAMS])

    def p_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Probability that a customer with history :math:`(x, t_x, T)` is still active.

        .. math::

            P(\text{alive}) = \left[1 + \delta_{x>0}\frac{a}{b+x-1}
            \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> m.p_alive(0, 0.0, 38.86)
        1.0
        """
        x, t_x, big_t = _history_args("BGNBD.p_alive", frequency, recency, T)
        out = special.expit(-self._log_odds_dead(x, t_x, big_t))
        return wrap(out, (frequency, recency, T))

    def _log_odds_dead(self, x: FloatArray, t_x: FloatArray, big_t: FloatArray) -> FloatArray:
        r, alpha, a, b = self._vector()
        with np.errstate(divide="ignore"):
            return np.where(
                x > 0,
                math.log(a)
                - np.log(b + np.maximum(x - 1.0, 0.0))
                + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x)),
                -np.inf,
            )

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Expected purchases in the next :math:`t` time units of a customer with history
        :math:`(x, t_x, T)` (FHL 2005, eq. 10).

        .. math::

            E[Y(t)\mid x, t_x, T] = \frac{\frac{a+b+x-1}{a-1}\left[1 - (1-z)^{a-1}
            {}_2F_1(a+b-1-r, a-1; a+b+x-1; z)\right]}{1 + \delta_{x>0}\frac{a}{b+x-1}
            \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}}, \quad z = \frac{t}{\alpha+T+t}

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> round(m.conditional_expected_purchases(39, 2, 30.43, 38.86), 3)
        1.226
        """
        func = "BGNBD.conditional_expected_purchases"
        tt = as_values(func, "t", t, _NONNEG)
        x, t_x, big_t = _history_args(func, frequency, recency, T)
        tt, x, t_x, big_t = broadcast(func, t=tt, frequency=x, recency=t_x, T=big_t)
        r, alpha, a, b = self._vector()
        head = _bgnbd_mean(r, alpha, a, b, x, big_t, tt)
        out = head * special.expit(-self._log_odds_dead(x, t_x, big_t))
        return wrap(out, (t, frequency, recency, T))

    def discounted_expected_residual_transactions(
        self,
        frequency: Any,
        recency: Any,
        T: Any,
        *,
        discount_rate: float,
        horizon: float = math.inf,
    ) -> Any:
        r"""Discounted expected residual transactions (DERT) of a customer with history
        :math:`(x, t_x, T)`: the present value, at :math:`T`, of the purchases still to come.

        Parameters
        ----------
        frequency, recency, T : array_like
            The history :math:`(x, t_x, T)` [time unit of the model].
        discount_rate : float
            Continuously compounded discount rate :math:`\delta` per time unit of the model
            (>= 0): a purchase at time :math:`t` after :math:`T` counts
            :math:`e^{-\delta t}`. An effective rate :math:`d` per period of :math:`k` time
            units gives :math:`\delta = \ln(1+d)/k` (Fader, Hardie and Lee's 15% a year on
            weekly CDNOW data is :math:`\ln 1.15 / 52 = 0.00269`);
            :func:`customer_lifetime_value` makes that conversion from explicit units.
        horizon : float
            Length :math:`H` of the future window [time unit of the model]; ``inf``
            (default) for the whole residual lifetime.

        Returns
        -------
        float, ndarray or Series
            DERT per customer (numeric in, same kind out). With ``discount_rate=0`` and a
            finite horizon it equals :meth:`conditional_expected_purchases` over that
            horizon; with ``discount_rate=0`` and no horizon it is the expected number of
            all future purchases, inf where that diverges (:math:`a \le 1`).

        Notes
        -----
        .. math::

            \text{DERT} = \int_0^H e^{-\delta t}\,
            \frac{\partial}{\partial t} E[Y(t)\mid x, t_x, T]\,dt
            = P(\text{alive})\left[e^{-\delta H} g(H) + \delta\int_0^H e^{-\delta t}
            g(t)\,dt\right]

        with :math:`g(t)` the expected purchases in :math:`(T, T+t]` of a customer alive at
        :math:`T` (the numerator of FHL 2005, eq. 10). The BG/NBD (and MBG/NBD) has no
        closed form for it: the integral is taken by 96-point Gauss-Legendre quadrature in
        :math:`\log(1 + t/(\alpha+T))`, once per distinct :math:`(x, T)`, up to the horizon
        or to where :math:`e^{-\delta t} < 10^{-26}`.

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> delta = np.log(1.15) / 52  # 15% a year, weeks
        >>> round(m.discounted_expected_residual_transactions(2, 30.43, 38.86,
        ...                                                   discount_rate=delta), 3)
        5.17
        >>> round(m.discounted_expected_residual_transactions(
        ...     2, 30.43, 38.86, discount_rate=0.0, horizon=39.0), 3)
        1.226
        """
        func = f"{type(self).__name__}.discounted_expected_residual_transactions"
        delta, horizon = discount_args(func, discount_rate, horizon)
        x, t_x, big_t = _history_args(func, frequency, recency, T)
        r, alpha, a, b = self._vector()
        b_head = b + 1.0 if self._MODIFIED else b
        ux, ut, inverse = _discount_unique(x, big_t)

        def head(t: FloatArray) -> FloatArray:
            return _bgnbd_mean(r, alpha, a, b_head, ux[:, None], ut[:, None], t)

        def limit() -> FloatArray:
            c = a + b_head + ux - 1.0
            return np.full_like(ux, np.inf) if a <= 1.0 else c / (a - 1.0)

        per_pair = _discounted(head, alpha + ut, delta, horizon, limit)
        alive = special.expit(-self._log_odds_dead(x, t_x, big_t))
        out = _times_alive(per_pair[inverse].reshape(x.shape), alive)
        return wrap(out, (frequency, recency, T))

    def expected_purchases(self, t: Any) -> Any:
        r"""Expected purchases of a new customer in :math:`(0, t]` (FHL 2005, eq. 9).

        .. math::

            E[X(t)] = \frac{a+b-1}{a-1}\left[1 - (1-z)^{a-1}
            {}_2F_1(a+b-1-r, a-1; a+b-1; z)\right], \quad z = \frac{t}{\alpha+t}

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> m.expected_purchases(np.array([0.0, 39.0, 78.0])).round(3)
        array([0.   , 1.197, 1.861])
        """
        tt = as_values("BGNBD.expected_purchases", "t", t, _NONNEG)
        r, alpha, a, b = self._vector()
        zero = np.zeros_like(tt)
        out = _bgnbd_mean(r, alpha, a, b, zero, zero, tt)
        return wrap(out, (t,))

    def probability_of_purchases(self, x: Any, t: Any) -> Any:
        r"""Probability that a new customer makes exactly :math:`x` purchases in
        :math:`(0, t]` (FHL 2005, eq. 8).

        .. math::

            P(X(t)=x) = \frac{B(a, b+x)}{B(a,b)}\,\text{NB}(x; r, \tfrac{\alpha}{\alpha+t})
            + \delta_{x>0}\frac{B(a+1, b+x-1)}{B(a,b)}\,
            P\!\left(\text{NB}(r, \tfrac{\alpha}{\alpha+t}) \ge x\right)

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> p = m.probability_of_purchases(np.arange(200), 39.0)
        >>> round(float(p.sum()), 6), round(float(p[0]), 3)
        (1.0, 0.574)
        """
        func = "BGNBD.probability_of_purchases"
        xx = as_values(func, "x", x, _COUNT)
        tt = as_values(func, "t", t, _NONNEG)
        xx, tt = broadcast(func, x=xx, t=tt)
        r, alpha, a, b = self._vector()
        z = tt / (alpha + tt)
        log_nb = _log_nbd(r, alpha, xx, tt)
        first = np.exp(special.betaln(a, b + xx) - special.betaln(a, b) + log_nb)
        xm1 = np.maximum(xx - 1.0, 0.0)
        tail = special.betainc(np.maximum(xx, 1.0), r, z)
        second = np.where(
            xx > 0, np.exp(special.betaln(a + 1.0, b + xm1) - special.betaln(a, b)) * tail, 0.0
        )
        return wrap(first + second, (x, t))

    def simulate(
        self, T: Any, *, n_customers: int | None = None, rng: RandomState = None
    ) -> pd.DataFrame:
        r"""Draw customer histories exactly from the model.

        Parameters
        ----------
        T : float or array_like
            Observation length of each customer [time unit of ``alpha``]; a scalar with
            ``n_customers`` gives that many customers observed for ``T``.
        n_customers : int, optional
            Number of customers when ``T`` is a scalar.
        rng : numpy.random.Generator, int or None
            Random source (same seed, same draws).

        Returns
        -------
        pandas.DataFrame
            Columns ``frequency, recency, T`` (the :func:`customer_summary` convention).

        Notes
        -----
        Per customer :math:`\lambda \sim \text{Gamma}(r, \alpha)`, :math:`p \sim
        \text{Beta}(a, b)`; the customer could make :math:`N \sim \text{Geometric}(p)`
        repeat purchases before dropping out, and a Poisson process makes
        :math:`M \sim \text{Poisson}(\lambda T)` in :math:`(0, T]`; :math:`x = \min(M, N)`
        and :math:`t_x` is the :math:`x`-th of :math:`M` uniform order statistics on
        :math:`(0, T]`, a :math:`T\,\text{Beta}(x, M-x+1)` draw. No time is rounded.

        Examples
        --------
        >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> sim = m.simulate(39.0, n_customers=3000, rng=1)
        >>> fitted = BGNBD.fit(sim)
        >>> abs(fitted.params["r"] - 0.243) < 0.05
        True
        """
        big_t, gen = _simulation_setup("BGNBD.simulate", T, n_customers, rng)
        r, alpha, a, b = self._vector()
        n = len(big_t)
        lam = gen.gamma(r, 1.0 / alpha, size=n)
        p = gen.beta(a, b, size=n)
        possible = gen.geometric(np.clip(p, 1e-300, 1.0))
        arrivals = gen.poisson(lam * big_t)
        x = np.minimum(arrivals, possible)
        return _histories_frame(x, arrivals, big_t, big_t, gen)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class MBGNBD(BGNBD):
    r"""Modified BG/NBD model (Batislam, Denizel and Filiztekin 2007).

    As :class:`BGNBD`, except that a customer may also drop out right after the first
    purchase, so a customer without repeat purchases need not be alive. Fit with
    :meth:`BGNBD.fit` (inherited; ``MBGNBD.fit(...)`` returns an MBGNBD).

    Notes
    -----
    .. math::

        L = \frac{B(a, b+x+1)}{B(a,b)}\frac{\Gamma(r+x)\alpha^r}{\Gamma(r)(\alpha+T)^{r+x}}
          + \frac{B(a+1, b+x)}{B(a,b)}\frac{\Gamma(r+x)\alpha^r}{\Gamma(r)(\alpha+t_x)^{r+x}},
        \qquad P(\text{alive}) = \left[1 + \frac{a}{b+x}
        \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}.

    Given :math:`(\lambda, p)`, :math:`E[X(t)] = \frac{1-p}{p}(1 - e^{-\lambda p t})`, so the
    expectations are those of the BG/NBD with :math:`b` replaced by :math:`b+1` (times
    :math:`b/(a+b)` for a new customer).

    References
    ----------
    .. [1] E. P. Batislam, M. Denizel and A. Filiztekin, "Empirical validation and comparison
       of models for customer base analysis", *International Journal of Research in
       Marketing* 24(3), 2007, 201-209, doi:10.1016/j.ijresmar.2006.12.005.

    Examples
    --------
    >>> m = MBGNBD(params={"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614})
    >>> round(m.p_alive(0, 0.0, 38.86), 3)
    0.39
    """

    _MODIFIED: ClassVar[bool] = True

    def _log_odds_dead(self, x: FloatArray, t_x: FloatArray, big_t: FloatArray) -> FloatArray:
        r, alpha, a, b = self._vector()
        out: FloatArray = (
            math.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x))
        )
        return out

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Expected purchases in the next :math:`t` time units given :math:`(x, t_x, T)`:
        P(alive) times the BG/NBD expectation with :math:`b+1`.

        Examples
        --------
        >>> m = MBGNBD(params={"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614})
        >>> m.conditional_expected_purchases(39, 0, 0.0, 38.86) < m.expected_purchases(39)
        True
        """
        func = "MBGNBD.conditional_expected_purchases"
        tt = as_values(func, "t", t, _NONNEG)
        x, t_x, big_t = _history_args(func, frequency, recency, T)
        tt, x, t_x, big_t = broadcast(func, t=tt, frequency=x, recency=t_x, T=big_t)
        r, alpha, a, b = self._vector()
        head = _bgnbd_mean(r, alpha, a, b + 1.0, x, big_t, tt)
        out = head * special.expit(-self._log_odds_dead(x, t_x, big_t))
        return wrap(out, (t, frequency, recency, T))

    def expected_purchases(self, t: Any) -> Any:
        r"""Expected repeat purchases of a new customer in :math:`(0, t]`.

        Examples
        --------
        >>> m = MBGNBD(params={"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614})
        >>> p = m.probability_of_purchases(np.arange(3000), 39.0)
        >>> bool(abs(p @ np.arange(3000) - m.expected_purchases(39.0)) < 1e-8)
        True
        """
        tt = as_values("MBGNBD.expected_purchases", "t", t, _NONNEG)
        r, alpha, a, b = self._vector()
        zero = np.zeros_like(tt)
        out = b / (a + b) * _bgnbd_mean(r, alpha, a, b + 1.0, zero, zero, tt)
        return wrap(out, (t,))

    def probability_of_purchases(self, x: Any, t: Any) -> Any:
        r"""Probability of exactly :math:`x` repeat purchases in :math:`(0, t]`.

        .. math::

            P(X(t)=x) = \frac{B(a, b+x)}{B(a,b)}\,\text{NB}(x; r, \tfrac{\alpha}{\alpha+t})
            + \frac{B(a+1, b+x)}{B(a,b)}\,P\!\left(\text{NB}(r, \tfrac{\alpha}{\alpha+t}) > x\right)

        Examples
        --------
        >>> m = MBGNBD(params={"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614})
        >>> round(float(m.probability_of_purchases(np.arange(3000), 39.0).sum()), 8)
        1.0
        """
        func = "MBGNBD.probability_of_purchases"
        xx = as_values(func, "x", x, _COUNT)
        tt = as_values(func, "t", t, _NONNEG)
        xx, tt = broadcast(func, x=xx, t=tt)
        r, alpha, a, b = self._vector()
        z = tt / (alpha + tt)
        log_nb = _log_nbd(r, alpha, xx, tt)
        base = special.betaln(a, b)
        first = np.exp(special.betaln(a, b + xx) - base + log_nb)
        second = np.exp(special.betaln(a + 1.0, b + xx) - base) * special.betainc(xx + 1.0, r, z)
        return wrap(first + second, (x, t))

    def simulate(
        self, T: Any, *, n_customers: int | None = None, rng: RandomState = None
    ) -> pd.DataFrame:
        """Draw customer histories exactly from the model (as :meth:`BGNBD.simulate`, with
        the first drop-out opportunity right after the first purchase).

        Examples
        --------
        >>> m = MBGNBD(params={"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614})
        >>> len(m.simulate(39.0, n_customers=10, rng=1))
        10
        """
        big_t, gen = _simulation_setup("MBGNBD.simulate", T, n_customers, rng)
        r, alpha, a, b = self._vector()
        n = len(big_t)
        lam = gen.gamma(r, 1.0 / alpha, size=n)
        p = gen.beta(a, b, size=n)
        possible = gen.geometric(np.clip(p, 1e-300, 1.0)) - 1
        arrivals = gen.poisson(lam * big_t)
        x = np.minimum(arrivals, possible)
        return _histories_frame(x, arrivals, big_t, big_t, gen)


def _bgnbd_mean(
    r: float, alpha: float, a: float, b: float, x: FloatArray, T: FloatArray, t: FloatArray
) -> FloatArray:
    """E[purchases in (T, T + t] | alive, x] of the BG/NBD (times P(alive) gives FHL eq. 10;
    x = T = 0 gives eq. 9): the hypergeometric closed form, with quadrature where it is
    singular or scipy's hyp2f1 does not return a finite value."""
    x, T, t = np.broadcast_arrays(
        np.asarray(x, dtype=np.float64), np.asarray(T, dtype=np.float64), t
    )
    shape = x.shape
    x, T, t = x.ravel(), T.ravel(), t.ravel()
    c = a + b + x - 1.0
    z = t / (alpha + T + t)
    out = np.full(x.shape, np.nan)
    closed = (c > 1e-8) & (abs(a - 1.0) > 1e-6)
    if closed.any():
        with np.errstate(all="ignore"):
            term = np.exp((a - 1.0) * np.log1p(-z[closed])) * special.hyp2f1(
                a + b - 1.0 - r, a - 1.0, c[closed], z[closed]
            )
            out[closed] = c[closed] / (a - 1.0) * (1.0 - term)
    bad = ~np.isfinite(out) | (out < 0)
    if bad.any():
        out[bad] = _beta_mean_of_drop(a, b + x[bad], t[bad] / (alpha + T[bad]), r + x[bad])
    out = np.where(t > 0, np.maximum(out, 0.0), 0.0)
    return out.reshape(shape)


# --------------------------------------------------------------------------------------
# Pareto/NBD


_SERIES_MAX_Z = 0.9  # beyond, the series needs > 400 terms: quadrature instead


def _hyp2f1_unit_series(
    m: FloatArray,
    c: FloatArray,
    z: FloatArray,
    where: Any,
    out: FloatArray,
    grad: FloatArray | None,
) -> None:
    """Sum 2F1(1, m; c; z) = sum_k (m)_k/(c)_k z^k (and its m, c, z derivatives), dropping
    converged entries every 8 terms; write log values into out[where], grad[:, where]."""
    n = len(z)
    term, total = np.ones(n), np.ones(n)
    sum_m, sum_c = np.zeros(n), np.zeros(n)
    d_m, d_c, d_z = np.zeros(n), np.zeros(n), np.zeros(n)
    index = np.asarray(where)
    k = 0
    while n:
        for _ in range(8):
            mk = m + k
            ck = c + k
            term *= mk / ck * z
            total += term
            if grad is not None:
                sum_m += 1.0 / mk
                sum_c += 1.0 / ck
                d_m += term * sum_m
                d_c -= term * sum_c
                d_z += (k + 1) * term
            k += 1
        done = ~(term > 1e-17 * total) | (k >= 600)
        if done.any():
            at = index[done]
            out[at] = np.log(total[done])
            if grad is not None:
                tot = total[done]
                grad[0, at] = d_m[done] / tot
                grad[1, at] = d_c[done] / tot
                zz = z[done]
                with np.errstate(invalid="ignore", divide="ignore"):
                    grad[2, at] = (
                        np.where(zz > 0, d_z[done] / np.where(zz > 0, zz, 1.0), m[done] / c[done])
                        / tot
                    )
            keep = ~done
            m, c, z, index = m[keep], c[keep], z[keep], index[keep]
            term, total = term[keep], total[keep]
            if grad is not None:
                sum_m, sum_c = sum_m[keep], sum_c[keep]
                d_m, d_c, d_z = d_m[keep], d_c[keep], d_z[keep]
            n = len(z)


def _log_hyp2f1_unit(
    m: FloatArray, c: FloatArray, z: FloatArray, *, gradient: bool = False
) -> tuple[FloatArray, FloatArray | None]:
    """log 2F1(1, m; c; z) for 0 <= z < 1 and 0 < m < c (a series bounded by 1/(1-z)),
    with its partial derivatives in (m, c, z) when asked."""
    out = np.empty_like(z)
    grad = np.empty((3, len(z))) if gradient else None
    fast = z <= _SERIES_MAX_Z
    if fast.any():
        _hyp2f1_unit_series(m[fast], c[fast], z[fast], np.flatnonzero(fast), out, grad)
    slow = ~fast
    if slow.any():
        ms, cs, zs = m[slow], c[slow], z[slow]
        out[slow] = _log_hyp2f1_unit_quadrature(ms, cs, zs)
        if grad is not None:
            h_m = 1e-5 * np.maximum(ms, 1.0)
            h_c = 1e-5 * np.maximum(cs, 1.0)
            h_z = 1e-6 * (1.0 - zs)
            zero = np.zeros_like(zs)
            steps = ((h_m, zero, zero), (zero, h_c, zero), (zero, zero, h_z))
            for row, (dm, dc, dz) in enumerate(steps):
                up = _log_hyp2f1_unit_quadrature(ms + dm, cs + dc, zs + dz)
                down = _log_hyp2f1_unit_quadrature(ms - dm, cs - dc, zs - dz)
                grad[row, slow] = (up - down) / (2.0 * (dm + dc + dz))
    return out, grad


def _log_hyp2f1_unit_quadrature(m: FloatArray, c: FloatArray, z: FloatArray) -> FloatArray:
    """log 2F1(1, m; c; z) for c > 1 by tanh-sinh quadrature of
    int_0^1 (1 - z + z v^(1/(c-1)))^(-m) dv (Euler's integral after v = (1-u)^(c-1)),
    summed in log space: no overflow for large m with z near 1."""
    log_v = _TS_LOG_P[None, :]
    inner = (1.0 - z)[:, None] + z[:, None] * np.exp(log_v / (c - 1.0)[:, None])
    terms = -m[:, None] * np.log(inner) + _TS_LOG_JAC[None, :]
    out: FloatArray = special.logsumexp(terms, axis=1) + math.log(_TS_H)
    return out


def _pnbd_parts(
    params: FloatArray, x: FloatArray, t_x: FloatArray, T: FloatArray, *, gradient: bool = False
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray | None]:
    """Log of the constant, of the 'alive at T' term and of the 'died in (t_x, T]' term of
    the Pareto/NBD likelihood, and the gradient of the log-likelihood when asked."""
    r, alpha, s, beta = params
    rx = r + x
    a1 = rx + s
    log_const = special.gammaln(rx) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    log_at, log_bt = np.log(alpha + T), np.log(beta + T)
    log_alive = -rx * log_at - s * log_bt

    def log_f(tau: FloatArray) -> tuple[FloatArray, FloatArray | None]:
        la, lb = np.log(alpha + tau), np.log(beta + tau)
        if alpha >= beta:
            z = (alpha - beta) / (alpha + tau)
            lg, g = _log_hyp2f1_unit(rx, a1 + 1.0, z, gradient=gradient)
            value = -s * lb - rx * la + lg
            if g is None:
                return value, None
            d = np.empty((4, len(tau)))
            d[0] = -la + g[0] + g[1]
            d[1] = -rx / (alpha + tau) + g[2] * (beta + tau) / (alpha + tau) ** 2
            d[2] = -lb + g[1]
            d[3] = -s / (beta + tau) - g[2] / (alpha + tau)
            return value, d
        z = (beta - alpha) / (beta + tau)
        lg, g = _log_hyp2f1_unit(np.full_like(rx, s + 1.0), a1 + 1.0, z, gradient=gradient)
        value = (1.0 - rx) * la - (s + 1.0) * lb + lg
        if g is None:
            return value, None
        d = np.empty((4, len(tau)))
        d[0] = -la + g[1]
        d[1] = (1.0 - rx) / (alpha + tau) - g[2] / (beta + tau)
        d[2] = -lb + g[0] + g[1]
        d[3] = -(s + 1.0) / (beta + tau) + g[2] * (alpha + tau) / (beta + tau) ** 2
        return value, d

    n = len(x)
    rx = np.concatenate([rx, rx])  # t_x and T in one pass
    a1 = np.concatenate([a1, a1])
    f_both, d_both = log_f(np.concatenate([t_x, T]))
    rx, a1 = rx[:n], a1[:n]
    f_tx, f_t = f_both[:n], f_both[n:]
    d_tx = None if d_both is None else d_both[:, :n]
    d_t = None if d_both is None else d_both[:, n:]
    delta = np.minimum(f_t - f_tx, 0.0)
    log_dead = math.log(s) - np.log(a1) + f_tx + _log1mexp(delta)
    if not gradient:
        return log_const, log_alive, log_dead, None
    assert d_tx is not None
    assert d_t is not None
    mix = np.logaddexp(log_alive, log_dead)
    p_dead = np.exp(log_dead - mix)
    p_alive = 1.0 - p_dead
    with np.errstate(divide="ignore", over="ignore"):
        q = np.where(p_dead > 0, 1.0 / np.expm1(-np.where(delta < 0, delta, -1.0)), 0.0)
    d_dead = (1.0 + q) * d_tx - q * d_t
    d_dead[0] -= 1.0 / a1
    d_dead[2] += 1.0 / s - 1.0 / a1
    d_alive = np.array([-log_at, -rx / (alpha + T), -log_bt, -s / (beta + T)])
    d_const = np.array(
        [
            special.digamma(rx) - special.digamma(r) + math.log(alpha),
            np.full_like(rx, r / alpha),
            np.full_like(rx, math.log(beta)),
            np.full_like(rx, s / beta),
        ]
    )
    grad = d_const + p_alive * d_alive + np.where(p_dead > 0, p_dead * d_dead, 0.0)
    return log_const, log_alive, log_dead, grad


def _pnbd_discounted_survival(s: float, B: FloatArray, delta: float, horizon: float) -> FloatArray:
    r""":math:`\int_0^H e^{-\delta t} (B/(B+t))^s\,dt` (the expected discounted time alive of
    a customer whose drop-out rate is Gamma(s, B)), per element of ``B``."""

    def undiscounted(t: FloatArray, b: FloatArray) -> FloatArray:
        return b * _one_minus_power_over(s - 1.0, np.log(b) - np.log(b + t))

    if delta == 0.0:
        if math.isinf(horizon):
            return B / (s - 1.0) if s > 1.0 else np.full_like(B, np.inf)
        return undiscounted(np.full_like(B, horizon), B)
    with np.errstate(all="ignore"):
        out = B * special.hyperu(1.0, 2.0 - s, delta * B)
        if not math.isinf(horizon):
            later = B + horizon
            out -= (
                np.exp(-delta * horizon + s * (np.log(B) - np.log(later)))
                * later
                * special.hyperu(1.0, 2.0 - s, delta * later)
            )
    bad = ~np.isfinite(out) | (out < 0)
    if bad.any():
        b_bad = B[bad]
        out[bad] = _discounted(
            lambda t: undiscounted(t, b_bad[:, None]),
            b_bad,
            delta,
            horizon,
            lambda: np.full_like(b_bad, np.inf),
        )
    result: FloatArray = out
    return result


def _pnbd_ll(params: FloatArray, x: FloatArray, t_x: FloatArray, T: FloatArray) -> FloatArray:
    log_const, log_alive, log_dead, _ = _pnbd_parts(params, x, t_x, T)
    return log_const + np.logaddexp(log_alive, log_dead)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ParetoNBD(FittedModel):
    r"""Pareto/NBD model of repeat buying (Schmittlein, Morrison and Colombo 1987).

    While active, a customer buys as a Poisson process of rate :math:`\lambda \sim
    \text{Gamma}(r, \alpha)`; the unobserved lifetime is exponential with rate
    :math:`\mu \sim \text{Gamma}(s, \beta)`.

    Attributes
    ----------
    params : dict
        ``r``, ``alpha`` (purchase-rate gamma; ``alpha`` in the time unit of the data),
        ``s``, ``beta`` (drop-out-rate gamma; ``beta`` in the time unit).
    log_likelihood, standard_errors, n_customers
        See :meth:`fit`.

    Notes
    -----
    The likelihood of :math:`(x, t_x, T)` is

    .. math::

        L = \frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)}\left[
        \frac{1}{(\alpha+T)^{r+x}(\beta+T)^s} + \frac{s}{r+s+x}\,\{F(t_x) - F(T)\}\right],
        \quad F(\tau) = \frac{{}_2F_1(r+s+x, s+1; r+s+x+1; \frac{\alpha-\beta}{\alpha+\tau})}
        {(\alpha+\tau)^{r+s+x}}

    for :math:`\alpha \ge \beta` (the roles of the two swap otherwise). Euler's
    transformation rewrites :math:`F` as powers times :math:`{}_2F_1(1, m; c; z)` with
    :math:`m < c`, a series bounded by :math:`1/(1-z)`, so everything is evaluated in log
    space without overflow at any frequency. The likelihood is flat in :math:`\beta`
    along a ridge; its standard error is large.

    References
    ----------
    .. [1] D. C. Schmittlein, D. G. Morrison and R. Colombo, "Counting your customers: who
       are they and what will they do next?", *Management Science* 33(1), 1987, 1-24,
       doi:10.1287/mnsc.33.1.1.
    .. [2] P. S. Fader and B. G. S. Hardie, "A note on deriving the Pareto/NBD model and
       related expressions", 2005, http://brucehardie.com/notes/009/.

    Examples
    --------
    >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
    >>> round(m.expected_purchases(39.0), 3)
    1.213
    """

    PARAMS: ClassVar[tuple[str, ...]] = ("r", "alpha", "s", "beta")

    @classmethod
    def fit(
        cls,
        frequency: Any,
        recency: Any = None,
        T: Any = None,
        *,
        weights: Any = None,
    ) -> Self:
        """Estimate r, alpha, s, beta by maximum likelihood.

        Parameters and errors as :meth:`BGNBD.fit`; a ConvergenceError names the parameter
        that ran off (for example ``s`` and ``beta`` to infinity when nobody appears to churn).

        Examples
        --------
        >>> truth = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> m = ParetoNBD.fit(truth.simulate(39.0, n_customers=2000, rng=7))
        >>> m.log_likelihood < 0
        True
        """
        func = f"{cls.__name__}.fit"
        x, t_x, big_t, w = histories(func, frequency, recency, T, weights)
        scale = _time_scale(big_t, w)
        times = {True: (t_x / scale, big_t / scale), False: (t_x, big_t)}

        def loglik(
            p: FloatArray, *, scaled: bool, gradient: bool
        ) -> tuple[FloatArray, FloatArray | None]:
            log_const, log_alive, log_dead, g = _pnbd_parts(p, x, *times[scaled], gradient=gradient)
            return log_const + np.logaddexp(log_alive, log_dead), g

        return fit_by_likelihood(
            cls,
            func,
            loglik,
            w,
            scale=scale,
            scaled=("alpha", "beta"),
            boundary=_pnbd_boundary,
            time_unit=frame_unit(frequency),
        )

    def _vector(self) -> FloatArray:
        return np.array([self.params[k] for k in self.PARAMS])

    def log_likelihood_of(self, frequency: Any, recency: Any, T: Any) -> Any:
        """Log-likelihood of each history under the model (numeric in, same kind out).

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> bool(np.isfinite(m.log_likelihood_of(400, 38.0, 38.86)))
        True
        """
        x, t_x, big_t = _history_args("ParetoNBD.log_likelihood_of", frequency, recency, T)
        ll = _pnbd_ll(self._vector(), x.ravel(), t_x.ravel(), big_t.ravel())
        return wrap(ll.reshape(x.shape), (frequency, recency, T))

    def p_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Probability that a customer with history :math:`(x, t_x, T)` is still active:
        the 'alive at T' term of the likelihood over the likelihood.

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> round(m.p_alive(2, 30.43, 38.86), 3)
        0.869
        """
        x, t_x, big_t = _history_args("ParetoNBD.p_alive", frequency, recency, T)
        shape = x.shape
        _, alive, dead, _ = _pnbd_parts(self._vector(), x.ravel(), t_x.ravel(), big_t.ravel())
        out = np.exp(alive - np.logaddexp(alive, dead)).reshape(shape)
        return wrap(out, (frequency, recency, T))

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Expected purchases in the next :math:`t` time units given :math:`(x, t_x, T)`.

        .. math::

            E[Y(t)\mid\cdot] = \frac{(r+x)(\beta+T)}{(\alpha+T)(s-1)}\left[1 -
            \left(\frac{\beta+T}{\beta+T+t}\right)^{s-1}\right] P(\text{alive}\mid\cdot)

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> round(m.conditional_expected_purchases(39, 2, 30.43, 38.86), 3)
        1.455
        """
        func = "ParetoNBD.conditional_expected_purchases"
        tt = as_values(func, "t", t, _NONNEG)
        x, t_x, big_t = _history_args(func, frequency, recency, T)
        tt, x, t_x, big_t = broadcast(func, t=tt, frequency=x, recency=t_x, T=big_t)
        r, alpha, s, beta = self._vector()
        shape = x.shape
        _, alive, dead, _ = _pnbd_parts(self._vector(), x.ravel(), t_x.ravel(), big_t.ravel())
        p_alive = np.exp(alive - np.logaddexp(alive, dead)).reshape(shape)
        log_ratio = np.log(beta + big_t) - np.log(beta + big_t + tt)
        out = (r + x) * (beta + big_t) / (alpha + big_t) * _one_minus_power_over(s - 1.0, log_ratio)
        return wrap(out * p_alive, (t, frequency, recency, T))

    def discounted_expected_residual_transactions(
        self,
        frequency: Any,
        recency: Any,
        T: Any,
        *,
        discount_rate: float,
        horizon: float = math.inf,
    ) -> Any:
        r"""Discounted expected residual transactions (DERT) of a customer with history
        :math:`(x, t_x, T)` (Fader, Hardie and Lee 2005, JMR, eq. 2).

        Parameters and Returns as :meth:`BGNBD.discounted_expected_residual_transactions`
        (``discount_rate`` is the continuously compounded rate :math:`\delta` per time unit
        of the model; with ``discount_rate=0`` and no horizon the result is inf unless
        :math:`s > 1`).

        Notes
        -----
        Given alive at :math:`T`, :math:`\lambda \sim \text{Gamma}(r+x, \alpha+T)` and
        :math:`\mu \sim \text{Gamma}(s, \beta+T)`, and a customer with rates
        :math:`(\lambda, \mu)` is worth :math:`\lambda/(\mu+\delta)` discounted
        transactions, so

        .. math::

            \text{DERT} = P(\text{alive})\,\frac{r+x}{\alpha+T}\,(\beta+T)^s
            \delta^{s-1}\,\Psi\big(s, s; \delta(\beta+T)\big)
            = P(\text{alive})\,\frac{r+x}{\alpha+T}\,(\beta+T)\,
            \Psi\big(1, 2-s; \delta(\beta+T)\big)

        with :math:`\Psi` the confluent hypergeometric function of the second kind
        (``scipy.special.hyperu``; the second form, by Kummer's transformation, has no
        power of :math:`\delta` to overflow). A finite horizon :math:`H` subtracts the
        value at :math:`H`: :math:`e^{-\delta H}\left(\frac{\beta+T}{\beta+T+H}\right)^s
        (\beta+T+H)\,\Psi(1, 2-s; \delta(\beta+T+H))` inside the bracket. Where ``hyperu``
        does not return a finite value (large :math:`s` with small
        :math:`\delta(\beta+T)`) the same integral is taken by quadrature.

        References
        ----------
        .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "RFM and CLV: using iso-value
           curves for customer base analysis", *Journal of Marketing Research* 42(4),
           2005, 415-430, doi:10.1509/jmkr.2005.42.4.415.

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> round(m.discounted_expected_residual_transactions(
        ...     2, 30.43, 38.86, discount_rate=np.log(1.15) / 52), 3)
        6.502
        """
        func = "ParetoNBD.discounted_expected_residual_transactions"
        delta, horizon = discount_args(func, discount_rate, horizon)
        x, t_x, big_t = _history_args(func, frequency, recency, T)
        r, alpha, s, beta = self._vector()
        shape = x.shape
        _, alive, dead, _ = _pnbd_parts(self._vector(), x.ravel(), t_x.ravel(), big_t.ravel())
        p_alive = np.exp(alive - np.logaddexp(alive, dead)).reshape(shape)
        ut, inverse = np.unique(big_t.ravel(), return_inverse=True)
        survival = _pnbd_discounted_survival(s, beta + ut, delta, horizon)[inverse]
        out = (r + x) / (alpha + big_t) * survival.reshape(shape)
        return wrap(_times_alive(out, p_alive), (frequency, recency, T))

    def expected_purchases(self, t: Any) -> Any:
        r"""Expected purchases of a new customer in :math:`(0, t]`.

        .. math::

            E[X(t)] = \frac{r\beta}{\alpha(s-1)}\left[1 - \left(\frac{\beta}{\beta+t}\right)^{s-1}\right]

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> m.expected_purchases(np.array([0.0, 39.0, 78.0])).round(3)
        array([0.   , 1.213, 1.909])
        """
        tt = as_values("ParetoNBD.expected_purchases", "t", t, _NONNEG)
        r, alpha, s, beta = self._vector()
        log_ratio = np.log(beta) - np.log(beta + tt)
        out = r * beta / alpha * _one_minus_power_over(s - 1.0, log_ratio)
        return wrap(np.where(out > 0, out, 0.0), (t,))

    def probability_of_purchases(self, x: Any, t: Any) -> Any:
        r"""Probability that a new customer makes exactly :math:`x` purchases in
        :math:`(0, t]`.

        .. math::

            P(X(t)=x) = S(t)\,\text{NB}(x; r, \alpha, t)
              + \int_0^t f(\tau)\,\text{NB}(x; r, \alpha, \tau)\,d\tau

        with :math:`S(\tau) = (\beta/(\beta+\tau))^s` the survival of the Pareto (type II)
        lifetime, :math:`f = -S'`, and :math:`\text{NB}(x; r, \alpha, \tau)` the negative
        binomial count of a gamma-mixed Poisson process over :math:`\tau`. The integral is
        taken by 96-point Gauss-Legendre quadrature in :math:`u = S(\tau)`.

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> p = m.probability_of_purchases(np.arange(300), 39.0)
        >>> round(float(p.sum()), 6), round(float(np.sum(np.arange(300) * p)), 3)
        (1.0, 1.213)
        """
        func = "ParetoNBD.probability_of_purchases"
        xx = as_values(func, "x", x, _COUNT)
        tt = as_values(func, "t", t, _NONNEG)
        xx, tt = broadcast(func, x=xx, t=tt)
        r, alpha, s, beta = self._vector()

        def nb(k: FloatArray, tau: FloatArray) -> FloatArray:
            out: FloatArray = np.exp(_log_nbd(r, alpha, k, tau))
            return out

        surv_t = np.exp(s * (math.log(beta) - np.log(beta + tt)))
        nodes, weights = np.polynomial.legendre.leggauss(96)
        # u from S(t) to 1; tau(u) = beta (u^(-1/s) - 1)
        lo = surv_t[..., None]
        u = lo + (1.0 - lo) * (nodes + 1.0) / 2.0
        tau = beta * np.expm1(-np.log(u) / s)
        integral = np.sum(weights * nb(xx[..., None], tau), axis=-1) * (1.0 - surv_t) / 2.0
        return wrap(surv_t * nb(xx, tt) + integral, (x, t))

    def simulate(
        self, T: Any, *, n_customers: int | None = None, rng: RandomState = None
    ) -> pd.DataFrame:
        r"""Draw customer histories exactly from the model.

        Parameters and Returns as :meth:`BGNBD.simulate`.

        Notes
        -----
        Per customer :math:`\lambda \sim \text{Gamma}(r, \alpha)`, :math:`\mu \sim
        \text{Gamma}(s, \beta)`, lifetime :math:`\tau \sim \text{Exp}(\mu)`; with
        :math:`w = \min(\tau, T)`, :math:`x \sim \text{Poisson}(\lambda w)` and
        :math:`t_x = w\,\text{Beta}(x, 1)` (the last of :math:`x` uniform arrivals).

        Examples
        --------
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> sim = m.simulate(39.0, n_customers=3000, rng=1)
        >>> fitted = ParetoNBD.fit(sim)
        >>> abs(fitted.params["r"] - 0.553) < 0.15
        True
        """
        big_t, gen = _simulation_setup("ParetoNBD.simulate", T, n_customers, rng)
        r, alpha, s, beta = self._vector()
        n = len(big_t)
        lam = gen.gamma(r, 1.0 / alpha, size=n)
        mu = gen.gamma(s, 1.0 / beta, size=n)
        window = np.minimum(gen.exponential(1.0, size=n) / mu, big_t)
        x = gen.poisson(lam * window)
        return _histories_frame(x, x, window, big_t, gen)


def _pnbd_boundary(last: dict[str, float]) -> str:
    if last["s"] > 1e3 or last["beta"] > 1e3 * max(last["alpha"], 1.0):
        return "the drop-out rate distribution degenerated (s or beta ran to infinity)"
    if last["s"] < 1e-3:
        return "no customer appears to have churned: s went to 0"
    return "a parameter ran to the edge of the parameter space"


# --------------------------------------------------------------------------------------
# Gamma-Gamma


def _gg_ll(
    params: FloatArray, x: FloatArray, m: FloatArray, *, gradient: bool
) -> tuple[FloatArray, FloatArray | None]:
    p, q, gamma = params
    px = p * x
    log_gm = np.log(gamma + m * x)
    ll = (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * math.log(gamma)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_gm
    )
    if not gradient:
        return ll, None
    dig = special.digamma(px + q)
    grad = np.empty((3, len(x)))
    grad[0] = x * (dig - special.digamma(px) + np.log(m) + np.log(x) - log_gm)
    grad[1] = dig - special.digamma(q) + math.log(gamma) - log_gm
    grad[2] = q / gamma - (px + q) / (gamma + m * x)
    return ll, grad


def _gg_boundary(last: dict[str, float]) -> str:
    if min(last["q"], last["gamma"]) > 1e3:
        return (
            "spend shows no heterogeneity across customers: q and gamma ran to "
            "infinity (every customer has the same mean spend p/nu)"
        )
    return "a parameter ran to the edge of the parameter space"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class GammaGamma(FittedModel):
    r"""Gamma-Gamma model of spend per transaction (Fader, Hardie and Lee 2005).

    A customer's transaction values are gamma with shape :math:`p` and scale
    :math:`\nu`, and :math:`\nu \sim \text{Gamma}(q, \gamma)` across customers; the mean
    spend :math:`m_x` of :math:`x` transactions is then sufficient. Spend is assumed
    independent of the purchase process.

    Attributes
    ----------
    params : dict
        ``p``, ``q``, ``gamma`` (``gamma`` in currency units).
    log_likelihood, standard_errors, n_customers
        See :meth:`fit`.

    Notes
    -----
    .. math::

        L(p, q, \gamma \mid m_x, x) = \frac{\Gamma(px+q)}{\Gamma(px)\Gamma(q)}
        \frac{\gamma^q\, m_x^{px-1} x^{px}}{(\gamma + m_x x)^{px+q}},
        \qquad E[M \mid m_x, x] = \frac{p(\gamma + m_x x)}{px + q - 1}.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "RFM and CLV: using iso-value curves
       for customer base analysis", *Journal of Marketing Research* 42(4), 2005, 415-430,
       doi:10.1509/jmkr.2005.42.4.415.
    .. [2] P. S. Fader and B. G. S. Hardie, "The Gamma-Gamma model of monetary value", 2013,
       http://brucehardie.com/notes/025/.

    Examples
    --------
    >>> m = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
    >>> round(m.expected_spend(), 2)
    35.22
    >>> round(m.conditional_expected_spend(frequency=2, monetary_value=20.0), 2)
    22.74
    """

    PARAMS: ClassVar[tuple[str, ...]] = ("p", "q", "gamma")

    @classmethod
    def fit(
        cls,
        frequency: Any,
        monetary_value: Any = None,
        *,
        weights: Any = None,
    ) -> Self:
        """Estimate p, q, gamma by maximum likelihood from repeat customers.

        Parameters
        ----------
        frequency : array_like or DataFrame
            Number of repeat transactions :math:`x` per customer, or a
            :func:`customer_summary` frame (columns ``frequency`` and ``monetary_value``).
        monetary_value : array_like
            Mean value :math:`m_x` of those transactions [currency].
        weights : array_like, optional
            Number of customers with each (x, m_x). Customers with ``frequency`` 0 carry no
            spend information and are left out.

        Returns
        -------
        GammaGamma
            The fitted model.

        Raises
        ------
        InvalidInputError
            Negative or fractional frequency, monetary value <= 0 where frequency > 0, no
            customer with frequency > 0.
        ConvergenceError
            When the likelihood has no interior maximum.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> x = rng.integers(1, 10, size=2000)
        >>> nu = rng.gamma(3.74, 1 / 15.44, size=2000)  # per-customer rate
        >>> mean_spend = rng.gamma(6.25 * x, 1 / (nu * x))
        >>> m = GammaGamma.fit(x, mean_spend)
        >>> sorted(m.params)
        ['gamma', 'p', 'q']
        """
        func = f"{cls.__name__}.fit"
        if isinstance(frequency, pd.DataFrame):
            frequency, monetary_value = summary_columns(
                func, frequency, ("frequency", "monetary_value"), monetary_value=monetary_value
            )
        x = as_values(func, "frequency", frequency, _COUNT)
        m = as_values(func, "monetary_value", monetary_value, _NONNEG)
        if x.ndim != 1 or m.shape != x.shape:
            raise invalid(
                func, "monetary_value", "1-D data of the length of frequency", f"<{m.shape}>"
            )
        w = np.ones(len(x)) if weights is None else as_values(func, "weights", weights)
        if w.shape != x.shape:
            raise invalid(func, "weights", f"1-D data of length {len(x)}", f"<{w.shape}>")
        check(func, "weights", w, Interval(0, None, closed="neither"))
        keep = x > 0
        if not keep.any():
            raise invalid(func, "frequency", "> 0 for at least one customer", "<all 0>")
        if np.any(m[keep] <= 0):
            raise invalid(func, "monetary_value", "> 0 where frequency > 0", "<a value <= 0>")
        xs, ms, ws = compress(x[keep], m[keep], weights=w[keep])
        scale = float(np.dot(ws, ms) / np.sum(ws))
        spends = {True: ms / scale, False: ms}

        def loglik(
            p: FloatArray, *, scaled: bool, gradient: bool
        ) -> tuple[FloatArray, FloatArray | None]:
            return _gg_ll(p, xs, spends[scaled], gradient=gradient)

        return fit_by_likelihood(
            cls, func, loglik, ws, scale=scale, scaled=("gamma",), boundary=_gg_boundary
        )

    def conditional_expected_spend(self, frequency: Any, monetary_value: Any) -> Any:
        r"""Expected mean transaction value of a customer with :math:`x` repeat transactions
        of mean value :math:`m_x`: a weighted average of the population mean
        :math:`p\gamma/(q-1)` and :math:`m_x`. Returns inf when :math:`q \le 1` and
        :math:`x = 0`.

        Examples
        --------
        >>> m = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
        >>> m.conditional_expected_spend(np.array([0, 10]), np.array([0.0, 50.0])).round(2)
        array([35.22, 49.38])
        """
        func = "GammaGamma.conditional_expected_spend"
        x = as_values(func, "frequency", frequency, _COUNT)
        m = as_values(func, "monetary_value", monetary_value, _NONNEG)
        x, m = broadcast(func, frequency=x, monetary_value=m)
        p, q, gamma = (self.params[k] for k in self.PARAMS)
        denominator = p * x + q - 1.0
        with np.errstate(divide="ignore"):
            out = np.where(denominator > 0, p * (gamma + m * x) / denominator, np.inf)
        return wrap(out, (frequency, monetary_value))

    def expected_spend(self) -> float:
        r"""Mean transaction value of a new customer, :math:`p\gamma/(q-1)` (inf for
        :math:`q \le 1`).

        Examples
        --------
        >>> round(GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44}).expected_spend(), 2)
        35.22
        """
        p, q, gamma = (self.params[k] for k in self.PARAMS)
        return p * gamma / (q - 1.0) if q > 1 else math.inf

    def simulate(self, frequency: Any, *, rng: RandomState = None) -> pd.DataFrame:
        r"""Draw mean spends exactly from the model for customers with the given numbers of
        repeat transactions.

        Parameters
        ----------
        frequency : array_like
            Repeat transactions :math:`x` per customer (integers >= 0).
        rng : numpy.random.Generator, int or None
            Random source (same seed, same draws).

        Returns
        -------
        pandas.DataFrame
            Columns ``frequency`` and ``monetary_value`` (0 where ``frequency`` is 0), the
            input of :meth:`fit`.

        Notes
        -----
        Per customer :math:`\nu \sim \text{Gamma}(q, \gamma)` (rate :math:`\gamma`); the mean
        of :math:`x` transaction values, each Gamma(:math:`p`, :math:`\nu`), is
        Gamma(:math:`px`, :math:`\nu x`).

        Examples
        --------
        >>> m = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
        >>> sim = m.simulate(np.full(20_000, 3), rng=1)
        >>> bool(abs(sim["monetary_value"].mean() / m.expected_spend() - 1) < 0.03)
        True
        """
        func = "GammaGamma.simulate"
        x = as_values(func, "frequency", frequency, _COUNT)
        if x.ndim != 1:
            raise invalid(func, "frequency", "1-D data", frequency)
        gen = as_generator(func, rng)
        p, q, gamma = (self.params[k] for k in self.PARAMS)
        nu = gen.gamma(q, 1.0 / gamma, size=len(x))
        buyers = x > 0
        mean = np.zeros(len(x))
        mean[buyers] = gen.gamma(p * x[buyers], 1.0 / (nu[buyers] * x[buyers]))
        return pd.DataFrame({"frequency": x, "monetary_value": mean})
