"""Shared behaviour of every opsmodels result object.

A result is a frozen, slotted, keyword-only dataclass that derives from :class:`Result`::

    @dataclass(frozen=True, slots=True, kw_only=True)
    class EOQResult(Result):
        order_quantity: float
        ...

and so gets, with no code of its own:

* ``to_dict()`` - a JSON-safe dict (numbers as Python floats/ints, arrays as lists, Series and
  dicts keyed by strings, non-finite floats as the strings ``"inf"``, ``"-inf"``, ``"nan"``) that
  ``json.dumps(..., allow_nan=False)`` accepts;
* ``to_frame()`` - a DataFrame: one row per element when the fields are per-item arrays or
  Series (scalar fields repeated), else one row of the scalar fields;
* ``_repr_html_()`` - an HTML table for notebooks.

Examples
--------
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, slots=True, kw_only=True)
... class Demo(Result):
...     mean: float
...     values: np.ndarray
>>> r = Demo(mean=float("inf"), values=np.array([1.0, 2.0]))
>>> r.to_dict()
{'mean': 'inf', 'values': [1.0, 2.0]}
>>> r.to_frame()
   mean  values
0   inf     1.0
1   inf     2.0
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Plottable", "Result", "jsonable"]


def jsonable(value: Any) -> Any:
    """Convert a value to plain JSON-safe Python.

    Examples
    --------
    >>> jsonable({"a": np.float64(1.5), "b": (np.int64(2), float("nan"))})
    {'a': 1.5, 'b': [2, 'nan']}
    """
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isfinite(x):
            return x
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, pd.Series):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return {str(c): jsonable(value[c]) for c in value.columns}
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.Timestamp | pd.Timedelta):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)


class Result:
    """Mixin giving a frozen result dataclass its ``to_dict``, ``to_frame`` and HTML view."""

    __slots__ = ()

    def _items(self) -> list[tuple[str, Any]]:
        fields: tuple[dataclasses.Field[Any], ...] = dataclasses.fields(self)  # type: ignore[arg-type]
        return [(f.name, getattr(self, f.name)) for f in fields]

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-safe dict.

        Returns
        -------
        dict
            Field name -> plain Python value (see the module notes).
        """
        return {name: jsonable(value) for name, value in self._items()}

    def to_frame(self) -> pd.DataFrame:
        """Return the tabular fields as a DataFrame.

        Per-item fields (1-D arrays or Series of one common length) become columns, with the
        Series index when there is one; scalar fields are repeated on every row. When there is
        no per-item field, the scalar fields form a single row. Fields holding mappings or
        nested results are left out (read them from the attribute or ``to_dict()``).

        Returns
        -------
        pandas.DataFrame
        """
        columns: dict[str, Any] = {}
        scalars: dict[str, Any] = {}
        index: pd.Index | None = None
        length: int | None = None
        for name, value in self._items():
            if isinstance(value, pd.Series):
                if index is None:
                    index = value.index
                columns[name] = value.to_numpy() if len(value) == len(index) else value
                length = length or len(value)
            elif isinstance(value, np.ndarray) and value.ndim == 1:
                columns[name] = value
                length = length or len(value)
            elif (
                isinstance(value, int | float | str | bool | np.number | np.bool_) or value is None
            ):
                scalars[name] = value
        if length is not None:
            columns = {k: v for k, v in columns.items() if len(v) == length}
            frame = pd.DataFrame(columns, index=index if index is not None else None)
            for name, value in scalars.items():
                frame[name] = value
            return frame[[n for n, _ in self._items() if n in frame.columns]]
        return pd.DataFrame([scalars])

    def _repr_html_(self) -> str:
        rows = []
        for name, value in self._items():
            if isinstance(value, np.ndarray | pd.Series) and np.size(value) > 8:
                shown = f"{type(value).__name__} of {np.size(value)} values"
            elif isinstance(value, float | np.floating):
                shown = f"{float(value):.6g}"
            else:
                shown = repr(value)
                if len(shown) > 120:
                    shown = shown[:117] + "..."
            rows.append(
                f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
                f"<td style='text-align:left'>{html.escape(shown)}</td></tr>"
            )
        title = html.escape(type(self).__name__)
        return f"<table><caption>{title}</caption>{''.join(rows)}</table>"


class Plottable:
    """Mixin for results that can draw themselves: ``result.plot(ax=None)``.

    The drawing code lives in :mod:`opsmodels.plotting` (the ``plot`` extra), imported only
    when ``plot`` is called, so no domain module imports matplotlib or the plotting package.
    """

    __slots__ = ()

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Draw the result on ``ax`` (a new figure when None) and return the Axes.

        Requires matplotlib (``pip install opsmodels[plot]``).
        """
        from opsmodels.plotting import plot  # lazy: matplotlib is an extra

        return plot(self, ax=ax, **kwargs)
