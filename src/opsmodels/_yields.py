"""Process yields shared by the six-sigma and lean domains: rolled throughput yield and
normalized yield (both domains re-export them under their own names)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels._validation import Interval, as_float_array, as_scalar, check

__all__ = ["normalized_yield", "rolled_throughput_yield"]

_UNIT = Interval(0, 1)


def _yield_matrix(func: str, yields: Any) -> tuple[FloatArray, Any]:
    """Check yields in [0, 1] and return them as an array plus the index for Series output."""
    if isinstance(yields, pd.DataFrame):
        arr = as_float_array(func, "yields", yields.to_numpy(dtype=np.float64), ndim=2)
    else:
        arr = as_float_array(func, "yields", yields, ndim=(1, 2))
    check(func, "yields", arr, _UNIT)
    return arr, yields


def _product_out(values: FloatArray, source: Any, axis: int) -> Any:
    if np.ndim(values) == 0:
        return float(values)
    if isinstance(source, pd.DataFrame):
        index = source.index if axis in (1, -1) else source.columns
        return pd.Series(values, index=index, dtype=np.float64)
    return values


def rolled_throughput_yield(yields: Any, *, axis: int = -1) -> Any:
    r"""Rolled throughput yield: the probability that a unit passes every step first time.

    Parameters
    ----------
    yields : array_like or DataFrame
        First-time yields of the steps, each in [0, 1]. 1-D: the steps of one process; 2-D:
        one process per row (``axis=-1``) or per column (``axis=0``).
    axis : int
        Axis along which the steps run.

    Returns
    -------
    float, ndarray or Series
        :math:`RTY = \prod_i FTY_i` (a float for 1-D input; a Series by row or column for a
        DataFrame).

    Raises
    ------
    InvalidInputError
        If a yield lies outside [0, 1], is NaN, or the data are empty.

    Notes
    -----
    :math:`RTY = \prod_{i=1}^{k} FTY_i` over the :math:`k` steps.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (rolled throughput yield).

    Examples
    --------
    >>> round(rolled_throughput_yield([0.9, 0.95, 0.99]), 6)
    0.84645
    """
    arr, source = _yield_matrix("rolled_throughput_yield", yields)
    axis = int(
        as_scalar(
            "rolled_throughput_yield", "axis", axis, Interval(-arr.ndim, arr.ndim - 1, integer=True)
        )
    )
    return _product_out(np.prod(arr, axis=axis), source, axis)


def normalized_yield(yields: Any, *, axis: int = -1) -> Any:
    r"""Normalized yield: the geometric mean of the step yields.

    Parameters
    ----------
    yields : array_like or DataFrame
        First-time yields of the steps, each in [0, 1] (see :func:`rolled_throughput_yield`).
    axis : int
        Axis along which the steps run.

    Returns
    -------
    float, ndarray or Series
        :math:`Y_{norm} = RTY^{1/k}` with :math:`k` the number of steps: the yield each step
        would need, all alike, to give the same RTY.

    Raises
    ------
    InvalidInputError
        If a yield lies outside [0, 1], is NaN, or the data are empty.

    Notes
    -----
    :math:`Y_{norm} = RTY^{1/k} = (\prod_{i=1}^{k} FTY_i)^{1/k}`, the geometric mean of the
    step yields.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (normalized yield).

    Examples
    --------
    >>> round(normalized_yield([0.9, 0.9, 0.9]), 12)
    0.9
    """
    arr, source = _yield_matrix("normalized_yield", yields)
    axis = int(
        as_scalar("normalized_yield", "axis", axis, Interval(-arr.ndim, arr.ndim - 1, integer=True))
    )
    k = arr.shape[axis]
    return _product_out(np.prod(arr, axis=axis) ** (1.0 / k), source, axis)
