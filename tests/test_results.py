"""Tests of the shared result behaviour."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest

from opsmodels._results import Result, jsonable


@dataclass(frozen=True, slots=True, kw_only=True)
class Scalars(Result):
    mean: float
    label: str
    intervals: dict[str, tuple[float, float]]


@dataclass(frozen=True, slots=True, kw_only=True)
class PerItem(Result):
    quantity: Any
    cost: Any
    method: str


def test_to_dict_is_strict_json() -> None:
    r = Scalars(mean=np.float64(np.inf), label="x", intervals={"cp": (np.float64(1.0), np.nan)})
    text = json.dumps(r.to_dict(), allow_nan=False)
    assert json.loads(text) == {"mean": "inf", "label": "x", "intervals": {"cp": [1.0, "nan"]}}


def test_frozen() -> None:
    r = Scalars(mean=1.0, label="x", intervals={})
    with pytest.raises(FrozenInstanceError):
        r.mean = 2.0  # type: ignore[misc]


def test_to_frame_scalar_row_and_series_rows() -> None:
    one = Scalars(mean=1.0, label="x", intervals={}).to_frame()
    assert one.shape == (1, 2)
    idx = pd.Index(["a", "b"], name="sku")
    r = PerItem(quantity=pd.Series([1.0, 2.0], index=idx), cost=np.array([3.0, 4.0]), method="m")
    frame = r.to_frame()
    assert list(frame.columns) == ["quantity", "cost", "method"]
    assert frame.index.equals(idx)
    assert frame.loc["b", "cost"] == 4.0


def test_html_repr_escapes_and_summarizes() -> None:
    r = PerItem(quantity=np.arange(100.0), cost=1.0, method="<b>")
    html = r._repr_html_()
    assert "&lt;b&gt;" in html
    assert "ndarray of 100 values" in html


def test_jsonable_kinds() -> None:
    frame = pd.DataFrame({"a": [1.0]}, index=["r"])
    assert jsonable(frame) == {"a": {"r": 1.0}}
    assert jsonable(pd.Timestamp("2026-01-01")) == "2026-01-01 00:00:00"
    assert jsonable({1, 2}) in ([1, 2], [2, 1])
    assert jsonable(np.bool_(True)) is True
    assert jsonable(object.__new__(object)).startswith("<object")
