"""Discrete-time customer-base models: BG/BB for non-contractual settings with discrete
transaction opportunities, and the shifted-beta-geometric model of contractual retention."""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd
from scipy import special

from opsmodels._typing import FloatArray, RandomState
from opsmodels._validation import Interval, as_generator, as_scalar, check, invalid
from opsmodels.errors import ConvergenceError
from opsmodels.segmentation._btyd import _log_hyp2f1_unit, _simulation_setup
from opsmodels.segmentation._fitting import (
    FittedModel,
    as_values,
    broadcast,
    compress,
    discount_args,
    fit_by_likelihood,
    frame_unit,
    summary_columns,
    wrap,
)

__all__ = ["BGBB", "ShiftedBetaGeometric"]

_COUNT = Interval(0, None, integer=True)


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
            n_column = "n" if "n" in frame.columns else "periods"
            frequency, recency, n = summary_columns(
                func, frame, ("frequency", "recency", n_column), recency=recency, n=n
            )
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

        def loglik(
            p: FloatArray, *, scaled: bool, gradient: bool
        ) -> tuple[FloatArray, FloatArray | None]:
            return _bgbb_ll(p, x, t_x, nn), None

        try:
            return fit_by_likelihood(cls, func, loglik, w, time_unit=frame_unit(frequency))
        except ConvergenceError as error:
            last = error.last_estimate
            if isinstance(last, dict) and last["gamma"] / (last["gamma"] + last["delta"]) < 1e-3:
                raise ConvergenceError(
                    f"{func}: the fit did not converge: no customer appears to have dropped "
                    "out (the drop-out probability's beta distribution collapsed onto 0: "
                    f"gamma -> 0, delta -> infinity). Last estimate: {last}.",
                    last_estimate=last,
                ) from None
            raise

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

    def discounted_expected_residual_transactions(
        self,
        frequency: Any,
        recency: Any,
        n: Any,
        *,
        discount_rate: float,
        horizon: float = math.inf,
    ) -> Any:
        r"""Discounted expected residual transactions (DERT) of a customer with history
        :math:`(x, t_x, n)` (Fader, Hardie and Shang 2010, eq. 14).

        Parameters
        ----------
        frequency, recency, n : array_like
            The history :math:`(x, t_x, n)`.
        discount_rate : float
            Discount rate :math:`d` per transaction opportunity (>= 0): a transaction at
            opportunity :math:`n + t` counts :math:`(1+d)^{-t}`.
        horizon : int or float
            Number of future opportunities (a whole number); ``inf`` (default) for all.

        Returns
        -------
        float, ndarray or Series
            DERT per customer (numeric in, same kind out). With ``discount_rate=0`` and a
            finite horizon it equals :meth:`conditional_expected_purchases`; with
            ``discount_rate=0`` and no horizon it is inf unless :math:`\gamma > 1`.

        Notes
        -----
        .. math::

            \text{DERT}(d) = \frac{B(\alpha+x+1, \beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma, \delta+n+1)}{B(\gamma,\delta)(1+d)}
            \,{}_2F_1\!\left(1, \delta+n+1; \gamma+\delta+n+1; \tfrac{1}{1+d}\right) \Big/ L

        The hypergeometric series is summed in log space (the one of the Pareto/NBD
        likelihood, quadrature near :math:`z = 1`). A finite horizon :math:`H` subtracts
        :math:`(1+d)^{-H}` times the same sum started at opportunity :math:`n+H`.

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> round(m.discounted_expected_residual_transactions(6, 6, 6, discount_rate=0.1), 3)
        5.909
        >>> round(m.discounted_expected_residual_transactions(
        ...     6, 6, 6, discount_rate=0.0, horizon=5), 3)
        3.752
        """
        func = "BGBB.discounted_expected_residual_transactions"
        d, horizon = discount_args(func, discount_rate, horizon, integer_horizon=True)
        x, t_x, nn = _bgbb_args(func, frequency, recency, n)
        alpha, beta, gamma, delta = self._vector()
        shape = x.shape
        ll = _bgbb_ll(self._vector(), x.ravel(), t_x.ravel(), nn.ravel()).reshape(shape)
        log_lead = special.betaln(alpha + x + 1.0, beta + nn - x) - special.betaln(alpha, beta)
        if d == 0.0:
            if math.isinf(horizon):
                lead = special.gammaln(gamma + delta) - special.gammaln(1.0 + delta)
                rest = special.gammaln(1.0 + delta + nn) - special.gammaln(gamma + delta + nn)
                future = (
                    delta / (gamma - 1.0) * np.exp(lead + rest)
                    if gamma > 1.0
                    else np.full_like(nn, np.inf)
                )
            else:
                future = self._future(nn, np.full_like(nn, horizon))
        else:
            future = self._discounted_survival(nn, d)
            if not math.isinf(horizon):
                future = future - np.exp(-horizon * math.log1p(d)) * self._discounted_survival(
                    nn + horizon, d
                )
        out = np.exp(log_lead - ll) * np.maximum(future, 0.0)
        return wrap(out, (frequency, recency, n))

    def _discounted_survival(self, n: FloatArray, d: float) -> FloatArray:
        r""":math:`\sum_{t \ge 1} (1+d)^{-t} B(\gamma, \delta+n+t)/B(\gamma, \delta)` (d > 0)."""
        _, _, gamma, delta = self._vector()
        m = np.ravel(delta + n + 1.0)
        log_f, _ = _log_hyp2f1_unit(m, m + gamma, np.full_like(m, 1.0 / (1.0 + d)))
        log_sum = special.betaln(gamma, m) - special.betaln(gamma, delta) - math.log1p(d) + log_f
        out: FloatArray = np.exp(log_sum).reshape(np.shape(n))
        return out

    def simulate(
        self, n: Any, *, n_customers: int | None = None, rng: RandomState = None
    ) -> pd.DataFrame:
        r"""Draw customer histories exactly from the model.

        Parameters
        ----------
        n : int or array_like
            Number of transaction opportunities of each customer; an int with
            ``n_customers`` gives that many customers with ``n`` opportunities.
        n_customers : int, optional
            Number of customers when ``n`` is a scalar.
        rng : numpy.random.Generator, int or None
            Random source (same seed, same draws).

        Returns
        -------
        pandas.DataFrame
            Columns ``frequency, recency, n`` (the input of :meth:`fit`).

        Notes
        -----
        Per customer :math:`p \sim \text{Beta}(\alpha, \beta)` and :math:`\theta \sim
        \text{Beta}(\gamma, \delta)`; the customer is alive for :math:`A = \min(G, n)`
        opportunities with :math:`G` the failures before the first success of
        Bernoulli(:math:`\theta`) trials, and transacts at each of them with probability
        :math:`p`. Counting back from :math:`A`, the opportunities without a transaction
        before the last one are :math:`K`, the failures before the first success of
        Bernoulli(:math:`p`) trials: :math:`t_x = A - K` and :math:`x = 1 +
        \text{Binomial}(t_x - 1, p)` when :math:`K < A`, else :math:`x = t_x = 0`.

        Examples
        --------
        >>> m = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
        >>> sim = m.simulate(6, n_customers=20_000, rng=1)
        >>> bool(abs(sim["frequency"].mean() - m.expected_purchases(6)) < 0.05)
        True
        """
        nn, gen = _simulation_setup(
            "BGBB.simulate", n, n_customers, rng, name="n", span=Interval(1, None, integer=True)
        )
        alpha, beta, gamma, delta = self._vector()
        size = len(nn)
        p = np.clip(gen.beta(alpha, beta, size=size), 1e-300, 1.0)
        theta = np.clip(gen.beta(gamma, delta, size=size), 1e-300, 1.0)
        alive = np.minimum(gen.geometric(theta) - 1.0, nn)
        quiet = gen.geometric(p) - 1.0
        some = quiet < alive
        recency = np.where(some, alive - quiet, 0.0)
        extra = gen.binomial(np.maximum(recency - 1.0, 0.0).astype(np.int64), p)
        frequency = np.where(some, 1.0 + extra, 0.0)
        return pd.DataFrame({"frequency": frequency, "recency": recency, "n": nn})

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
        horizon = float(len(counts) - 1)
        # one row per churn period plus the survivors, weighted by their counts
        weights = np.append(lost, counts[-1])

        def loglik(
            p: FloatArray, *, scaled: bool, gradient: bool
        ) -> tuple[FloatArray, FloatArray | None]:
            alpha, beta = p
            base = special.betaln(alpha, beta)
            churn = special.betaln(alpha + 1.0, beta + periods - 1.0) - base
            alive = special.betaln(alpha, beta + horizon) - base
            return np.append(churn, alive), None

        return fit_by_likelihood(cls, func, loglik, weights)

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

    def simulate(self, n_customers: int, *, periods: int, rng: RandomState = None) -> Any:
        r"""Draw one cohort exactly from the model: the number of customers still active at
        the start of periods 0, 1, ..., ``periods`` (the input of :meth:`fit`).

        Parameters
        ----------
        n_customers : int
            Size of the cohort (>= 1).
        periods : int
            Number of periods observed (>= 1).
        rng : numpy.random.Generator, int or None
            Random source (same seed, same draws).

        Returns
        -------
        numpy.ndarray
            ``periods + 1`` counts, the first one ``n_customers``.

        Notes
        -----
        Per customer :math:`\theta \sim \text{Beta}(\alpha, \beta)` and the lifetime is
        geometric on 1, 2, ... with success probability :math:`\theta`.

        Examples
        --------
        >>> m = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
        >>> m.simulate(1000, periods=4, rng=1)
        array([1000.,  648.,  499.,  419.,  358.])
        """
        func = "ShiftedBetaGeometric.simulate"
        check(func, "n_customers", n_customers, Interval(1, None, integer=True))
        check(func, "periods", periods, Interval(1, None, integer=True))
        gen = as_generator(func, rng)
        alpha, beta = self.params["alpha"], self.params["beta"]
        theta = np.clip(gen.beta(alpha, beta, size=int(n_customers)), 1e-300, 1.0)
        lifetime = gen.geometric(theta)
        lasted = np.bincount(np.minimum(lifetime, int(periods) + 1), minlength=int(periods) + 2)
        out: FloatArray = (int(n_customers) - np.cumsum(lasted)[:-1]).astype(np.float64)
        return out

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

    def discounted_expected_lifetime(self, *, discount_rate: float) -> float:
        r"""Discounted expected lifetime (DEL) of a new customer, in periods: the present
        value of one payment per period at the start of each period the customer is still
        there, the first one undiscounted (Fader and Hardie 2010, eq. 5).

        Parameters
        ----------
        discount_rate : float
            Discount rate :math:`d` per period (>= 0).

        Returns
        -------
        float
            :math:`\text{DEL}(d) = {}_2F_1(1, \beta; \alpha+\beta; \tfrac{1}{1+d}) =
            \sum_{t \ge 0} S(t)/(1+d)^t`; times the margin per period it is the expected
            CLV of a customer about to be acquired. With ``discount_rate=0`` it is
            :meth:`expected_lifetime` (inf for :math:`\alpha \le 1`).

        References
        ----------
        .. [1] P. S. Fader and B. G. S. Hardie, "Customer-base valuation in a contractual
           setting: the perils of ignoring heterogeneity", *Marketing Science* 29(1), 2010,
           85-93, doi:10.1287/mksc.1080.0482.

        Examples
        --------
        >>> m = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
        >>> round(m.discounted_expected_lifetime(discount_rate=0.1), 3)
        3.695
        """
        func = "ShiftedBetaGeometric.discounted_expected_lifetime"
        d = as_scalar(func, "discount_rate", discount_rate, Interval(0, None))
        alpha, beta = self.params["alpha"], self.params["beta"]
        return float(_renewal_sum(alpha, np.array([beta]), d)[0])

    def discounted_expected_residual_lifetime(self, renewals: Any, *, discount_rate: float) -> Any:
        r"""Discounted expected residual lifetime (DERL) of a customer who has renewed
        ``renewals`` times, valued just before the next renewal decision (Fader and Hardie
        2010, eq. 6, with :math:`n - 1` renewals).

        Parameters
        ----------
        renewals : int or array_like
            Renewals made so far (0 for a customer in the first period).
        discount_rate : float
            Discount rate :math:`d` per period (>= 0).

        Returns
        -------
        float, ndarray or Series
            .. math::

                \text{DERL} = \frac{\beta+k}{\alpha+\beta+k}\,
                {}_2F_1\!\left(1, \beta+k+1; \alpha+\beta+k+1; \tfrac{1}{1+d}\right)

            for :math:`k` renewals: the expected present value of the payments still to
            come, the next one (made at the renewal) undiscounted. Times the margin per
            period it is the customer's expected residual lifetime value. With
            ``discount_rate=0`` it is :math:`(\beta+k)/(\alpha-1)`, inf for
            :math:`\alpha \le 1`.

        Notes
        -----
        Given :math:`k` renewals the churn probability is :math:`\theta \sim
        \text{Beta}(\alpha, \beta+k)`; the payment :math:`j` periods ahead is made with
        probability :math:`E[(1-\theta)^{j+1}]`, so :math:`(1+d)(\text{DEL} - 1)` equals DERL
        at :math:`k = 0`.

        Examples
        --------
        >>> m = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
        >>> m.discounted_expected_residual_lifetime(np.array([0, 4]), discount_rate=0.1).round(3)
        array([2.965, 5.894])
        """
        func = "ShiftedBetaGeometric.discounted_expected_residual_lifetime"
        k = as_values(func, "renewals", renewals, _COUNT)
        d = as_scalar(func, "discount_rate", discount_rate, Interval(0, None))
        alpha, beta = self.params["alpha"], self.params["beta"]
        flat = np.ravel(beta + k)
        out = flat / (alpha + flat) * _renewal_sum(alpha, flat + 1.0, d)
        return wrap(out.reshape(np.shape(k)), (renewals,))


def _renewal_sum(alpha: float, m: FloatArray, d: float) -> FloatArray:
    r""":math:`{}_2F_1(1, m; \alpha+m; 1/(1+d)) = \sum_{j\ge0} E[(1-\theta)^j]/(1+d)^j` for
    :math:`\theta \sim \text{Beta}(\alpha, m)`; :math:`(\alpha+m-1)/(\alpha-1)` (or inf) at
    :math:`d = 0`."""
    if d == 0.0:
        return (alpha + m - 1.0) / (alpha - 1.0) if alpha > 1.0 else np.full_like(m, np.inf)
    log_f, _ = _log_hyp2f1_unit(m, alpha + m, np.full_like(m, 1.0 / (1.0 + d)))
    out: FloatArray = np.exp(log_f)
    return out
