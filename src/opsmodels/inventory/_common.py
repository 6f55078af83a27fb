"""Shared argument handling for the inventory models: numeric in, same kind out.

Every numeric argument is checked with the library's constraints (a fast path accepts the
common all-valid case in two passes over the data; anything else goes through
:func:`opsmodels._validation.check`, which words the error), converted to a float array, and the
result takes the kind of the inputs: float when every input is a scalar, a Series (index kept)
when one of them is a Series, else an ndarray.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels._validation import Constraint, Interval, check, invalid

__all__: list[str] = []

POSITIVE = Interval(0, None, closed="neither")
NONNEGATIVE = Interval(0, None)
PROBABILITY = Interval(0, 1)
REAL = Interval()


def _fast_ok(arr: FloatArray, spec: Constraint) -> bool:
    """True when ``arr`` certainly meets a positive/non-negative Interval (cheap passes)."""
    if not isinstance(spec, Interval) or spec.integer or spec.high is not None:
        return False
    if arr.size == 0 or spec.allow_inf:
        return False
    if spec.low is None:  # any finite real: a finite sum has no NaN or inf
        return bool(np.isfinite(np.sum(arr)))
    if spec.low != 0:
        return False
    ok = np.all(arr > 0) if spec.closed in ("neither", "right") else np.all(arr >= 0)
    return bool(ok) and bool(np.isfinite(np.sum(arr)))


def as_array(
    func: str, name: str, value: object, spec: Constraint | list[Constraint]
) -> FloatArray:
    """Check one numeric argument and return it as a float64 array (a view when possible)."""
    if isinstance(value, pd.Series):
        if value.dtype.kind not in "iuf":
            check(func, name, value, spec)
            raise invalid(func, name, "numeric", value)
        arr = value.to_numpy(dtype=np.float64)
    elif isinstance(value, np.ndarray) and value.dtype == np.float64:
        arr = value
    else:
        check(func, name, value, spec)
        return np.asarray(value, dtype=np.float64)
    if not (isinstance(spec, Constraint) and _fast_ok(arr, spec)):
        check(func, name, value, spec)
    return arr


class Kind:
    """Remember the kind of the inputs and shape outputs the same way."""

    def __init__(
        self,
        func: str,
        names: list[str],
        values: list[object],
        index: pd.Index | None = None,
    ) -> None:
        self.index: pd.Index | None = None
        arrays = []
        for name, value in zip(names, values, strict=True):
            if isinstance(value, pd.Series):
                if self.index is not None and not value.index.equals(self.index):
                    raise invalid(func, name, "a Series with the same index as the others", value)
                self.index = value.index
            arrays.append(np.shape(value))  # type: ignore[call-overload]
        try:
            self.shape = np.broadcast_shapes(*arrays)
        except ValueError:
            shapes = ", ".join(f"{n}: {s}" for n, s in zip(names, arrays, strict=True))
            raise invalid(
                func, names[-1], "arrays whose shapes broadcast together", f"<shapes {shapes}>"
            ) from None
        if self.index is None and index is not None and self.shape == (len(index),):
            self.index = index  # the SKUs of a demand model built from Series
        if self.index is not None and self.shape != (len(self.index),):
            raise invalid(
                func,
                names[-1],
                f"shaped like the Series arguments ({len(self.index)} values)",
                f"<shape {self.shape}>",
            )

    def __call__(self, value: Any) -> Any:
        arr = np.asarray(value)
        if self.index is not None:
            return pd.Series(np.broadcast_to(arr, self.shape), index=self.index, dtype=arr.dtype)
        if arr.ndim == 0 and self.shape == ():
            return arr.item()
        if arr.shape != self.shape:  # a read-only view, no copy of a repeated value
            return np.broadcast_to(arr, self.shape)
        return arr


def numeric(
    func: str, **args: tuple[object, Constraint | list[Constraint]]
) -> tuple[Kind, list[FloatArray]]:
    """Check keyword-named numeric arguments; return the output shaper and the arrays.

    Examples
    --------
    >>> kind, (a, b) = numeric("f", a=(2.0, POSITIVE), b=(np.array([1.0, 3.0]), POSITIVE))
    >>> kind(a * b)
    array([2., 6.])
    """
    names = list(args)
    arrays = [as_array(func, n, v, spec) for n, (v, spec) in args.items()]
    kind = Kind(func, names, [v for v, _ in args.values()])
    return kind, arrays


def maybe(value: Any, transform: Callable[[Any], Any]) -> Any:
    """``transform(value)`` unless value is None."""
    return None if value is None else transform(value)
