r"""Demand models for inventory policies, vectorized over SKUs.

A demand model describes the demand of one period (or of any fixed interval) for one SKU or for
many SKUs at once: its parameters broadcast like numpy arrays, and the *batch shape* is their
common shape (``()`` for one SKU). Every model offers

* ``mean``, ``std`` and ``variance``;
* ``cdf(x)`` and ``ppf(q)`` (for integer-valued models ``ppf`` is the smallest integer ``x`` with
  ``F(x) >= q``);
* the first-order loss function ``loss(x)`` :math:`= n(x) = E[(D-x)^+]` and the complementary
  loss ``leftover(x)`` :math:`= \bar n(x) = E[(x-D)^+] = x - E[D] + n(x)`;
* the second-order loss function ``loss2(x)``: :math:`n^{(2)}(x) = \int_x^\infty n(y)\,dy =
  \tfrac12 E[((D-x)^+)^2]` for continuous models (and :class:`Discrete` models with
  non-integer values) and :math:`n^{(2)}(x) = \sum_{y > x} n(y) = \tfrac12 E[(D-x)^+ (D-x-1)^+]`
  for integer-valued ones (Zipkin's convention, which makes the (r,Q) sums telescope; meant
  at whole x);
* lead-time demand ``over(periods)``: demand summed over a fixed number of periods, or over a
  random lead time (a demand model itself).

``x`` and ``q`` broadcast against the batch shape. A scalar model evaluated at a scalar gives a
float, otherwise an ndarray.

Any frozen :mod:`scipy.stats` distribution with scalar parameters is accepted wherever a demand
model is (see :func:`as_demand`).
"""

from __future__ import annotations

import itertools
import math
from abc import ABC, abstractmethod
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import integrate, special, stats

from opsmodels._numeric import as_array
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import (
    Interval,
    NanPolicy,
    OneOf,
    as_float_array,
    check,
    describe,
    invalid,
)

__all__ = [
    "DemandModel",
    "Discrete",
    "Empirical",
    "Gamma",
    "NegativeBinomial",
    "Normal",
    "Poisson",
    "as_demand",
]

_SQRT_2PI = math.sqrt(2.0 * math.pi)
_TAIL = 1e-15  # probability mass left out when a discrete model is tabulated
_TABLE_MIN = 50_000  # quantiles of this many SKUs try per-parameter cdf tables
_TABLE_GROUPS = 2_000  # ... when they share at most this many distinct parameter values
_PPF_TOL = 1e-12  # F(x) >= _lowered(q) counts as F(x) >= q (cumulative sums round)
_REAL = Interval(allow_inf=True)
_PROB = Interval(0, 1)


def _lowered(q: FloatArray) -> FloatArray:
    """q less a rounding allowance: relative for small q, at least 4e-16 near 1 (where
    cumulative sums of probabilities are accurate to a few ulps of 1)."""
    allowance = np.minimum(_PPF_TOL * q, np.maximum(_PPF_TOL * (1.0 - q), 4e-16))
    return np.asarray(q - allowance, dtype=np.float64)


def _arr(func: str, name: str, value: object, constraint: Interval) -> FloatArray:
    """Check a parameter and return it as a float array (Series become plain arrays)."""
    return as_array(func, name, value, constraint)


def _broadcast(func: str, names: tuple[str, ...], *arrays: FloatArray) -> tuple[FloatArray, ...]:
    try:
        out = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(f"{n}: {np.shape(a)}" for n, a in zip(names, arrays, strict=True))
        raise invalid(
            func, names[-1], "arrays whose shapes broadcast together", f"<shapes {shapes}>"
        ) from None
    return tuple(np.asarray(a, dtype=np.float64) for a in out)


def _series_index(shape: tuple[int, ...], *params: object) -> pd.Index | None:
    """Index of the first Series parameter, when the batch is 1-D and as long as it."""
    for value in params:
        if isinstance(value, pd.Series):
            return value.index if shape == (len(value),) else None
    return None


def _out(value: Any) -> Any:
    """float for a 0-d result, ndarray otherwise."""
    value = np.asarray(value, dtype=np.float64)
    return float(value) if value.ndim == 0 else value


def _point(model: DemandModel, func: str, name: str, x: object) -> FloatArray:
    """Check evaluation points (any real, inf allowed) and broadcast them with the batch shape."""
    arr = _arr(func, name, x, _REAL)
    try:
        np.broadcast_shapes(arr.shape, model.batch_shape)
    except ValueError:
        raise invalid(
            func,
            name,
            f"an array that broadcasts with the model's batch shape {model.batch_shape}",
            f"<an array of shape {arr.shape}>",
        ) from None
    return arr


class DemandModel(ABC):
    """Base class of the demand models (one period's demand, vectorized over SKUs).

    Subclasses implement the moments, ``cdf``, ``ppf``, the loss functions and ``over``.
    """

    __slots__ = ()

    #: True for integer-valued (lattice) models.
    discrete: bool = False

    @property
    @abstractmethod
    def batch_shape(self) -> tuple[int, ...]:
        """Common shape of the parameters (``()`` for one SKU)."""

    @property
    def index(self) -> pd.Index | None:
        """Index of the SKUs when a parameter was given as a pandas Series (else None);
        the policy functions label their per-SKU results with it."""
        return getattr(self, "_index", None)

    @property
    @abstractmethod
    def mean(self) -> Any:
        """Expected demand E[D] (float or ndarray of the batch shape)."""

    @property
    @abstractmethod
    def variance(self) -> Any:
        """Variance of demand Var[D]."""

    @property
    def std(self) -> Any:
        """Standard deviation of demand."""
        return _out(np.sqrt(np.asarray(self.variance)))

    @abstractmethod
    def _cdf(self, x: FloatArray) -> FloatArray: ...

    @abstractmethod
    def _ppf(self, q: FloatArray) -> FloatArray: ...

    @abstractmethod
    def _loss(self, x: FloatArray) -> FloatArray: ...

    @abstractmethod
    def _loss2(self, x: FloatArray) -> FloatArray: ...

    def cdf(self, x: ArrayLike) -> Any:
        """Cumulative distribution function P(D <= x).

        Parameters
        ----------
        x : float or array_like
            Demand levels; broadcast against the batch shape.
        """
        return _out(self._cdf(_point(self, type(self).__name__ + ".cdf", "x", x)))

    def ppf(self, q: ArrayLike) -> Any:
        """Quantile function: the smallest x with P(D <= x) >= q.

        Parameters
        ----------
        q : float or array_like
            Probabilities in [0, 1]; broadcast against the batch shape. ``q = 1`` gives the
            upper end of the support (``inf`` for unbounded models).
        """
        func = type(self).__name__ + ".ppf"
        check(func, "q", q, _PROB)
        return _out(self._ppf(_point(self, func, "q", q)))

    def loss(self, x: ArrayLike) -> Any:
        r"""First-order loss function :math:`n(x) = E[(D-x)^+]` (expected shortfall below x)."""
        return _out(self._loss(_point(self, type(self).__name__ + ".loss", "x", x)))

    def loss2(self, x: ArrayLike) -> Any:
        r"""Second-order loss function :math:`n^{(2)}(x)` (see the module notes for discrete models)."""
        return _out(self._loss2(_point(self, type(self).__name__ + ".loss2", "x", x)))

    def leftover(self, x: ArrayLike) -> Any:
        r"""Complementary loss function :math:`\bar n(x) = E[(x-D)^+] = x - E[D] + n(x)`."""
        arr = _point(self, type(self).__name__ + ".leftover", "x", x)
        with np.errstate(invalid="ignore"):
            out = arr - np.asarray(self.mean) + self._loss(arr)
        return _out(np.where(np.isposinf(arr), np.inf, np.maximum(out, 0.0)))

    def over(
        self,
        periods: ArrayLike | DemandModel | stats.rv_continuous | Any,
        *,
        method: Literal["auto", "moments"] = "auto",
    ) -> DemandModel:
        r"""Demand summed over ``periods`` independent periods (lead-time demand).

        Parameters
        ----------
        periods : float, array_like or demand model
            Number of periods L > 0 (broadcast against the batch shape; whole numbers for
            :class:`Discrete` models), or the distribution of a random lead time (a demand
            model or a frozen scipy distribution, in periods).
        method : {"auto", "moments"}
            ``"auto"``: the exact distribution where the family is closed under sums (normal,
            Poisson, gamma, negative binomial: same family; discrete: convolution; discrete
            demand with a random integer lead time: exact compounding), otherwise the moment
            approximation. ``"moments"``: always a :class:`Normal` with the exact mean and
            variance.

        Returns
        -------
        DemandModel

        Notes
        -----
        With a random lead time L independent of the demands :math:`D_i`,
        :math:`E = \mu_D\mu_L` and :math:`\mathrm{Var} = \mu_L\sigma_D^2 + \mu_D^2\sigma_L^2`
        (the moment approximation uses a normal distribution with these moments). The exact
        compound distribution of integer demand over an integer lead time has the generating
        function :math:`G_L(G_D(z))`, evaluated here by FFT.

        Examples
        --------
        >>> Normal(10.0, 3.0).over(4).std
        6.0
        >>> Poisson(2.0).over(Discrete([1, 2], [0.5, 0.5])).mean
        3.0
        """
        func = type(self).__name__ + ".over"
        check(func, "method", method, OneOf("auto", "moments"))
        if isinstance(periods, DemandModel) or _is_scipy(periods):
            lead = demand_model(periods, func, "periods")
            if np.any(np.asarray(lead.mean) <= 0):
                raise invalid(func, "periods", "a lead-time distribution with mean > 0", lead)
            if method == "auto" and self.discrete and lead.discrete:
                return _compound(self, lead)
            return _moment_normal(
                np.asarray(self.mean) * np.asarray(lead.mean),
                np.asarray(lead.mean) * np.asarray(self.variance)
                + np.asarray(self.mean) ** 2 * np.asarray(lead.variance),
            )
        length = _arr(func, "periods", periods, Interval(0, None, closed="neither"))
        try:
            np.broadcast_shapes(length.shape, self.batch_shape)
        except ValueError:
            raise invalid(
                func,
                "periods",
                f"an array that broadcasts with the model's batch shape {self.batch_shape}",
                f"<an array of shape {length.shape}>",
            ) from None
        if method == "moments":
            return _moment_normal(
                np.asarray(self.mean) * length, np.asarray(self.variance) * length
            )
        return self._over(length, func)

    def _over(self, periods: FloatArray, func: str) -> DemandModel:
        return _moment_normal(np.asarray(self.mean) * periods, np.asarray(self.variance) * periods)

    def _select(self, rows: Any) -> DemandModel:
        """The SKUs at flat batch positions ``rows`` (batch shape (len(rows),)); a model of
        batch shape () is returned as is (it broadcasts)."""
        if self.batch_shape == ():
            return self
        return self._take(np.asarray(rows, dtype=np.int64))

    def _take(self, rows: Any) -> DemandModel:
        raise NotImplementedError

    def __repr__(self) -> str:
        shape = self.batch_shape
        if shape == ():
            return f"{type(self).__name__}(mean={self.mean:.6g}, std={self.std:.6g})"
        return f"{type(self).__name__}(batch_shape={shape})"


def _moment_normal(mean: Any, variance: Any) -> Normal:
    return Normal(_out(mean), _out(np.sqrt(np.maximum(variance, 0.0))))


# --- normal -------------------------------------------------------------------------------


def standard_normal_loss(z: Any) -> Any:
    r"""Standard normal loss :math:`L(z) = \phi(z) - z(1-\Phi(z))` (internal helper, vectorized)."""
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-0.5 * z * z) / _SQRT_2PI - z * special.ndtr(-z)


class _MeanStd:
    """Moments of the models parameterized by mean and standard deviation (shared properties)."""

    __slots__ = ()
    _mean: FloatArray
    _std: FloatArray

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Common shape of the parameters (``()`` for one SKU)."""
        return self._mean.shape

    @property
    def mean(self) -> Any:
        """Expected demand E[D]."""
        return _out(self._mean)

    @property
    def std(self) -> Any:
        """Standard deviation of demand."""
        return _out(self._std)

    @property
    def variance(self) -> Any:
        """Variance of demand Var[D]."""
        return _out(self._std**2)


class Normal(_MeanStd, DemandModel):
    r"""Normally distributed demand :math:`N(\mu, \sigma^2)`.

    Parameters
    ----------
    mean : float or array_like
        Mean demand per period μ (finite; may be any real, but the model is meant for
        ``mean`` well above ``std`` since it gives negative demand some probability).
    std : float or array_like
        Standard deviation σ >= 0 (0 gives deterministic demand).

    Notes
    -----
    With :math:`z = (x-\mu)/\sigma`, the loss functions are :math:`n(x) = \sigma L(z)` with
    :math:`L(z) = \phi(z) - z(1-\Phi(z))`, and
    :math:`n^{(2)}(x) = \tfrac{\sigma^2}{2}\left[(z^2+1)(1-\Phi(z)) - z\phi(z)\right]`.
    Over L periods: :math:`N(L\mu, L\sigma^2)`.

    References
    ----------
    .. [1] L. V. Snyder and Z.-J. M. Shen, *Fundamentals of Supply Chain Theory*, 2nd ed.,
       Wiley, 2019, Appendix C (loss functions).

    Examples
    --------
    >>> d = Normal(50.0, 8.0)
    >>> round(d.ppf(0.7954545), 3)
    56.604
    >>> round(d.loss(50.0), 4)  # sigma * phi(0)
    3.1915
    >>> Normal([10.0, 20.0], 2.0).cdf(12.0).round(4)
    array([0.8413, 0.    ])
    """

    __slots__ = ("_index", "_mean", "_std")

    def __init__(self, mean: ArrayLike, std: ArrayLike) -> None:
        m = _arr("Normal", "mean", mean, Interval())
        s = _arr("Normal", "std", std, Interval(0, None))
        self._mean, self._std = _broadcast("Normal", ("mean", "std"), m, s)
        self._index = _series_index(self.batch_shape, mean, std)

    def _z(self, x: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (x - self._mean) / self._std
        # sigma = 0: the point mass sits at the mean
        return np.where(np.isnan(z), 0.0, z)

    def _cdf(self, x: FloatArray) -> FloatArray:
        cdf = special.ndtr(self._z(x))
        return np.where((self._std == 0) & (x == self._mean), 1.0, cdf)

    def _ppf(self, q: FloatArray) -> FloatArray:
        z = special.ndtri(q)
        with np.errstate(invalid="ignore"):
            out = self._mean + z * self._std
        return np.where(self._std == 0, self._mean + 0.0 * q, out)

    def _loss(self, x: FloatArray) -> FloatArray:
        z = self._z(x)
        with np.errstate(invalid="ignore"):
            out = self._std * standard_normal_loss(z)
        out = np.where(np.isneginf(x), np.inf, out)
        return np.where(self._std == 0, np.maximum(self._mean - x, 0.0), np.maximum(out, 0.0))

    def _loss2(self, x: FloatArray) -> FloatArray:
        z = self._z(x)
        tail = special.ndtr(-z)
        dens = np.exp(-0.5 * z * z) / _SQRT_2PI
        with np.errstate(invalid="ignore"):
            out = 0.5 * self._std**2 * ((z * z + 1.0) * tail - z * dens)
        out = np.where(np.isneginf(x), np.inf, np.where(np.isposinf(x), 0.0, out))
        return np.where(
            self._std == 0, 0.5 * np.maximum(self._mean - x, 0.0) ** 2, np.maximum(out, 0.0)
        )

    def _over(self, periods: FloatArray, func: str) -> DemandModel:
        return Normal(_out(self._mean * periods), _out(self._std * np.sqrt(periods)))

    def _take(self, rows: Any) -> DemandModel:
        return Normal(self._mean.ravel()[rows], self._std.ravel()[rows])


# --- gamma --------------------------------------------------------------------------------


class Gamma(_MeanStd, DemandModel):
    r"""Gamma-distributed demand given by its mean and standard deviation.

    Parameters
    ----------
    mean : float or array_like
        Mean demand μ > 0.
    std : float or array_like
        Standard deviation σ > 0.

    Notes
    -----
    Shape :math:`k = (\mu/\sigma)^2`, scale :math:`\theta = \sigma^2/\mu`. With
    :math:`S_j(x) = Q(k+j, x/\theta)` the regularized upper incomplete gamma function,
    :math:`n(x) = \mu S_1(x) - x S_0(x)` and
    :math:`n^{(2)}(x) = \tfrac12[k(k+1)\theta^2 S_2(x) - 2x\mu S_1(x) + x^2 S_0(x)]` for x >= 0.
    The sum of L periods is gamma with mean Lμ and variance Lσ².

    References
    ----------
    .. [1] E. A. Silver, D. F. Pyke and D. J. Thomas, *Inventory and Production Management in
       Supply Chains*, 4th ed., CRC Press, 2017, section 6.10 (gamma lead-time demand).

    Examples
    --------
    >>> g = Gamma(10.0, 5.0)
    >>> round(g.loss(0.0), 6), round(g.cdf(10.0), 4)
    (10.0, 0.5665)
    """

    __slots__ = ("_index", "_mean", "_std")

    def __init__(self, mean: ArrayLike, std: ArrayLike) -> None:
        m = _arr("Gamma", "mean", mean, Interval(0, None, closed="neither"))
        s = _arr("Gamma", "std", std, Interval(0, None, closed="neither"))
        self._mean, self._std = _broadcast("Gamma", ("mean", "std"), m, s)
        self._index = _series_index(self.batch_shape, mean, std)

    @property
    def _shape_scale(self) -> tuple[FloatArray, FloatArray]:
        return (self._mean / self._std) ** 2, self._std**2 / self._mean

    def _cdf(self, x: FloatArray) -> FloatArray:
        k, theta = self._shape_scale
        return special.gammainc(k, np.maximum(x, 0.0) / theta)

    def _ppf(self, q: FloatArray) -> FloatArray:
        k, theta = self._shape_scale
        return special.gammaincinv(k, q) * theta

    def _tails(self, x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        k, theta = self._shape_scale
        y = np.maximum(x, 0.0) / theta
        return k, theta, special.gammaincc(k, y), special.gammaincc(k + 1.0, y)

    def _loss(self, x: FloatArray) -> FloatArray:
        _, _, s0, s1 = self._tails(x)
        with np.errstate(invalid="ignore"):
            out = self._mean * s1 - x * s0
        out = np.where(x < 0, self._mean - x, out)
        return np.where(np.isposinf(x), 0.0, np.maximum(out, 0.0))

    def _loss2(self, x: FloatArray) -> FloatArray:
        k, theta, s0, s1 = self._tails(x)
        s2 = special.gammaincc(k + 2.0, np.maximum(x, 0.0) / theta)
        second = k * (k + 1.0) * theta**2
        with np.errstate(invalid="ignore"):
            out = 0.5 * (second * s2 - 2.0 * x * self._mean * s1 + x * x * s0)
            below = 0.5 * (second - 2.0 * x * self._mean + x * x)
        out = np.where(x < 0, below, out)
        return np.where(np.isposinf(x), 0.0, np.maximum(out, 0.0))

    def _over(self, periods: FloatArray, func: str) -> DemandModel:
        return Gamma(_out(self._mean * periods), _out(self._std * np.sqrt(periods)))

    def _take(self, rows: Any) -> DemandModel:
        return Gamma(self._mean.ravel()[rows], self._std.ravel()[rows])


# --- integer-valued models ----------------------------------------------------------------


def _tail_prob(sf: Any, k: FloatArray) -> FloatArray:
    """P(D > k) from a survival function of integer k, with P(D > k) = 1 for k < 0."""
    safe = np.maximum(k, 0.0)
    return np.where(k < 0, 1.0, sf(safe))


class _Lattice(DemandModel):
    """Integer-valued models with closed-form factorial moments of the tail.

    Subclasses give ``_sf(j, k)``: P(D_j > k) where D_j is the j-th "shifted" member of the
    family, with E[D; D > k] = m1 P(D_1 >= k) and E[D(D-1); D > k] = m2 P(D_2 >= k - 1).
    """

    __slots__ = ()
    discrete = True

    @abstractmethod
    def _sf(self, j: int, k: FloatArray) -> FloatArray: ...

    @abstractmethod
    def _factorial_moments(self) -> tuple[FloatArray, FloatArray]: ...

    @abstractmethod
    def _pmf_table(self, upper: int) -> FloatArray:
        """pmf on 0..upper for every SKU, shape (batch..., upper + 1)."""

    def _cdf(self, x: FloatArray) -> FloatArray:
        k = np.floor(np.where(np.isfinite(x), x, 0.0))
        shape = np.broadcast_shapes(k.shape, self.batch_shape)
        params = [np.broadcast_to(p, shape) for p in self._params()]
        out = self._cdf_params(np.broadcast_to(k, shape), params)
        return np.where(np.isposinf(x), 1.0, np.where(np.isneginf(x), 0.0, out))

    def _loss(self, x: FloatArray) -> FloatArray:
        k = np.floor(np.where(np.isfinite(x), x, 0.0))
        m1, _ = self._factorial_moments()
        s0 = _tail_prob(lambda kk: self._sf(0, kk), k)
        s1 = _tail_prob(lambda kk: self._sf(1, kk), k - 1.0)
        out = np.maximum(m1 * s1 - x * s0, 0.0)
        out = np.where(x < 0, m1 - x, out)
        return np.where(np.isposinf(x), 0.0, out)

    def _loss2(self, x: FloatArray) -> FloatArray:
        k = np.floor(np.where(np.isfinite(x), x, 0.0))
        m1, m2 = self._factorial_moments()
        s0 = _tail_prob(lambda kk: self._sf(0, kk), k)
        s1 = _tail_prob(lambda kk: self._sf(1, kk), k - 1.0)
        s2 = _tail_prob(lambda kk: self._sf(2, kk), k - 2.0)
        with np.errstate(invalid="ignore"):
            out = 0.5 * (m2 * s2 - 2.0 * x * m1 * s1 + x * (x + 1.0) * s0)
            below = 0.5 * (m2 - 2.0 * x * m1 + x * (x + 1.0))
        out = np.where(x < 0, below, np.maximum(out, 0.0))
        return np.where(np.isposinf(x), 0.0, np.where(np.isneginf(x), np.inf, out))

    def _guess(self, q: FloatArray) -> FloatArray:
        """Cornish-Fisher start for the quantile search."""
        mean = np.asarray(self.mean, dtype=np.float64)
        std = np.asarray(self.std, dtype=np.float64)
        skew = self._skewness()
        z = special.ndtri(np.clip(q, 1e-300, 1.0 - 1e-16))
        w = z + (z * z - 1.0) * skew / 6.0
        return np.maximum(np.floor(mean + std * w + 0.5), 0.0)

    @abstractmethod
    def _skewness(self) -> FloatArray: ...

    def _ppf(self, q: FloatArray) -> FloatArray:
        """Smallest integer k with F(k) >= q, by a vectorized step search from a
        Cornish-Fisher start (one or two cdf passes for almost every element)."""
        shape = np.broadcast_shapes(q.shape, self.batch_shape)
        q = np.broadcast_to(q, shape)
        top = q >= 1.0
        live = np.flatnonzero((~top & (q > 0)).ravel())
        out = np.zeros(math.prod(shape))
        if live.size:
            params = [np.broadcast_to(p, shape).ravel()[live] for p in self._params()]
            target = _lowered(q.ravel()[live])
            k = np.zeros(live.size)
            search = np.arange(live.size)
            if live.size >= _TABLE_MIN:
                search = self._ppf_tables(shape, live, params, target, k)
            if search.size:
                k[search] = np.broadcast_to(self._guess(q), shape).ravel()[live[search]]
            act = search
            while act.size:  # step down while F(k - 1) >= q
                c = self._cdf_params(k[act] - 1.0, [p[act] for p in params])
                act = act[(k[act] > 0) & (c >= target[act])]
                k[act] -= 1.0
            act = search
            while act.size:  # step up while F(k) < q
                c = self._cdf_params(k[act], [p[act] for p in params])
                act = act[c < target[act]]
                k[act] += 1.0
            out[live] = k
        return np.where(top, np.inf, out.reshape(shape))

    def _ppf_tables(
        self,
        shape: tuple[int, ...],
        live: Any,
        params: list[FloatArray],
        target: FloatArray,
        k: FloatArray,
    ) -> Any:
        """When many SKUs share few parameter values: one cdf table per distinct value and a
        ``searchsorted`` of its SKUs' probabilities (writes ``k``); returns the positions left
        to the step search (all of them when the values are too many to tabulate)."""
        everything = np.arange(live.size)
        probe = params[0][:: max(1, live.size // 10_000)]
        if np.unique(probe).size > _TABLE_GROUPS:
            return everything
        codes = np.zeros(live.size, dtype=np.int64)
        for p in params:  # hash-based grouping (no sort of the SKUs' values)
            part, uniq = pd.factorize(p)
            codes = codes * len(uniq) + part
        if len(params) > 1:
            codes = pd.factorize(codes)[0]
        groups = int(codes.max()) + 1
        if groups > _TABLE_GROUPS:
            return everything
        order = np.argsort(codes.astype(np.int16), kind="stable")  # radix sort of small ints
        counts = np.bincount(codes, minlength=groups)
        starts = np.cumsum(counts)[:-1]
        bounds = np.concatenate([[0], starts, [live.size]])
        mean = np.broadcast_to(np.asarray(self.mean, dtype=np.float64), shape).ravel()[live]
        std = np.broadcast_to(np.asarray(self.std, dtype=np.float64), shape).ravel()[live]
        pending = []
        for a, b in itertools.pairwise(bounds):  # one table per distinct parameter value
            idx = order[a:b]
            first = idx[0]
            top = int(mean[first] + 15.0 * std[first] + 30.0)
            grid = np.arange(top + 1.0)
            table = self._cdf_params(grid, [np.full(grid.shape, p[first]) for p in params])
            found = np.searchsorted(table, target[idx], side="left").astype(np.float64)
            inside = found <= top
            k[idx[inside]] = found[inside]
            pending.append(idx[~inside])
        return np.concatenate(pending) if pending else everything[:0]

    @abstractmethod
    def _params(self) -> list[FloatArray]: ...

    @abstractmethod
    def _cdf_params(self, k: FloatArray, params: list[FloatArray]) -> FloatArray:
        """cdf at integers k for the parameter arrays ``params`` (as from ``_params``)."""

    def _upper(self, tail: float = _TAIL) -> int:
        """An integer above which every SKU's remaining mass is below ``tail``."""
        return int(np.max(self._ppf(np.full(self.batch_shape, 1.0 - tail)))) + 1


class Poisson(_Lattice):
    r"""Poisson-distributed demand.

    Parameters
    ----------
    mean : float or array_like
        Mean demand per period λ >= 0 (finite).

    Notes
    -----
    For integer k = floor(x): :math:`n(x) = \lambda P(D \ge k) - x P(D > k)` and
    :math:`n^{(2)}(x) = \tfrac12[\lambda^2 P(D \ge k-1) - 2x\lambda P(D \ge k) + x(x+1)P(D>k)]`
    (from :math:`d\,p(d) = \lambda p(d-1)`); like every discrete second-order loss it is meant
    at whole x. Over L periods: Poisson(Lλ). Quantiles use a
    Cornish-Fisher start and a vectorized step search on the cdf (no per-value root finding).

    References
    ----------
    .. [1] P. H. Zipkin, *Foundations of Inventory Management*, McGraw-Hill, 2000, section 6.2
       and Appendix C (discrete loss functions).

    Examples
    --------
    >>> d = Poisson(50.0)
    >>> d.ppf(0.7954545)
    56.0
    >>> round(d.loss(56), 5), round(d.loss2(56), 5)
    (0.81504, 2.5356)
    """

    __slots__ = ("_index", "_lam")

    def __init__(self, mean: ArrayLike) -> None:
        self._lam = _arr("Poisson", "mean", mean, Interval(0, None))
        self._index = _series_index(self.batch_shape, mean)

    def _params(self) -> list[FloatArray]:
        return [self._lam]

    def _cdf_params(self, k: FloatArray, params: list[FloatArray]) -> FloatArray:
        return np.where(k < 0, 0.0, special.pdtr(np.maximum(k, 0.0), params[0]))

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self._lam.shape

    @property
    def mean(self) -> Any:
        return _out(self._lam)

    @property
    def variance(self) -> Any:
        return _out(self._lam)

    def _skewness(self) -> FloatArray:
        with np.errstate(divide="ignore"):
            return np.where(self._lam > 0, 1.0 / np.sqrt(np.maximum(self._lam, 1e-300)), 0.0)

    def _factorial_moments(self) -> tuple[FloatArray, FloatArray]:
        return self._lam, self._lam**2

    def _sf(self, j: int, k: FloatArray) -> FloatArray:
        return special.pdtrc(k, self._lam)

    def _pmf_table(self, upper: int) -> FloatArray:
        k = np.arange(upper + 1.0)
        lam = self._lam[..., None]
        with np.errstate(divide="ignore"):
            logp = special.xlogy(k, lam) - lam - special.gammaln(k + 1.0)
        return np.exp(logp)

    def _over(self, periods: FloatArray, func: str) -> DemandModel:
        return Poisson(_out(self._lam * periods))

    def _take(self, rows: Any) -> DemandModel:
        return Poisson(self._lam.ravel()[rows])


class NegativeBinomial(_MeanStd, _Lattice):
    r"""Negative binomial demand given by its mean and standard deviation (σ² > μ).

    Parameters
    ----------
    mean : float or array_like
        Mean demand μ > 0.
    std : float or array_like
        Standard deviation σ, with σ² > μ (overdispersed relative to Poisson).

    Notes
    -----
    Parameters :math:`p = \mu/\sigma^2`, :math:`r = \mu^2/(\sigma^2-\mu)` (number of failures
    before the r-th success, as scipy's ``nbinom(r, p)``). With :math:`D_j` the member with
    :math:`r+j`: :math:`E[D; D>k] = \mu P(D_1 \ge k)` and
    :math:`E[D(D-1); D>k] = r(r+1)((1-p)/p)^2 P(D_2 \ge k-1)`, which give the loss functions as
    for :class:`Poisson`. Over L periods: NB(Lr, p), i.e. mean Lμ, variance Lσ².

    Examples
    --------
    >>> d = NegativeBinomial(10.0, 5.0)
    >>> round(d.cdf(10), 4), d.ppf(0.9)
    (0.5919, 17.0)
    """

    __slots__ = ("_index", "_mean", "_std")

    def __init__(self, mean: ArrayLike, std: ArrayLike) -> None:
        m = _arr("NegativeBinomial", "mean", mean, Interval(0, None, closed="neither"))
        s = _arr("NegativeBinomial", "std", std, Interval(0, None, closed="neither"))
        m, s = _broadcast("NegativeBinomial", ("mean", "std"), m, s)
        bad = ~(s * s > m)
        if bad.any():
            pos = int(np.flatnonzero(bad.ravel())[0])
            raise invalid(
                "NegativeBinomial",
                "std",
                "such that std**2 > mean (use Poisson when they are equal)",
                f"<{describe(s.ravel()[pos])} with mean {describe(m.ravel()[pos])} at position {pos}>",
            )
        self._mean, self._std = m, s
        self._index = _series_index(self.batch_shape, mean, std)

    def _rp(self) -> tuple[FloatArray, FloatArray]:
        var = self._std**2
        return self._mean**2 / (var - self._mean), self._mean / var

    def _params(self) -> list[FloatArray]:
        return list(self._rp())

    def _cdf_params(self, k: FloatArray, params: list[FloatArray]) -> FloatArray:
        r, p = params
        return np.where(k < 0, 0.0, special.betainc(r, np.maximum(k, 0.0) + 1.0, p))

    def _skewness(self) -> FloatArray:
        r, p = self._rp()
        return (2.0 - p) / np.sqrt(r * (1.0 - p))

    def _factorial_moments(self) -> tuple[FloatArray, FloatArray]:
        r, p = self._rp()
        odds = (1.0 - p) / p
        return self._mean, r * (r + 1.0) * odds**2

    def _sf(self, j: int, k: FloatArray) -> FloatArray:
        r, p = self._rp()
        # P(D > k) = I_{1-p}(k + 1, r)
        return np.asarray(special.betainc(k + 1.0, r + j, 1.0 - p), dtype=np.float64)

    def _pmf_table(self, upper: int) -> FloatArray:
        r, p = self._rp()
        k = np.arange(upper + 1.0)
        r, p = r[..., None], p[..., None]
        logp = (
            special.gammaln(k + r)
            - special.gammaln(r)
            - special.gammaln(k + 1.0)
            + r * np.log(p)
            + special.xlog1py(k, -p)
        )
        return np.asarray(np.exp(logp), dtype=np.float64)

    def _over(self, periods: FloatArray, func: str) -> DemandModel:
        return NegativeBinomial(_out(self._mean * periods), _out(self._std * np.sqrt(periods)))

    def _take(self, rows: Any) -> DemandModel:
        return NegativeBinomial(self._mean.ravel()[rows], self._std.ravel()[rows])


# --- tabulated discrete models ------------------------------------------------------------


def _row_index(batch: tuple[int, ...], shape: tuple[int, ...]) -> Any:
    """Flat SKU row of every element of a grid of ``shape`` broadcast from ``batch``."""
    rows = np.arange(math.prod(batch), dtype=np.int64).reshape(batch)
    return np.broadcast_to(rows, shape).ravel()


def _count_at_most(table: FloatArray, rows: Any, x: FloatArray, *, strict: bool) -> Any:
    """Per element, how many entries of ``table[rows]`` (rows sorted ascending) are <= x
    (< x when ``strict``): one global rank transform and one searchsorted, no loop."""
    if table.shape[0] == 1:
        side: Literal["left", "right"] = "left" if strict else "right"
        return np.searchsorted(table[0], x, side=side)
    width = table.shape[1]
    both = np.concatenate([table.ravel(), x])
    uniq, inverse = np.unique(both, return_inverse=True)
    size = np.int64(len(uniq))
    rank_t = inverse[: table.size].reshape(table.shape).astype(np.int64)
    rank_x = inverse[table.size :].astype(np.int64)
    key_t = (np.arange(table.shape[0], dtype=np.int64)[:, None] * size + rank_t).ravel()
    key_x = rows * size + rank_x
    side = "left" if strict else "right"
    return np.searchsorted(key_t, key_x, side=side) - rows * width


class Discrete(DemandModel):
    r"""Demand with a finite distribution: ``values`` taken with ``probabilities``.

    Parameters
    ----------
    values : array_like
        Demand values >= 0 along the last axis, shape (k,) shared by every SKU or
        (..., k) per SKU. Need not be sorted; repeated values add up.
    probabilities : array_like
        Probabilities of the values (last axis of length k, each row summing to 1 within
        1e-9); leading axes are the SKUs.

    Notes
    -----
    Tables of the cumulative distribution and of the tail sums of p, p·v and p·v² are built
    once; every evaluation is one ``searchsorted``. ``ppf(q)`` is the smallest value with
    F(v) >= q. The loss functions follow from the tail sums:
    :math:`n(x) = \sum_{v_i > x} p_i (v_i - x)` and, for integer values,
    :math:`n^{(2)}(x) = \tfrac12\sum_{v_i > x} p_i (v_i - x)(v_i - x - 1)` (otherwise
    :math:`\tfrac12\sum_{v_i > x} p_i (v_i - x)^2`, the continuous definition).
    ``over(L)`` (whole L, integer values) convolves the pmf L times by FFT.

    Examples
    --------
    >>> d = Discrete([0, 1, 2, 3], [0.1, 0.2, 0.3, 0.4])
    >>> d.mean, d.ppf(0.5), d.loss(1.0)
    (2.0, 2.0, 1.1)
    >>> Discrete([0, 1], [[0.5, 0.5], [0.2, 0.8]]).ppf(0.5)
    array([0., 1.])
    """

    __slots__ = ("_cum", "_integer", "_prob", "_shape", "_tail0", "_tail1", "_tail2", "_values")
    _cum: FloatArray
    _prob: FloatArray
    _tail0: FloatArray
    _tail1: FloatArray
    _tail2: FloatArray
    _values: FloatArray
    _integer: bool
    _shape: tuple[int, ...]

    def __init__(self, values: ArrayLike, probabilities: ArrayLike) -> None:
        v = _arr("Discrete", "values", values, Interval(0, None))
        p = _arr("Discrete", "probabilities", probabilities, Interval(0, 1))
        self._setup("Discrete", v, p)

    def _setup(self, func: str, v: FloatArray, p: FloatArray) -> None:
        if v.ndim == 0:
            raise invalid(func, "values", "an array of at least one value", v.item())
        if p.ndim == 0:
            raise invalid(func, "probabilities", "an array of probabilities", p.item())
        if v.shape[-1] != p.shape[-1]:
            raise invalid(
                func,
                "probabilities",
                f"as long as values along the last axis ({v.shape[-1]})",
                f"<{p.shape[-1]} probabilities>",
            )
        try:
            batch = np.broadcast_shapes(v.shape[:-1], p.shape[:-1])
        except ValueError:
            raise invalid(
                func,
                "probabilities",
                "an array whose leading axes broadcast with those of values",
                f"<shapes {v.shape} and {p.shape}>",
            ) from None
        total = p.sum(axis=-1)
        bad = np.abs(total - 1.0) > 1e-9
        if bad.any():
            pos = int(np.flatnonzero(bad.ravel())[0])
            raise invalid(
                func,
                "probabilities",
                "probabilities summing to 1 along the last axis",
                f"<a sum of {describe(np.ravel(total)[pos])} at row {pos}>",
            )
        k = v.shape[-1]
        rows = math.prod(batch)
        shared = v.ndim == 1
        order = np.argsort(v, axis=-1, kind="stable")
        vs = np.take_along_axis(v, order, axis=-1)
        pb = np.broadcast_to(p, (*batch, k))
        ps = np.take_along_axis(pb, np.broadcast_to(order, pb.shape), axis=-1)
        values = vs.reshape(1, k) if shared else np.broadcast_to(vs, (*batch, k)).reshape(rows, k)
        prob = ps.reshape(rows, k) / total.reshape(rows, 1)
        vb = np.broadcast_to(values, (rows, k))
        zero = np.zeros((rows, 1))
        self._values = values
        self._prob = prob
        self._cum = np.concatenate([zero, np.cumsum(prob, axis=1)], axis=1)
        self._cum[:, -1] = 1.0
        self._tail0 = np.concatenate([np.cumsum(prob[:, ::-1], axis=1)[:, ::-1], zero], axis=1)
        self._tail1 = np.concatenate(
            [np.cumsum((prob * vb)[:, ::-1], axis=1)[:, ::-1], zero], axis=1
        )
        self._tail2 = np.concatenate(
            [np.cumsum((prob * vb * vb)[:, ::-1], axis=1)[:, ::-1], zero], axis=1
        )
        self._integer = bool(np.all(np.floor(values) == values))
        self._shape = batch

    @property
    def discrete(self) -> bool:  # type: ignore[override]
        return self._integer

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def mean(self) -> Any:
        return _out(self._tail1[:, 0].reshape(self.batch_shape))

    @property
    def variance(self) -> Any:
        m = self._tail1[:, 0]
        return _out(np.maximum(self._tail2[:, 0] - m * m, 0.0).reshape(self.batch_shape))

    def _grid(self, x: FloatArray) -> tuple[tuple[int, ...], Any, FloatArray]:
        shape = np.broadcast_shapes(x.shape, self.batch_shape)
        rows = _row_index(self.batch_shape, shape)
        return shape, rows, np.broadcast_to(x, shape).ravel()

    def _position(self, x: FloatArray) -> tuple[tuple[int, ...], Any, Any]:
        shape, rows, flat = self._grid(x)
        vals = np.nan_to_num(flat, posinf=np.finfo(np.float64).max, neginf=-1.0)
        count = _count_at_most(self._values, rows, vals, strict=False)
        return shape, rows, count

    def _cdf(self, x: FloatArray) -> FloatArray:
        shape, rows, j = self._position(x)
        out: FloatArray = self._cum[rows, j].reshape(shape)
        return out

    def _ppf(self, q: FloatArray) -> FloatArray:
        shape, rows, flat = self._grid(q)
        # smallest index i with cum[i+1] >= q: the count of cum[1:] entries < q (less a tolerance)
        j = _count_at_most(self._cum[:, 1:], rows, _lowered(flat), strict=True)
        j = np.minimum(j, self._values.shape[1] - 1)
        vrows = rows if self._values.shape[0] > 1 else np.zeros_like(rows)
        out: FloatArray = np.where(flat <= 0, self._values[vrows, 0], self._values[vrows, j])
        return out.reshape(shape)

    def _loss(self, x: FloatArray) -> FloatArray:
        shape, rows, j = self._position(x)
        flat = np.broadcast_to(x, shape).ravel()
        with np.errstate(invalid="ignore"):
            out = self._tail1[rows, j] - flat * self._tail0[rows, j]
        out = np.where(np.isneginf(flat), np.inf, np.maximum(out, 0.0))
        return np.where(np.isposinf(flat), 0.0, out).reshape(shape)

    def _loss2(self, x: FloatArray) -> FloatArray:
        shape, rows, j = self._position(x)
        flat = np.broadcast_to(x, shape).ravel()
        t0, t1, t2 = self._tail0[rows, j], self._tail1[rows, j], self._tail2[rows, j]
        step = 1.0 if self._integer else 0.0  # integer values: Zipkin's discrete convention
        with np.errstate(invalid="ignore"):
            out = 0.5 * (t2 - (2.0 * flat + step) * t1 + flat * (flat + step) * t0)
        out = np.where(np.isneginf(flat), np.inf, np.maximum(out, 0.0))
        return np.where(np.isposinf(flat), 0.0, out).reshape(shape)

    def _take(self, rows: Any) -> DemandModel:
        values = self._values if self._values.shape[0] == 1 else self._values[rows]
        return _discrete_from_table(values[0] if values.shape[0] == 1 else values, self._prob[rows])

    def _pmf_table(self, upper: int) -> FloatArray:
        """pmf on the lattice 0..upper (integer values only), shape (batch..., upper + 1)."""
        rows, k = self._prob.shape
        table = np.zeros((rows, upper + 1))
        idx = np.broadcast_to(self._values, (rows, k)).astype(np.int64)
        np.add.at(table, (np.repeat(np.arange(rows), k), idx.ravel()), self._prob.ravel())
        return table.reshape((*self.batch_shape, upper + 1))

    def _upper(self, tail: float = _TAIL) -> int:
        return int(np.max(self._values))

    def _over(self, periods: FloatArray, func: str) -> DemandModel:
        if not self._integer:
            raise invalid(
                func,
                "periods",
                "used with integer demand values (or pass method='moments')",
                "<a Discrete model with non-integer values>",
            )
        check(func, "periods", periods, Interval(1, None, integer=True))
        top = int(np.max(periods))
        upper = self._upper()
        size = top * upper + 1
        pmf = self._pmf_table(upper)
        spectrum = np.fft.rfft(pmf, n=_fft_size(size), axis=-1)
        power = spectrum ** np.asarray(periods)[..., None]
        return _from_lattice(np.fft.irfft(power, n=_fft_size(size), axis=-1)[..., :size])


def _fft_size(n: int) -> int:
    return 1 << max(0, (n - 1).bit_length())


def _from_lattice(pmf: FloatArray) -> Discrete:
    """A Discrete model on 0..n-1 from an FFT-computed pmf table (clips round-off, trims)."""
    pmf = np.maximum(pmf, 0.0)
    keep = np.flatnonzero(np.any(pmf > _TAIL * 1e-3, axis=tuple(range(pmf.ndim - 1))))
    last = int(keep[-1]) + 1 if keep.size else 1
    pmf = pmf[..., :last]
    pmf = pmf / pmf.sum(axis=-1, keepdims=True)
    model = object.__new__(Discrete)
    model._setup("Discrete", np.arange(float(last)), pmf)
    return model


def _lattice_table(model: DemandModel, upper: int | None = None) -> FloatArray:
    if isinstance(model, Discrete):
        return model._pmf_table(model._upper() if upper is None else upper)
    assert isinstance(model, _Lattice)
    return model._pmf_table(model._upper() if upper is None else upper)


def _compound(demand: DemandModel, lead: DemandModel) -> Discrete:
    """Exact distribution of the sum of a random number L of iid integer demands."""
    lead_top = int(max(lead._upper(), 0))  # type: ignore[attr-defined]
    lead_pmf = _lattice_table(lead, lead_top)
    demand_top = int(demand._upper())  # type: ignore[attr-defined]
    demand_pmf = _lattice_table(demand, demand_top)
    size = lead_top * demand_top + 1
    n = _fft_size(size)
    spectrum = np.fft.rfft(demand_pmf, n=n, axis=-1)
    try:
        batch = np.broadcast_shapes(spectrum.shape[:-1], lead_pmf.shape[:-1])
    except ValueError:
        raise invalid(
            "over",
            "periods",
            "a lead-time model whose batch shape broadcasts with the demand's",
            f"<batch shape {lead_pmf.shape[:-1]}>",
        ) from None
    total = np.zeros((*batch, spectrum.shape[-1]), dtype=np.complex128)
    for ell in range(lead_top, -1, -1):  # Horner: sum_l p_l phi^l
        total = total * spectrum + lead_pmf[..., ell : ell + 1]
    return _from_lattice(np.fft.irfft(total, n=n, axis=-1)[..., :size])


class Empirical(Discrete):
    """Demand distributed as observed history (each observation equally likely).

    Parameters
    ----------
    history : array_like
        Observed demands >= 0: 1-D for one SKU, or 2-D with one row of periods per SKU.
    nan_policy : {"raise", "omit"}
        ``"omit"`` gives missing observations zero weight (rows may then differ in length).

    Examples
    --------
    >>> d = Empirical([3, 5, 5, 8])
    >>> d.mean, d.ppf(0.5), d.cdf(5)
    (5.25, 5.0, 0.75)
    """

    __slots__ = ()

    def __init__(self, history: ArrayLike, *, nan_policy: NanPolicy = "raise") -> None:
        check("Empirical", "nan_policy", nan_policy, OneOf("raise", "omit"))
        data = as_float_array("Empirical", "history", history, nan_policy="omit", ndim=(1, 2))
        if nan_policy == "raise":  # same conversion, NaN refused
            as_float_array("Empirical", "history", history, nan_policy="raise", ndim=(1, 2))
        seen = ~np.isnan(data)
        check("Empirical", "history", data[seen], Interval(0, None))
        weight = seen.astype(np.float64)
        counts = weight.sum(axis=-1, keepdims=True)
        if np.any(counts == 0):
            raise invalid("Empirical", "history", "at least one observation per SKU", history)
        values = np.where(seen, data, 0.0)
        self._setup("Empirical", values, weight / counts)


# --- scipy distributions ------------------------------------------------------------------


def _is_scipy(obj: object) -> bool:
    return hasattr(obj, "dist") and isinstance(
        getattr(obj, "dist", None), stats.rv_continuous | stats.rv_discrete
    )


class _ScipyContinuous(DemandModel):
    """A frozen continuous scipy distribution (scalar parameters); loss by quadrature."""

    __slots__ = ("_dist",)

    def __init__(self, dist: Any) -> None:
        self._dist = dist

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return ()

    @property
    def mean(self) -> Any:
        return float(self._dist.mean())

    @property
    def variance(self) -> Any:
        return float(self._dist.var())

    def _cdf(self, x: FloatArray) -> FloatArray:
        return np.asarray(self._dist.cdf(x), dtype=np.float64)

    def _ppf(self, q: FloatArray) -> FloatArray:
        return np.asarray(self._dist.ppf(q), dtype=np.float64)

    def _quad(self, x: FloatArray, power: int) -> FloatArray:
        """int_x^hi (y - x)^(power-1) S(y) dy for points x >= the support's lower end."""
        uniq, inverse = np.unique(x, return_inverse=True)
        hi = float(self._dist.support()[1])
        out = np.zeros(uniq.shape)
        for i, point in enumerate(uniq):  # one integral per distinct point (scipy models only)
            if not math.isfinite(point):
                continue
            out[i] = integrate.quad(
                lambda y, p=float(point): (y - p) ** (power - 1) * float(self._dist.sf(y)),
                float(point),
                hi,
                limit=200,
            )[0]
        return out[inverse].reshape(x.shape)

    def _split(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        lo = float(self._dist.support()[0])
        start = np.maximum(x, lo)
        return start, start - x  # below the support S(y) = 1

    def _loss(self, x: FloatArray) -> FloatArray:
        # n(x) = int_x^inf S(y) dy
        start, gap = self._split(x)
        with np.errstate(invalid="ignore"):
            out = self._quad(start, 1) + gap
        return np.where(np.isneginf(x), np.inf, np.maximum(out, 0.0))

    def _loss2(self, x: FloatArray) -> FloatArray:
        # n2(x) = int_x^inf (y - x) S(y) dy = E[((D-x)^+)^2] / 2
        start, gap = self._split(x)
        with np.errstate(invalid="ignore"):
            out = self._quad(start, 2) + gap * self._quad(start, 1) + 0.5 * gap * gap
        return np.where(np.isneginf(x), np.inf, np.maximum(out, 0.0))


def as_demand(demand: object) -> DemandModel:
    """Return ``demand`` as a demand model (scipy frozen distributions are wrapped).

    Parameters
    ----------
    demand : DemandModel or frozen scipy.stats distribution
        A frozen distribution must have scalar parameters (for per-SKU parameters use the
        opsmodels models, which broadcast). Discrete scipy distributions are tabulated into a
        :class:`Discrete` model (mass beyond 1e-15 of either tail left out); continuous ones
        keep scipy's cdf and ppf and get their loss functions by quadrature (slow: one
        integral per distinct point).
    Returns
    -------
    DemandModel

    Raises
    ------
    InvalidInputError
        If ``demand`` is neither, has array parameters, an infinite mean or (discrete)
        negative or non-integer support.

    Examples
    --------
    >>> from scipy import stats
    >>> as_demand(stats.poisson(6)).ppf(0.8)
    8.0
    >>> round(as_demand(stats.norm(50, 8)).loss(56.604), 3)
    0.919
    """
    return demand_model(demand, "as_demand", "demand")


def demand_model(demand: object, func: str, name: str) -> DemandModel:
    """:func:`as_demand` for other functions' arguments (errors name ``func`` and ``name``)."""
    if isinstance(demand, DemandModel):
        return demand
    allowed = "a demand model (Normal, Poisson, ...) or a frozen scipy.stats distribution"
    if not _is_scipy(demand):
        raise invalid(func, name, allowed, demand)
    dist: Any = demand
    try:
        mean = np.asarray(dist.mean(), dtype=np.float64)
        var = np.asarray(dist.var(), dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(func, name, allowed, demand) from None
    if mean.ndim != 0:
        raise invalid(func, name, "a frozen scipy distribution with scalar parameters", demand)
    if not (np.isfinite(mean) and np.isfinite(var)):
        raise invalid(func, name, "a distribution with finite mean and variance", demand)
    if isinstance(dist.dist, stats.rv_discrete):
        lo = float(dist.ppf(_TAIL))
        hi = float(dist.ppf(1.0 - _TAIL))
        lo = max(lo - 1.0, float(dist.support()[0]))
        if lo < 0 or not math.isfinite(hi):
            raise invalid(func, name, "a discrete distribution on the integers >= 0", demand)
        values = np.arange(lo, hi + 1.0)
        pmf = np.asarray(dist.pmf(values), dtype=np.float64)
        return _discrete_from_table(values, pmf / pmf.sum())
    return _ScipyContinuous(dist)


def _discrete_from_table(values: FloatArray, pmf: FloatArray) -> Discrete:
    model = object.__new__(Discrete)
    model._setup("Discrete", values, pmf)
    return model
