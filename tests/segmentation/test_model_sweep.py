"""Bad-value sweep over the model classes' methods (the public-API sweep covers functions):
every bad value gives InvalidInputError (or a valid result), never another exception."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from opsmodels.errors import InvalidInputError, OpsModelsError
from opsmodels.segmentation import BGBB, BGNBD, MBGNBD, GammaGamma, ParetoNBD, ShiftedBetaGeometric

BAD_VALUES: list[Any] = [
    "not-a-valid-option",
    -1,
    float("nan"),
    float("inf"),
    -2.5,
    None,
    [],
    object(),
    np.array([np.nan, 1.0, 2.0]),
    pd.DataFrame(),
    {"unexpected": 1},
]

_BG = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
_MBG = MBGNBD(params={"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614})
_PN = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
_GG = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
_BB = BGBB(params={"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
_SBG = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
_HIST = {"frequency": np.array([0, 2, 5]), "recency": np.array([0.0, 10.0, 30.0]), "T": 38.0}

CALLS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}
for _name, _model in (("BGNBD", _BG), ("MBGNBD", _MBG), ("ParetoNBD", _PN)):
    CALLS[f"{_name}.p_alive"] = (_model.p_alive, dict(_HIST))
    CALLS[f"{_name}.conditional_expected_purchases"] = (
        _model.conditional_expected_purchases,
        {"t": 10.0, **_HIST},
    )
    CALLS[f"{_name}.expected_purchases"] = (_model.expected_purchases, {"t": 10.0})
    CALLS[f"{_name}.probability_of_purchases"] = (
        _model.probability_of_purchases,
        {"x": 2, "t": 10.0},
    )
    CALLS[f"{_name}.simulate"] = (_model.simulate, {"T": 10.0, "n_customers": 5, "rng": 1})
    CALLS[f"{_name}.discounted_expected_residual_transactions"] = (
        _model.discounted_expected_residual_transactions,
        {**_HIST, "discount_rate": 0.01, "horizon": 52.0},
    )
    CALLS[f"{_name}.fit"] = (
        type(_model).fit,
        {"frequency": [0, 1, 3, 0, 2], "recency": [0.0, 5.0, 20.0, 0.0, 9.0], "T": [30.0] * 5},
    )
CALLS["GammaGamma.conditional_expected_spend"] = (
    _GG.conditional_expected_spend,
    {"frequency": np.array([0, 3]), "monetary_value": np.array([0.0, 20.0])},
)
CALLS["GammaGamma.simulate"] = (_GG.simulate, {"frequency": np.array([0, 3]), "rng": 1})
CALLS["GammaGamma.fit"] = (
    GammaGamma.fit,
    {"frequency": [1, 2, 3], "monetary_value": [10.0, 20.0, 15.0]},
)
_BB_HIST = {"frequency": np.array([0, 2, 5]), "recency": np.array([0, 3, 6]), "n": 6}
CALLS["BGBB.p_alive"] = (_BB.p_alive, dict(_BB_HIST))
CALLS["BGBB.conditional_expected_purchases"] = (
    _BB.conditional_expected_purchases,
    {"t": 3, **_BB_HIST},
)
CALLS["BGBB.expected_purchases"] = (_BB.expected_purchases, {"t": 3})
CALLS["BGBB.discounted_expected_residual_transactions"] = (
    _BB.discounted_expected_residual_transactions,
    {**_BB_HIST, "discount_rate": 0.1, "horizon": 10},
)
CALLS["BGBB.probability_of_purchases"] = (_BB.probability_of_purchases, {"x": 2, "t": 6})
CALLS["BGBB.simulate"] = (_BB.simulate, {"n": 6, "n_customers": 5, "rng": 1})
CALLS["BGBB.fit"] = (BGBB.fit, {"frequency": [0, 1, 2], "recency": [0, 2, 5], "n": 6})
CALLS["ShiftedBetaGeometric.survival"] = (_SBG.survival, {"t": 3})
CALLS["ShiftedBetaGeometric.discounted_expected_lifetime"] = (
    _SBG.discounted_expected_lifetime,
    {"discount_rate": 0.1},
)
CALLS["ShiftedBetaGeometric.discounted_expected_residual_lifetime"] = (
    _SBG.discounted_expected_residual_lifetime,
    {"renewals": [0, 3], "discount_rate": 0.1},
)
CALLS["ShiftedBetaGeometric.churn_probability"] = (_SBG.churn_probability, {"t": 3})
CALLS["ShiftedBetaGeometric.retention_rate"] = (_SBG.retention_rate, {"t": 3})
CALLS["ShiftedBetaGeometric.simulate"] = (
    _SBG.simulate,
    {"n_customers": 100, "periods": 4, "rng": 1},
)
CALLS["ShiftedBetaGeometric.fit"] = (ShiftedBetaGeometric.fit, {"active": [1000, 600, 450]})


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_values_raise_invalid_input_error(name: str) -> None:
    func, kwargs = CALLS[name]
    rejected = 0
    problems = []
    for param in kwargs:
        for bad in BAD_VALUES:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    func(**dict(kwargs, **{param: bad}))
            except InvalidInputError:
                rejected += 1
            except OpsModelsError:
                pass
            except Exception as exc:
                problems.append(f"{param}={bad!r}: {type(exc).__name__}: {exc}")
    assert not problems, "\n".join(problems)
    assert rejected
