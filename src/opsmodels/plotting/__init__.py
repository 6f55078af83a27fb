"""Plots of opsmodels results (the ``plot`` extra: matplotlib, imported lazily).

Every plot takes ``ax=None`` (a new figure when None) and returns the Axes (a pair of Axes
for the paired control charts). :func:`plot` draws any plottable result; results that derive
from :class:`~opsmodels._results.Plottable` call it from their ``plot()`` method.

Matplotlib is imported only when a plot is drawn, so importing this package is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opsmodels.plotting._capability import capability_histogram
from opsmodels.plotting._charts import control_chart, pair_fields, paired_chart
from opsmodels.plotting._gauge import gauge_rr_plot, gauge_verdict
from opsmodels.plotting._inventory import cost_curve, inventory_trace
from opsmodels.plotting._lean import (
    cumulative_flow_diagram,
    oee_waterfall,
    value_stream_timeline,
    yamazumi_chart,
)
from opsmodels.plotting._nonnormal import nonnormal_histogram
from opsmodels.plotting._pareto import pareto_chart
from opsmodels.plotting._process import (
    factory_physics_curves,
    mva_curves,
    process_graph,
    staffing_profile,
    utilization_bars,
)
from opsmodels.plotting._segmentation import (
    cohort_heatmap,
    holdout_calibration,
    p_alive_matrix,
    rfm_grid,
)

__all__ = [
    "capability_histogram",
    "cohort_heatmap",
    "control_chart",
    "cost_curve",
    "cumulative_flow_diagram",
    "factory_physics_curves",
    "gauge_rr_plot",
    "gauge_verdict",
    "holdout_calibration",
    "inventory_trace",
    "mva_curves",
    "nonnormal_histogram",
    "oee_waterfall",
    "p_alive_matrix",
    "paired_chart",
    "pareto_chart",
    "plot",
    "process_graph",
    "rfm_grid",
    "staffing_profile",
    "utilization_bars",
    "value_stream_timeline",
    "yamazumi_chart",
]


def _capability(result: Any, ax: Any = None, *, data: Any = None, **kwargs: Any) -> Any:
    return capability_histogram(
        data,
        result,
        lsl=kwargs.pop("lsl", getattr(result, "lsl", None)),
        usl=kwargs.pop("usl", getattr(result, "usl", None)),
        target=kwargs.pop("target", getattr(result, "target", None)),
        ax=ax,
        **kwargs,
    )


def _nonnormal(result: Any, ax: Any = None, *, data: Any = None, **kwargs: Any) -> Any:
    return nonnormal_histogram(data, result, ax=ax, **kwargs)


def _paired(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    return paired_chart(result, ax, **kwargs)


def _bottleneck(result: Any, ax: Any = None, *, graph: Any = None, **kwargs: Any) -> Any:
    if graph is None:
        return utilization_bars(result, ax, **kwargs)
    return process_graph(graph, result, ax=ax, **kwargs)


#: Plot function by result class name (looked up along the class's MRO, so subclasses such
#: as a CUSUM chart inherit their parent's plot).
_BY_NAME: dict[str, Callable[..., Any]] = {
    "ControlChart": control_chart,
    "CapabilityResult": _capability,
    "NonNormalCapabilityResult": _nonnormal,
    "ParetoResult": pareto_chart,
    "GaugeRRResult": gauge_rr_plot,
    "SimulationResult": inventory_trace,
    "BottleneckResult": _bottleneck,
    "FactoryPhysicsResult": factory_physics_curves,
    "MVAResult": mva_curves,
    "StaffingResult": staffing_profile,
    "CohortResult": cohort_heatmap,
    "HoldoutResult": holdout_calibration,
    "OEELossesResult": oee_waterfall,
    "OEEResult": oee_waterfall,
    "ValueStreamResult": value_stream_timeline,
    "FutureStateResult": value_stream_timeline,
    "LineBalanceResult": yamazumi_chart,
    "FlowMetricsResult": cumulative_flow_diagram,
}


def _find(result: object) -> Callable[..., Any] | None:
    for cls in type(result).__mro__:
        if cls.__name__ in _BY_NAME:
            return _BY_NAME[cls.__name__]
    # duck typing on the documented result fields
    if pair_fields(result) is not None:
        return _paired
    if all(hasattr(result, f) for f in ("statistic", "center", "lcl", "ucl")):
        return control_chart
    if all(hasattr(result, f) for f in ("var_grr", "var_part", "var_total")):
        return gauge_rr_plot
    if all(hasattr(result, f) for f in ("categories", "counts")):
        return pareto_chart
    if all(hasattr(result, f) for f in ("percentiles", "distribution", "ppk")):
        return _nonnormal
    if all(hasattr(result, f) for f in ("cpk", "sigma_within", "sigma_overall")):
        return _capability
    return None


def plot(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Draw any plottable opsmodels result; dispatches on the result's type.

    Parameters
    ----------
    result : result object
        A control chart (:func:`control_chart`), a paired chart result (:func:`paired_chart`;
        ``ax`` is then a pair of Axes), a capability result (:func:`capability_histogram`;
        pass the measurements as ``data=`` to draw their histogram), a non-normal capability
        result (:func:`nonnormal_histogram`, also with ``data=``), a Pareto result
        (:func:`pareto_chart`) or a gauge R&R result (:func:`gauge_rr_plot`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    **kwargs
        Passed to the plot function.

    Returns
    -------
    matplotlib Axes (a tuple of two for paired charts)

    Raises
    ------
    TypeError
        If opsmodels has no plot for this kind of object.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, sixsigma
    >>> d = datasets.defects()
    >>> ax = sixsigma.p_chart(d["defective"], d["inspected"]).plot()
    >>> ax.get_title()
    'p chart: 1 point flagged'
    >>> plt.close("all")
    """
    func = _find(result)
    if func is None:
        raise TypeError(f"opsmodels has no plot for {type(result).__name__}")
    return func(result, ax, **kwargs)
