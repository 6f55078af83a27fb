"""Tests of the plots: each runs on the Agg backend, returns Axes and draws what it should."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from opsmodels import datasets, plotting, sixsigma
from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import run_rules


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


# Duck-typed stand-ins with the documented result fields (interfaces.md), so that the plots
# are tested independently of the chart code.
@dataclass
class Chart:
    chart: str
    statistic: Any
    center: Any
    lcl: Any
    ucl: Any
    sigma: Any
    violations: Any
    phase: str = "I"


@dataclass
class Cusum(Chart):
    upper: Any = None
    lower: Any = None


@dataclass
class Pair:
    xbar: Any
    r: Any


@dataclass
class Pareto:
    categories: Any
    counts: Any
    threshold: float = 0.8


@dataclass
class Gauge:
    var_repeatability: float
    var_reproducibility: float
    var_part: float
    var_grr: float = field(init=False)
    var_total: float = field(init=False)
    pct_study_var_grr: float = field(init=False)
    pct_tolerance_grr: float = field(init=False)
    ndc: int = 5

    def __post_init__(self) -> None:
        self.var_grr = self.var_repeatability + self.var_reproducibility
        self.var_total = self.var_grr + self.var_part
        self.pct_study_var_grr = 100 * np.sqrt(self.var_grr / self.var_total)
        self.pct_tolerance_grr = 100 * 6 * np.sqrt(self.var_grr) / 0.06


def _xbar_chart() -> Chart:
    x = np.array([0.1, -0.5, 0.3, 3.4, 0.2, -0.1, 1.1, 1.2, 0.9, -3.5])
    return Chart("xbar", x, 0.0, -3.0, 3.0, 1.0, run_rules(x, center=0.0, sigma=1.0))


def _p_chart() -> Chart:
    n = np.array([100, 150, 200, 120, 180, 90])
    p = np.array([0.05, 0.04, 0.06, 0.20, 0.03, 0.05])
    pbar = 0.06
    s = np.sqrt(pbar * (1 - pbar) / n)
    lcl, ucl = np.maximum(pbar - 3 * s, 0), pbar + 3 * s
    v = run_rules(p, center=pbar, sigma=s, lcl=lcl, ucl=ucl, enabled={1})
    return Chart("p", p, pbar, lcl, ucl, s, v)


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _save(ax: Axes, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path, dpi=60)
    assert path.stat().st_size > 1000


def test_control_chart_constant_limits(tmp_path: Path) -> None:
    chart = _xbar_chart()
    ax = plotting.control_chart(chart, ylabel="mm")
    assert isinstance(ax, Axes)
    assert ax.get_title() == "X̄ chart: 2 points flagged"
    labels = _texts(ax)
    assert any(t.startswith("UCL = 3") for t in labels)
    assert any(t.startswith("LCL = -3") for t in labels)
    assert any(t.startswith("CL = 0") for t in labels)
    assert labels.count("1") == 2  # rule numbers of the two flagged points
    red = [ln for ln in ax.lines if ln.get_color() == plotting._common.FLAG]
    assert red
    np.testing.assert_array_equal(np.sort(red[-1].get_xdata()), [4, 10])  # 1-based positions
    assert ax.get_ylabel() == "mm"
    low, high = ax.get_ylim()
    assert low < -3.5
    assert high > 3.4
    _save(ax, tmp_path, "xbar")


def test_control_chart_stepped_limits_are_steps(tmp_path: Path) -> None:
    ax = plotting.control_chart(_p_chart())
    steps = [ln for ln in ax.lines if ln.get_drawstyle() == "steps-mid"]
    assert len(steps) == 2  # UCL and LCL
    assert ax.get_title() == "p chart: 1 point flagged"
    assert ax.get_ylim()[0] <= 0.0
    _save(ax, tmp_path, "p")


def test_control_chart_uses_a_date_index_and_draws_zones() -> None:
    chart = _p_chart()
    days = pd.bdate_range("2026-03-02", periods=6, name="day")
    chart.statistic = pd.Series(chart.statistic, index=days)
    ax = plotting.control_chart(chart)
    assert ax.get_xlabel() == "day"
    assert len(ax.collections) == 6  # zones C, B, A on both sides
    ax = plotting.control_chart(chart, zones=False)
    assert len(ax.collections) == 0


def test_control_chart_on_given_axes() -> None:
    _, given = plt.subplots()
    assert plotting.control_chart(_xbar_chart(), ax=given) is given
    with pytest.raises(InvalidInputError, match="ax"):
        plotting.control_chart(_xbar_chart(), ax="left")
    with pytest.raises(InvalidInputError, match="chart"):
        plotting.control_chart(object())


def test_cusum_chart(tmp_path: Path) -> None:
    x = np.array([0.0, 0.5, 1.0, 2.0, 2.5, 3.0])
    chart = Cusum(
        "cusum",
        x,
        0.0,
        -4.0,
        4.0,
        np.nan,
        run_rules(x, center=0, sigma=1),
        upper=x,
        lower=x[::-1] * 2,
    )
    ax = plotting.control_chart(chart)
    assert ax.get_title() == "CUSUM chart: 2 signals"
    assert any(t.startswith("H = 4") for t in _texts(ax))
    _save(ax, tmp_path, "cusum")


def test_paired_chart(tmp_path: Path) -> None:
    r = np.array([1.0, 2.0, 1.5, 2.2, 1.1, 1.8, 2.0, 1.0, 1.4, 6.0])
    rchart = Chart("r", r, 1.7, 0.0, 3.6, 0.6, run_rules(r, center=1.7, sigma=0.6, lcl=0, ucl=3.6))
    top, bottom = plotting.paired_chart(Pair(_xbar_chart(), rchart), ylabel="mm")
    assert top.get_title().startswith("X̄ chart")
    assert bottom.get_title() == "R chart: 1 point flagged"
    assert top.figure is bottom.figure
    assert plotting.plot(Pair(_xbar_chart(), rchart))[1].get_title().startswith("R chart")
    _, axes = plt.subplots(2)
    assert plotting.paired_chart(Pair(_xbar_chart(), rchart), axes=axes) == (axes[0], axes[1])
    with pytest.raises(InvalidInputError, match="axes"):
        plotting.paired_chart(Pair(_xbar_chart(), rchart), axes=[axes[0]])
    _save(top, tmp_path, "xbar_r")


def test_capability_histogram(tmp_path: Path) -> None:
    d = datasets.diameters()
    ax = plotting.capability_histogram(d["diameter"], lsl=24.97, usl=25.03, target=25.0)
    assert isinstance(ax, Axes)
    texts = _texts(ax)
    assert {"LSL 24.97", "USL 25.03", "Target 25"} <= set(texts)
    assert len(ax.patches) > 5  # histogram bars
    low, high = ax.get_xlim()
    assert low < 24.97
    assert high > 25.03
    _save(ax, tmp_path, "capability")


def test_capability_histogram_with_a_result_shows_the_indices() -> None:
    @dataclass
    class Cap:
        mean: float = 25.0
        sigma_within: float = 0.01
        sigma_overall: float = 0.012
        cp: float = 1.0
        cpk: float = 0.9
        pp: float = 0.83
        ppk: float = 0.75
        cpm: Any = None
        ppm_within: float = 2700.0
        ppm_overall: float = 12000.0
        lsl: float = 24.97
        usl: float = 25.03
        target: Any = None
        intervals: dict[str, tuple[float, float]] = field(
            default_factory=lambda: {"cpk": (0.8, 1.0)}
        )
        confidence: float = 0.95

    ax = plotting.capability_histogram(np.linspace(24.98, 25.02, 50), Cap())
    box = next(t for t in _texts(ax) if "Cpk" in t)
    assert "0.90  [0.80, 1.00]" in box
    assert "PPM within" in box
    assert len([ln for ln in ax.lines if ln.get_linestyle() in ("-", "--")]) >= 2
    # without data: only the densities and the result's own limits
    ax = plotting.plot(Cap())
    assert "LSL 24.97" in _texts(ax)
    assert len(ax.patches) == 0
    with pytest.raises(InvalidInputError, match="data"):
        plotting.capability_histogram(["a", "b"])
    with pytest.raises(InvalidInputError, match="lsl"):
        plotting.capability_histogram([1.0, 2.0], lsl=float("nan"))


def test_pareto_chart(tmp_path: Path) -> None:
    result = Pareto(np.array(["scratch", "dent", "burr", "other"]), np.array([50, 30, 15, 5]))
    ax = plotting.pareto_chart(result)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["scratch", "dent", "burr", "other"]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [50, 30, 15, 5]
    right = ax.right_ax  # type: ignore[attr-defined]
    assert right.get_ylim() == (0, 110)
    cumulative = right.lines[0].get_ydata()
    np.testing.assert_allclose(cumulative, [50, 80, 95, 100])
    assert any(ln.get_ydata()[0] == 80 for ln in right.lines[1:])  # threshold line
    colours = {p.get_facecolor() for p in ax.patches[:2]}
    assert len(colours) == 1  # the vital few share the dark colour
    _save(ax, tmp_path, "pareto")


def test_gauge_rr_plot(tmp_path: Path) -> None:
    ax = plotting.gauge_rr_plot(Gauge(0.0018**2, 0.0012**2, 0.01**2))
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["Gauge R&R", "Repeatability", "Reproducibility", "Part-to-part"]
    assert "(marginal)" in ax.get_title()
    assert len(ax.patches) == 12  # 4 components x 3 measures
    assert plotting.plot(Gauge(1e-6, 1e-6, 1e-3)).get_title().endswith("(acceptable), ndc = 5")
    with pytest.raises(InvalidInputError, match="result"):
        plotting.gauge_rr_plot(object())
    _save(ax, tmp_path, "gauge")


@pytest.mark.parametrize(
    ("pct", "verdict"),
    [
        (0.0, "acceptable"),
        (9.99, "acceptable"),
        (10.0, "marginal"),
        (30.0, "marginal"),
        (30.01, "unacceptable"),
        (float("nan"), "unknown"),
    ],
)
def test_gauge_verdict(pct: float, verdict: str) -> None:
    assert plotting.gauge_verdict(pct) == verdict


def test_plot_dispatches_and_rejects_unknown_objects() -> None:
    assert plotting.plot(_xbar_chart()).get_title().startswith("X̄ chart")
    assert plotting.plot(Pareto(["a", "b"], [3, 1])).get_ylabel() == "count"
    with pytest.raises(TypeError, match="no plot for int"):
        plotting.plot(3)


# --- the real results of opsmodels.sixsigma ----------------------------------------------------


def _real_results() -> dict[str, Any]:
    d = datasets.diameters()
    daily = datasets.defects().set_index("day")
    means = d.groupby("subgroup")["diameter"].mean()
    rng = np.random.default_rng(7)
    return {
        "xbar_r": sixsigma.xbar_r_chart(d, value="diameter", subgroup="subgroup", rules="nelson"),
        "xbar_s": sixsigma.xbar_s_chart(d, value="diameter", subgroup="subgroup", revise=True),
        "imr": sixsigma.imr_chart(d["diameter"].iloc[:60]),
        "p": sixsigma.p_chart(daily["defective"], daily["inspected"]),
        "np": sixsigma.np_chart(daily["defective"].to_numpy(), 250),
        "c": sixsigma.c_chart(daily["defects"]),
        "u": sixsigma.u_chart(daily["defects"], daily["inspected"]),
        "laney_p": sixsigma.laney_p_chart(daily["defective"], daily["inspected"]),
        "g": sixsigma.g_chart(rng.geometric(0.02, 40)),
        "ewma": sixsigma.ewma_chart(means, target=25.0, sigma=0.01 / np.sqrt(5)),
        "cusum": sixsigma.cusum_chart(means, target=25.0, sigma=0.01 / np.sqrt(5), k=0.5, h=4),
        "t2": sixsigma.t2_chart(rng.normal(size=(40, 3))),
        "gauge": sixsigma.gauge_rr(
            datasets.gauge_study(), part="part", operator="operator", value="value", tolerance=0.06
        ),
        "pareto": sixsigma.pareto(
            datasets.defects(by_type=True), category="defect_type", weight="defects"
        ),
    }


@pytest.fixture(scope="module")
def real() -> dict[str, Any]:
    results = _real_results()
    assert sorted(results) == REAL
    return results


REAL = [
    "c",
    "cusum",
    "ewma",
    "g",
    "gauge",
    "imr",
    "laney_p",
    "np",
    "p",
    "pareto",
    "t2",
    "u",
    "xbar_r",
    "xbar_s",
]


@pytest.mark.parametrize("name", REAL)
def test_every_real_result_plots_itself(real: dict[str, Any], name: str, tmp_path: Path) -> None:
    drawn = real[name].plot()
    axes = drawn if isinstance(drawn, tuple) else (drawn,)
    for ax in axes:
        assert isinstance(ax, Axes)
        assert ax.get_title()
    _save(axes[0], tmp_path, name)


def test_real_xbar_r_chart_shows_the_shift(real: dict[str, Any]) -> None:
    top, bottom = real["xbar_r"].plot()
    assert top.get_title() == "X̄ chart: 13 points flagged"
    assert bottom.get_title() == "R chart: 0 points flagged"
    assert top.get_xlabel() == ""
    assert bottom.get_xlabel() == "subgroup"


def test_moving_range_is_aligned_under_the_individuals(real: dict[str, Any]) -> None:
    _, bottom = real["imr"].plot()
    first_point = next(ln for ln in bottom.lines if ln.get_marker() == "o")
    assert first_point.get_xdata()[0] == 2  # the first moving range ends at observation 2


def test_excluded_subgroups_are_crossed_out(real: dict[str, Any]) -> None:
    top, _ = real["xbar_s"].plot()
    crosses = [ln for ln in top.lines if ln.get_marker() == "x"]
    assert len(crosses) == 1
    assert len(crosses[0].get_xdata()) == len(real["xbar_s"].xbar.excluded)
    assert "excluded from the limits" in top.get_title()


def test_text_subgroup_labels_become_ticks() -> None:
    frame = pd.DataFrame(
        {
            "batch": np.repeat([f"lot-{i:02d}" for i in range(12)], 4),
            "x": np.random.default_rng(1).normal(size=48),
        }
    )
    _, bottom = sixsigma.xbar_r_chart(frame, value="x", subgroup="batch").plot()
    ticks = [t.get_text() for t in bottom.get_xticklabels()]
    assert ticks[0] == "lot-00"
    assert ticks[-1] == "lot-11"
    assert bottom.get_xlabel() == "subgroup"


def test_real_capability_histogram(tmp_path: Path) -> None:
    d = datasets.diameters()
    cap = sixsigma.capability(
        d, value="diameter", subgroup="subgroup", lsl=24.97, usl=25.03, target=25.0
    )
    ax = plotting.plot(cap, data=d["diameter"])
    box = next(t for t in _texts(ax) if "Cpk" in t)
    assert f"{cap.cpk:6.2f}" in box
    assert "(95 % intervals)" in box
    _save(ax, tmp_path, "real_capability")


@pytest.mark.parametrize("method", ["auto", "boxcox", "percentile", "nonparametric"])
def test_nonnormal_histogram(method: str, tmp_path: Path) -> None:
    x = np.random.default_rng(3).weibull(1.8, 200) * 10
    options: dict[str, Any] = {"method": method}
    if method == "percentile":
        options["distribution"] = "weibull_min"
    result = sixsigma.nonnormal_capability(x, lsl=0.2, usl=30, **options)
    ax = plotting.plot(result, data=x)
    texts = _texts(ax)
    assert {"LSL 0.2", "USL 30", "median"} <= set(texts)
    box = next(t for t in texts if t.startswith("method"))
    assert f"model  {result.distribution}" in box
    fitted = [ln for ln in ax.lines if str(ln.get_label()).startswith("fitted")]
    assert len(fitted) == (0 if method == "nonparametric" else 1)
    if fitted:  # the model density integrates to about 1 over the drawn range
        xs, ys = fitted[0].get_xdata(), fitted[0].get_ydata()
        assert float(np.sum((ys[1:] + ys[:-1]) / 2 * np.diff(xs))) == pytest.approx(1, abs=0.05)
    _save(ax, tmp_path, f"nonnormal_{method}")
    with pytest.raises(InvalidInputError, match="result"):
        plotting.nonnormal_histogram(x, object())


def test_long_chart_has_no_point_markers_or_labels() -> None:
    x = np.r_[np.zeros(600), np.full(200, 4.0)] + np.sin(np.arange(800))
    chart = Chart("individuals", x, 0.0, -3.0, 3.0, 1.0, run_rules(x, center=0.0, sigma=1.0))
    ax = plotting.control_chart(chart)
    assert ax.lines[-2].get_marker() in ("None", "", None)  # the data line: no markers
    assert not [t for t in ax.texts if t.get_text().isdigit()]  # no rule labels
    assert ax.get_title().startswith("Individuals chart: ")


def test_inventory_trace_of_a_simulation(tmp_path: Path) -> None:
    """A simulation result draws its inventory position and level; the level goes below 0
    exactly where backorders occur (shaded)."""
    from opsmodels import inventory as inv

    sim = inv.simulate(
        inv.BaseStock(10),
        inv.Poisson(8),
        periods=80,
        lead_time=1,
        holding_cost=1,
        shortage_cost=9,
        replications=2,
        rng=5,
    )
    ax = sim.plot()
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["inventory position", "inventory level"]
    level = ax.get_lines()[1].get_ydata()
    assert np.allclose(level, sim.inventory_level_trace)
    ax.figure.savefig(tmp_path / "trace.png")
    plt.close("all")


def test_cost_curve_marks_the_eoq_and_its_flat_region(tmp_path: Path) -> None:
    """The EOQ cost curve is minimal at Q* and ordering 50 % more costs 8.3 % more (Harris's
    robustness: 0.5 (1.5 + 1/1.5) = 1.0833), so the 5 % band is narrower than [Q*/1.5, 1.5 Q*]."""
    from opsmodels import inventory as inv

    q_star = inv.eoq(1200, 8, 0.225).order_quantity
    ax = plotting.cost_curve(lambda q: inv.eoq_cost(q, 1200, 8, 0.225), q_star)
    x, y = ax.get_lines()[0].get_data()
    assert x[np.argmin(y)] == pytest.approx(q_star, rel=0.02)
    band = ax.patches[0].get_x(), ax.patches[0].get_x() + ax.patches[0].get_width()
    assert q_star / 1.5 < band[0] < q_star < band[1] < 1.5 * q_star
    assert inv.eoq_cost(1.5 * q_star, 1200, 8, 0.225) / inv.eoq_cost(
        q_star, 1200, 8, 0.225
    ) == pytest.approx(0.5 * (1.5 + 1 / 1.5))
    ax.figure.savefig(tmp_path / "cost.png")
    with pytest.raises(InvalidInputError, match="optimum"):
        plotting.cost_curve(lambda q: q, -1.0)
    plt.close("all")
