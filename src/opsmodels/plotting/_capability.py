"""Capability histogram: the data against the specification with fitted normal densities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats

from opsmodels._validation import Interval, NoneValue, as_float_array, check, invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["capability_histogram"]

_FUNC = "capability_histogram"

#: Index rows of the text box: (field, label).
_INDICES = (
    ("cp", "Cp"),
    ("cpk", "Cpk"),
    ("pp", "Pp"),
    ("ppk", "Ppk"),
    ("cpm", "Cpm"),
)


def _get(result: Any, name: str) -> float:
    value = getattr(result, name, None)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _limit(result: Any, name: str) -> float | None:
    value = _get(result, name)
    return value if np.isfinite(value) else None


def _index_lines(result: Any) -> list[str]:
    intervals = getattr(result, "intervals", None) or {}
    confidence = getattr(result, "confidence", None)
    lines = []
    for field, label in _INDICES:
        value = _get(result, field)
        if not np.isfinite(value):
            continue
        line = f"{label:<4}{value:6.2f}"
        bounds = intervals.get(field) if isinstance(intervals, dict) else None
        if bounds is not None and all(np.isfinite(b) for b in bounds):
            line += f"  [{bounds[0]:.2f}, {bounds[1]:.2f}]"
        lines.append(line)
    if confidence is not None and any("[" in line for line in lines):
        lines.append(f"({100 * float(confidence):.0f} % intervals)")
    for field, label in (("ppm_within", "PPM within"), ("ppm_overall", "PPM overall")):
        value = _get(result, field)
        if np.isfinite(value):
            lines.append(f"{label:<12}{value:9.0f}")
    return lines


def capability_histogram(
    data: Any,
    result: Any = None,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    ax: Axes | None = None,
    bins: int | str = "auto",
    title: str | None = None,
    xlabel: str | None = None,
) -> Axes:
    """Histogram of the data against the specification, with fitted normal densities.

    Parameters
    ----------
    data : array_like or Series, or None
        The individual measurements (1-D; NaN dropped). None draws only the densities of
        ``result``.
    result : CapabilityResult, optional
        The capability result of these data. Its ``mean``, ``sigma_within`` and
        ``sigma_overall`` draw the two normal densities and its indices fill the text box;
        when None the sample mean and standard deviation draw one density.
    lsl, usl : float, optional
        Specification limits (at least one is needed for indices to make sense).
    target : float, optional
        Target value.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    bins : int or str, default "auto"
        Histogram bins (as in :func:`numpy.histogram`).
    title, xlabel : str, optional
        Texts.

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    The densities are N(mean, sigma_within²) (solid: short-term, the Cp/Cpk view) and
    N(mean, sigma_overall²) (dashed: long-term, the Pp/Ppk view), scaled like the histogram
    (``density=True``). The x range always shows both specification limits.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets
    >>> from opsmodels.plotting import capability_histogram
    >>> d = datasets.diameters()
    >>> ax = capability_histogram(d["diameter"], lsl=24.97, usl=25.03, target=25.0)
    >>> sorted(t.get_text() for t in ax.texts)[:2]
    ['LSL 24.97', 'Target 25']
    >>> plt.close("all")
    """
    if data is None and result is None:
        raise invalid(_FUNC, "data", "numeric data (or a result to draw)", data)
    values = (
        None
        if data is None
        else as_float_array(_FUNC, "data", data, nan_policy="omit", ndim=1, min_size=2)
    )
    cpk: Any = getattr(result, "cpk", None)
    if result is not None and np.ndim(cpk) > 0:
        raise invalid(
            _FUNC, "result", "the result of one characteristic", "<a multi-characteristic result>"
        )
    if result is not None:  # the result's own limits unless given
        lsl = _limit(result, "lsl") if lsl is None else lsl
        usl = _limit(result, "usl") if usl is None else usl
        target = _limit(result, "target") if target is None else target
    for name, limit in (("lsl", lsl), ("usl", usl), ("target", target)):
        check(_FUNC, name, limit, [NoneValue(), Interval()])
    ax = c.new_axes(ax, figsize=(9.0, 5.0))
    mean = _get(result, "mean")
    if not np.isfinite(mean) and values is not None:
        mean = float(np.mean(values))
    sigma_overall = float(np.std(values, ddof=1)) if values is not None else float("nan")
    sigmas: list[tuple[str, float, str]] = []
    if result is not None:
        within, overall = _get(result, "sigma_within"), _get(result, "sigma_overall")
        if np.isfinite(within) and within > 0:
            sigmas.append(("within", within, "-"))
        if np.isfinite(overall) and overall > 0:
            sigmas.append(("overall", overall, "--"))
    if not sigmas and np.isfinite(sigma_overall) and sigma_overall > 0:
        sigmas.append(("overall", sigma_overall, "--"))
    # x range: the data, the limits and 4 sigma of the widest density around the mean
    spread = max([s for _, s, _ in sigmas] + [1e-12])
    points = [mean - 4 * spread, mean + 4 * spread]
    if values is not None:
        points += [float(values.min()), float(values.max())]
    points += [v for v in (lsl, usl, target) if v is not None]
    lo, hi = c.padded_range(points, 0.05)
    if values is not None:
        c.density_histogram(ax, values, bins)
    grid = np.linspace(lo, hi, 400)
    for label, sigma, style in sigmas:
        ax.plot(
            grid,
            stats.norm.pdf(grid, mean, sigma),
            style,
            color=c.POINT,
            lw=1.5,
            label=f"normal, {label} σ = {c.fmt(sigma, 3)}",
        )
    ax.set_xlim(lo, hi)
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top * 1.35)  # head-room for the labels and the text box
    c.spec_lines(ax, lsl, usl, target)
    lines = _index_lines(result) if result is not None else []
    size = values.size if values is not None else getattr(result, "n", "?")
    lines = [f"n    {size}", f"mean {c.fmt(mean, 6)}", *lines]
    c.text_box(ax, lines, loc="upper right")
    if sigmas:
        c.density_legend(ax)
    c.density_labels(ax, title if title is not None else "Process capability", xlabel)
    return ax
