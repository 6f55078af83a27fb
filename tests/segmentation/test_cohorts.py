"""Tests of cohort retention, customer ABC classes and concentration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.segmentation import cohort_retention, concentration, customer_abc


def _random_log(seed: int, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 400, n)
    return pd.DataFrame(
        {
            "cust": rng.integers(0, 60, n),
            "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
            "spend": rng.uniform(1, 100, n),
        }
    )


def test_cohort_counts_match_direct_pandas() -> None:
    """Counts and revenue equal a direct pandas groupby on month periods."""
    log = _random_log(1)
    r = cohort_retention(log, customer="cust", date="when", amount="spend", period="M")
    month = log["when"].dt.to_period("M")
    first = month.groupby(log["cust"]).transform("min")
    k = (month.array.asi8 - first.array.asi8).astype(int)
    direct = (
        pd.DataFrame({"c": first, "k": k, "id": log["cust"]})
        .drop_duplicates()
        .groupby(["c", "k"])
        .size()
    )
    for (c, kk), n in direct.items():
        assert r.counts.loc[c, kk] == n
    rev = pd.DataFrame({"c": first, "k": k, "s": log["spend"]}).groupby(["c", "k"])["s"].sum()
    assert r.revenue is not None
    for (c, kk), s in rev.items():
        assert r.revenue.loc[c, kk] == pytest.approx(s)
    sizes = first.groupby(log["cust"]).first().value_counts().sort_index()
    assert r.cohort_sizes.to_numpy().tolist() == sizes.to_numpy().tolist()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["D", "W", "M", "Q", "Y"]))
def test_retention_laws(seed: int, period: str) -> None:
    """Retention is in [0, 1], 1 in the first period; unobserved cells only after the end."""
    log = _random_log(seed, 100)
    r = cohort_retention(log, customer="cust", date="when", period=period)  # type: ignore[arg-type]
    values = r.retention.to_numpy()
    observed = values[~np.isnan(values)]
    assert ((observed >= 0) & (observed <= 1)).all()
    assert (r.retention[0] == 1.0).all()
    assert int(r.cohort_sizes.sum()) == log["cust"].nunique()


def test_cohort_does_not_mutate_and_rejects_bad_input() -> None:
    log = _random_log(2)
    copy = log.copy()
    cohort_retention(log, customer="cust", date="when")
    pd.testing.assert_frame_equal(log, copy)
    with pytest.raises(InvalidInputError, match="period"):
        cohort_retention(log, customer="cust", date="when", period="X")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="transactions"):
        cohort_retention(log, customer="nope", date="when")
    with pytest.raises(InvalidInputError, match="transactions"):
        cohort_retention(log.iloc[:0], customer="cust", date="when")
    bad = log.assign(when=log["when"].astype(str))
    bad.loc[3, "when"] = "not a date"
    with pytest.raises(InvalidInputError, match="transactions"):
        cohort_retention(bad, customer="cust", date="when")
    miss = log.astype({"spend": float})
    miss.loc[0, "spend"] = np.nan
    with pytest.raises(InvalidInputError, match="transactions"):
        cohort_retention(miss, customer="cust", date="when", amount="spend")
    r = cohort_retention(miss, customer="cust", date="when", amount="spend", nan_policy="omit")
    assert int(r.cohort_sizes.sum()) == miss["cust"].iloc[1:].nunique()


def test_gini_known_distributions() -> None:
    """All equal -> 0; one customer holds all -> (n - 1)/n (Lambert 2001, ch. 2)."""
    assert concentration(np.full(10, 3.0)).gini == pytest.approx(0.0, abs=1e-12)
    one = np.zeros(8)
    one[5] = 4.0
    assert concentration(one).gini == pytest.approx(7 / 8)
    # Uniform 1..n: G = (n - 1) / (3 n)
    n = 100
    assert concentration(np.arange(1.0, n + 1)).gini == pytest.approx((n - 1) / (3 * n))


def test_top_share() -> None:
    r = concentration(pd.Series([10.0, 40.0, 30.0, 20.0, 0.0]), top=0.4)
    assert r.top_share == pytest.approx(0.7)
    assert r.n_customers == 5


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50).filter(lambda v: sum(v) > 0))
def test_concentration_laws(values: list[float]) -> None:
    r = concentration(values)
    n = len(values)
    assert -1e-12 <= r.gini <= (n - 1) / n + 1e-9
    k = int(np.ceil(0.2 * n - 1e-9))
    assert r.top_share >= k / n - 1e-9  # the k largest of n hold at least k/n
    assert 0 < r.top_share <= 1 + 1e-12


def test_customer_abc_series_and_laws() -> None:
    """The worked distribution-by-value example (Silver, Pyke & Thomas 2017, sec. 2.4 style)."""
    s = pd.Series([40.0, 500.0, 100.0, 300.0, 60.0], index=list("edcba"))
    r = customer_abc(s)
    assert r.classes.to_dict() == {"e": "C", "d": "A", "c": "B", "b": "A", "a": "B"}
    assert r.cumulative_share["d"] == pytest.approx(0.5)
    assert r.share.sum() == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=40).filter(lambda v: sum(v) > 0))
def test_customer_abc_monotone(values: list[float]) -> None:
    """Classes never improve as value falls; the top customer is always A."""
    r = customer_abc(values)
    arr = np.asarray(values)
    order = np.argsort(-arr, kind="stable")
    ranked = r.classes[order]
    assert ranked[0] == "A"
    assert (ranked[:-1] <= ranked[1:]).all()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"values": [1.0, -1.0]}, "values"),
        ({"values": [0.0, 0.0]}, "values"),
        ({"values": [1.0, np.nan]}, "values"),
        ({"values": []}, "values"),
        ({"values": [1.0], "thresholds": (0.9, 0.8)}, "thresholds"),
    ],
)
def test_abc_bad_input(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=name):
        customer_abc(**kwargs)  # type: ignore[arg-type]


def test_concentration_bad_top() -> None:
    with pytest.raises(InvalidInputError, match="top"):
        concentration([1.0, 2.0], top=0.0)
    with pytest.raises(InvalidInputError, match="values"):
        concentration([np.inf])


def test_dask_gives_the_pandas_result() -> None:
    """A Dask log (3 partitions, string dates) gives the same matrices as pandas."""
    dd = pytest.importorskip("dask.dataframe")
    log = _random_log(5).assign(when=lambda f: f["when"].dt.strftime("%Y-%m-%d %H:%M"))
    want = cohort_retention(log, customer="cust", date="when", amount="spend", period="W")
    got = cohort_retention(
        dd.from_pandas(log, npartitions=3), customer="cust", date="when", amount="spend", period="W"
    )
    pd.testing.assert_frame_equal(got.counts, want.counts)
    pd.testing.assert_frame_equal(got.retention, want.retention)
    assert got.revenue is not None
    assert want.revenue is not None
    pd.testing.assert_frame_equal(got.revenue, want.revenue)
