"""Gauge R&R plot: variance components as grouped bars with the AIAG thresholds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from opsmodels._validation import invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["gauge_rr_plot", "gauge_verdict"]

_FUNC = "gauge_rr_plot"
_COMPONENTS = (
    ("Gauge R&R", "var_grr"),
    ("Repeatability", "var_repeatability"),
    ("Reproducibility", "var_reproducibility"),
    ("Part-to-part", "var_part"),
)


def gauge_verdict(pct_study_var: float) -> str:
    """AIAG verdict on a gauge from its %study variation (in percent).

    Under 10 % the measurement system is acceptable, from 10 % to 30 % marginal (acceptable
    depending on the application and cost), above 30 % unacceptable.

    Examples
    --------
    >>> gauge_verdict(8.0), gauge_verdict(18.0), gauge_verdict(42.0)
    ('acceptable', 'marginal', 'unacceptable')
    """
    if not np.isfinite(pct_study_var):
        return "unknown"
    if pct_study_var < 10.0:
        return "acceptable"
    return "marginal" if pct_study_var <= 30.0 else "unacceptable"


def _percent(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def gauge_rr_plot(result: Any, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Bar chart of the gauge R&R variance components.

    For each component (gauge R&R, repeatability, reproducibility, part-to-part) the bars
    show its % contribution to the total variance, its % study variation and, when the study
    had a tolerance, its % of tolerance; dotted lines mark the AIAG 10 % and 30 % thresholds.

    Parameters
    ----------
    result : GaugeRRResult
        The result of :func:`opsmodels.sixsigma.gauge_rr`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Defaults to the %study variation of the gauge, its AIAG verdict and ndc.

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    % contribution = 100·var/var_total; % study variation = 100·sqrt(var/var_total); % of
    tolerance = 100·k·sqrt(var)/tolerance, with k the study-variation multiplier (6 or 5.15)
    and tolerance recovered from the result's own gauge figures.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, sixsigma
    >>> from opsmodels.plotting import gauge_rr_plot
    >>> g = datasets.gauge_study()
    >>> r = sixsigma.gauge_rr(g, part="part", operator="operator", value="value", tolerance=0.06)
    >>> ax = gauge_rr_plot(r)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Gauge R&R', 'Repeatability', 'Reproducibility', 'Part-to-part']
    >>> plt.close("all")
    """
    try:
        variances = np.array([float(getattr(result, f)) for _, f in _COMPONENTS])
        total = float(result.var_total)
    except (AttributeError, TypeError, ValueError):
        raise invalid(_FUNC, "result", "a gauge R&R result", type(result).__name__) from None
    ax = c.new_axes(ax, figsize=(9.0, 5.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        contribution = 100.0 * variances / total
        study = 100.0 * np.sqrt(variances / total)
    series = [("% contribution", contribution), ("% study variation", study)]
    tolerance = _percent(getattr(result, "tolerance", None))
    multiplier = _percent(getattr(result, "study_multiplier", 6.0))
    pct_tol = _percent(getattr(result, "pct_tolerance_grr", None))
    if np.isfinite(tolerance) and tolerance > 0 and np.isfinite(multiplier):
        series.append(("% tolerance", 100.0 * multiplier * np.sqrt(variances) / tolerance))
    elif np.isfinite(pct_tol) and pct_tol > 0 and variances[0] > 0:
        # % tolerance scales with the standard deviation of each component
        series.append(("% tolerance", pct_tol * np.sqrt(variances / variances[0])))
    x = np.arange(len(_COMPONENTS))
    width = 0.8 / len(series)
    colours = ("#5b8db8", "#1f4e79", "#e69f00")
    for k, (label, values) in enumerate(series):
        bars = ax.bar(
            x + (k - (len(series) - 1) / 2) * width,
            values,
            width,
            label=label,
            color=colours[k],
            zorder=2,
        )
        ax.bar_label(bars, fmt="%.1f", fontsize=7, padding=2)
    for level in (10.0, 30.0):
        ax.axhline(level, color="#999999", ls=":", lw=1.0, zorder=1)
        ax.annotate(
            f"{level:.0f} %",
            xy=(1.0, level),
            xycoords=ax.get_yaxis_transform(),
            xytext=(-3, 2),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=7,
            color="#777777",
        )
    ax.set_xticks(x, [name for name, _ in _COMPONENTS])
    ax.set_ylabel("percent")
    top = max(float(np.nanmax(np.concatenate([v for _, v in series]))), 30.0)
    ax.set_ylim(0, top * 1.15)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(True, axis="y", color="#eeeeee", lw=0.6, zorder=0)
    pct_sv = _percent(getattr(result, "pct_study_var_grr", study[0]))
    ndc = _percent(getattr(result, "ndc", None))
    default = f"Gauge R&R: {pct_sv:.1f} % of study variation ({gauge_verdict(pct_sv)})"
    if not np.isnan(ndc):
        default += f", ndc = {ndc:g}"
    ax.set_title(title if title is not None else default)
    return ax
