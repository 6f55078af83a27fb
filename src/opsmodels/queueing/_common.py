"""Shared argument handling for the queueing models: numeric in, same kind out.

Each numeric argument is checked with the library's constraints (through
:func:`opsmodels._validation.check`, which words the error), converted to a float array, and
the outputs take the kind of the inputs: a float when every input is a scalar, a Series (index
kept) when one of them is a Series, else an ndarray of the broadcast shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels._validation import Constraint, Interval, check, invalid

__all__: list[str] = []

POSITIVE = Interval(0, None, closed="neither")
NONNEGATIVE = Interval(0, None)
PROBABILITY = Interval(0, 1)
OPEN_PROBABILITY = Interval(0, 1, closed="neither")
SERVERS = Interval(1, None, integer=True)
NONNEGATIVE_INT = Interval(0, None, integer=True)


def _fast_ok(arr: FloatArray, spec: Constraint) -> bool:
    """True when ``arr`` certainly meets ``spec`` (cheap vectorized passes)."""
    if not isinstance(spec, Interval) or spec.allow_inf or arr.size == 0:
        return False
    if not np.isfinite(np.sum(arr)):
        return False
    ok = True
    if spec.low is not None:
        low_ok = arr >= spec.low if spec.closed in ("both", "left") else arr > spec.low
        ok = bool(np.all(low_ok))
    if ok and spec.high is not None:
        high_ok = arr <= spec.high if spec.closed in ("both", "right") else arr < spec.high
        ok = bool(np.all(high_ok))
    if ok and spec.integer:
        ok = bool(np.all(np.floor(arr) == arr))
    return ok


def as_array(func: str, name: str, value: object, spec: Constraint) -> FloatArray:
    """Check one numeric argument and return it as a float64 array (never the user's to write)."""
    if isinstance(value, pd.Series) and value.dtype.kind in "iuf":
        arr = value.to_numpy(dtype=np.float64)
    elif isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        arr = value.astype(np.float64, copy=False)
    else:
        check(func, name, value, spec)
        return np.asarray(value, dtype=np.float64)
    if not _fast_ok(arr, spec):
        check(func, name, value, spec)
    return arr


class Kind:
    """Remember the kind of the inputs (float, ndarray or Series) and shape outputs alike."""

    def __init__(self, func: str, names: list[str], values: list[object]) -> None:
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
        arr = np.asarray(value)
        if self.index is not None:
            return pd.Series(np.broadcast_to(arr, self.shape), index=self.index, dtype=arr.dtype)
        if arr.ndim == 0 and self.shape == ():
            return arr.item()
        if arr.shape != self.shape:
            return np.broadcast_to(arr, self.shape).copy()
        return arr


def numeric(func: str, **args: tuple[object, Constraint]) -> tuple[Kind, list[FloatArray]]:
    """Check keyword-named numeric arguments; return the output shaper and broadcast arrays.

    Examples
    --------
    >>> kind, (a, b) = numeric("f", a=(2.0, POSITIVE), b=(np.array([1.0, 3.0]), POSITIVE))
    >>> kind(a * b)
    array([2., 6.])
    """
    arrays = [as_array(func, n, v, spec) for n, (v, spec) in args.items()]
    kind = Kind(func, list(args), [v for v, _ in args.values()])
    return kind, [np.broadcast_to(a, kind.shape) for a in arrays]
