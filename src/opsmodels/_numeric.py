"""Numeric in, same kind out: the argument handling shared by the vectorized domains.

Every numeric argument is checked with the library's constraints (through
:func:`opsmodels._validation.check`, which words the error; large all-valid arrays pass on a
fast path) and converted to a float64 array; the outputs take the kind of the inputs: a float
when every input is a scalar, a Series (index kept) when one of them is a Series, else an
ndarray of the broadcast shape.

Examples
--------
>>> kind, (a, b) = numeric("f", a=(2.0, POSITIVE), b=(np.array([1.0, 3.0]), POSITIVE))
>>> kind(a * b)
array([2., 6.])
>>> kind, (x,) = numeric("f", x=(pd.Series([1.0, 4.0], index=["p", "q"]), POSITIVE))
>>> kind(np.sqrt(x))
p    1.0
q    2.0
dtype: float64
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels._validation import Constraint, Interval, check, invalid

__all__ = [
    "NONNEGATIVE",
    "NONNEGATIVE_INT",
    "OPEN_PROBABILITY",
    "POSITIVE",
    "PROBABILITY",
    "REAL",
    "SERVERS",
    "Kind",
    "as_array",
    "broadcast_numeric",
    "check_le",
    "maybe",
    "numeric",
    "ratio",
]

POSITIVE = Interval(0, None, closed="neither")
NONNEGATIVE = Interval(0, None)
PROBABILITY = Interval(0, 1)
OPEN_PROBABILITY = Interval(0, 1, closed="neither")
REAL = Interval()
SERVERS = Interval(1, None, integer=True)
NONNEGATIVE_INT = Interval(0, None, integer=True)


def as_array(
    func: str, name: str, value: object, spec: Constraint | list[Constraint]
) -> FloatArray:
    """Check one numeric argument and return it as a float64 array.

    A float64 ndarray or numeric Series comes back as a view of the user's data: callers never
    write into it.
    """
    if isinstance(value, pd.Series) and value.dtype.kind in "iuf":
        arr = value.to_numpy(dtype=np.float64)
    elif isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        arr = value.astype(np.float64, copy=False)
    else:
        check(func, name, value, spec)
        return np.asarray(value, dtype=np.float64)
    check(func, name, arr, spec)
    return arr


class Kind:
    """Remember the kind of the inputs (float, ndarray or Series) and shape outputs alike.

    Parameters
    ----------
    func : str
        Function name for messages.
    names, values : list
        The numeric arguments' names and values.
    index : pandas.Index, optional
        Labels to use when no argument is a Series but the items are labelled elsewhere (e.g.
        the SKUs of a demand model built from Series).
    """

    def __init__(
        self, func: str, names: list[str], values: list[object], index: pd.Index | None = None
    ) -> None:
        self.index: pd.Index | None = None
        shapes = []
        for name, value in zip(names, values, strict=True):
            if isinstance(value, pd.Series):
                if self.index is not None and not value.index.equals(self.index):
                    raise invalid(func, name, "a Series with the same index as the others", value)
                self.index = value.index
            shapes.append(np.shape(value))  # type: ignore[call-overload]
        try:
            self.shape: tuple[int, ...] = np.broadcast_shapes(*shapes)
        except ValueError:
            shown = ", ".join(f"{n}: {s}" for n, s in zip(names, shapes, strict=True))
            raise invalid(
                func, names[-1], "arrays whose shapes broadcast together", f"<shapes {shown}>"
            ) from None
        if self.index is None and index is not None and self.shape == (len(index),):
            self.index = index
        if self.index is not None and self.shape != (len(self.index),):
            raise invalid(
                func,
                names[-1],
                f"shaped like the Series arguments ({len(self.index)} values)",
                f"<shape {self.shape}>",
            )

    @property
    def scalar(self) -> bool:
        """True when every input was a scalar."""
        return self.shape == () and self.index is None

    def __call__(self, value: Any) -> Any:
        """Shape an output like the inputs (a repeated value is a read-only broadcast view)."""
        arr = np.asarray(value)
        if self.index is not None:
            return pd.Series(np.broadcast_to(arr, self.shape), index=self.index, dtype=arr.dtype)
        if arr.ndim == 0 and self.shape == ():
            return arr.item()
        if arr.shape != self.shape:
            return np.broadcast_to(arr, self.shape)
        return arr


def numeric(
    func: str, **args: tuple[object, Constraint | list[Constraint]]
) -> tuple[Kind, list[FloatArray]]:
    """Check keyword-named numeric arguments; return the output shaper and the float arrays."""
    arrays = [as_array(func, n, v, spec) for n, (v, spec) in args.items()]
    kind = Kind(func, list(args), [v for v, _ in args.values()])
    return kind, arrays


def broadcast_numeric(
    func: str, **args: tuple[object, Constraint | list[Constraint]]
) -> tuple[Kind, list[FloatArray]]:
    """:func:`numeric`, with the arrays broadcast to the common shape (read-only views)."""
    kind, arrays = numeric(func, **args)
    return kind, [np.broadcast_to(a, kind.shape) for a in arrays]


def check_le(func: str, name: str, a: Any, other: str, b: Any, *, rtol: float = 1e-12) -> None:
    """Raise unless ``a <= b`` element-wise, after broadcasting.

    ``rtol`` is a relative tolerance for rounding (``0`` for an exact comparison of counts).
    """
    try:
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    except ValueError:
        raise invalid(
            func, name, f"broadcastable with {other!r}", f"<shape {np.shape(a)}>"
        ) from None
    bad = np.ravel(a > b + rtol * np.abs(b))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        shown = f"{np.ravel(a)[pos]:g}" + (f" at position {pos}" if a.ndim else "")
        raise invalid(func, name, f"<= {other} ({np.ravel(b)[pos]:g})", f"<{shown}>")


def ratio(numerator: FloatArray, denominator: FloatArray, *, zero: float = 0.0) -> FloatArray:
    """``numerator / denominator`` with ``zero`` where the denominator is 0 (no warning)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(numerator, denominator)
    return np.where(denominator == 0, zero, out)


def maybe(value: Any, transform: Callable[[Any], Any]) -> Any:
    """``transform(value)`` unless value is None."""
    return None if value is None else transform(value)
