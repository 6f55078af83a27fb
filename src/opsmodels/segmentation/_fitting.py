"""Shared machinery of the customer-base models: data checks, compression, the fit loop,
numerical Hessians and the "numeric in, same kind out" helpers."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd
from scipy import optimize

from opsmodels._results import Result
from opsmodels._typing import FloatArray
from opsmodels._validation import Interval, as_float_array, as_scalar, check, invalid
from opsmodels.errors import ConvergenceError

# Parameters are optimised on the log scale; beyond exp(+-LOG_BOUND) ([6e-6, 1.6e5] after
# scaling times to a mean T of 1) the likelihood is taken to run off to 0 or inf.
LOG_BOUND = 12.0
_CLIP = 30.0


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class FittedModel(Result):
    """Base of the fitted frozen models (the fields every model has).

    Attributes
    ----------
    params : dict of str to float
        The parameters keyed by the paper's symbols.
    log_likelihood : float or None
        Maximised log-likelihood (None for a model built from given parameters).
    standard_errors : dict of str to float or None
        Asymptotic standard errors from the inverse of the numerical Hessian of the negative
        log-likelihood at the optimum (``inf`` where the Hessian is singular there).
    n_customers : float or None
        Number of customers (sum of weights) the model was fitted on.
    time_unit : str or None
        Time unit of the data the model was fitted on, when it was fitted on a
        :func:`customer_summary` frame (its ``attrs["time_unit"]``), else None.
    """

    params: dict[str, float]
    log_likelihood: float | None = None
    standard_errors: dict[str, float] | None = None
    n_customers: float | None = None
    time_unit: str | None = None

    def __post_init__(self) -> None:
        names = type(self).PARAMS  # type: ignore[attr-defined]
        label = type(self).__name__
        if not isinstance(self.params, Mapping) or set(self.params) != set(names):
            raise invalid(
                label, "params", f"a dict with keys {', '.join(map(repr, names))}", self.params
            )
        clean = {}
        for name in names:
            value = self.params[name]
            check(label, "params", value, Interval(0, None, closed="neither"))
            clean[name] = float(value)
        object.__setattr__(self, "params", clean)


class LogLikelihood(Protocol):
    """Per-row log-likelihood of a model at natural parameters ``p``, on the data scaled
    for fitting (``scaled=True``) or as given, with its gradient rows (parameters x rows)
    when ``gradient`` and available (else None)."""

    def __call__(
        self, p: FloatArray, *, scaled: bool, gradient: bool
    ) -> tuple[FloatArray, FloatArray | None]: ...


_Model = TypeVar("_Model", bound=FittedModel)


def frame_unit(data: object) -> str | None:
    """The ``attrs["time_unit"]`` of a :func:`customer_summary` frame, else None."""
    if isinstance(data, pd.DataFrame) and data.attrs.get("time_unit") is not None:
        return str(data.attrs["time_unit"])
    return None


def fit_by_likelihood(
    cls: type[_Model],
    func: str,
    loglik: LogLikelihood,
    weights: FloatArray,
    *,
    scale: float = 1.0,
    scaled: tuple[str, ...] = (),
    boundary: Callable[[dict[str, float]], str] | None = None,
    time_unit: str | None = None,
) -> _Model:
    """Maximum-likelihood fit of ``cls`` (parameters ``cls.PARAMS``): BFGS on the log
    parameters from 0 (all parameters 1 on the scaled data), the parameters named in
    ``scaled`` multiplied back by ``scale``, the log-likelihood and Hessian standard errors
    on the data as given.

    ``loglik`` returns per-row values weighted by ``weights``; without an analytic
    gradient the objective's gradient is taken by central differences in the log
    parameters. ``boundary`` words the ConvergenceError when a parameter runs off (it gets
    the last estimate in the data's units).
    """
    names: tuple[str, ...] = cls.PARAMS  # type: ignore[attr-defined]
    total = float(np.sum(weights))
    at = [names.index(name) for name in scaled]

    def mean_nll(theta: FloatArray) -> float:
        ll = loglik(np.exp(theta), scaled=True, gradient=False)[0]
        return float(-np.dot(weights, ll) / total)

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        p = np.exp(theta)
        ll, grad = loglik(p, scaled=True, gradient=True)
        value = float(-np.dot(weights, ll) / total)
        if grad is not None:
            return value, -(grad @ weights) * p / total
        numeric = np.empty_like(theta)
        for i in range(len(theta)):
            step = np.zeros_like(theta)
            step[i] = 1e-6
            numeric[i] = (mean_nll(theta + step) - mean_nll(theta - step)) / 2e-6
        return value, numeric

    def unscale(last: dict[str, float]) -> dict[str, float]:
        return {k: (v * scale if k in scaled else v) for k, v in last.items()}

    theta = maximize(
        func,
        names,
        objective,
        np.zeros(len(names)),
        boundary_message=None if boundary is None else (lambda last: boundary(unscale(last))),
    )
    params = np.exp(theta)
    params[at] *= scale

    def total_nll(p: FloatArray) -> float:
        return float(-np.dot(weights, loglik(p, scaled=False, gradient=False)[0]))

    def total_gradient(p: FloatArray) -> FloatArray:
        grad = loglik(p, scaled=False, gradient=True)[1]
        assert grad is not None
        out: FloatArray = -(grad @ weights)
        return out

    analytic = loglik(params, scaled=False, gradient=True)[1] is not None
    return cls(
        params=dict(zip(names, params.tolist(), strict=True)),
        log_likelihood=-total_nll(params),
        standard_errors=standard_errors(
            names, total_nll, params, total_gradient if analytic else None
        ),
        n_customers=total,
        time_unit=time_unit,
    )


def wrap(value: FloatArray, like: tuple[Any, ...]) -> Any:
    """Return ``value`` as the kind of the inputs: Series (index of the first Series), ndarray,
    or float when every input was a scalar."""
    for item in like:
        if isinstance(item, pd.Series) and np.ndim(value) == 1 and len(value) == len(item):
            return pd.Series(value, index=item.index)
    if all(np.ndim(item) == 0 for item in like):
        return float(value)
    return value


def as_values(
    func: str, name: str, value: object, constraint: Interval | None = None
) -> FloatArray:
    """A numeric scalar, array or Series as a float array (NaN rejected), checked."""
    if isinstance(value, bool | np.bool_):
        raise invalid(func, name, "numeric data", value)
    arr = as_float_array(func, name, value, nan_hint=False)
    if constraint is not None:
        check(func, name, arr, constraint)
    return arr


def discount_args(
    func: str, discount_rate: object, horizon: object, *, integer_horizon: bool = False
) -> tuple[float, float]:
    """Check a discount rate (a real scalar >= 0) and a horizon (a real scalar >= 0, ``inf``
    allowed; a whole number of periods for the discrete-time models)."""
    rate = as_scalar(func, "discount_rate", discount_rate, Interval(0, None))
    span = Interval(0, None, integer=integer_horizon, allow_inf=True)
    return rate, as_scalar(func, "horizon", horizon, span)


def broadcast(func: str, **arrays: FloatArray) -> list[FloatArray]:
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        first = next(iter(arrays))
        raise invalid(
            func, first, "broadcastable with the other arguments", f"<{shapes}>"
        ) from None


def summary_columns(
    func: str, frame: pd.DataFrame, columns: tuple[str, ...], **others: Any
) -> list[pd.Series]:
    """The columns of a summary DataFrame given as ``frequency`` (the other data arguments,
    ``others``, must then be None)."""
    for name, value in others.items():
        if value is not None:
            raise invalid(func, name, "None when frequency is a summary DataFrame", "<given>")
    for column in columns:
        if column not in frame.columns:
            raise invalid(
                func,
                "frequency",
                f"a summary DataFrame with column {column!r}",
                f"<columns {list(frame.columns)!r}>",
            )
    return [frame[column] for column in columns]


def histories(
    func: str,
    frequency: Any,
    recency: Any,
    T: Any,
    weights: Any,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Check (x, t_x, T) histories and compress identical rows into weights."""
    if isinstance(frequency, pd.DataFrame):
        frequency, recency, T = summary_columns(
            func, frequency, ("frequency", "recency", "T"), recency=recency, T=T
        )
    x = as_values(func, "frequency", frequency, Interval(0, None, integer=True))
    t_x = as_values(func, "recency", recency, Interval(0, None))
    big_t = as_values(func, "T", T, Interval(0, None))
    n = x.size
    if x.ndim != 1 or t_x.shape != x.shape or big_t.shape != x.shape:
        raise invalid(
            func,
            "recency",
            "1-D data of the length of frequency, as is T",
            f"<shapes {x.shape}, {t_x.shape}, {big_t.shape}>",
        )
    w = np.ones(n) if weights is None else as_values(func, "weights", weights)
    if w.shape != x.shape:
        raise invalid(func, "weights", f"1-D data of length {n}", f"<shape {w.shape}>")
    check(func, "weights", w, Interval(0, None, closed="neither"))
    if np.any(t_x > big_t):
        i = int(np.flatnonzero(t_x > big_t)[0])
        raise invalid(func, "recency", "<= T", f"<{t_x[i]} > T = {big_t[i]} at position {i}>")
    bad = (x > 0) & (t_x <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise invalid(func, "recency", "> 0 where frequency > 0", f"<recency 0 at position {i}>")
    bad = (x == 0) & (t_x != 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise invalid(func, "recency", "0 where frequency is 0", f"<{t_x[i]} at position {i}>")
    if not np.any(x > 0):
        raise invalid(func, "frequency", "> 0 for at least one customer", "<all 0>")
    x, t_x, big_t, w = compress(x, t_x, big_t, weights=w)
    if len(x) == 1 and n > 1:
        raise invalid(
            func,
            "frequency",
            "histories that differ across customers (the model is not identified from "
            "identical ones)",
            f"<all {n} customers have x = {x[0]:g}, t_x = {t_x[0]:g}, T = {big_t[0]:g}>",
        )
    return x, t_x, big_t, w


def compress(*columns: FloatArray, weights: FloatArray) -> tuple[FloatArray, ...]:
    """Unique rows of the columns with their summed weights (sort-based for small inputs,
    hash-based for large ones)."""
    if len(weights) <= 200_000:
        order = np.lexsort(columns[::-1])
        ordered = [c[order] for c in columns]
        new = np.zeros(len(weights), dtype=bool)
        new[0] = True
        for c in ordered:
            new[1:] |= c[1:] != c[:-1]
        starts = np.flatnonzero(new)
        summed = np.add.reduceat(weights[order], starts)
        return (*(c[starts] for c in ordered), summed)
    names = [f"c{i}" for i in range(len(columns))]
    frame = pd.DataFrame(dict(zip(names, columns, strict=True)))
    frame["w"] = weights
    packed = frame.groupby(names, sort=False)["w"].sum().reset_index()
    return tuple(packed[n].to_numpy(dtype=np.float64) for n in [*names, "w"])


def maximize(
    func: str,
    names: tuple[str, ...],
    objective: Callable[[FloatArray], tuple[float, FloatArray]],
    x0: FloatArray,
    *,
    boundary_message: Callable[[dict[str, float]], str] | None = None,
) -> FloatArray:
    """Minimise a mean negative log-likelihood (value and gradient) over log-parameters by
    BFGS; return the log-parameters.

    Raises ConvergenceError (with the last estimate) when the optimiser fails or a parameter
    runs beyond ``exp(+-LOG_BOUND)``.
    """

    def guarded(theta: FloatArray) -> tuple[float, FloatArray]:
        clipped = np.clip(theta, -_CLIP, _CLIP)
        with np.errstate(all="ignore"):
            value, grad = objective(clipped)
        if not np.isfinite(value) or not np.all(np.isfinite(grad)):
            return math.inf, np.zeros_like(theta)
        return value, np.where(theta == clipped, grad, 0.0)

    result = optimize.minimize(
        guarded, x0, jac=True, method="BFGS", options={"maxiter": 500, "gtol": 1e-8}
    )
    theta = np.asarray(result.x, dtype=np.float64)
    last = dict(zip(names, np.exp(np.clip(theta, -_CLIP, _CLIP)).tolist(), strict=True))
    at_edge = np.abs(theta) >= LOG_BOUND
    if at_edge.any():
        gone = [n for n, e in zip(names, at_edge, strict=True) if e]
        message = (
            boundary_message(last)
            if boundary_message is not None
            else f"parameter(s) {', '.join(gone)} ran to the edge of the parameter space"
        )
        raise ConvergenceError(
            f"{func}: the fit did not converge: {message}. Last estimate: {last}.",
            last_estimate=last,
        )
    if not result.success and not _flat_enough(result):
        raise ConvergenceError(
            f"{func}: the optimiser stopped without converging ({result.message}). "
            f"Last estimate: {last}.",
            last_estimate=last,
        )
    return theta


def _flat_enough(result: Any) -> bool:
    """L-BFGS-B sometimes stops on 'ABNORMAL' line searches at the optimum: accept when the
    projected gradient is tiny."""
    jac = getattr(result, "jac", None)
    return jac is not None and bool(np.all(np.abs(jac) < 1e-6))


def hessian(fun: Callable[[FloatArray], float], x: FloatArray) -> FloatArray:
    """Central-difference Hessian of ``fun`` at ``x`` (relative steps)."""
    n = len(x)
    h = 1e-4 * np.maximum(np.abs(x), 1e-2)
    out = np.empty((n, n))
    f0 = fun(x)
    for i in range(n):
        ei = np.zeros(n)
        ei[i] = h[i]
        out[i, i] = (fun(x + ei) - 2.0 * f0 + fun(x - ei)) / h[i] ** 2
        for j in range(i):
            ej = np.zeros(n)
            ej[j] = h[j]
            value = (fun(x + ei + ej) - fun(x + ei - ej) - fun(x - ei + ej) + fun(x - ei - ej)) / (
                4.0 * h[i] * h[j]
            )
            out[i, j] = out[j, i] = value
    return out


def standard_errors(
    names: tuple[str, ...],
    total_negative_ll: Callable[[FloatArray], float],
    params: FloatArray,
    gradient: Callable[[FloatArray], FloatArray] | None = None,
) -> dict[str, float]:
    """Standard errors from the inverse numerical Hessian of the total negative
    log-likelihood (central differences of the analytic gradient when given, else of the
    function)."""
    with np.errstate(all="ignore"):
        if gradient is None:
            hess = hessian(total_negative_ll, params)
        else:
            n = len(params)
            h = 1e-5 * np.maximum(np.abs(params), 1e-2)
            hess = np.empty((n, n))
            for i in range(n):
                step = np.zeros(n)
                step[i] = h[i]
                hess[:, i] = (gradient(params + step) - gradient(params - step)) / (2.0 * h[i])
            hess = (hess + hess.T) / 2.0
        try:
            diag = np.diag(np.linalg.inv(hess))
        except np.linalg.LinAlgError:
            diag = np.full(len(names), np.inf)
    se = [math.sqrt(d) if np.isfinite(d) and d > 0 else math.inf for d in diag]
    return dict(zip(names, se, strict=True))
