"""The one place where opsmodels checks its arguments.

Checks are declarative: a public function states, per parameter, the constraints the value
must meet, and a failed check raises :class:`~opsmodels.errors.InvalidInputError` with one
message format for the whole library::

    The 'holding_cost' parameter of eoq must be > 0. Got -2.0 instead.

Two ways to state the checks:

* :func:`validate_params`, a decorator taking ``{parameter: constraint or [alternatives]}``;
* :func:`check`, the same check called inline for values computed inside a function.

Constraints work on scalars and element-wise on arrays and Series (every element must satisfy
them; the message shows the first offending element and its position).

Data helpers turn user data into float arrays with the library's NaN policy
(:func:`as_float_array`), word the errors for NaN and infinite data (:func:`nan_error`,
:func:`inf_error`) and check frame columns (:func:`require_columns`).

Examples
--------
>>> from opsmodels._validation import Interval, check
>>> check("eoq", "holding_cost", -2.0, Interval(0, None, closed="neither"))
Traceback (most recent call last):
...
opsmodels.errors.InvalidInputError: The 'holding_cost' parameter of eoq must be > 0. Got -2.0 instead.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels.errors import InvalidInputError

__all__ = [
    "Constraint",
    "InstanceOf",
    "Interval",
    "NanPolicy",
    "NoneValue",
    "OneOf",
    "Satisfies",
    "as_float_array",
    "as_generator",
    "as_scalar",
    "check",
    "describe",
    "inf_error",
    "invalid",
    "is_dask",
    "nan_error",
    "require_columns",
    "validate_params",
]

P = ParamSpec("P")
R = TypeVar("R")

NanPolicy = Literal["raise", "omit"]

_OK: Any = object()  # returned by Constraint.violation when the value satisfies the constraint


def describe(value: object) -> str:
    """Short, readable description of a value for error messages.

    Examples
    --------
    >>> describe(2.5), describe("abc"), describe(np.array([1.0, np.nan]))
    ('2.5', "'abc'", 'array([ 1., nan])')
    """
    if isinstance(value, pd.Series | pd.DataFrame | np.ndarray) and np.size(value) > 6:
        kind = type(value).__name__
        return f"a {kind} of shape {np.shape(value)}"
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def invalid(func: str, name: str, expected: str, value: object) -> InvalidInputError:
    """Build the library's standard error for a parameter that fails a check.

    Parameters
    ----------
    func : str
        Name of the public function (or class) being called.
    name : str
        Parameter name.
    expected : str
        What is allowed, phrased to follow "must be", e.g. ``"> 0"`` or ``"one of {'a', 'b'}"``.
    value : object
        The offending value, or a description of it (a ``str`` is used as is when it starts
        with ``"<"``, e.g. ``"<nan at position 3>"``).

    Examples
    --------
    >>> str(invalid("eoq", "holding_cost", "> 0", -2.0))
    "The 'holding_cost' parameter of eoq must be > 0. Got -2.0 instead."
    """
    shown = value[1:-1] if isinstance(value, str) and value.startswith("<") else describe(value)
    return InvalidInputError(
        f"The {name!r} parameter of {func} must be {expected}. Got {shown} instead."
    )


class Constraint(ABC):
    """A condition a parameter value must meet."""

    @abstractmethod
    def violation(self, value: object) -> Any:
        """Return the offending value (or a description in ``<...>``), or ``_OK``."""

    @abstractmethod
    def __str__(self) -> str:
        """What is allowed, phrased to follow "must be"."""


def _fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


class Interval(Constraint):
    """Real numbers (scalars or every element of an array) inside an interval.

    Parameters
    ----------
    low, high : float or None
        Bounds; ``None`` leaves that side open (unbounded).
    closed : {"both", "left", "right", "neither"}
        Which bounds are included.
    integer : bool
        Require whole numbers.
    allow_inf : bool
        Accept infinite values (within the bounds). NaN is never accepted.

    Examples
    --------
    >>> str(Interval(0, 1)), str(Interval(0, None, closed="neither")), str(Interval(2, None, integer=True))
    ('in [0, 1]', '> 0', 'an integer >= 2')
    >>> Interval(0, 1).violation(np.array([0.5, 1.5])) == "<1.5 at position 1>"
    True
    """

    def __init__(
        self,
        low: float | None = None,
        high: float | None = None,
        *,
        closed: Literal["both", "left", "right", "neither"] = "both",
        integer: bool = False,
        allow_inf: bool = False,
    ) -> None:
        self.low, self.high, self.closed = low, high, closed
        self.integer, self.allow_inf = integer, allow_inf

    def __str__(self) -> str:
        lo_in = self.closed in ("both", "left")
        hi_in = self.closed in ("both", "right")
        prefix = "an integer " if self.integer else ""
        if self.low is not None and self.high is not None:
            body = (
                f"in {'[' if lo_in else '('}{_fmt_number(self.low)}, "
                f"{_fmt_number(self.high)}{']' if hi_in else ')'}"
            )
        elif self.low is not None:
            body = f"{'>=' if lo_in else '>'} {_fmt_number(self.low)}"
        elif self.high is not None:
            body = f"{'<=' if hi_in else '<'} {_fmt_number(self.high)}"
        else:
            body = "a finite real number" if not self.integer else ""
        if self.integer and not body:
            return "an integer"
        return (prefix + body).strip()

    def violation(self, value: object) -> Any:
        if isinstance(value, bool | np.bool_):
            return value
        if isinstance(value, numbers.Real):
            ok = self._ok(np.asarray(float(value)))
            return _OK if bool(ok) else value
        if isinstance(value, pd.DataFrame | str | bytes | dict) or value is None:
            return value
        if isinstance(value, pd.Series):
            arr = value.to_numpy()
        elif isinstance(value, np.ndarray | Sequence):
            arr = np.asarray(value)
        else:
            return value
        if arr.dtype.kind not in "iuf":
            return value
        if arr.size == 0:  # an empty array is never a usable parameter value
            return value
        x = arr.astype(np.float64, copy=False)
        if not self.integer and bool(np.all(self._ok(np.array([x.min(), x.max()])))):
            return _OK  # fast path for large arrays: the extremes decide (NaN propagates)
        ok = self._ok(x)
        if bool(np.all(ok)):
            return _OK
        pos = int(np.flatnonzero(~np.ravel(ok))[0])
        bad = np.ravel(arr)[pos].item()
        return f"<{describe(bad)} at position {pos}>"

    def _ok(self, x: FloatArray) -> Any:
        ok = ~np.isnan(x)
        if not self.allow_inf:
            ok &= np.isfinite(x)
        if self.integer:  # whole numbers (and +-inf when allow_inf, e.g. a delay station)
            with np.errstate(invalid="ignore"):
                ok &= (np.floor(x) == x) if self.allow_inf else np.isfinite(x) & (np.floor(x) == x)
        if self.low is not None:
            ok &= (x >= self.low) if self.closed in ("both", "left") else (x > self.low)
        if self.high is not None:
            ok &= (x <= self.high) if self.closed in ("both", "right") else (x < self.high)
        return ok


class OneOf(Constraint):
    """One of a fixed set of options (compared with ``==``).

    Examples
    --------
    >>> str(OneOf("pooled", "rbar"))
    "one of 'pooled', 'rbar'"
    """

    def __init__(self, *options: object) -> None:
        self.options = options

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options)

    def violation(self, value: object) -> Any:
        try:
            return _OK if any(value == o for o in self.options) else value
        except (TypeError, ValueError):
            return value


class InstanceOf(Constraint):
    """An instance of the given types."""

    def __init__(self, *types: type, name: str | None = None) -> None:
        self.types = types
        self.name = name

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        names = " or ".join(t.__name__ for t in self.types)
        return f"an instance of {names}"

    def violation(self, value: object) -> Any:
        return _OK if isinstance(value, self.types) else value


class NoneValue(Constraint):
    """``None``, to list it as an allowed alternative."""

    def __str__(self) -> str:
        return "None"

    def violation(self, value: object) -> Any:
        return _OK if value is None else value


class Satisfies(Constraint):
    """A custom predicate with its description.

    Examples
    --------
    >>> even = Satisfies(lambda v: v % 2 == 0, "an even number")
    >>> even.violation(3)
    3
    """

    def __init__(self, predicate: Callable[[Any], bool], description: str) -> None:
        self.predicate = predicate
        self.description = description

    def __str__(self) -> str:
        return self.description

    def violation(self, value: object) -> Any:
        try:
            return _OK if self.predicate(value) else value
        except (TypeError, ValueError):
            return value


ConstraintSpec = Constraint | Sequence[Constraint]


def check(func: str, name: str, value: object, spec: ConstraintSpec) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` meets one of the constraints.

    Parameters
    ----------
    func : str
        Name of the public function.
    name : str
        Parameter name.
    value : object
        The value to check.
    spec : Constraint or sequence of Constraint
        Alternatives; the value must meet at least one.

    Examples
    --------
    >>> check("capability", "lsl", None, [NoneValue(), Interval()])
    """
    alternatives = [spec] if isinstance(spec, Constraint) else list(spec)
    shown: Any = _OK
    for constraint in alternatives:
        result = constraint.violation(value)
        if result is _OK:
            return
        if shown is _OK:
            shown = result
    expected = " or ".join(str(c) for c in alternatives)
    raise invalid(func, name, expected, shown)


def validate_params(
    specs: Mapping[str, ConstraintSpec], *, name: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a public function with declarative checks of its parameters.

    Parameters
    ----------
    specs : mapping
        Parameter name -> constraint or list of alternative constraints.
    name : str, optional
        Name used in messages (defaults to the function's ``__name__``).

    Examples
    --------
    >>> @validate_params({"rate": Interval(0, None, closed="neither")})
    ... def double(rate: float) -> float:
    ...     return 2 * rate
    >>> double(-1)
    Traceback (most recent call last):
    ...
    opsmodels.errors.InvalidInputError: The 'rate' parameter of double must be > 0. Got -1 instead.
    """

    def decorator(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)
        unknown = set(specs) - set(signature.parameters)
        if unknown:  # a programming error in opsmodels itself
            raise TypeError(f"validate_params: {fn.__name__} has no parameter(s) {unknown}")
        label = name or fn.__name__

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            for param, spec in specs.items():
                check(label, param, bound.arguments[param], spec)
            return fn(*args, **kwargs)

        return wrapper

    return decorator


def _first(mask: Any) -> int:
    return int(np.flatnonzero(np.ravel(mask))[0])


def nan_error(
    func: str, name: str, found: FloatArray | str, *, hint: bool | str = True
) -> InvalidInputError:
    """The library's error for NaN in data.

    Parameters
    ----------
    func, name : str
        Function and parameter names.
    found : ndarray or str
        The data (the message gives the position of its first NaN), or a description of
        what was found, e.g. ``"3 NaN"``.
    hint : bool or str
        ``True`` suggests ``nan_policy='omit'``; a string is another suggestion; ``False``
        none (for functions without that option).

    Examples
    --------
    >>> str(nan_error("f", "x", np.array([1.0, np.nan])))
    "The 'x' parameter of f must be free of NaN (pass nan_policy='omit' to drop them). Got NaN at position 1 instead."
    >>> str(nan_error("f", "x", "2 NaN", hint="drop missing points first"))
    "The 'x' parameter of f must be free of NaN (drop missing points first). Got 2 NaN instead."
    """
    if hint is True:
        hint = "pass nan_policy='omit' to drop them"
    expected = f"free of NaN ({hint})" if hint else "free of NaN"
    shown = found if isinstance(found, str) else f"NaN at position {_first(np.isnan(found))}"
    return invalid(func, name, expected, f"<{shown}>")


def inf_error(func: str, name: str, found: FloatArray | str) -> InvalidInputError:
    """The library's error for infinite values in data.

    Parameters
    ----------
    func, name : str
        Function and parameter names.
    found : ndarray or str
        The data (the message gives the first infinite value and its position), or a
        description of what was found, e.g. ``"an infinite value"``.

    Examples
    --------
    >>> str(inf_error("f", "x", np.array([1.0, -np.inf])))
    "The 'x' parameter of f must be finite. Got -inf at position 1 instead."
    """
    if isinstance(found, str):
        return invalid(func, name, "finite", f"<{found}>")
    flat = np.ravel(found)
    pos = _first(np.isinf(flat))
    return invalid(func, name, "finite", f"<{flat[pos]} at position {pos}>")


def as_float_array(
    func: str,
    name: str,
    data: object,
    *,
    nan_policy: NanPolicy = "raise",
    ndim: int | Collection[int] | None = None,
    min_size: int = 1,
    allow_inf: bool = False,
    nan_hint: bool | str = True,
    keep_nan: bool = False,
) -> FloatArray:
    """Convert user data to a float64 array, applying the NaN policy.

    Parameters
    ----------
    func, name : str
        Function and parameter names for messages.
    data : array_like
        Numbers (list, ndarray, Series, single-column DataFrame).
    nan_policy : {"raise", "omit"}
        ``"raise"`` rejects NaN; ``"omit"`` drops NaN (1-D data only; for 2-D data the NaN
        stays and the caller treats it as a missing observation).
    ndim : int or collection of int, optional
        Allowed numbers of dimensions.
    min_size : int
        Least number of values after omitting NaN.
    allow_inf : bool
        Accept infinite values.
    nan_hint : bool or str
        Suggest ``nan_policy='omit'`` in the NaN message (``False`` for functions without
        that option; a string gives another suggestion, see :func:`nan_error`).
    keep_nan : bool
        Under ``nan_policy="omit"``, leave NaN in place so the array stays aligned with
        ``data``: for paired data or labels that the caller drops in step
        (``~np.isnan(result)`` is the keep-mask).

    Returns
    -------
    ndarray of float64
        Never a view that the caller could mutate into the user's data: a copy whenever NaN
        are omitted; otherwise possibly the user's own array, which callers must not modify.

    Examples
    --------
    >>> as_float_array("f", "x", [1, 2, float("nan")], nan_policy="omit")
    array([1., 2.])
    >>> as_float_array("f", "x", [1, float("nan"), 3], nan_policy="omit", keep_nan=True)
    array([ 1., nan,  3.])
    >>> as_float_array("f", "x", ["a"])
    Traceback (most recent call last):
    ...
    opsmodels.errors.InvalidInputError: The 'x' parameter of f must be numeric data. Got ['a'] instead.
    """
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    if isinstance(data, pd.DataFrame):
        if data.shape[1] != 1:
            raise invalid(func, name, "1-D numeric data", f"<a DataFrame of shape {data.shape}>")
        data = data.iloc[:, 0]
    if isinstance(data, str | bytes | dict) or data is None:
        raise invalid(func, name, "numeric data", data)
    try:
        if isinstance(data, pd.Series):
            if data.dtype.kind not in "iufb" and not isinstance(
                data.dtype, pd.api.types.CategoricalDtype
            ):
                arr = pd.to_numeric(data, errors="raise").to_numpy(
                    dtype=np.float64, na_value=np.nan
                )
            else:
                arr = data.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            raw = np.asarray(data)
            if raw.dtype.kind not in "iufb":
                raise TypeError
            arr = raw.astype(np.float64, copy=False)
    except (TypeError, ValueError):
        raise invalid(func, name, "numeric data", data) from None
    if ndim is not None:
        allowed = {ndim} if isinstance(ndim, int) else set(ndim)
        if arr.ndim not in allowed:
            dims = " or ".join(f"{d}-D" for d in sorted(allowed))
            raise invalid(func, name, f"{dims} data", f"<{arr.ndim}-D data of shape {arr.shape}>")
    if nan_policy == "raise" or not keep_nan:  # else NaN stay in place, unscanned
        nan = np.isnan(arr)
        if nan.any():
            if nan_policy == "raise":
                raise nan_error(func, name, arr, hint=nan_hint)
            if arr.ndim == 1:
                arr = arr[~nan]
    if not allow_inf:
        inf = np.isinf(arr)
        if inf.any():
            raise inf_error(func, name, arr)
    if min_size > 0:
        size = int(np.count_nonzero(~np.isnan(arr)))
        if size < min_size:
            raise invalid(
                func,
                name,
                f"a sample of at least {min_size} value{'s' if min_size != 1 else ''}",
                f"<{size} value{'s' if size != 1 else ''}>",
            )
    return arr


def is_dask(data: object) -> bool:
    """Whether ``data`` is a Dask collection (a Dask DataFrame, Series or array).

    Dask is an optional extra, so this looks at the type's module rather than importing it.

    Examples
    --------
    >>> is_dask(pd.DataFrame({"a": [1]}))
    False
    """
    return type(data).__module__.startswith("dask") and hasattr(data, "compute")


def require_columns(
    func: str, name: str, frame: object, columns: Iterable[Hashable | None]
) -> None:
    """Check that ``frame`` is a DataFrame holding every named column (``None`` is skipped).

    Examples
    --------
    >>> require_columns("f", "data", pd.DataFrame({"a": [1]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    opsmodels.errors.InvalidInputError: The 'data' parameter of f must be a DataFrame with column 'b'. Got columns ['a'] instead.
    """
    columns = [c for c in columns if c is not None]
    if not hasattr(frame, "columns"):
        raise invalid(func, name, "a DataFrame", frame)
    present = list(getattr(frame, "columns"))  # noqa: B009
    for column in columns:
        if column not in present:
            raise invalid(
                func, name, f"a DataFrame with column {column!r}", f"<columns {present!r}>"
            )


def as_scalar(func: str, name: str, value: object, constraint: Constraint | None = None) -> float:
    """Check a real scalar parameter and return it as ``float``.

    Examples
    --------
    >>> as_scalar("f", "lam", 0.2, Interval(0, 1, closed="right"))
    0.2
    """
    check(func, name, value, InstanceOf(numbers.Real, name="a real number"))
    if constraint is not None:
        check(func, name, value, constraint)
    elif isinstance(value, bool) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise invalid(func, name, "a finite real number", value)
    return float(value)  # type: ignore[arg-type]


def as_generator(func: str, rng: object) -> np.random.Generator:
    """Check an ``rng`` argument (a Generator, an int seed >= 0 or None) and return a Generator.

    Examples
    --------
    >>> bool(as_generator("simulate", 7).integers(10) == as_generator("simulate", 7).integers(10))
    True
    >>> as_generator("simulate", -1)
    Traceback (most recent call last):
    ...
    opsmodels.errors.InvalidInputError: The 'rng' parameter of simulate must be a numpy Generator, an int seed >= 0 or None. Got -1 instead.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool | np.bool_) or not isinstance(rng, int | np.integer) or int(rng) < 0:
        raise invalid(func, "rng", "a numpy Generator, an int seed >= 0 or None", rng)
    return np.random.default_rng(int(rng))
