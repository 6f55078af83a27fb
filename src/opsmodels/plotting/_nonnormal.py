"""Non-normal capability plot: histogram, fitted model density and the ISO percentiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import special, stats

from opsmodels._validation import as_float_array, invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["nonnormal_histogram"]

_FUNC = "nonnormal_histogram"


def _density(result: Any, grid: Any) -> Any:
    """The fitted model's density on ``grid``, or None when it cannot be rebuilt."""
    name = str(getattr(result, "distribution", ""))
    p = dict(getattr(result, "parameters", None) or {})
    with np.errstate(all="ignore"):
        try:
            if name in ("johnson_sb", "johnson_su"):
                family = stats.johnsonsb if name == "johnson_sb" else stats.johnsonsu
                return family.pdf(grid, p["gamma"], p["eta"], loc=p["epsilon"], scale=p["lambda"])
            if name == "johnson_sl":  # z = gamma + eta ln(x - epsilon)
                return stats.lognorm.pdf(
                    grid, 1.0 / p["eta"], loc=p["epsilon"], scale=np.exp(-p["gamma"] / p["eta"])
                )
            if name == "boxcox":
                lam = float(p.get("lambda", getattr(result, "lam", np.nan)))
                cap = result.capability
                mean, sigma = float(cap.mean), float(cap.sigma_overall)
                positive = grid > 0
                x = np.where(positive, grid, 1.0)
                y = special.boxcox(x, lam)
                out = stats.norm.pdf(y, mean, sigma) * x ** (lam - 1.0)
                return np.where(positive, out, 0.0)
            if name == "normal":
                cap = result.capability
                return stats.norm.pdf(grid, float(cap.mean), float(cap.sigma_overall))
            model: Any = getattr(stats, name.removesuffix("3"), None)
            if isinstance(model, stats.rv_continuous):
                return model.pdf(grid, **p)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
    return None


def nonnormal_histogram(
    data: Any,
    result: Any,
    *,
    ax: Axes | None = None,
    bins: int | str = "auto",
    title: str | None = None,
    xlabel: str | None = None,
) -> Axes:
    """Histogram of non-normal data with the fitted model, its percentiles and the limits.

    Parameters
    ----------
    data : array_like or Series, or None
        The measurements the result was computed from (1-D; NaN dropped). None draws the
        model only.
    result : NonNormalCapabilityResult
        The result of :func:`opsmodels.sixsigma.nonnormal_capability`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    bins : int or str, default "auto"
        Histogram bins.
    title, xlabel : str, optional
        Texts.

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    The dotted lines are the model's 0.135 %, 50 % and 99.865 % points, which the ISO
    22514-2 percentile method puts in place of μ ± 3σ. The model density is drawn for the
    scipy distributions, the Johnson families, Box-Cox and the normal model (not for the
    nonparametric method).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from opsmodels import sixsigma
    >>> from opsmodels.plotting import nonnormal_histogram
    >>> x = np.random.default_rng(3).weibull(1.8, 200) * 10
    >>> result = sixsigma.nonnormal_capability(x, usl=30, method="percentile", distribution="weibull_min")
    >>> ax = nonnormal_histogram(x, result)
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['0.135 %', '99.9 %', 'USL 30']
    >>> plt.close("all")
    """
    if not hasattr(result, "percentiles") or not hasattr(result, "distribution"):
        raise invalid(_FUNC, "result", "a non-normal capability result", type(result).__name__)
    values = (
        None
        if data is None
        else as_float_array(_FUNC, "data", data, nan_policy="omit", ndim=1, min_size=2)
    )
    ax = c.new_axes(ax, figsize=(9.0, 5.0))
    percentiles = {float(k): float(v) for k, v in dict(result.percentiles).items()}
    lsl, usl, target = (getattr(result, f, None) for f in ("lsl", "usl", "target"))
    points = [v for v in percentiles.values() if np.isfinite(v)]
    points += [float(v) for v in (lsl, usl, target) if v is not None]
    if values is not None:
        points += [float(values.min()), float(values.max())]
    lo, hi = c.padded_range(points, 0.06)
    if values is not None:
        c.density_histogram(ax, values, bins)
    grid = np.linspace(lo, hi, 600)
    density = _density(result, grid)
    if density is not None and np.all(np.isfinite(density)):
        ax.plot(grid, density, color=c.POINT, lw=1.6, label=f"fitted {result.distribution}")
        c.density_legend(ax)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.35)
    c.spec_lines(ax, lsl, usl, target)
    for p, value in sorted(percentiles.items()):
        if not np.isfinite(value):
            continue
        ax.axvline(value, color="#555555", ls=":", lw=1.2)
        label = "median" if abs(p - 0.5) < 1e-9 else f"{100 * p:.3g} %"
        ax.text(
            value,
            0.02,
            label,
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="right",
            va="bottom",
            fontsize=7,
            color="#555555",
        )
    lines = [f"method {result.method}", f"model  {result.distribution}"]
    for field, label in (("pp", "Pp"), ("ppk", "Ppk"), ("cpk", "Cpk")):
        index: Any = getattr(result, field, None)
        if index is not None and np.isfinite(float(index)):
            lines.append(f"{label:<4}{float(index):7.2f}")
    for field, label in (("ppm_total", "PPM expected"), ("ppm_observed", "PPM observed")):
        ppm: Any = getattr(result, field, None)
        if ppm is not None and np.isfinite(float(ppm)):
            lines.append(f"{label:<13}{float(ppm):9.0f}")
    c.text_box(ax, lines, loc="upper right")
    c.density_labels(ax, title if title is not None else "Non-normal process capability", xlabel)
    return ax
