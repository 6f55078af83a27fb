"""Synthetic six-sigma sample data: machined diameters, daily inspections, a gauge study.

Every data set is generated in code from a fixed seed, so each call returns the same frame and
no file is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from opsmodels._validation import InstanceOf, check

__all__ = [
    "DEFECT_TYPES",
    "DIAMETER_SPEC",
    "GAUGE_TOLERANCE",
    "SpecLimits",
    "defects",
    "diameters",
    "gauge_study",
]


@dataclass(frozen=True, slots=True)
class SpecLimits:
    """Specification of a quality characteristic.

    Attributes
    ----------
    lsl, usl : float
        Lower and upper specification limits.
    target : float
        Nominal value.
    unit : str
        Unit of the characteristic.

    Examples
    --------
    >>> DIAMETER_SPEC.usl - DIAMETER_SPEC.lsl
    0.06...
    """

    lsl: float
    usl: float
    target: float
    unit: str


#: Specification of the machined diameter in :func:`diameters` [mm].
DIAMETER_SPEC: Final = SpecLimits(lsl=24.97, usl=25.03, target=25.00, unit="mm")

#: Tolerance (USL - LSL) of the characteristic measured in :func:`gauge_study` [mm].
GAUGE_TOLERANCE: Final = 0.06

#: Defect categories of :func:`defects` and their long-run shares (a Pareto-like mix).
DEFECT_TYPES: Final[dict[str, float]] = {
    "scratch": 0.38,
    "dent": 0.22,
    "burr": 0.15,
    "misalignment": 0.10,
    "porosity": 0.07,
    "discoloration": 0.05,
    "other": 0.03,
}

_DIAMETER_SEED: Final = 20260112
_DEFECTS_SEED: Final = 20260300
_GAUGE_SEED: Final = 20260415

#: Diameter process: mean, sigma [mm], first shifted subgroup (1-based), shift in sigmas.
_MEAN, _SIGMA, _SHIFT_FROM, _SHIFT = 25.00, 0.01, 36, 1.5
_SUBGROUPS, _SUBGROUP_SIZE = 50, 5


def diameters() -> pd.DataFrame:
    """Diameters of a machined part: 50 hourly subgroups of 5 consecutive parts.

    The process runs in control around 25.00 mm with a standard deviation of 0.01 mm until
    its mean shifts up by 1.5 sigma (+0.015 mm) from subgroup 36 on (a worn tool), which an
    X-bar chart should catch. The specification is 24.97-25.03 mm with target 25.00 mm
    (:data:`DIAMETER_SPEC`), so the process is just capable (Cp about 1) before the shift.

    Returns
    -------
    pandas.DataFrame
        250 rows, columns ``subgroup`` (int, 1-50), ``part`` (int, 1-5 within the subgroup),
        ``diameter`` [mm] (float, rounded to 0.1 micrometre) and ``timestamp`` (measurement
        time). ``frame.attrs`` holds ``lsl``, ``usl``, ``target``, ``unit``, ``sigma``
        (the true within sigma) and ``shift_from_subgroup``.

    Notes
    -----
    Diameters are N(25.00, 0.01²) for subgroups 1-35 and N(25.015, 0.01²) for 36-50, drawn
    with ``numpy.random.default_rng`` from a fixed seed: same output on every call.

    Examples
    --------
    >>> from opsmodels.datasets import diameters
    >>> d = diameters()
    >>> d.shape, list(d.columns)
    ((250, 4), ['subgroup', 'part', 'diameter', 'timestamp'])
    >>> d.attrs["lsl"], d.attrs["usl"], d.attrs["shift_from_subgroup"]
    (24.97, 25.03, 36)
    >>> means = d.groupby("subgroup")["diameter"].mean()
    >>> bool(means.loc[36:].mean() > means.loc[:35].mean() + 0.01)
    True
    """
    rng = np.random.default_rng(_DIAMETER_SEED)
    subgroup = np.repeat(np.arange(1, _SUBGROUPS + 1), _SUBGROUP_SIZE)
    part = np.tile(np.arange(1, _SUBGROUP_SIZE + 1), _SUBGROUPS)
    mean = np.where(subgroup >= _SHIFT_FROM, _MEAN + _SHIFT * _SIGMA, _MEAN)
    diameter = np.round(mean + _SIGMA * rng.standard_normal(subgroup.size), 4)
    start = pd.Timestamp("2026-01-05 06:00")
    timestamp = (
        start
        + pd.to_timedelta(subgroup - 1, unit="h")
        + pd.to_timedelta(2 * (part - 1), unit="min")
    )
    frame = pd.DataFrame(
        {"subgroup": subgroup, "part": part, "diameter": diameter, "timestamp": timestamp}
    )
    frame.attrs.update(
        lsl=DIAMETER_SPEC.lsl,
        usl=DIAMETER_SPEC.usl,
        target=DIAMETER_SPEC.target,
        unit=DIAMETER_SPEC.unit,
        sigma=_SIGMA,
        shift_from_subgroup=_SHIFT_FROM,
    )
    return frame


_DAYS: Final = 30
_P_DEFECTIVE: Final = 0.04
_SPECIAL_DAY: Final = 17  # 1-based day with a special cause (a bad material lot)
_P_SPECIAL: Final = 0.13


def _daily_counts() -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_DEFECTS_SEED)
    day = pd.bdate_range("2026-03-02", periods=_DAYS)
    inspected = rng.integers(150, 401, size=_DAYS)
    p = np.full(_DAYS, _P_DEFECTIVE)
    p[_SPECIAL_DAY - 1] = _P_SPECIAL
    defective = rng.binomial(inspected, p)
    # A defective unit carries one defect, sometimes more.
    defects_ = defective + rng.poisson(0.35 * defective)
    shares = np.array(list(DEFECT_TYPES.values()))
    by_type = np.array([rng.multinomial(n, shares / shares.sum()) for n in defects_])
    return day, inspected, defective, defects_, by_type


def defects(*, by_type: bool = False) -> pd.DataFrame:
    """Daily final-inspection counts over 30 working days, with varying sample sizes.

    Each day a varying number of units (150-400) is inspected; about 4 % are defective,
    except on day 17 (a bad material lot, about 13 %), which a p chart should flag. Each
    defective unit carries one or more defects, classified into the categories of
    :data:`DEFECT_TYPES` (scratches most often, then dents, burrs ...), for a Pareto analysis.

    Parameters
    ----------
    by_type : bool, default False
        Return the breakdown by defect type (one row per day and type) instead of the daily
        totals.

    Returns
    -------
    pandas.DataFrame
        With ``by_type=False``: 30 rows, columns ``day`` (date), ``inspected`` (units),
        ``defective`` (defective units), ``defects`` (defects found). With ``by_type=True``:
        210 rows, columns ``day``, ``defect_type`` (str) and ``defects``; per day they add up
        to the daily ``defects``.

    Raises
    ------
    InvalidInputError
        If ``by_type`` is not a bool.

    Notes
    -----
    defective ~ Binomial(inspected, p) with p = 0.04 (0.13 on day 17); defects = defective +
    Poisson(0.35 defective); the types are a multinomial split of the defects with the shares
    of :data:`DEFECT_TYPES`. Fixed seed: same output on every call.

    Examples
    --------
    >>> from opsmodels.datasets import defects
    >>> daily = defects()
    >>> daily.shape, list(daily.columns)
    ((30, 4), ['day', 'inspected', 'defective', 'defects'])
    >>> bool((daily["defective"] <= daily["defects"]).all())
    True
    >>> kinds = defects(by_type=True)
    >>> kinds.groupby("defect_type")["defects"].sum().idxmax()
    'scratch'
    >>> int(kinds["defects"].sum()) == int(daily["defects"].sum())
    True
    """
    check("defects", "by_type", by_type, InstanceOf(bool, name="a bool"))
    day, inspected, defective, defects_, by_type_counts = _daily_counts()
    if not by_type:
        return pd.DataFrame(
            {"day": day, "inspected": inspected, "defective": defective, "defects": defects_}
        )
    names = list(DEFECT_TYPES)
    return pd.DataFrame(
        {
            "day": np.repeat(day, len(names)),
            "defect_type": np.tile(np.array(names, dtype=object), len(day)),
            "defects": by_type_counts.ravel(),
        }
    )


#: Gauge study design and variance components [mm].
_PARTS, _OPERATORS, _TRIALS = 10, ("A", "B", "C"), 3
_SIGMA_PART, _SIGMA_REPEAT, _SIGMA_INTERACTION = 0.010, 0.0018, 0.0005
_OPERATOR_BIAS: Final = np.array([0.0, 0.0016, -0.0010])


def gauge_study() -> pd.DataFrame:
    """A crossed gauge R&R study: 10 parts, 3 operators, 3 trials each (90 measurements).

    Ten diameters spread over the process range are each measured three times, in random
    order, by operators A, B and C with the same bore gauge. Operator B reads a little high
    and C a little low, so the gauge's reproducibility matters as well as its repeatability;
    the measurement system comes out *marginal* by the AIAG rule (%study variation of the
    gauge between 10 % and 30 %). The tolerance is :data:`GAUGE_TOLERANCE` (0.06 mm).

    Returns
    -------
    pandas.DataFrame
        90 rows, columns ``part`` (int, 1-10), ``operator`` (str, "A"/"B"/"C"),
        ``trial`` (int, 1-3) and ``value`` [mm]. ``frame.attrs`` holds ``tolerance``
        and ``unit``.

    Notes
    -----
    value = 25 + part effect (sigma 0.010) + operator bias (0, +0.0016, -0.0010) +
    part x operator interaction (sigma 0.0005) + repeatability error (sigma 0.0018), rounded
    to 0.1 micrometre. Fixed seed: same output on every call.

    Examples
    --------
    >>> from opsmodels.datasets import gauge_study
    >>> g = gauge_study()
    >>> g.shape, list(g.columns)
    ((90, 4), ['part', 'operator', 'trial', 'value'])
    >>> bool(g.groupby(["part", "operator"]).size().eq(3).all())
    True
    """
    rng = np.random.default_rng(_GAUGE_SEED)
    n_ops = len(_OPERATORS)
    part = np.repeat(np.arange(1, _PARTS + 1), n_ops * _TRIALS)
    op_index = np.tile(np.repeat(np.arange(n_ops), _TRIALS), _PARTS)
    trial = np.tile(np.arange(1, _TRIALS + 1), _PARTS * n_ops)
    part_effect = _SIGMA_PART * rng.standard_normal(_PARTS)
    interaction = _SIGMA_INTERACTION * rng.standard_normal((_PARTS, n_ops))
    value = (
        25.0
        + part_effect[part - 1]
        + _OPERATOR_BIAS[op_index]
        + interaction[part - 1, op_index]
        + _SIGMA_REPEAT * rng.standard_normal(part.size)
    )
    frame = pd.DataFrame(
        {
            "part": part,
            "operator": np.array(_OPERATORS, dtype=object)[op_index],
            "trial": trial,
            "value": np.round(value, 4),
        }
    )
    frame.attrs.update(tolerance=GAUGE_TOLERANCE, unit="mm")
    return frame
