"""Reference cases shown in the segmentation validation table: (source, quantity, published,
ours, tolerance). Each mirrors a reference test under tests/segmentation/, which cites the same
source. The CDNOW and donation cases need ../shared/data (CDNOW_sample.txt, donations.csv) and
are left out when a file is absent (as the tests skip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from opsmodels import segmentation as seg

Case = tuple[str, str, float, float, float]

DATA = Path(__file__).parents[2].parent / "shared" / "data"
FHL = "Fader, Hardie & Lee (2005), *Marketing Science* 24(2), CDNOW"
BG_CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def cdnow() -> Iterator[Case]:
    path = DATA / "CDNOW_sample.txt"
    if not path.exists():
        return
    log = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer", "date", "cds", "value"],
        dtype={"date": str},
    )
    s = seg.calibration_holdout(
        log,
        customer="customer",
        date="date",
        amount="value",
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
        time_unit="W",
        date_format="%Y%m%d",
    )
    src = f"{FHL} summary (39 weeks, time in weeks)"
    yield src, "customers", 2357.0, float(len(s)), 0.0
    yield src, "customers with repeat purchases", 946.0, float((s["frequency"] > 0).sum()), 0.0
    yield src, "customer 1: x", 2.0, float(s.loc[1, "frequency"]), 0.0
    yield src, "customer 1: t_x", 30.43, float(s.loc[1, "recency"]), 5e-3
    yield src, "customer 1: T", 38.86, float(s.loc[1, "T"]), 5e-3
    bg = seg.BGNBD.fit(s)
    src = f"{FHL}, BG/NBD"
    for name, value in BG_CDNOW.items():
        yield src, name, value, bg.params[name], 6e-4
    yield src, "log-likelihood", -9582.4, bg.log_likelihood or 0.0, 0.05
    pnbd = seg.ParetoNBD.fit(s)
    src = f"{FHL}, Pareto/NBD"
    yield src, "r", 0.553, pnbd.params["r"], 2e-3
    yield src, "alpha", 10.578, pnbd.params["alpha"], 0.02
    yield src, "s", 0.606, pnbd.params["s"], 2e-3
    yield src, "beta (flat likelihood, 5 %)", 11.669, pnbd.params["beta"], 0.6
    yield src, "log-likelihood", -9595.0, pnbd.log_likelihood or 0.0, 0.05
    holdout = seg.holdout_validation(
        seg.ParetoNBD(params={"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562}), s
    ).table
    src = f"{FHL}, Fig. 4 holdout check (BTYD R vignette table, Pareto/NBD)"
    for label, size, actual, expected in [
        ("0", 1411, 0.2367116, 0.1385628),
        ("7+", 64, 6.359375, 6.403133),
    ]:
        yield (
            src,
            f"customers with x = {label}",
            float(size),
            float(holdout.loc[label, "customers"]),
            0.0,
        )
        yield (
            src,
            f"mean holdout purchases, x = {label}",
            actual,
            float(holdout.loc[label, "actual"]),
            5e-7,
        )
        yield (
            src,
            f"expected holdout purchases, x = {label}",
            expected,
            float(holdout.loc[label, "predicted"]),
            5e-3,
        )
    gg = seg.GammaGamma.fit(s)
    src = "Fader & Hardie (2013), *The Gamma-Gamma model of monetary value*, CDNOW"
    yield src, "p", 6.25, gg.params["p"], 6e-3
    yield src, "q", 3.74, gg.params["q"], 6e-3
    yield src, "gamma", 15.44, gg.params["gamma"], 6e-3


def discrete() -> Iterator[Case]:
    path = DATA / "donations.csv"
    if path.exists():
        m = seg.BGBB.fit(pd.read_csv(path))
        src = "Fader, Hardie & Shang (2010), *Marketing Science* 29(6), donations, BG/BB"
        published = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
        for name, value in published.items():
            yield src, name, value, m.params[name], 6e-4
        yield src, "log-likelihood", -33225.6, m.log_likelihood or 0.0, 0.05
    src = "Fader & Hardie (2007), *J. Interactive Marketing* 21(1), sBG"
    high = seg.ShiftedBetaGeometric.fit([1000, 869, 743, 653, 593, 551, 517, 491])
    yield src, "alpha, High End", 0.668, high.params["alpha"], 6e-4
    yield src, "beta, High End", 3.806, high.params["beta"], 6e-4
    regular = seg.ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    yield src, "alpha, Regular", 0.704, regular.params["alpha"], 6e-4
    yield src, "beta, Regular", 1.182, regular.params["beta"], 6e-4


def predictions() -> Iterator[Case]:
    m = seg.BGNBD(params=BG_CDNOW)
    src = "Fader, Hardie & Lee, BG/NBD in Excel (note 004)"
    quantity = "expected purchases in the next 39 weeks, x = 2, t_x = 30.43, T = 38.86"
    yield src, quantity, 1.226, float(m.conditional_expected_purchases(39, 2, 30.43, 38.86)), 5e-4


def cases() -> Iterator[Case]:
    for group in (cdnow, discrete, predictions):
        yield from group()
