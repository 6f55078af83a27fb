"""Discrete-time customer-base models: BG/BB for non-contractual settings with discrete
transaction opportunities, and the shifted-beta-geometric model of contractual retention."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd
from scipy import special

from opsmodels._typing import FloatArray
from opsmodels._validation import Interval, check, invalid
from opsmodels.errors import ConvergenceError
from opsmodels.segmentation._fitting import (
    FittedModel,
    as_values,
    broadcast,
    compress,
    maximize,
    standard_errors,
    wrap,
)

__all__ = ["BGBB", "ShiftedBetaGeometric"]

_COUNT = Interval(0, None, integer=True)


def _with_numeric_gradient(
    fun: Callable[[FloatArray], float],
) -> Callable[[FloatArray], tuple[float, FloatArray]]:
    """Objective returning (value, central-difference gradient) for small models."""

    def both(theta: FloatArray) -> tuple[float, FloatArray]:
        value = fun(theta)
        grad = np.empty_like(theta)
        for i in range(len(theta)):
            step = np.zeros_like(theta)
            step[i] = 1e-6
            grad[i] = (fun(theta + step) - fun(theta - step)) / 2e-6
        return value, grad

    return both


# --------------------------------------------------------------------------------------
# BG/BB


def _bgbb_ll(params: FloatArray, x: FloatArray, t_x: FloatArray, n: FloatArray) -> FloatArray:
    alpha, beta, gamma, delta = params
    base_ab = special.betaln(alpha, beta)
    base_gd = special.betaln(gamma, delta)
    alive: FloatArray = (
        special.betaln(alpha + x, beta + n - x) - base_ab + special.betaln(gamma, delta + n)
    )
    alive -= base_gd
    width = int(np.max(n - t_x)) if len(n) else 0
    if width <= 0:
        return alive
    i = np.arange(width)[None, :]
    valid = i < (n - t_x)[:, None]
    with np.errstate(invalid="ignore"):
        dead = (
            special.betaln(alpha + x[:, None], beta + t_x[:, None] - x[:, None] + i)
            - base_ab
            + special.betaln(gamma + 1.0, delta + t_x[:, None] + i)
            - base_gd
        )
    dead = np.where(valid, dead, -np.inf)
    out: FloatArray = special.logsumexp(np.column_stack([alive, dead]), axis=1)
    return out


def _bgbb_args(
    func: str, frequency: Any, recency: Any, n: Any
) -> tuple[FloatArray, FloatArray, FloatArray]:
    x = as_values(func, "frequency", frequency, _COUNT)
    t_x = as_values(func, "recency", recency, _COUNT)
    nn = as_values(func, "n", n, Interval(1, None, integer=True))
    x, t_x, nn = broadcast(func, frequency=x, recency=t_x, n=nn)
    if np.any(t_x > nn):
        raise invalid(func, "recency", "<= n (the last opportunity)", "<recency above n>")
    if np.any(x > t_x):
        raise invalid(func, "frequency", "<= recency (one transaction per opportunity)", "<above>")
    if np.any((x > 0) & (t_x == 0)):
        raise invalid(func, "recency", "> 0 where frequency > 0", "<recency 0>")
    return x, t_x, nn


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BGBB(FittedModel):
    r"""Beta-geometric/beta-Bernoulli model (Fader, Hardie and Shang 2010).

    At each of :math:`n` discrete transaction opportunities an active customer transacts
    with probability :math:`p \sim \text{Beta}(\alpha, \beta)`, and becomes inactive before
    the next opportunity with probability :math:`\theta \sim \text{Beta}(\gamma, \delta)`.
    Histories are (x, t_x, n): repeat transactions, the opportunity of the last one (0
    without any), and the number of opportunities.

    Attributes
    ----------
    params : dict
        ``alpha``, ``beta`` (transaction probability), ``gamma``, ``delta`` (drop-out
        probability).
    log_likelihood, standard_errors, n_customers
        See :meth:`fit`.

    Notes
    -----
    .. math::

        L = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}\frac{B(\gamma, \delta+n)}{B(\gamma,\delta)}
        + \sum_{i=0}^{n-t_x-1}\frac{B(\alpha+x, \beta+t_x-x+i)}{B(\alpha,\beta)}
        \frac{B(\gamma+1, \delta+t_x+i)}{B(\gamma,\delta)},

    summed in log space.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and J. Shang, "Customer-base analysis in a
       discrete-time noncontractual setting", *Marketing Science* 29(6), 2010, 1086-1108,
       doi:10.1287/mksc.1100.0580.

    Examples
    --------
    >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
    >>> round(m.expected_purchases(6), 3)
    2.22
    """

    PARAMS: ClassVar[tuple[str, ...]] = ("alpha", "beta", "gamma", "delta")

    @classmethod
    def fit(
        cls,
        frequency: Any,
        recency: Any = None,
        n: Any = None,
        *,
        weights: Any = None,
    ) -> Self:
        """Estimate alpha, beta, gamma, delta by maximum likelihood.

        Parameters
        ----------
        frequency : array_like or DataFrame
            Repeat transactions :math:`x` (integers), or a frame with columns
            ``frequency``, ``recency`` and ``n`` (or ``periods``) and optionally ``weights``.
        recency : array_like
            Opportunity of the last transaction :math:`t_x` (0 when ``frequency`` is 0).
        n : array_like
            Number of transaction opportunities.
        weights : array_like, optional
            Number of customers with each history.

        Returns
        -------
        BGBB

        Raises
        ------
        InvalidInputError
            Bad histories (x > t_x, t_x > n, fractional counts ...).
        ConvergenceError
            No interior maximum (e.g. nobody appears to drop out).

        Examples
        --------
        >>> m = BGBB.fit([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6], [0, 1, 3, 2, 5, 3, 6, 4, 6, 5, 6], 6,
        ...              weights=[3464, 1091, 129, 613, 173, 322, 357, 240, 512, 335, 1203])
        >>> sorted(m.params)
        ['alpha', 'beta', 'delta', 'gamma']
        """
        func = f"{cls.__name__}.fit"
        if isinstance(frequency, pd.DataFrame):
            frame = frequency
            if recency is not None or n is not None:
                raise invalid(func, "recency", "None when frequency is a DataFrame", "<given>")
            n_column = "n" if "n" in frame.columns else "periods"
            for column in ("frequency", "recency", n_column):
                if column not in frame.columns:
                    raise invalid(
                        func,
                        "frequency",
                        f"a DataFrame with column {column!r}",
                        f"<columns {list(frame.columns)!r}>",
                    )
            frequency, recency, n = frame["frequency"], frame["recency"], frame[n_column]
            if weights is None and "weights" in frame.columns:
                weights = frame["weights"]
        x, t_x, nn = _bgbb_args(func, frequency, recency, n)
        if x.ndim != 1:
            raise invalid(func, "frequency", "1-D data", f"<{x.ndim}-D>")
        w = np.ones(len(x)) if weights is None else as_values(func, "weights", weights)
        if w.shape != x.shape:
            raise invalid(func, "weights", f"1-D data of length {len(x)}", f"<{w.shape}>")
        check(func, "weights", w, Interval(0, None, closed="neither"))
        if not np.any(x > 0):
            raise invalid(func, "frequency", "> 0 for at least one customer", "<all 0>")
        x, t_x, nn, w = compress(x, t_x, nn, weights=w)
        total = float(np.sum(w))

        def nll(theta: FloatArray) -> float:
            return float(-np.dot(w, _bgbb_ll(np.exp(theta), x, t_x, nn)) / total)

        theta = maximize(func, cls.PARAMS, _with_numeric_gradient(nll), np.zeros(4))
        params = np.exp(theta)

        def total_nll(p: FloatArray) -> float:
            return float(-np.dot(w, _bgbb_ll(p, x, t_x, nn)))

        return cls(
            params=dict(zip(cls.PARAMS, params.tolist(), strict=True)),
            log_likelihood=-total_nll(params),
            standard_errors=standard_errors(cls.PARAMS, total_nll, params),
            n_customers=total,
        )

    def _vector(self) -> FloatArray:
        return np.array([self.params[k] for k in self.PARAMS])

    def log_likelihood_of(self, frequency: Any, recency: Any, n: Any) -> Any:
        """Log-likelihood of each history (numeric in, same kind out).

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> round(m.log_likelihood_of(0, 0, 6), 3)
        -1.167
        """
        x, t_x, nn = _bgbb_args("BGBB.log_likelihood_of", frequency, recency, n)
        shape = x.shape
        ll = _bgbb_ll(self._vector(), x.ravel(), t_x.ravel(), nn.ravel())
        return wrap(ll.reshape(shape), (frequency, recency, n))

    def p_alive(self, frequency: Any, recency: Any, n: Any) -> Any:
        r"""Probability of being active at opportunity :math:`n+1` (FHS 2010, eq. 11).

        .. math::

            P(\text{alive}) = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma, \delta+n+1)}{B(\gamma,\delta)} \Big/ L

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> round(m.p_alive(6, 6, 6), 3)
        0.93
        """
        x, t_x, nn = _bgbb_args("BGBB.p_alive", frequency, recency, n)
        alpha, beta, gamma, delta = self._vector()
        shape = x.shape
        ll = _bgbb_ll(self._vector(), x.ravel(), t_x.ravel(), nn.ravel()).reshape(shape)
        log_alive = (
            special.betaln(alpha + x, beta + nn - x)
            - special.betaln(alpha, beta)
            + special.betaln(gamma, delta + nn + 1.0)
            - special.betaln(gamma, delta)
        )
        return wrap(np.minimum(np.exp(log_alive - ll), 1.0), (frequency, recency, n))

    def _future(self, n: FloatArray, horizon: FloatArray) -> FloatArray:
        """delta/(gamma-1) Gamma(gamma+delta)/Gamma(1+delta) [Gamma(1+delta+n)/Gamma(gamma+delta+n)
        - Gamma(1+delta+n+h)/Gamma(gamma+delta+n+h)], with its limit at gamma = 1."""
        _, _, gamma, delta = self._vector()
        if abs(gamma - 1.0) < 1e-8:
            limit: FloatArray = delta * (
                special.digamma(1.0 + delta + n + horizon) - special.digamma(1.0 + delta + n)
            )
            return limit
        lead = special.gammaln(gamma + delta) - special.gammaln(1.0 + delta)
        first = special.gammaln(1.0 + delta + n) - special.gammaln(gamma + delta + n)
        second = special.gammaln(1.0 + delta + n + horizon) - special.gammaln(
            gamma + delta + n + horizon
        )
        diff = np.exp(lead + first) * -np.expm1(second - first)
        out: FloatArray = delta / (gamma - 1.0) * diff
        return out

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, n: Any) -> Any:
        r"""Expected transactions in the next :math:`t` opportunities given
        :math:`(x, t_x, n)` (FHS 2010, eq. 13).

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> round(m.conditional_expected_purchases(5, 6, 6, 6), 3)
        3.752
        """
        func = "BGBB.conditional_expected_purchases"
        horizon = as_values(func, "t", t, _COUNT)
        x, t_x, nn = _bgbb_args(func, frequency, recency, n)
        horizon, x, t_x, nn = broadcast(func, t=horizon, frequency=x, recency=t_x, n=nn)
        alpha, beta, _, _ = self._vector()
        shape = x.shape
        ll = _bgbb_ll(self._vector(), x.ravel(), t_x.ravel(), nn.ravel()).reshape(shape)
        log_lead = special.betaln(alpha + x + 1.0, beta + nn - x) - special.betaln(alpha, beta)
        out = np.exp(log_lead - ll) * self._future(nn, horizon)
        return wrap(np.maximum(out, 0.0), (t, frequency, recency, n))

    def expected_purchases(self, t: Any) -> Any:
        r"""Expected transactions of a new customer in the first :math:`t` opportunities
        (FHS 2010, eq. 8).

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> m.expected_purchases(np.array([0, 1, 6])).round(3)
        array([0.   , 0.498, 2.22 ])
        """
        horizon = as_values("BGBB.expected_purchases", "t", t, _COUNT)
        alpha, beta, _, _ = self._vector()
        out = alpha / (alpha + beta) * self._future(np.zeros_like(horizon), horizon)
        return wrap(np.maximum(out, 0.0), (t,))

    def probability_of_purchases(self, x: Any, t: Any) -> Any:
        r"""Probability of exactly :math:`x` transactions in the first :math:`t`
        opportunities (FHS 2010, eq. 7).

        .. math::

            P(X(n)=x) = \binom{n}{x}\frac{B(\alpha+x,\beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma,\delta+n)}{B(\gamma,\delta)} + \sum_{i=x}^{n-1}\binom{i}{x}
            \frac{B(\alpha+x,\beta+i-x)}{B(\alpha,\beta)}\frac{B(\gamma+1,\delta+i)}{B(\gamma,\delta)}

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> p = m.probability_of_purchases(np.arange(7), 6)
        >>> round(float(p.sum()), 10), round(float(p @ np.arange(7)), 3)
        (1.0, 2.22)
        """
        func = "BGBB.probability_of_purchases"
        xx = as_values(func, "x", x, _COUNT)
        nn = as_values(func, "t", t, _COUNT)
        xx, nn = broadcast(func, x=xx, t=nn)
        alpha, beta, gamma, delta = self._vector()
        shape = xx.shape
        xf, nf = xx.ravel(), nn.ravel()
        base_ab, base_gd = special.betaln(alpha, beta), special.betaln(gamma, delta)

        def log_choose(a: FloatArray, b: FloatArray) -> FloatArray:
            out: FloatArray = (
                special.gammaln(a + 1.0) - special.gammaln(b + 1.0) - special.gammaln(a - b + 1.0)
            )
            return out

        with np.errstate(invalid="ignore"):
            alive = np.where(
                xf <= nf,
                log_choose(nf, np.minimum(xf, nf))
                + special.betaln(alpha + xf, beta + np.maximum(nf - xf, 0.0))
                - base_ab
                + special.betaln(gamma, delta + nf)
                - base_gd,
                -np.inf,
            )
            width = int(np.max(nf)) if len(nf) else 0
            if width > 0:
                i = np.arange(width, dtype=np.float64)[None, :]
                ok = (i >= xf[:, None]) & (i < nf[:, None])
                ii = np.where(ok, i, xf[:, None])
                dead = (
                    log_choose(ii, xf[:, None])
                    + special.betaln(alpha + xf[:, None], beta + ii - xf[:, None])
                    - base_ab
                    + special.betaln(gamma + 1.0, delta + ii)
                    - base_gd
                )
                dead = np.where(ok, dead, -np.inf)
                total = special.logsumexp(np.column_stack([alive, dead]), axis=1)
            else:
                total = alive
        return wrap(np.exp(total).reshape(shape), (x, t))


# --------------------------------------------------------------------------------------
# shifted-beta-geometric


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ShiftedBetaGeometric(FittedModel):
    r"""Shifted-beta-geometric model of contractual retention (Fader and Hardie 2007).

    Each customer churns at the end of any period with probability
    :math:`\theta \sim \text{Beta}(\alpha, \beta)`; lifetimes are counted in periods (1, 2, ...).

    Attributes
    ----------
    params : dict
        ``alpha``, ``beta``.
    log_likelihood, standard_errors, n_customers
        See :meth:`fit`.

    Notes
    -----
    .. math::

        P(T=t) = \frac{B(\alpha+1, \beta+t-1)}{B(\alpha,\beta)}, \quad
        S(t) = \frac{B(\alpha, \beta+t)}{B(\alpha,\beta)}, \quad
        r_t = \frac{\beta+t-1}{\alpha+\beta+t-1}.

    References
    ----------
    .. [1] P. S. Fader and B. G. S. Hardie, "How to project customer retention", *Journal
       of Interactive Marketing* 21(1), 2007, 76-90, doi:10.1002/dir.20074.

    Examples
    --------
    >>> m = ShiftedBetaGeometric(params={"alpha": 0.668, "beta": 3.806})
    >>> m.survival(np.arange(4)).round(3)
    array([1.   , 0.851, 0.747, 0.67 ])
    """

    PARAMS: ClassVar[tuple[str, ...]] = ("alpha", "beta")

    @classmethod
    def fit(cls, active: Any) -> Self:
        """Estimate alpha and beta from the number of customers still active at the start
        of each period.

        Parameters
        ----------
        active : array_like
            Customers (or percentages) active at the start of periods 0, 1, ..., n of one
            cohort: positive first value, non-increasing.

        Returns
        -------
        ShiftedBetaGeometric

        Raises
        ------
        InvalidInputError
            Fewer than 2 values, negative or increasing counts.
        ConvergenceError
            No interior maximum (e.g. nobody churns).

        Examples
        --------
        >>> m = ShiftedBetaGeometric.fit([1000, 869, 743, 653, 593, 551, 517, 491])
        >>> sorted(m.params)
        ['alpha', 'beta']
        """
        func = f"{cls.__name__}.fit"
        counts = as_values(func, "active", active, Interval(0, None))
        if counts.ndim != 1 or len(counts) < 2:
            raise invalid(func, "active", "1-D data of at least 2 values", active)
        if counts[0] <= 0 or np.any(np.diff(counts) > 0):
            raise invalid(func, "active", "a positive, non-increasing sequence", active)
        lost = -np.diff(counts)
        if not np.any(lost > 0):
            raise ConvergenceError(
                f"{func}: the fit did not converge: no customer churned, so the churn "
                "probability's beta distribution collapses onto 0 (alpha -> 0).",
                last_estimate={"alpha": 0.0, "beta": math.inf},
            )
        periods = np.arange(1, len(counts), dtype=np.float64)
        survivors = float(counts[-1])
        horizon = float(len(counts) - 1)

        def total_ll(p: FloatArray) -> float:
            alpha, beta = p
            base = special.betaln(alpha, beta)
            churn = special.betaln(alpha + 1.0, beta + periods - 1.0) - base
            alive = special.betaln(alpha, beta + horizon) - base
            return float(np.dot(lost, churn) + survivors * alive)

        scale = float(counts[0])

        def nll(theta: FloatArray) -> float:
            return -total_ll(np.exp(theta)) / scale

        theta = maximize(func, cls.PARAMS, _with_numeric_gradient(nll), np.zeros(2))
        params = np.exp(theta)
        return cls(
            params=dict(zip(cls.PARAMS, params.tolist(), strict=True)),
            log_likelihood=total_ll(params),
            standard_errors=standard_errors(cls.PARAMS, lambda p: -total_ll(p), params),
            n_customers=scale,
        )

    def survival(self, t: Any) -> Any:
        """Probability of still being a customer after ``t`` periods, S(t).

        Examples
        --------
        >>> round(ShiftedBetaGeometric(params={"alpha": 1.0, "beta": 1.0}).survival(3), 4)
        0.25
        """
        tt = as_values("ShiftedBetaGeometric.survival", "t", t, Interval(0, None))
        alpha, beta = self.params["alpha"], self.params["beta"]
        out = np.exp(special.betaln(alpha, beta + tt) - special.betaln(alpha, beta))
        return wrap(out, (t,))

    def churn_probability(self, t: Any) -> Any:
        """Probability that the lifetime is exactly ``t`` periods, P(T = t), t >= 1.

        Examples
        --------
        >>> round(ShiftedBetaGeometric(params={"alpha": 1.0, "beta": 1.0}).churn_probability(1), 4)
        0.5
        """
        tt = as_values("ShiftedBetaGeometric.churn_probability", "t", t, Interval(1, None))
        alpha, beta = self.params["alpha"], self.params["beta"]
        out = np.exp(special.betaln(alpha + 1.0, beta + tt - 1.0) - special.betaln(alpha, beta))
        return wrap(out, (t,))

    def retention_rate(self, t: Any) -> Any:
        """Share of period ``t - 1`` customers who renew in period ``t``, r_t (t >= 1);
        it increases with t (sorting of the cohort).

        Examples
        --------
        >>> round(ShiftedBetaGeometric(params={"alpha": 0.668, "beta": 3.806}).retention_rate(1), 3)
        0.851
        """
        tt = as_values("ShiftedBetaGeometric.retention_rate", "t", t, Interval(1, None))
        alpha, beta = self.params["alpha"], self.params["beta"]
        return wrap((beta + tt - 1.0) / (alpha + beta + tt - 1.0), (t,))

    def expected_lifetime(self) -> float:
        r"""Mean lifetime in periods, :math:`E[T] = (\alpha+\beta-1)/(\alpha-1)`; inf for
        :math:`\alpha \le 1`.

        Examples
        --------
        >>> round(ShiftedBetaGeometric(params={"alpha": 2.0, "beta": 3.0}).expected_lifetime(), 3)
        4.0
        """
        alpha, beta = self.params["alpha"], self.params["beta"]
        return (alpha + beta - 1.0) / (alpha - 1.0) if alpha > 1.0 else math.inf
