"""Reference cases shown in the six-sigma validation table: (source, quantity, published, ours,
tolerance). Each mirrors a reference test under tests/sixsigma/, which cites the same source;
the data sets come from tests/sixsigma/reference_data.py."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from opsmodels import sixsigma as ss
from tests.sixsigma.reference_data import (
    AIAG,
    AMPS,
    CANS,
    CIRCUIT,
    ORANGE_JUICE,
    PISTON,
    TABLE_9_1,
)

Case = tuple[str, str, float, float, float]

MONTGOMERY = "Montgomery, *Introduction to SQC*, 7th ed."
SAS = "SAS/QC User's Guide, CAPABILITY procedure"


def _gauge_frame(x: np.ndarray) -> pd.DataFrame:
    p, o, r = x.shape
    part, operator, _ = np.meshgrid(np.arange(p), np.arange(o), np.arange(r), indexing="ij")
    return pd.DataFrame({"part": part.ravel(), "operator": operator.ravel(), "value": x.ravel()})


def constants() -> Iterator[Case]:
    table = f"{MONTGOMERY}, App. Table VI"
    k2, k5, k10 = ss.control_constants(2), ss.control_constants(5), ss.control_constants(10)
    yield table, "d2(5)", 2.326, k5.d2, 5e-4
    yield table, "d3(5)", 0.864, k5.d3, 5e-4
    yield table, "A2(5)", 0.577, k5.A2, 5e-4
    yield table, "D4(2)", 3.267, k2.D4, 5e-4
    yield table, "c4(10)", 0.9727, k10.c4, 5e-5
    yield table, "B3(10)", 0.284, k10.B3, 5e-4


def capability() -> Iterator[Case]:
    cans = ss.capability(CANS, lsl=11.95, usl=12.05, target=12.0)
    src = f"{SAS}, Cans data (Fig. 5.2)"
    yield src, "Cp (sample SD)", 0.354967, cans.pp, 1e-6
    yield src, "Cp 95 % lower (chi-square)", 0.305565, cans.intervals["pp"][0], 1e-6
    yield src, "Cp 95 % upper (chi-square)", 0.404288, cans.intervals["pp"][1], 1e-6
    yield src, "Cpk", 0.288943, cans.ppk, 1e-6
    yield src, "Cpk 95 % lower (Bissell)", 0.212210, cans.intervals["ppk"][0], 1e-6
    yield src, "Cpk 95 % upper (Bissell)", 0.365677, cans.intervals["ppk"][1], 1e-6
    yield src, "observed % above USL", 16.0, cans.ppm_observed_above / 1e4, 1e-9
    amps = ss.capability(AMPS, lsl=4.0, usl=6.0, target=5.0, confidence=0.90)
    src = f"{SAS}, Example 5.3 (Amps data)"
    yield src, "Cpk 90 % lower", 0.328, amps.intervals["ppk"][0], 5e-4
    yield src, "Cpk 90 % upper", 0.496, amps.intervals["ppk"][1], 5e-4


def charts() -> Iterator[Case]:
    piston = ss.xbar_r_chart(PISTON)
    src = f"{MONTGOMERY}, Example 6.1 (piston rings)"
    yield src, "X-bar center", 74.001, piston.xbar.center, 5e-4
    yield src, "X-bar UCL", 74.014, piston.xbar.ucl, 5e-4
    yield src, "X-bar LCL", 73.988, piston.xbar.lcl, 5e-4
    yield src, "R-bar", 0.023, piston.r.center, 5e-4
    oj = ss.p_chart(ORANGE_JUICE, 50)
    src = f"{MONTGOMERY}, Example 7.1 (orange-juice cans)"
    yield src, "p-bar", 0.2313, oj.center, 5e-5
    yield src, "UCL", 0.4102, oj.ucl, 5e-5
    yield src, "LCL", 0.0524, oj.lcl, 5e-5
    pcb = ss.c_chart(CIRCUIT)
    src = f"{MONTGOMERY}, Example 7.3 (circuit boards)"
    yield src, "c-bar", 19.85, pcb.center, 5e-3
    yield src, "UCL (book rounds c-bar first)", 33.22, pcb.ucl, 1e-2
    yield src, "LCL (book rounds c-bar first)", 6.48, pcb.lcl, 1e-2
    cusum = ss.cusum_chart(TABLE_9_1, target=10, sigma=1, k=0.5, h=5)
    src = f"{MONTGOMERY}, Example 9.1 (tabular CUSUM)"
    yield src, "C+ at period 29", 5.28, float(cusum.upper[28]), 1e-9
    yield src, "N+ at period 29", 7.0, float(cusum.upper_count[28]), 0.0
    ewma = ss.ewma_chart(
        [52.0, 47.0, 53.0], target=50, sigma=2.0539, lam=0.3, L=3, asymptotic=True
    )
    src = "NIST/SEMATECH e-Handbook 6.3.2.4 (EWMA)"
    yield src, "UCL", 52.5884, float(np.max(ewma.ucl)), 2e-4
    yield src, "LCL", 47.4115, float(np.min(ewma.lcl)), 2e-4


def run_lengths() -> Iterator[Case]:
    yield "Shewhart chart, L = 3", "in-control ARL", 370.4, ss.arl_shewhart(0.0), 0.05
    src = f"{MONTGOMERY}, Table 9.3 (two-sided CUSUM, k = 0.5)"
    yield src, "ARL0, h = 4", 168.0, ss.arl_cusum(0.0, k=0.5, h=4.0), 0.5
    yield src, "ARL0, h = 5", 465.0, ss.arl_cusum(0.0, k=0.5, h=5.0), 0.5
    yield src, "ARL at 1 sigma, h = 5", 10.4, ss.arl_cusum(1.0, k=0.5, h=5.0), 0.05
    src = f"{MONTGOMERY}, Table 9.11 (Lucas & Saccucci EWMA)"
    yield src, "ARL0, lambda 0.1, L 2.814", 500.0, ss.arl_ewma(0.0, lam=0.1, L=2.814), 1.0


def attribute() -> Iterator[Case]:
    src = "Pyzdek & Keller, *The Six Sigma Handbook*, 4th ed., sigma table"
    for level, dpmo in [(6.0, 3.4), (4.0, 6210.0), (3.0, 66807.0)]:
        yield src, f"DPMO at {level:g} sigma", dpmo, ss.sigma_to_dpmo(level), 0.5


def gauge() -> Iterator[Case]:
    frame = _gauge_frame(AIAG)
    src = "AIAG *MSA*, 4th ed., ch. III-B"
    xr = ss.gauge_rr(frame, part="part", operator="operator", value="value", method="xbar_r")
    yield src, "%GRR (average and range)", 26.68, xr.pct_study_var_grr, 0.01
    yield src, "ndc (average and range)", 5.0, float(xr.ndc), 0.0
    anova = ss.gauge_rr(frame, part="part", operator="operator", value="value")
    yield src, "%GRR (ANOVA)", 27.86, anova.pct_study_var_grr, 0.005
    yield src, "ndc (ANOVA)", 4.0, float(anova.ndc), 0.0


def cases() -> Iterator[Case]:
    for group in (constants, capability, charts, run_lengths, attribute, gauge):
        yield from group()
