"""Tests of the shared argument checks and their one message format."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from opsmodels._validation import (
    InstanceOf,
    Interval,
    NoneValue,
    OneOf,
    Satisfies,
    as_float_array,
    as_scalar,
    check,
    require_columns,
    validate_params,
)
from opsmodels.errors import InvalidInputError


def test_message_format() -> None:
    with pytest.raises(
        InvalidInputError,
        match=r"^The 'holding_cost' parameter of eoq must be > 0\. Got -2\.0 instead\.$",
    ):
        check("eoq", "holding_cost", -2.0, Interval(0, None, closed="neither"))


@pytest.mark.parametrize(
    ("constraint", "text"),
    [
        (Interval(0, 1), "in [0, 1]"),
        (Interval(0, 1, closed="neither"), "in (0, 1)"),
        (Interval(0, 1, closed="right"), "in (0, 1]"),
        (Interval(None, 5, closed="neither"), "< 5"),
        (Interval(2, None, integer=True), "an integer >= 2"),
        (Interval(integer=True), "an integer"),
        (Interval(), "a finite real number"),
        (Interval(0.5, None), ">= 0.5"),
        (OneOf("a", "b"), "one of 'a', 'b'"),
        (InstanceOf(int, float), "an instance of int or float"),
        (NoneValue(), "None"),
    ],
)
def test_descriptions(constraint: object, text: str) -> None:
    assert str(constraint) == text


def test_alternatives_joined_with_or() -> None:
    with pytest.raises(InvalidInputError, match="must be None or > 0"):
        check("f", "x", -1, [NoneValue(), Interval(0, None, closed="neither")])
    check("f", "x", None, [NoneValue(), Interval(0, None, closed="neither")])


def test_interval_arrays_report_first_offender() -> None:
    with pytest.raises(InvalidInputError, match="Got -1.0 at position 2 instead"):
        check("f", "x", np.array([1.0, 2.0, -1.0]), Interval(0, None))
    with pytest.raises(InvalidInputError, match="Got nan at position 0"):
        check("f", "x", pd.Series([np.nan]), Interval())
    check("f", "x", [1, 2, 3], Interval(0, None, integer=True))


@pytest.mark.parametrize("bad", [True, "3", None, {"a": 1}, np.array(["a"]), float("inf")])
def test_interval_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        check("f", "x", bad, Interval())


def test_interval_allow_inf() -> None:
    check("f", "x", float("inf"), Interval(0, None, allow_inf=True))
    check("f", "x", [1, 2, float("inf")], Interval(1, None, integer=True, allow_inf=True))
    with pytest.raises(InvalidInputError, match="an integer >= 1"):
        check("f", "x", [1, 2.5, float("inf")], Interval(1, None, integer=True, allow_inf=True))
    with pytest.raises(InvalidInputError):
        check("f", "x", float("inf"), Interval(1, None, integer=True))


def test_satisfies_and_oneof_unhashable() -> None:
    with pytest.raises(InvalidInputError, match="an even number"):
        check("f", "x", 3, Satisfies(lambda v: v % 2 == 0, "an even number"))
    with pytest.raises(InvalidInputError):
        check("f", "x", "x", Satisfies(lambda v: v % 2 == 0, "an even number"))
    with pytest.raises(InvalidInputError):
        check("f", "x", np.array([1, 2]), OneOf("a"))


def test_validate_params_binds_positional_and_defaults() -> None:
    @validate_params({"a": Interval(0, None), "b": OneOf("x", "y")})
    def f(a: float, *, b: str = "x") -> float:
        return a

    assert f(1.0) == 1.0
    with pytest.raises(InvalidInputError, match="'a' parameter of f"):
        f(-1.0)
    with pytest.raises(InvalidInputError, match="'b' parameter of f must be one of 'x', 'y'"):
        f(1.0, b="z")


def test_validate_params_rejects_unknown_parameter() -> None:
    with pytest.raises(TypeError):
        validate_params({"nope": Interval()})(lambda a: a)


def test_as_float_array_kinds_and_policies() -> None:
    s = pd.Series([1, 2, 3], index=list("abc"))
    np.testing.assert_array_equal(as_float_array("f", "x", s), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(as_float_array("f", "x", pd.DataFrame({"v": [1, 2]})), [1, 2])
    np.testing.assert_array_equal(as_float_array("f", "x", pd.Series(["1", "2.5"])), [1.0, 2.5])
    with pytest.raises(InvalidInputError, match="free of NaN"):
        as_float_array("f", "x", [1.0, np.nan])
    assert as_float_array("f", "x", [1.0, np.nan, 2.0], nan_policy="omit").tolist() == [1.0, 2.0]
    with pytest.raises(InvalidInputError, match="finite"):
        as_float_array("f", "x", [1.0, np.inf])
    with pytest.raises(InvalidInputError, match="at least 2 values"):
        as_float_array("f", "x", [1.0], min_size=2)
    with pytest.raises(InvalidInputError, match="1-D data"):
        as_float_array("f", "x", [[1.0]], ndim=1)
    with pytest.raises(InvalidInputError, match="numeric data"):
        as_float_array("f", "x", pd.Series(["a", "b"]))
    with pytest.raises(InvalidInputError, match="1-D numeric data"):
        as_float_array("f", "x", pd.DataFrame({"a": [1], "b": [2]}))
    with pytest.raises(InvalidInputError, match="nan_policy"):
        as_float_array("f", "x", [1.0], nan_policy="drop")  # type: ignore[arg-type]


def test_as_float_array_does_not_mutate() -> None:
    x = np.array([1.0, np.nan, 3.0])
    as_float_array("f", "x", x, nan_policy="omit")
    assert np.isnan(x[1])


def test_require_columns_and_as_scalar() -> None:
    require_columns("f", "data", pd.DataFrame({"a": [1]}), ["a", None])
    with pytest.raises(InvalidInputError, match="a DataFrame"):
        require_columns("f", "data", [1, 2], ["a"])
    assert as_scalar("f", "x", 3) == 3.0
    with pytest.raises(InvalidInputError, match="a real number"):
        as_scalar("f", "x", "3")
    with pytest.raises(InvalidInputError, match="finite"):
        as_scalar("f", "x", float("nan"))
