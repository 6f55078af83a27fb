"""Shared argument handling of the lean metrics: numeric in, same kind out.

Every numeric argument is checked with the library's constraints and converted to a float array;
results take the kind of the inputs: a float when every input is a scalar, a Series (index kept)
when one of them is a Series, else an ndarray.
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
UNIT = Interval(0, 1)


def _as_array(func: str, name: str, value: object, spec: Constraint) -> FloatArray:
    if isinstance(value, pd.Series):
        if value.dtype.kind not in "iuf":
            raise invalid(func, name, f"numeric ({spec})", value)
        arr = value.to_numpy(dtype=np.float64)
    elif isinstance(value, bool | np.bool_):
        raise invalid(func, name, str(spec), value)
    else:
        check(func, name, value, spec)
        return np.asarray(value, dtype=np.float64)
    check(func, name, arr, spec)
    return arr


class Kind:
    """Remember the kind of the inputs and shape outputs the same way."""

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
            text = ", ".join(f"{n}: {s}" for n, s in zip(names, shapes, strict=True))
            raise invalid(
                func, names[-1], "arrays whose shapes broadcast together", f"<shapes {text}>"
            ) from None
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
        if arr.shape != self.shape:
            return np.array(np.broadcast_to(arr, self.shape))
        return arr


def numeric(func: str, **args: tuple[object, Constraint]) -> tuple[Kind, list[FloatArray]]:
    """Check keyword-named numeric arguments; return the output shaper and the float arrays.

    Examples
    --------
    >>> kind, (a, b) = numeric("f", a=(2.0, POSITIVE), b=(np.array([1.0, 3.0]), POSITIVE))
    >>> kind(a * b)
    array([2., 6.])
    """
    arrays = [_as_array(func, n, v, spec) for n, (v, spec) in args.items()]
    kind = Kind(func, list(args), [v for v, _ in args.values()])
    return kind, arrays


def check_le(func: str, name: str, a: FloatArray, other: str, b: FloatArray) -> None:
    """Raise unless ``a <= b`` element-wise (relative tolerance 1e-12 for rounding)."""
    a, b = np.broadcast_arrays(a, b)
    bad = np.ravel(a > b + 1e-12 * np.abs(b))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        shown = f"{np.ravel(a)[pos]:g}" + (f" at position {pos}" if a.ndim else "")
        raise invalid(func, name, f"<= {other} ({np.ravel(b)[pos]:g})", f"<{shown}>")


def ratio(numerator: FloatArray, denominator: FloatArray, *, zero: float = 0.0) -> FloatArray:
    """``numerator / denominator`` with ``zero`` where the denominator is 0 (no warning)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(numerator, denominator)
    return np.where(denominator == 0, zero, out)
