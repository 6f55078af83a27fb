"""Reference, property and bad-input tests of the crossed gauge R&R study."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import gauge_rr, gauge_rr_constants
from tests.sixsigma.reference_data import AIAG, MONTGOMERY


def _frame(x: np.ndarray, part_labels: object = None, op_labels: object = None) -> pd.DataFrame:
    """Long frame from an array (parts, operators, trials)."""
    p, o, r = x.shape
    parts = np.arange(1, p + 1) if part_labels is None else np.asarray(part_labels)
    ops = np.arange(1, o + 1) if op_labels is None else np.asarray(op_labels)
    P, O, T = np.meshgrid(parts, ops, np.arange(1, r + 1), indexing="ij")
    return pd.DataFrame(
        {"part": P.ravel(), "operator": O.ravel(), "trial": T.ravel(), "value": x.ravel()}
    )


def test_montgomery_anova_table() -> None:
    """Montgomery (7th ed.), Example 8.7, ANOVA table: SS 1185.425 / 2.617 / 27.050 / 59.500,
    total 1274.592; F 87.65 (parts), 1.84 (operators), 0.72 (interaction)."""
    r = gauge_rr(_frame(MONTGOMERY), part="part", operator="operator", value="value")
    table = r.anova.set_index("source")
    assert table["SS"].to_numpy() == pytest.approx(
        [1185.425, 2.617, 27.050, 59.500, 1274.592], abs=6e-4
    )
    assert list(table["df"]) == [19, 2, 38, 60, 119]
    assert table.loc["Part", "F"] == pytest.approx(87.65, abs=0.01)
    assert table.loc["Operator", "F"] == pytest.approx(1.84, abs=0.01)
    assert table.loc["Part*Operator", "F"] == pytest.approx(0.72, abs=0.01)
    assert table.loc["Part*Operator", "p"] == pytest.approx(0.86, abs=0.01)


def test_montgomery_variance_components() -> None:
    """Montgomery (7th ed.), Example 8.7: with the interaction, sigma^2 = 0.99, operator
    0.015, interaction -0.14 (set to 0 here), part 10.28; the reduced model (interaction
    pooled) gives sigma^2 = 0.88, operator 0.01, part 10.25, sigma_gauge = 0.943 and, with
    USL - LSL = 60 - 5, P/T = 6(0.943)/55 = 0.10."""
    frame = _frame(MONTGOMERY)
    full = gauge_rr(frame, part="part", operator="operator", value="value", alpha_interaction=1.0)
    assert not full.interaction_pooled
    assert full.var_repeatability == pytest.approx(0.99, abs=0.005)
    assert full.var_operator == pytest.approx(0.015, abs=0.0005)
    assert full.var_interaction == 0.0  # (0.712 - 0.992)/2 = -0.14 truncated
    assert full.var_part == pytest.approx(10.28, abs=0.005)
    reduced = gauge_rr(frame, part="part", operator="operator", value="value", tolerance=55)
    assert reduced.interaction_pooled
    assert reduced.var_repeatability == pytest.approx(0.88, abs=0.005)
    assert reduced.var_operator == pytest.approx(0.01, abs=0.005)
    assert reduced.var_part == pytest.approx(10.25, abs=0.005)
    # Montgomery adds the rounded 0.88 + 0.01 = 0.89 (sigma 0.943).
    assert reduced.var_grr == pytest.approx(0.89, abs=0.006)
    assert reduced.pct_tolerance_grr == pytest.approx(10.3, abs=0.05)


def test_aiag_average_and_range_method() -> None:
    """AIAG MSA 4th ed., ch. III-B, Average and Range method on its 10 x 3 x 3 example:
    R-double-bar 0.3417, X-diff 0.4446, Rp 3.511; EV 0.20188, AV 0.22963, GRR 0.30575,
    PV 1.10456, TV 1.14610; %EV 17.62, %AV 20.04, %GRR 26.68, %PV 96.38, ndc 5.
    AIAG rounds K1 = 0.5908 and R-double-bar, so EV agrees to 1e-4."""
    r = gauge_rr(_frame(AIAG), part="part", operator="operator", value="value", method="xbar_r")
    assert math.sqrt(r.var_repeatability) == pytest.approx(0.20188, abs=1e-4)
    assert math.sqrt(r.var_reproducibility) == pytest.approx(0.22963, abs=1e-4)
    assert math.sqrt(r.var_grr) == pytest.approx(0.30575, abs=1e-4)
    assert math.sqrt(r.var_part) == pytest.approx(1.10456, abs=2e-4)
    assert math.sqrt(r.var_total) == pytest.approx(1.14610, abs=2e-4)
    pct = r.components.set_index("source")["pct_study_var"]
    assert pct["Repeatability"] == pytest.approx(17.62, abs=0.015)
    assert pct["Reproducibility"] == pytest.approx(20.04, abs=0.01)
    assert r.pct_study_var_grr == pytest.approx(26.68, abs=0.01)
    assert pct["Part-To-Part"] == pytest.approx(96.38, abs=0.015)
    assert r.ndc == 5
    assert r.intervals == {}


def test_aiag_anova_method() -> None:
    """AIAG MSA 4th ed., ch. III-B, ANOVA method on the same data: SS appraiser 3.1673,
    parts 88.3619, interaction 0.3590 (F 0.434, pooled), equipment 2.7589, total 94.6471;
    EV 0.19993, AV 0.22684, interaction 0, GRR 0.30237, PV 1.04233; %GRR 27.86, ndc 4."""
    r = gauge_rr(_frame(AIAG), part="part", operator="operator", value="value")
    table = r.anova.set_index("source")
    assert table["SS"].to_numpy() == pytest.approx(
        [88.3619, 3.1673, 0.3590, 2.7589, 94.6471], abs=6e-5
    )
    assert table.loc["Operator", "F"] == pytest.approx(79.41, abs=0.01)
    assert table.loc["Part", "F"] == pytest.approx(492.29, abs=0.01)
    assert table.loc["Part*Operator", "F"] == pytest.approx(0.434, abs=5e-4)
    assert r.interaction_pooled
    assert math.sqrt(r.var_repeatability) == pytest.approx(0.19993, abs=1e-5)
    assert math.sqrt(r.var_reproducibility) == pytest.approx(0.22684, abs=1e-5)
    assert r.var_interaction == 0.0
    assert math.sqrt(r.var_grr) == pytest.approx(0.30237, abs=1e-5)
    assert math.sqrt(r.var_part) == pytest.approx(1.04233, abs=1e-5)
    assert r.pct_study_var_grr == pytest.approx(27.86, abs=0.005)
    assert r.ndc == 4


@pytest.mark.parametrize(
    ("m", "k"),
    [
        (2, 0.7071),
        (3, 0.5231),
        (4, 0.4467),
        (5, 0.4030),
        (6, 0.3742),
        (7, 0.3534),
        (8, 0.3375),
        (9, 0.3249),
        (10, 0.3146),
    ],
)
def test_aiag_k3_table(m: int, k: float) -> None:
    """AIAG MSA 4th ed., ch. III-B, K3 table (parts 2..10), from d2* with one range."""
    assert gauge_rr_constants(m, 2, 2).k3 == pytest.approx(k, abs=6e-5)


def test_aiag_k1_k2() -> None:
    """AIAG MSA 4th ed.: K1 = 0.8862 (2 trials), 0.5908 (3); K2 = 0.7071 (2), 0.5231 (3)."""
    k = gauge_rr_constants(5, 2, 2)
    assert (k.k1, k.k2) == pytest.approx((0.8862, 0.7071), abs=6e-5)
    k = gauge_rr_constants(5, 3, 3)
    assert (k.k1, k.k2) == pytest.approx((0.5908, 0.5231), abs=6e-5)


def _design(p: int, o: int, r: int, ss: tuple[float, float, float, float]) -> np.ndarray:
    """A balanced study whose ANOVA sums of squares are exactly ``ss`` (P, O, PO, E)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal(p)
    a -= a.mean()
    b = rng.standard_normal(o)
    b -= b.mean()
    c = rng.standard_normal((p, o))
    c = c - c.mean(0) - c.mean(1)[:, None] + c.mean()
    e = rng.standard_normal((p, o, r))
    e -= e.mean(2, keepdims=True)
    a *= math.sqrt(ss[0] / (o * r * np.sum(a**2)))
    b *= math.sqrt(ss[1] / (p * r * np.sum(b**2)))
    c *= math.sqrt(ss[2] / (r * np.sum(c**2)))
    e *= math.sqrt(ss[3] / np.sum(e**2))
    return 1.3 + a[:, None, None] + b[None, :, None] + c[:, :, None] + e


def test_sixsigma_r_package_conventions() -> None:
    """SixSigma R package, ``ss.rr(time1, prototype, operator, data = ss.data.rr,
    alphaLim = 0.05, lsl = 0.7, usl = 1.8)`` (Cano, Moguerza & Redchuk, Six Sigma with R,
    Springer 2012, ch. 5; output in the package's tests and vignettes).

    The data set ships only as binary R data, so a 3 x 3 x 3 design is built with the same
    ANOVA sums of squares: SS_PO = 0.0834 from the published table, SS_P = 1.2007151,
    SS_O = 0.0529387 and SS_PO + SS_E = 0.4687926 recovered to more digits from the
    published variance components (MS_E' = 0.0213087542, MS_P = 9(0.0643389450) + MS_E',
    MS_O = 9(0.0005735129) + MS_E'). The published F, p, variance components,
    %contribution, %study variation, %tolerance and ndc then follow from the conventions
    under test: main effects tested against the interaction, pooling when p >= 0.05,
    6 sigma study variation, tolerance 1.1."""
    x = _design(3, 3, 3, (1.2007151, 0.0529387, 0.0834, 0.4687926 - 0.0834))
    r = gauge_rr(_frame(x), part="part", operator="operator", value="value", tolerance=1.1)
    full = r.anova.set_index("source")
    # The SS are published to 4 decimals: 0.0834 carries a relative error up to 6e-4.
    assert full["F"].to_numpy()[:3] == pytest.approx([28.797, 1.270, 0.974], rel=1e-3)
    assert full["p"].to_numpy()[:3] == pytest.approx([0.00422, 0.37415, 0.44619], rel=1e-3)
    assert r.interaction_pooled
    red = r.anova_reduced.set_index("source")
    assert red["F"].to_numpy()[:2] == pytest.approx([28.174, 1.242], abs=2e-3)
    assert red.loc["Part", "p"] == pytest.approx(8.56e-07, rel=2e-3)
    assert red.loc["Operator", "p"] == pytest.approx(0.308, abs=5e-4)
    comp = r.to_frame().set_index("source")
    published = {
        "Total Gage R&R": (0.0218822671, 25.38, 50.38, 80.69),
        "Repeatability": (0.0213087542, 24.71, 49.71, 79.62),
        "Reproducibility": (0.0005735129, 0.67, 8.16, 13.06),
        "Operator": (0.0005735129, 0.67, 8.16, 13.06),
        "Part-To-Part": (0.0643389450, 74.62, 86.38, 138.36),
        "Total Variation": (0.0862212121, 100.0, 100.0, 160.16),
    }
    for source, (var, contrib, study, tol) in published.items():
        row = comp.loc[source]
        assert row["variance"] == pytest.approx(var, abs=2e-6), source
        assert row["pct_contribution"] == pytest.approx(contrib, abs=0.01), source
        assert row["pct_study_var"] == pytest.approx(study, abs=0.01), source
        assert row["pct_tolerance"] == pytest.approx(tol, abs=0.02), source
    assert r.ndc == 2


def test_repeatability_interval_is_exact_chi_square() -> None:
    """Burdick, Borror & Montgomery (2005), ch. 2-3: the interval on sigma^2_E is the exact
    [n S^2 / chi2(1 - a/2), n S^2 / chi2(a/2)]."""
    r = gauge_rr(_frame(MONTGOMERY), part="part", operator="operator", value="value")
    df = 98  # pooled: 38 + 60
    s2 = r.var_repeatability
    lo, hi = r.intervals["var_repeatability"]
    assert lo == pytest.approx(df * s2 / stats.chi2.isf(0.025, df), rel=1e-12)
    assert hi == pytest.approx(df * s2 / stats.chi2.ppf(0.025, df), rel=1e-12)


def test_mls_interval_coverage() -> None:
    """Monte Carlo: 95 % intervals on every variance component cover the true value about
    95 % of the time (Burdick, Borror & Montgomery report near-nominal MLS coverage; 1000
    runs per design measured 0.945-0.972 for 10x3x3, 10x3x2 and 20x5x2 studies)."""
    rng = np.random.default_rng(11)
    p, o, r, n_sim = 10, 3, 3, 400
    sp, so, spo, se = 1.0, 0.3, 0.2, 0.5
    truth = {
        "var_part": sp**2,
        "var_grr": so**2 + spo**2 + se**2,
        "var_repeatability": se**2,
        "var_reproducibility": so**2 + spo**2,
        "var_operator": so**2,
        "var_interaction": spo**2,
        "var_total": sp**2 + so**2 + spo**2 + se**2,
    }
    hits = dict.fromkeys(truth, 0)
    for _ in range(n_sim):
        x = (
            sp * rng.standard_normal(p)[:, None, None]
            + so * rng.standard_normal(o)[None, :, None]
            + spo * rng.standard_normal((p, o))[:, :, None]
            + se * rng.standard_normal((p, o, r))
        )
        res = gauge_rr(
            _frame(x), part="part", operator="operator", value="value", alpha_interaction=1.0
        )
        for key in hits:
            lo, hi = res.intervals[key]
            hits[key] += lo <= truth[key] <= hi
    for key, count in hits.items():
        assert 0.91 <= count / n_sim <= 0.99, (key, count)


def test_interaction_kept_when_significant() -> None:
    rng = np.random.default_rng(5)
    x = (
        rng.standard_normal(8)[:, None, None]
        + 0.8 * rng.standard_normal((8, 3))[:, :, None]
        + 0.05 * rng.standard_normal((8, 3, 2))
    )
    r = gauge_rr(_frame(x), part="part", operator="operator", value="value")
    assert not r.interaction_pooled
    assert r.var_interaction > 0
    assert "Part*Operator" in set(r.components["source"])
    assert r.var_reproducibility == pytest.approx(r.var_operator + r.var_interaction)
    assert "var_interaction" in r.intervals


def test_labels_order_and_interaction_means() -> None:
    """Rows in any order, string labels: parts and operators in order of first appearance."""
    frame = _frame(AIAG, part_labels=[f"p{i}" for i in range(10)], op_labels=["Ann", "Bo", "Cy"])
    shuffled = frame.sample(frac=1.0, random_state=3)
    a = gauge_rr(frame, part="part", operator="operator", value="value")
    b = gauge_rr(shuffled, part="part", operator="operator", value="value")
    assert a.var_grr == pytest.approx(b.var_grr, rel=1e-12)
    means = a.interaction_means
    assert list(means.columns) == ["Ann", "Bo", "Cy"]
    assert means.loc["p0", "Ann"] == pytest.approx(np.mean([0.29, 0.41, 0.64]))
    assert (a.n_parts, a.n_operators, a.n_trials) == (10, 3, 3)


def test_result_serialisation_and_options() -> None:
    r = gauge_rr(
        _frame(MONTGOMERY),
        part="part",
        operator="operator",
        value="value",
        tolerance=55,
        historical_sigma=4.0,
        study_multiplier=5.15,
    )
    d = r.to_dict()
    assert d["ndc"] == r.ndc
    assert "pct_process" in r.components.columns
    assert r.pct_process_grr == pytest.approx(100 * math.sqrt(r.var_grr) / 4.0)
    assert r.components["study_var"].iloc[0] == pytest.approx(5.15 * math.sqrt(r.var_grr))
    assert r.pct_tolerance_grr == pytest.approx(100 * 5.15 * math.sqrt(r.var_grr) / 55)
    assert "<table>" in r._repr_html_()
    assert r.to_frame().shape[0] == 6
    assert (
        gauge_rr(
            _frame(MONTGOMERY), part="part", operator="operator", value="value"
        ).pct_tolerance_grr
        is None
    )


def test_perfect_gauge_gives_infinite_ndc() -> None:
    x = np.repeat(np.arange(5.0)[:, None, None], 3, axis=1).repeat(2, axis=2)
    r = gauge_rr(_frame(x), part="part", operator="operator", value="value")
    assert r.var_grr == 0.0
    assert r.ndc == math.inf
    assert r.pct_study_var_grr == 0.0


# ---------------------------------------------------------------- properties

studies = st.tuples(
    st.integers(2, 6), st.integers(2, 4), st.integers(2, 3), st.integers(0, 2**31 - 1)
)


def _random_study(p: int, o: int, r: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal(p)[:, None, None]
        + 0.3 * rng.standard_normal(o)[None, :, None]
        + 0.2 * rng.standard_normal((p, o))[:, :, None]
        + 0.4 * rng.standard_normal((p, o, r))
    )


@settings(max_examples=40, deadline=None)
@given(studies, st.sampled_from(["anova", "xbar_r"]))
def test_laws(study: tuple[int, int, int, int], method: str) -> None:
    """var_total = var_grr + var_part; contributions sum to 100; components >= 0; ndc >= 1."""
    x = _random_study(*study)
    r = gauge_rr(_frame(x), part="part", operator="operator", value="value", method=method)  # type: ignore[arg-type]
    assert r.var_total == pytest.approx(r.var_grr + r.var_part, rel=1e-12)
    assert r.var_grr == pytest.approx(r.var_repeatability + r.var_reproducibility, rel=1e-12)
    comp = r.components.set_index("source")
    assert comp.loc["Total Gage R&R", "pct_contribution"] + comp.loc[
        "Part-To-Part", "pct_contribution"
    ] == pytest.approx(100.0)
    assert (r.components["variance"] >= 0).all()
    assert r.ndc >= 1
    for lo, hi in r.intervals.values():
        assert 0.0 <= lo <= hi


@settings(max_examples=30, deadline=None)
@given(studies, st.floats(-1e3, 1e3), st.floats(0.01, 100.0))
def test_location_and_scale(study: tuple[int, int, int, int], shift: float, scale: float) -> None:
    """Adding a constant changes nothing; scaling by a scales variances by a^2."""
    x = _random_study(*study)
    base = gauge_rr(_frame(x), part="part", operator="operator", value="value")
    moved = gauge_rr(_frame(x + shift), part="part", operator="operator", value="value")
    scaled = gauge_rr(_frame(x * scale), part="part", operator="operator", value="value")
    for field in ("var_repeatability", "var_reproducibility", "var_grr", "var_part"):
        b = getattr(base, field)
        assert getattr(moved, field) == pytest.approx(b, rel=1e-6, abs=1e-9)
        assert getattr(scaled, field) == pytest.approx(b * scale**2, rel=1e-8, abs=1e-12)
    assert moved.ndc == base.ndc == scaled.ndc
    assert moved.interaction_pooled == base.interaction_pooled == scaled.interaction_pooled


def test_million_measurements_vectorized() -> None:
    """One call handles a large study (1000 parts x 10 operators x 100 trials)."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal(1000)[:, None, None] + 0.1 * rng.standard_normal((1000, 10, 100))
    r = gauge_rr(_frame(x), part="part", operator="operator", value="value")
    assert r.var_repeatability == pytest.approx(0.01, rel=0.01)
    assert r.n_trials == 100


# ---------------------------------------------------------------- input layouts


def _same_study(a: object, b: object) -> None:
    for field in (
        "var_repeatability",
        "var_reproducibility",
        "var_operator",
        "var_interaction",
        "var_grr",
        "var_part",
        "var_total",
        "pct_study_var_grr",
        "ndc",
        "p_interaction",
    ):
        assert getattr(a, field) == pytest.approx(getattr(b, field), rel=1e-10, abs=1e-14)
    assert a.intervals.keys() == b.intervals.keys()  # type: ignore[attr-defined]
    for key, (lo, hi) in a.intervals.items():  # type: ignore[attr-defined]
        assert b.intervals[key] == pytest.approx((lo, hi), rel=1e-9, abs=1e-14)  # type: ignore[attr-defined]


@pytest.mark.parametrize("method", ["anova", "xbar_r"])
@pytest.mark.parametrize("study", [MONTGOMERY, AIAG], ids=["montgomery", "aiag"])
def test_three_d_array_gives_the_long_frame_answer(study: np.ndarray, method: str) -> None:
    """A (parts, operators, trials) array is the same study as its long frame (Montgomery
    Example 8.7 and the AIAG MSA study), parts and operators labelled 0, 1, ..."""
    kw: dict[str, str] = {"part": "part", "operator": "operator", "value": "value"}
    long = gauge_rr(_frame(study), method=method, tolerance=5.0, **kw)  # type: ignore[arg-type]
    cube = gauge_rr(study, method=method, tolerance=5.0)  # type: ignore[arg-type]
    _same_study(cube, long)
    np.testing.assert_allclose(cube.interaction_means.to_numpy(), long.interaction_means)
    assert list(cube.interaction_means.index) == list(range(study.shape[0]))
    assert cube.interaction_means.index.name == "part"
    assert cube.interaction_means.columns.name == "operator"
    assert isinstance(gauge_rr(study.tolist()).var_grr, float)


def test_sorted_and_unsorted_tables_agree() -> None:
    """The sorted-table shortcut (no factorize, no sort) and the general path give the same
    study: sorted by part with operators in blocks, operators interleaved within a part,
    rows shuffled, and a part-sorted table whose operator order changes between parts."""
    kw: dict[str, str] = {"part": "part", "operator": "operator", "value": "value"}
    frame = _frame(AIAG, part_labels=[f"p{i}" for i in range(10)], op_labels=["Ann", "Bo", "Cy"])
    reference = gauge_rr(frame.sample(frac=1.0, random_state=1), **kw)
    _same_study(gauge_rr(frame, **kw), reference)
    interleaved = frame.sort_values(["part", "trial", "operator"], kind="stable")
    _same_study(gauge_rr(interleaved, **kw), reference)
    mixed = pd.concat(
        [
            g.sort_values(["operator"], ascending=bool(i % 2), kind="stable")
            for i, (_, g) in enumerate(frame.groupby("part", sort=False))
        ]
    )
    _same_study(gauge_rr(mixed, **kw), reference)
    result = gauge_rr(interleaved, **kw)
    assert list(result.interaction_means.columns) == ["Ann", "Bo", "Cy"]
    assert list(result.interaction_means.index) == [f"p{i}" for i in range(10)]
    sorted_unbalanced = frame.drop(index=frame.index[-1])
    with pytest.raises(InvalidInputError, match="'frame'.*balanced"):
        gauge_rr(sorted_unbalanced, **kw)
    repeated_part = pd.concat([frame, frame[frame["part"] == "p0"]], ignore_index=True)
    with pytest.raises(InvalidInputError, match="'frame'.*balanced"):
        gauge_rr(repeated_part, **kw)


def test_bad_arrays_and_column_names() -> None:
    cube = AIAG.copy()
    with pytest.raises(InvalidInputError, match="'part' parameter of gauge_rr must be None"):
        gauge_rr(cube, part="part")
    with pytest.raises(InvalidInputError, match="'value' parameter of gauge_rr must be a column"):
        gauge_rr(_ok(), part="part", operator="operator")
    with pytest.raises(InvalidInputError, match="'frame'.*parts, operators, trials"):
        gauge_rr(cube[0])
    with pytest.raises(InvalidInputError, match="'frame'.*parts, operators, trials"):
        gauge_rr([[[1.0, 2.0]], [[1.0]]])
    cube[2, 1, 0] = np.nan
    with pytest.raises(InvalidInputError, match="'frame'.*NaN.*nan_policy='omit'"):
        gauge_rr(cube)
    with pytest.raises(InvalidInputError, match="'frame'.*balanced"):
        gauge_rr(cube, nan_policy="omit")
    with pytest.raises(InvalidInputError, match="'frame'.*at least 2 trials"):
        gauge_rr(AIAG[:, :, :1])
    with pytest.raises(InvalidInputError, match="'frame'.*finite"):
        gauge_rr(np.where(AIAG > AIAG.max() - 1e-9, np.inf, AIAG))


# ---------------------------------------------------------------- bad input


def _ok() -> pd.DataFrame:
    return _frame(MONTGOMERY[:4])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"method": "range"}, "method"),
        ({"alpha_interaction": 1.5}, "alpha_interaction"),
        ({"alpha_interaction": -0.1}, "alpha_interaction"),
        ({"study_multiplier": 0.0}, "study_multiplier"),
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0.0}, "confidence"),
        ({"tolerance": -1.0}, "tolerance"),
        ({"tolerance": 0.0}, "tolerance"),
        ({"historical_sigma": 0.0}, "historical_sigma"),
        ({"value": "missing"}, "frame"),
        ({"part": "nope"}, "frame"),
    ],
)
def test_bad_options(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"part": "part", "operator": "operator", "value": "value"}
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=f"'{name}' parameter of gauge_rr"):
        gauge_rr(_ok(), **args)  # type: ignore[arg-type]


def test_bad_frames() -> None:
    kw: dict[str, str] = {"part": "part", "operator": "operator", "value": "value"}
    frame = _ok()
    with pytest.raises(InvalidInputError, match="'frame'.*balanced"):
        gauge_rr(frame.drop(index=frame.index[0]), **kw)
    missing_cell = frame[~((frame["part"] == 2) & (frame["operator"] == 3))]
    with pytest.raises(InvalidInputError, match="'frame'.*every operator measures every part"):
        gauge_rr(missing_cell, **kw)
    with pytest.raises(InvalidInputError, match="'frame'.*at least 2 parts"):
        gauge_rr(frame[frame["part"] == 1], **kw)
    with pytest.raises(InvalidInputError, match="'frame'.*at least 2 operators"):
        gauge_rr(frame[frame["operator"] == 1], **kw)
    with pytest.raises(InvalidInputError, match="'frame'.*at least 2 trials"):
        gauge_rr(frame[frame["trial"] == 1], **kw)
    with_nan = frame.assign(value=frame["value"].where(frame.index != 3))
    with pytest.raises(InvalidInputError, match="'frame'.*NaN"):
        gauge_rr(with_nan, **kw)
    with pytest.raises(InvalidInputError, match="'frame'.*not all equal"):
        gauge_rr(frame.assign(value=1.0), **kw)
    with pytest.raises(InvalidInputError, match="'frame' parameter"):
        gauge_rr([1, 2, 3], **kw)  # type: ignore[arg-type]
    labels = frame.astype({"part": object})
    labels.loc[0, "part"] = None
    with pytest.raises(InvalidInputError, match="'frame'.*missing labels"):
        gauge_rr(labels, **kw)


def test_nan_policy_omit() -> None:
    """Dropping NaN measurements works when whole cells-worth are missing evenly, and the
    study must still be balanced otherwise."""
    kw: dict[str, str] = {"part": "part", "operator": "operator", "value": "value"}
    frame = _frame(AIAG)
    nan_trial = frame.assign(value=frame["value"].where(frame["trial"] != 3))
    r = gauge_rr(nan_trial, nan_policy="omit", **kw)
    expected = gauge_rr(frame[frame["trial"] != 3], **kw)
    assert r.var_grr == pytest.approx(expected.var_grr, rel=1e-12)
    one_nan = frame.assign(value=frame["value"].where(frame.index != 5))
    with pytest.raises(InvalidInputError, match="'frame'.*balanced"):
        gauge_rr(one_nan, nan_policy="omit", **kw)
    with pytest.raises(InvalidInputError, match="'nan_policy' parameter"):
        gauge_rr(frame, nan_policy="drop", **kw)  # type: ignore[arg-type]
    dd = pytest.importorskip("dask.dataframe")
    lazy = gauge_rr(dd.from_pandas(nan_trial, npartitions=3), nan_policy="omit", **kw)
    assert lazy.var_grr == pytest.approx(expected.var_grr, rel=1e-9)


def test_does_not_mutate_input() -> None:
    frame = _ok()
    before = frame.copy()
    gauge_rr(frame, part="part", operator="operator", value="value", method="xbar_r")
    pd.testing.assert_frame_equal(frame, before)


# ---------------------------------------------------------------- Dask


def test_dask_frame_gives_the_pandas_answer() -> None:
    """The Montgomery and AIAG studies again, as Dask frames of 3 partitions."""
    dd = pytest.importorskip("dask.dataframe")
    for data, kw in ((MONTGOMERY, {"tolerance": 55.0}), (AIAG, {"method": "xbar_r"})):
        frame = _frame(data)
        base = gauge_rr(frame, part="part", operator="operator", value="value", **kw)  # type: ignore[arg-type]
        lazy = gauge_rr(
            dd.from_pandas(frame, npartitions=3),
            part="part",
            operator="operator",
            value="value",
            **kw,  # type: ignore[arg-type]
        )
        for field in (
            "var_repeatability",
            "var_reproducibility",
            "var_part",
            "ndc",
            "p_interaction",
        ):
            assert getattr(lazy, field) == pytest.approx(getattr(base, field), rel=1e-9), field
        pd.testing.assert_frame_equal(lazy.anova, base.anova, rtol=1e-9)
        for key, interval in base.intervals.items():
            assert lazy.intervals[key] == pytest.approx(interval, rel=1e-9)


def test_dask_bad_frames() -> None:
    dd = pytest.importorskip("dask.dataframe")
    kw: dict[str, str] = {"part": "part", "operator": "operator", "value": "value"}
    frame = _ok()
    with pytest.raises(InvalidInputError, match="'frame'.*balanced"):
        gauge_rr(dd.from_pandas(frame.iloc[1:], npartitions=2), **kw)
    missing_cell = frame[~((frame["part"] == 2) & (frame["operator"] == 3))]
    with pytest.raises(InvalidInputError, match="'frame'.*every operator measures every part"):
        gauge_rr(dd.from_pandas(missing_cell, npartitions=2), **kw)
    with_nan = frame.assign(value=frame["value"].where(frame.index != 3))
    with pytest.raises(InvalidInputError, match="'frame'.*NaN"):
        gauge_rr(dd.from_pandas(with_nan, npartitions=2), **kw)
    with pytest.raises(InvalidInputError, match="'frame'.*column 'nope'"):
        gauge_rr(
            dd.from_pandas(frame, npartitions=2), part="nope", operator="operator", value="value"
        )


def test_dask_on_worker_processes(dask_client: object) -> None:
    """One distributed.LocalCluster run: the aggregation runs on a worker process."""
    dd = pytest.importorskip("dask.dataframe")
    frame = _frame(AIAG)
    r = gauge_rr(
        dd.from_pandas(frame, npartitions=3), part="part", operator="operator", value="value"
    )
    assert r.pct_study_var_grr == pytest.approx(27.86, abs=0.005)
