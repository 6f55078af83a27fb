"""SKU tables: the policy parameters of every SKU of a DataFrame in one batched call."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd

from opsmodels._validation import InstanceOf, OneOf, check, invalid, is_dask, require_columns
from opsmodels.inventory._demand import Normal, Poisson
from opsmodels.inventory._eoq import eoq
from opsmodels.inventory._newsvendor import newsvendor
from opsmodels.inventory._rq import rq_policy
from opsmodels.inventory._safety_stock import reorder_point
from opsmodels.inventory._ss import ss_policy

__all__ = ["SKU_POLICIES", "sku_policies"]

SKUPolicy = Literal["rq", "ss", "newsvendor", "reorder_point", "eoq"]
Distribution = Literal["normal", "poisson"]
Frame = TypeVar("Frame")

#: The policies of :func:`sku_policies`: the roles of the columns each one reads, and the
#: columns it adds.
SKU_POLICIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "eoq": (
        ("demand_mean", "ordering_cost", "holding_cost"),
        ("order_quantity", "cycle_time", "total_cost"),
    ),
    "reorder_point": (
        ("demand", "lead_time", "service_level"),
        ("reorder_point", "safety_stock"),
    ),
    "newsvendor": (
        ("demand", "holding_cost", "shortage_cost"),
        ("order_up_to", "expected_cost"),
    ),
    "rq": (
        ("demand", "lead_time", "holding_cost", "shortage_cost", "ordering_cost"),
        ("reorder_point", "order_quantity", "expected_cost"),
    ),
    "ss": (
        ("demand", "holding_cost", "shortage_cost", "ordering_cost"),
        ("reorder_point", "order_up_to", "expected_cost"),
    ),
}
_FUNC = "sku_policies"


def sku_policies(
    skus: Frame,
    *,
    policy: SKUPolicy = "rq",
    distribution: Distribution = "normal",
    method: str | None = None,
    demand_mean: str = "demand_mean",
    demand_std: str = "demand_std",
    lead_time: str = "lead_time",
    holding_cost: str = "holding_cost",
    shortage_cost: str = "shortage_cost",
    ordering_cost: str = "ordering_cost",
    service_level: str = "service_level",
) -> Frame:
    r"""Policy parameters for a table of SKUs, one row each, as new columns.

    The columns the policy needs are read as arrays and passed to one batched call of
    :func:`eoq`, :func:`reorder_point`, :func:`newsvendor`, :func:`rq_policy` or
    :func:`ss_policy`; the input is never changed (a copy with the new columns is returned).

    Parameters
    ----------
    skus : pandas.DataFrame or dask.dataframe.DataFrame
        One row per SKU. A Dask frame is processed partition by partition
        (``map_partitions`` with explicit ``meta``) and a lazy Dask frame is returned.
    policy : {"rq", "ss", "newsvendor", "reorder_point", "eoq"}
        ``"eoq"``: ``order_quantity, cycle_time, total_cost`` from the demand rate, ordering
        and holding cost. ``"reorder_point"``: ``reorder_point, safety_stock`` for the cycle
        service level in column ``service_level`` over the lead time. ``"newsvendor"``:
        ``order_up_to, expected_cost`` from the holding and shortage costs.
        ``"rq"``: ``reorder_point, order_quantity, expected_cost`` of continuous review with
        backorders (with the lead time). ``"ss"``: ``reorder_point`` (s), ``order_up_to`` (S),
        ``expected_cost`` of periodic review (zero lead time).
    distribution : {"normal", "poisson"}
        Demand per period: ``Normal(demand_mean, demand_std)`` or ``Poisson(demand_mean)``
        (the ``demand_std`` column is then not read).
    method : str or None
        The ``method`` of :func:`rq_policy` or :func:`ss_policy` (their default when None;
        ``policy="ss"`` with normal demand needs ``method="power"``); must be None with the
        other policies.
    demand_mean, demand_std, lead_time, holding_cost, shortage_cost, ordering_cost, \
service_level : str
        Names of the columns holding each quantity (the defaults are the quantities' names).
        Only the columns the policy needs must exist.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        A copy of ``skus`` with the policy's columns added (replaced if already present),
        index kept.

    Raises
    ------
    InvalidInputError
        If ``skus`` is not a DataFrame, lacks a needed column or has a non-numeric one, an
        option is unknown, or a value is out of range (the batched function's message).

    Notes
    -----
    Row i gets exactly the value of the batched function at index i: e.g. for ``"rq"``,
    ``rq_policy(h, p, K, Normal(mu, sigma), L).reorder_point[i]`` with the columns as arrays.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, chapters 3-5
       (the models behind each policy).

    Examples
    --------
    >>> skus = pd.DataFrame(
    ...     {"demand_mean": [1300.0, 600.0], "ordering_cost": 8.0, "holding_cost": 0.225},
    ...     index=["A", "B"],
    ... )
    >>> sku_policies(skus, policy="eoq")[["order_quantity", "total_cost"]].round(2)
       order_quantity  total_cost
    A          304.05       68.41
    B          206.56       46.48
    """
    check(_FUNC, "policy", policy, OneOf(*SKU_POLICIES))
    check(_FUNC, "distribution", distribution, OneOf("normal", "poisson"))
    if method is not None and policy not in ("rq", "ss"):
        raise invalid(_FUNC, "method", f"None with policy={policy!r}", method)
    roles, outputs = SKU_POLICIES[policy]
    names = {
        "demand_mean": demand_mean,
        "demand_std": demand_std,
        "lead_time": lead_time,
        "holding_cost": holding_cost,
        "shortage_cost": shortage_cost,
        "ordering_cost": ordering_cost,
        "service_level": service_level,
    }
    needed: list[str] = []
    for role in roles:
        if role == "demand":
            needed.append("demand_mean")
            if distribution == "normal":
                needed.append("demand_std")
        else:
            needed.append(role)
    for role in needed:
        check(_FUNC, role, names[role], InstanceOf(str))
    columns = [names[r] for r in needed]
    if is_dask(skus):
        dask_frame: Any = skus
        require_columns(_FUNC, "skus", dask_frame._meta, columns)
        for column in columns:
            _check_numeric(dask_frame._meta[column], column)
        meta = dask_frame._meta.copy()
        for name in outputs:
            meta[name] = pd.Series(dtype=np.float64)
        return dask_frame.map_partitions(  # type: ignore[no-any-return]
            _compute, policy, distribution, method, names, needed, outputs, meta=meta
        )
    if not isinstance(skus, pd.DataFrame):
        raise invalid(_FUNC, "skus", "a pandas or Dask DataFrame", skus)
    require_columns(_FUNC, "skus", skus, columns)
    return _compute(skus, policy, distribution, method, names, needed, outputs)  # type: ignore[return-value]


def _check_numeric(series: pd.Series, column: str) -> None:
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise invalid(_FUNC, "skus", f"a numeric column {column!r}", f"<dtype {series.dtype}>")


def _compute(
    frame: pd.DataFrame,
    policy: str,
    distribution: str,
    method: str | None,
    names: dict[str, str],
    needed: list[str],
    outputs: tuple[str, ...],
) -> pd.DataFrame:
    out = frame.copy(deep=False)  # copy-on-write: new columns never reach the input
    if len(frame) == 0:
        for name in outputs:
            out[name] = pd.Series(dtype=np.float64, index=frame.index)
        return out
    cols: dict[str, Any] = {}
    for role in needed:
        series = frame[names[role]]
        _check_numeric(series, names[role])
        cols[role] = series.to_numpy(dtype=np.float64, na_value=np.nan)
    demand: Any = None
    if "demand_mean" in cols and policy != "eoq":
        demand = (
            Normal(cols["demand_mean"], cols["demand_std"])
            if distribution == "normal"
            else Poisson(cols["demand_mean"])
        )
    options: dict[str, Any] = {} if method is None else {"method": method}
    result: Any
    if policy == "eoq":
        result = eoq(cols["demand_mean"], cols["ordering_cost"], cols["holding_cost"])
    elif policy == "reorder_point":
        result = reorder_point(demand, cols["lead_time"], cycle_service_level=cols["service_level"])
    elif policy == "newsvendor":
        result = newsvendor(cols["holding_cost"], cols["shortage_cost"], demand)
    elif policy == "rq":
        result = rq_policy(
            cols["holding_cost"],
            cols["shortage_cost"],
            cols["ordering_cost"],
            demand,
            cols["lead_time"],
            **options,
        )
    else:
        result = ss_policy(
            cols["holding_cost"], cols["shortage_cost"], cols["ordering_cost"], demand, **options
        )
    n = len(frame)
    for name in outputs:
        values = np.asarray(getattr(result, name), dtype=np.float64)
        if values.shape != (n,):
            values = np.broadcast_to(values, (n,)).copy()
        out[name] = pd.Series(values, index=frame.index, copy=False)
    return out
