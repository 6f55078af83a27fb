"""Type aliases shared across opsmodels."""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "ArrayLike",
    "FloatArray",
    "FloatLike",
    "IntArray",
    "Numeric",
    "RandomState",
    "SeriesOrArray",
]

#: Anything numpy can turn into an array.
ArrayLike: TypeAlias = npt.ArrayLike
#: A float64 ndarray.
FloatArray: TypeAlias = npt.NDArray[np.float64]
#: An int64 ndarray.
IntArray: TypeAlias = npt.NDArray[np.int64]
#: A real scalar.
FloatLike: TypeAlias = float | int | np.floating[Any] | np.integer[Any]
#: A pandas Series or a float ndarray.
SeriesOrArray: TypeAlias = "pd.Series[float] | FloatArray"
#: "Numeric in, same kind out": a float gives a float, an ndarray an ndarray, a Series a Series.
Numeric = TypeVar("Numeric", float, FloatArray, "pd.Series[float]")
#: Seed or generator accepted by every random function.
RandomState: TypeAlias = np.random.Generator | int | None
