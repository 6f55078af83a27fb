r"""Key performance indicators of ISO 22400-2 (manufacturing operations management).

Each KPI is a function under the standard's name, taking numbers, arrays or Series (numeric in,
same kind out; arguments broadcast) and named by the standard's elements in full; the
docstrings give the abbreviations of ISO 22400-2:

======  ===============================  ======  ==============================
PBT     planned busy time                APT     actual production time
ADET    actual unit delay time           AUST    actual unit setup time
AUPT    actual unit processing time      AUBT    actual unit busy time
        (= APT + AUST)
AOET    actual order execution time      PRU     planned run time per unit
APWT    actual personnel work time       APAT    actual personnel attendance time
PQ      produced quantity                GQ      good quantity
SQ      scrap quantity                   RQ      rework quantity
PSQ     planned scrap quantity           CM      consumed material
EPC     equipment production capacity    CMT/PMT corrective/preventive maintenance time
======  ===============================  ======  ==============================

:func:`iso22400_kpis` computes every KPI that a mapping or frame of these elements allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._numeric import NONNEGATIVE, POSITIVE, check_le, numeric
from opsmodels._typing import ArrayLike
from opsmodels._validation import InstanceOf, NanPolicy, as_float_array, check, invalid

__all__ = [
    "actual_to_planned_scrap_ratio",
    "allocation_efficiency",
    "allocation_ratio",
    "availability",
    "corrective_maintenance_ratio",
    "effectiveness",
    "equipment_load_ratio",
    "finished_goods_ratio",
    "first_pass_yield",
    "inventory_turns",
    "iso22400_kpis",
    "mtbf",
    "mttf",
    "mttr",
    "nee_index",
    "oee_index",
    "other_loss_ratio",
    "production_loss_ratio",
    "production_process_ratio",
    "quality_ratio",
    "rework_ratio",
    "scrap_ratio",
    "setup_rate",
    "storage_and_transportation_loss_ratio",
    "technical_efficiency",
    "throughput_rate",
    "utilization_efficiency",
    "worker_efficiency",
]

_REF = (
    "ISO 22400-2:2014, *Automation systems and integration - Key performance indicators (KPIs)"
    " for manufacturing operations management - Part 2: Definitions and descriptions*."
)


def _ratio(
    func: str,
    numerator: tuple[str, Any],
    denominator: tuple[str, Any],
    *,
    at_most_one: bool = False,
) -> Any:
    (num_name, num), (den_name, den) = numerator, denominator
    kind, (a, b) = numeric(func, **{num_name: (num, NONNEGATIVE), den_name: (den, POSITIVE)})
    if at_most_one:
        check_le(func, num_name, a, den_name, b)
    return kind(a / b)


def worker_efficiency(
    actual_personnel_work_time: ArrayLike, actual_personnel_attendance_time: ArrayLike
) -> Any:
    r"""Worker efficiency: the share of attendance time worked on production orders.

    Parameters
    ----------
    actual_personnel_work_time : float, array_like or Series
        APWT (>= 0, <= APAT) [time].
    actual_personnel_attendance_time : float, array_like or Series
        APAT (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        APWT / APAT.

    Raises
    ------
    InvalidInputError
        If a time is negative or the work time exceeds the attendance time.

    Notes
    -----
    :math:`WE = APWT / APAT`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "worker efficiency".

    Examples
    --------
    >>> worker_efficiency(420.0, 480.0)
    0.875
    """
    return _ratio(
        "worker_efficiency",
        ("actual_personnel_work_time", actual_personnel_work_time),
        ("actual_personnel_attendance_time", actual_personnel_attendance_time),
        at_most_one=True,
    )


def allocation_ratio(
    actual_unit_busy_time: ArrayLike, actual_order_execution_time: ArrayLike
) -> Any:
    r"""Allocation ratio: busy time of the work units over the order execution time.

    Parameters
    ----------
    actual_unit_busy_time : float, array_like or Series
        AUBT, summed over the work units used by the order (>= 0) [time].
    actual_order_execution_time : float, array_like or Series
        AOET, from the start to the end of the order (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        AUBT / AOET (above 1 when several units work on the order at once).

    Raises
    ------
    InvalidInputError
        If a time is negative or the order execution time is not positive.

    Notes
    -----
    :math:`AR = AUBT / AOET`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "allocation ratio".

    Examples
    --------
    >>> allocation_ratio(300.0, 400.0)
    0.75
    """
    return _ratio(
        "allocation_ratio",
        ("actual_unit_busy_time", actual_unit_busy_time),
        ("actual_order_execution_time", actual_order_execution_time),
    )


def throughput_rate(produced_quantity: ArrayLike, actual_order_execution_time: ArrayLike) -> Any:
    r"""Throughput rate: quantity produced per unit of order execution time.

    Parameters
    ----------
    produced_quantity : float, array_like or Series
        PQ (>= 0) [units].
    actual_order_execution_time : float, array_like or Series
        AOET (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        PQ / AOET [units per time].

    Raises
    ------
    InvalidInputError
        If the quantity is negative or the time is not positive.

    Notes
    -----
    :math:`TR = PQ / AOET`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "throughput rate".

    Examples
    --------
    >>> throughput_rate(600.0, 300.0)
    2.0
    """
    return _ratio(
        "throughput_rate",
        ("produced_quantity", produced_quantity),
        ("actual_order_execution_time", actual_order_execution_time),
    )


def allocation_efficiency(actual_unit_busy_time: ArrayLike, planned_busy_time: ArrayLike) -> Any:
    r"""Allocation efficiency: actual busy time over planned busy time of a work unit.

    Parameters
    ----------
    actual_unit_busy_time : float, array_like or Series
        AUBT (>= 0) [time].
    planned_busy_time : float, array_like or Series
        PBT (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        AUBT / PBT.

    Raises
    ------
    InvalidInputError
        If a time is negative or the planned busy time is not positive.

    Notes
    -----
    :math:`AE = AUBT / PBT`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "allocation efficiency".

    Examples
    --------
    >>> allocation_efficiency(432.0, 480.0)
    0.9
    """
    return _ratio(
        "allocation_efficiency",
        ("actual_unit_busy_time", actual_unit_busy_time),
        ("planned_busy_time", planned_busy_time),
    )


def utilization_efficiency(
    actual_production_time: ArrayLike, actual_unit_busy_time: ArrayLike
) -> Any:
    r"""Utilization efficiency: the share of busy time that is productive.

    Parameters
    ----------
    actual_production_time : float, array_like or Series
        APT (>= 0, <= AUBT) [time].
    actual_unit_busy_time : float, array_like or Series
        AUBT (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        APT / AUBT.

    Raises
    ------
    InvalidInputError
        If a time is negative or the production time exceeds the busy time.

    Notes
    -----
    :math:`UE = APT / AUBT`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "utilization efficiency".

    Examples
    --------
    >>> utilization_efficiency(400.0, 500.0)
    0.8
    """
    return _ratio(
        "utilization_efficiency",
        ("actual_production_time", actual_production_time),
        ("actual_unit_busy_time", actual_unit_busy_time),
        at_most_one=True,
    )


def availability(actual_production_time: ArrayLike, planned_busy_time: ArrayLike) -> Any:
    r"""Availability (ISO 22400): actual production time over planned busy time.

    Parameters
    ----------
    actual_production_time : float, array_like or Series
        APT (>= 0, <= PBT) [time].
    planned_busy_time : float, array_like or Series
        PBT (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        APT / PBT.

    Raises
    ------
    InvalidInputError
        If a time is negative or APT exceeds PBT.

    Notes
    -----
    :math:`A = APT / PBT`, the availability factor of the OEE index.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "availability".

    Examples
    --------
    >>> availability(373.0, 420.0) == 373 / 420
    True
    """
    return _ratio(
        "availability",
        ("actual_production_time", actual_production_time),
        ("planned_busy_time", planned_busy_time),
        at_most_one=True,
    )


def effectiveness(
    planned_run_time_per_unit: ArrayLike,
    produced_quantity: ArrayLike,
    actual_production_time: ArrayLike,
) -> Any:
    r"""Effectiveness (ISO 22400): planned run time of the quantity produced over APT.

    Parameters
    ----------
    planned_run_time_per_unit : float, array_like or Series
        PRU (> 0) [time per unit].
    produced_quantity : float, array_like or Series
        PQ (>= 0) [units].
    actual_production_time : float, array_like or Series
        APT (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        PRU x PQ / APT (the performance factor of OEE).

    Raises
    ------
    InvalidInputError
        If a value is negative, NaN or infinite, or PRU or APT is not positive.

    Notes
    -----
    :math:`E = PRU \cdot PQ / APT`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "effectiveness".

    Examples
    --------
    >>> round(effectiveness(1 / 60, 19_271, 373.0), 4)
    0.8611
    """
    kind, (pru, pq, apt) = numeric(
        "effectiveness",
        planned_run_time_per_unit=(planned_run_time_per_unit, POSITIVE),
        produced_quantity=(produced_quantity, NONNEGATIVE),
        actual_production_time=(actual_production_time, POSITIVE),
    )
    return kind(pru * pq / apt)


def quality_ratio(good_quantity: ArrayLike, produced_quantity: ArrayLike) -> Any:
    r"""Quality ratio: good quantity over produced quantity.

    Parameters
    ----------
    good_quantity : float, array_like or Series
        GQ (>= 0, <= PQ) [units].
    produced_quantity : float, array_like or Series
        PQ (> 0) [units].

    Returns
    -------
    float, ndarray or Series
        GQ / PQ.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or GQ exceeds PQ.

    Notes
    -----
    :math:`QR = GQ / PQ`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "quality ratio".

    Examples
    --------
    >>> round(quality_ratio(18_848, 19_271), 4)
    0.978
    """
    return _ratio(
        "quality_ratio",
        ("good_quantity", good_quantity),
        ("produced_quantity", produced_quantity),
        at_most_one=True,
    )


def oee_index(
    actual_production_time: ArrayLike,
    planned_busy_time: ArrayLike,
    planned_run_time_per_unit: ArrayLike,
    produced_quantity: ArrayLike,
    good_quantity: ArrayLike,
) -> Any:
    r"""OEE index (ISO 22400): availability x effectiveness x quality ratio.

    Parameters
    ----------
    actual_production_time : float, array_like or Series
        APT (> 0, <= PBT) [time].
    planned_busy_time : float, array_like or Series
        PBT (> 0) [time].
    planned_run_time_per_unit : float, array_like or Series
        PRU (> 0) [time per unit].
    produced_quantity : float, array_like or Series
        PQ (> 0) [units].
    good_quantity : float, array_like or Series
        GQ (>= 0, <= PQ) [units].

    Returns
    -------
    float, ndarray or Series
        (APT/PBT) x (PRU·PQ/APT) x (GQ/PQ) = PRU·GQ/PBT.

    Raises
    ------
    InvalidInputError
        As :func:`availability`, :func:`effectiveness` and :func:`quality_ratio`.

    Notes
    -----
    :math:`OEE = \frac{APT}{PBT}\cdot\frac{PRU\cdot PQ}{APT}\cdot\frac{GQ}{PQ}`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "OEE index".

    Examples
    --------
    >>> round(oee_index(373.0, 420.0, 1 / 60, 19_271, 18_848), 4)
    0.7479
    """
    a = availability(actual_production_time, planned_busy_time)
    e = effectiveness(planned_run_time_per_unit, produced_quantity, actual_production_time)
    q = quality_ratio(good_quantity, produced_quantity)
    return a * e * q


def nee_index(
    actual_unit_processing_time: ArrayLike,
    planned_busy_time: ArrayLike,
    actual_production_time: ArrayLike,
    planned_run_time_per_unit: ArrayLike,
    produced_quantity: ArrayLike,
    good_quantity: ArrayLike,
) -> Any:
    r"""NEE index (net equipment effectiveness): OEE with setup time not counted as a loss.

    Parameters
    ----------
    actual_unit_processing_time : float, array_like or Series
        AUPT = APT + AUST (>= 0, <= PBT) [time].
    planned_busy_time : float, array_like or Series
        PBT (> 0) [time].
    actual_production_time : float, array_like or Series
        APT (> 0, <= AUPT) [time].
    planned_run_time_per_unit : float, array_like or Series
        PRU (> 0) [time per unit].
    produced_quantity : float, array_like or Series
        PQ (> 0) [units].
    good_quantity : float, array_like or Series
        GQ (>= 0, <= PQ) [units].

    Returns
    -------
    float, ndarray or Series
        (AUPT/PBT) x (PRU·PQ/APT) x (GQ/PQ).

    Raises
    ------
    InvalidInputError
        If a value is out of range, APT exceeds AUPT or AUPT exceeds PBT.

    Notes
    -----
    :math:`NEE = \frac{AUPT}{PBT}\cdot\frac{PRU\cdot PQ}{APT}\cdot\frac{GQ}{PQ}`; NEE >= OEE,
    the difference being the setup losses.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "NEE index".

    Examples
    --------
    >>> round(nee_index(400.0, 420.0, 373.0, 1 / 60, 19_271, 18_848), 4)
    0.8021
    """
    net = _ratio(
        "nee_index",
        ("actual_unit_processing_time", actual_unit_processing_time),
        ("planned_busy_time", planned_busy_time),
        at_most_one=True,
    )
    _ratio(
        "nee_index",
        ("actual_production_time", actual_production_time),
        ("actual_unit_processing_time", actual_unit_processing_time),
        at_most_one=True,
    )
    e = effectiveness(planned_run_time_per_unit, produced_quantity, actual_production_time)
    q = quality_ratio(good_quantity, produced_quantity)
    return net * e * q


def setup_rate(actual_unit_setup_time: ArrayLike, actual_unit_processing_time: ArrayLike) -> Any:
    r"""Setup rate: the share of processing time spent on setups.

    Parameters
    ----------
    actual_unit_setup_time : float, array_like or Series
        AUST (>= 0, <= AUPT) [time].
    actual_unit_processing_time : float, array_like or Series
        AUPT = APT + AUST (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        AUST / AUPT.

    Raises
    ------
    InvalidInputError
        If a time is negative or the setup time exceeds the processing time.

    Notes
    -----
    :math:`SeR = AUST / AUPT`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "setup rate".

    Examples
    --------
    >>> setup_rate(30.0, 400.0)
    0.075
    """
    return _ratio(
        "setup_rate",
        ("actual_unit_setup_time", actual_unit_setup_time),
        ("actual_unit_processing_time", actual_unit_processing_time),
        at_most_one=True,
    )


def technical_efficiency(
    actual_production_time: ArrayLike, actual_unit_delay_time: ArrayLike
) -> Any:
    r"""Technical efficiency: production time over production plus delay time.

    Parameters
    ----------
    actual_production_time : float, array_like or Series
        APT (>= 0) [time].
    actual_unit_delay_time : float, array_like or Series
        ADET, delays from malfunctions and small stops (>= 0) [time].

    Returns
    -------
    float, ndarray or Series
        APT / (APT + ADET); 0 where both are 0.

    Raises
    ------
    InvalidInputError
        If a time is negative, NaN or infinite.

    Notes
    -----
    :math:`TE = APT / (APT + ADET)`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "technical efficiency".

    Examples
    --------
    >>> technical_efficiency(360.0, 40.0)
    0.9
    """
    kind, (apt, adet) = numeric(
        "technical_efficiency",
        actual_production_time=(actual_production_time, NONNEGATIVE),
        actual_unit_delay_time=(actual_unit_delay_time, NONNEGATIVE),
    )
    total = apt + adet
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(total > 0, apt / np.where(total > 0, total, 1.0), 0.0)
    return kind(out)


def production_process_ratio(
    actual_production_time: ArrayLike, actual_order_execution_time: ArrayLike
) -> Any:
    r"""Production process ratio: production time over order execution time.

    Parameters
    ----------
    actual_production_time : float, array_like or Series
        APT (>= 0) [time].
    actual_order_execution_time : float, array_like or Series
        AOET (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        APT / AOET.

    Raises
    ------
    InvalidInputError
        If a time is negative or AOET is not positive.

    Notes
    -----
    :math:`PPR = APT / AOET`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "production process ratio".

    Examples
    --------
    >>> production_process_ratio(300.0, 600.0)
    0.5
    """
    return _ratio(
        "production_process_ratio",
        ("actual_production_time", actual_production_time),
        ("actual_order_execution_time", actual_order_execution_time),
    )


def scrap_ratio(scrap_quantity: ArrayLike, produced_quantity: ArrayLike) -> Any:
    r"""Scrap ratio: scrap over produced quantity.

    Parameters
    ----------
    scrap_quantity : float, array_like or Series
        SQ (>= 0, <= PQ) [units].
    produced_quantity : float, array_like or Series
        PQ (> 0) [units].

    Returns
    -------
    float, ndarray or Series
        SQ / PQ.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or the scrap exceeds the produced quantity.

    Notes
    -----
    :math:`SR = SQ / PQ`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "scrap ratio".

    Examples
    --------
    >>> scrap_ratio(12.0, 400.0)
    0.03
    """
    return _ratio(
        "scrap_ratio",
        ("scrap_quantity", scrap_quantity),
        ("produced_quantity", produced_quantity),
        at_most_one=True,
    )


def rework_ratio(rework_quantity: ArrayLike, produced_quantity: ArrayLike) -> Any:
    r"""Rework ratio: rework over produced quantity.

    Parameters
    ----------
    rework_quantity : float, array_like or Series
        RQ (>= 0, <= PQ) [units].
    produced_quantity : float, array_like or Series
        PQ (> 0) [units].

    Returns
    -------
    float, ndarray or Series
        RQ / PQ.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or the rework exceeds the produced quantity.

    Notes
    -----
    :math:`RR = RQ / PQ`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "rework ratio".

    Examples
    --------
    >>> rework_ratio(20.0, 400.0)
    0.05
    """
    return _ratio(
        "rework_ratio",
        ("rework_quantity", rework_quantity),
        ("produced_quantity", produced_quantity),
        at_most_one=True,
    )


def actual_to_planned_scrap_ratio(
    scrap_quantity: ArrayLike, planned_scrap_quantity: ArrayLike
) -> Any:
    r"""Actual to planned scrap ratio.

    Parameters
    ----------
    scrap_quantity : float, array_like or Series
        SQ (>= 0) [units].
    planned_scrap_quantity : float, array_like or Series
        PSQ (> 0) [units].

    Returns
    -------
    float, ndarray or Series
        SQ / PSQ (above 1 when more was scrapped than planned).

    Raises
    ------
    InvalidInputError
        If a quantity is negative or PSQ is not positive.

    Notes
    -----
    :math:`ASR = SQ / PSQ`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "actual to planned scrap ratio".

    Examples
    --------
    >>> actual_to_planned_scrap_ratio(15.0, 10.0)
    1.5
    """
    return _ratio(
        "actual_to_planned_scrap_ratio",
        ("scrap_quantity", scrap_quantity),
        ("planned_scrap_quantity", planned_scrap_quantity),
    )


def first_pass_yield(good_first_pass_quantity: ArrayLike, inspected_quantity: ArrayLike) -> Any:
    r"""First pass yield: the share of units good at the first inspection, without rework.

    Parameters
    ----------
    good_first_pass_quantity : float, array_like or Series
        Units that passed the first time (>= 0, <= inspected) [units].
    inspected_quantity : float, array_like or Series
        Units inspected (> 0) [units].

    Returns
    -------
    float, ndarray or Series
        Good first pass / inspected.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or the good units exceed the inspected ones.

    Notes
    -----
    :math:`FPY = GP / IP`; the product of the first pass yields of consecutive steps is the
    rolled throughput yield.

    References
    ----------
    .. [1] ISO 22400-2:2014 (Amd. 1:2017), KPI "first pass yield".

    Examples
    --------
    >>> first_pass_yield(95.0, 100.0)
    0.95
    """
    return _ratio(
        "first_pass_yield",
        ("good_first_pass_quantity", good_first_pass_quantity),
        ("inspected_quantity", inspected_quantity),
        at_most_one=True,
    )


def finished_goods_ratio(good_quantity: ArrayLike, consumed_material: ArrayLike) -> Any:
    r"""Finished goods ratio: good output over the material consumed (same units).

    Parameters
    ----------
    good_quantity : float, array_like or Series
        GQ in material units (>= 0) [e.g. kg].
    consumed_material : float, array_like or Series
        CM (> 0) [e.g. kg].

    Returns
    -------
    float, ndarray or Series
        GQ / CM.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or CM is not positive.

    Notes
    -----
    :math:`FGR = GQ / CM`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "finished goods ratio".

    Examples
    --------
    >>> finished_goods_ratio(900.0, 1000.0)
    0.9
    """
    return _ratio(
        "finished_goods_ratio",
        ("good_quantity", good_quantity),
        ("consumed_material", consumed_material),
    )


def production_loss_ratio(production_loss: ArrayLike, consumed_material: ArrayLike) -> Any:
    r"""Production loss ratio: material lost in production over material consumed.

    Parameters
    ----------
    production_loss : float, array_like or Series
        PL (>= 0, <= CM).
    consumed_material : float, array_like or Series
        CM (> 0).

    Returns
    -------
    float, ndarray or Series
        PL / CM.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or the loss exceeds the material consumed.

    Notes
    -----
    :math:`PLR = PL / CM`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "production loss ratio".

    Examples
    --------
    >>> production_loss_ratio(40.0, 1000.0)
    0.04
    """
    return _ratio(
        "production_loss_ratio",
        ("production_loss", production_loss),
        ("consumed_material", consumed_material),
        at_most_one=True,
    )


def storage_and_transportation_loss_ratio(
    storage_and_transportation_loss: ArrayLike, consumed_material: ArrayLike
) -> Any:
    r"""Storage and transportation loss ratio: material lost in storage and transport over
    material consumed.

    Parameters
    ----------
    storage_and_transportation_loss : float, array_like or Series
        STL (>= 0, <= CM).
    consumed_material : float, array_like or Series
        CM (> 0).

    Returns
    -------
    float, ndarray or Series
        STL / CM.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or the loss exceeds the material consumed.

    Notes
    -----
    :math:`STLR = STL / CM`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "storage and transportation loss ratio".

    Examples
    --------
    >>> storage_and_transportation_loss_ratio(10.0, 1000.0)
    0.01
    """
    return _ratio(
        "storage_and_transportation_loss_ratio",
        ("storage_and_transportation_loss", storage_and_transportation_loss),
        ("consumed_material", consumed_material),
        at_most_one=True,
    )


def other_loss_ratio(other_loss: ArrayLike, consumed_material: ArrayLike) -> Any:
    r"""Other loss ratio: other material losses over material consumed.

    Parameters
    ----------
    other_loss : float, array_like or Series
        OL (>= 0, <= CM).
    consumed_material : float, array_like or Series
        CM (> 0).

    Returns
    -------
    float, ndarray or Series
        OL / CM.

    Raises
    ------
    InvalidInputError
        If a quantity is negative or the loss exceeds the material consumed.

    Notes
    -----
    :math:`OLR = OL / CM`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "other loss ratio".

    Examples
    --------
    >>> other_loss_ratio(5.0, 1000.0)
    0.005
    """
    return _ratio(
        "other_loss_ratio",
        ("other_loss", other_loss),
        ("consumed_material", consumed_material),
        at_most_one=True,
    )


def equipment_load_ratio(
    produced_quantity: ArrayLike, equipment_production_capacity: ArrayLike
) -> Any:
    r"""Equipment load ratio: quantity produced over the equipment's production capacity.

    Parameters
    ----------
    produced_quantity : float, array_like or Series
        PQ (>= 0) [units].
    equipment_production_capacity : float, array_like or Series
        EPC over the same period (> 0) [units].

    Returns
    -------
    float, ndarray or Series
        PQ / EPC.

    Raises
    ------
    InvalidInputError
        If the quantity is negative or the capacity is not positive.

    Notes
    -----
    :math:`ELR = PQ / EPC`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "equipment load ratio".

    Examples
    --------
    >>> equipment_load_ratio(800.0, 1000.0)
    0.8
    """
    return _ratio(
        "equipment_load_ratio",
        ("produced_quantity", produced_quantity),
        ("equipment_production_capacity", equipment_production_capacity),
    )


def inventory_turns(throughput: ArrayLike, average_inventory: ArrayLike) -> Any:
    r"""Inventory turns: throughput over average inventory, in the same (money or unit) terms.

    Parameters
    ----------
    throughput : float, array_like or Series
        TH over the period, e.g. cost of goods sold per year (>= 0).
    average_inventory : float, array_like or Series
        AI over the period (> 0).

    Returns
    -------
    float, ndarray or Series
        TH / AI [turns per period].

    Raises
    ------
    InvalidInputError
        If the throughput is negative or the inventory is not positive.

    Notes
    -----
    :math:`IT = TH / AI`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "inventory turns".

    Examples
    --------
    >>> inventory_turns(1_200_000.0, 150_000.0)
    8.0
    """
    return _ratio(
        "inventory_turns",
        ("throughput", throughput),
        ("average_inventory", average_inventory),
    )


def corrective_maintenance_ratio(
    corrective_maintenance_time: ArrayLike, preventive_maintenance_time: ArrayLike
) -> Any:
    r"""Corrective maintenance ratio: corrective over all maintenance time.

    Parameters
    ----------
    corrective_maintenance_time : float, array_like or Series
        CMT (>= 0) [time].
    preventive_maintenance_time : float, array_like or Series
        PMT (>= 0) [time].

    Returns
    -------
    float, ndarray or Series
        CMT / (CMT + PMT); 0 where there was no maintenance.

    Raises
    ------
    InvalidInputError
        If a time is negative, NaN or infinite.

    Notes
    -----
    :math:`CMR = CMT / (CMT + PMT)`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "corrective maintenance ratio".

    Examples
    --------
    >>> corrective_maintenance_ratio(30.0, 90.0)
    0.25
    """
    kind, (cmt, pmt) = numeric(
        "corrective_maintenance_ratio",
        corrective_maintenance_time=(corrective_maintenance_time, NONNEGATIVE),
        preventive_maintenance_time=(preventive_maintenance_time, NONNEGATIVE),
    )
    total = cmt + pmt
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(total > 0, cmt / np.where(total > 0, total, 1.0), 0.0)
    return kind(out)


def _mean_time(func: str, name: str, times: Any, nan_policy: NanPolicy) -> float:
    arr = as_float_array(func, name, times, nan_policy=nan_policy, ndim=1, min_size=1)
    check(func, name, arr, NONNEGATIVE)
    return float(arr.mean())


def mtbf(times_between_failures: ArrayLike, *, nan_policy: NanPolicy = "raise") -> float:
    r"""Mean operating time between failures.

    Parameters
    ----------
    times_between_failures : array_like
        TBF: the operating times between consecutive failures (>= 0) [time].
    nan_policy : {"raise", "omit"}
        What to do with NaN.

    Returns
    -------
    float
        The mean of the TBF.

    Raises
    ------
    InvalidInputError
        If the data are empty, negative or (with ``nan_policy="raise"``) contain NaN.

    Notes
    -----
    :math:`MTBF = \frac{1}{FE + 1}\sum_{i=1}^{FE+1} TBF_i` with FE failure events splitting the
    operating time into FE + 1 intervals.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "mean operating time between failures".

    Examples
    --------
    >>> mtbf([100.0, 80.0, 120.0])
    100.0
    """
    return _mean_time("mtbf", "times_between_failures", times_between_failures, nan_policy)


def mttr(times_to_restoration: ArrayLike, *, nan_policy: NanPolicy = "raise") -> float:
    r"""Mean time to restoration (repair).

    Parameters
    ----------
    times_to_restoration : array_like
        TTR of each failure (>= 0) [time].
    nan_policy : {"raise", "omit"}
        What to do with NaN.

    Returns
    -------
    float
        The mean of the TTR.

    Raises
    ------
    InvalidInputError
        If the data are empty, negative or (with ``nan_policy="raise"``) contain NaN.

    Notes
    -----
    :math:`MTTR = \frac{1}{FE}\sum_{i=1}^{FE} TTR_i`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "mean time to restoration".

    Examples
    --------
    >>> mttr([10.0, 20.0])
    15.0
    """
    return _mean_time("mttr", "times_to_restoration", times_to_restoration, nan_policy)


def mttf(times_to_failure: ArrayLike, *, nan_policy: NanPolicy = "raise") -> float:
    r"""Mean time to failure.

    Parameters
    ----------
    times_to_failure : array_like
        TTF of each item or failure (>= 0) [time].
    nan_policy : {"raise", "omit"}
        What to do with NaN.

    Returns
    -------
    float
        The mean of the TTF.

    Raises
    ------
    InvalidInputError
        If the data are empty, negative or (with ``nan_policy="raise"``) contain NaN.

    Notes
    -----
    :math:`MTTF = \frac{1}{FE}\sum_{i=1}^{FE} TTF_i`.

    References
    ----------
    .. [1] ISO 22400-2:2014, KPI "mean time to failure".

    Examples
    --------
    >>> mttf([500.0, 700.0])
    600.0
    """
    return _mean_time("mttf", "times_to_failure", times_to_failure, nan_policy)


# KPI name -> (function, ISO element abbreviations in the function's argument order)
_KPIS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "worker_efficiency": (worker_efficiency, ("APWT", "APAT")),
    "allocation_ratio": (allocation_ratio, ("AUBT", "AOET")),
    "throughput_rate": (throughput_rate, ("PQ", "AOET")),
    "allocation_efficiency": (allocation_efficiency, ("AUBT", "PBT")),
    "utilization_efficiency": (utilization_efficiency, ("APT", "AUBT")),
    "availability": (availability, ("APT", "PBT")),
    "effectiveness": (effectiveness, ("PRU", "PQ", "APT")),
    "quality_ratio": (quality_ratio, ("GQ", "PQ")),
    "oee_index": (oee_index, ("APT", "PBT", "PRU", "PQ", "GQ")),
    "nee_index": (nee_index, ("AUPT", "PBT", "APT", "PRU", "PQ", "GQ")),
    "setup_rate": (setup_rate, ("AUST", "AUPT")),
    "technical_efficiency": (technical_efficiency, ("APT", "ADET")),
    "production_process_ratio": (production_process_ratio, ("APT", "AOET")),
    "scrap_ratio": (scrap_ratio, ("SQ", "PQ")),
    "rework_ratio": (rework_ratio, ("RQ", "PQ")),
    "actual_to_planned_scrap_ratio": (actual_to_planned_scrap_ratio, ("SQ", "PSQ")),
    "first_pass_yield": (first_pass_yield, ("GP", "IP")),
    "finished_goods_ratio": (finished_goods_ratio, ("GQ", "CM")),
    "production_loss_ratio": (production_loss_ratio, ("PL", "CM")),
    "storage_and_transportation_loss_ratio": (
        storage_and_transportation_loss_ratio,
        ("STL", "CM"),
    ),
    "other_loss_ratio": (other_loss_ratio, ("OL", "CM")),
    "equipment_load_ratio": (equipment_load_ratio, ("PQ", "EPC")),
    "inventory_turns": (inventory_turns, ("TH", "AI")),
    "corrective_maintenance_ratio": (corrective_maintenance_ratio, ("CMT", "PMT")),
}
_ELEMENTS = sorted({e for _, args in _KPIS.values() for e in args})


def iso22400_kpis(data: Mapping[str, Any] | pd.DataFrame) -> Any:
    r"""Every ISO 22400-2 KPI that the given elements allow.

    Parameters
    ----------
    data : mapping or DataFrame
        ISO 22400 elements keyed by their abbreviations: APWT, APAT, AUBT, AOET, PBT, APT,
        ADET, AUST, AUPT, PRU, PQ, GQ, SQ, RQ, PSQ, GP (good first pass), IP (inspected), CM,
        PL, STL, OL, EPC, TH, AI, CMT, PMT; numbers, arrays or columns. AUPT is taken as
        APT + AUST when not given. Other keys are ignored.

    Returns
    -------
    dict or DataFrame
        KPI name -> value for a mapping; for a DataFrame, a DataFrame with one column per KPI
        (index kept).

    Raises
    ------
    InvalidInputError
        If ``data`` is neither a mapping nor a DataFrame, no KPI can be computed, or a value is
        invalid for its KPI (the message names the KPI function and its argument).

    Notes
    -----
    Each KPI is computed by the function of the same name; see their formulas. MTBF, MTTR
    and MTTF take event-time lists and are not computed here.

    References
    ----------
    .. [1] ISO 22400-2:2014, *Automation systems and integration - Key performance indicators
       (KPIs) for manufacturing operations management - Part 2: Definitions and descriptions*.

    Examples
    --------
    >>> kpis = iso22400_kpis({"PBT": 420.0, "APT": 373.0, "PRU": 1 / 60, "PQ": 19_271,
    ...                       "GQ": 18_848})
    >>> sorted(kpis)
    ['availability', 'effectiveness', 'oee_index', 'quality_ratio']
    >>> round(kpis["oee_index"], 4)
    0.7479
    """
    func = "iso22400_kpis"
    check(func, "data", data, InstanceOf(Mapping, pd.DataFrame, name="a mapping or DataFrame"))
    frame = isinstance(data, pd.DataFrame)
    keys = set(data.columns) if isinstance(data, pd.DataFrame) else set(data)
    values: dict[str, Any] = {}
    for key in keys & set(_ELEMENTS):
        values[key] = data[key]
        if isinstance(values[key], list | tuple):
            values[key] = np.asarray(values[key])
    if "AUPT" not in values and {"APT", "AUST"} <= values.keys():
        values["AUPT"] = values["APT"] + values["AUST"]
    out: dict[str, Any] = {}
    for name, (kpi, args) in _KPIS.items():
        if all(a in values for a in args):
            out[name] = kpi(*(values[a] for a in args))
    if not out:
        raise invalid(
            func,
            "data",
            f"elements for at least one KPI (keys among {', '.join(_ELEMENTS)})",
            f"<keys {sorted(map(str, keys))}>",
        )
    if frame:
        return pd.DataFrame(out, index=data.index)  # type: ignore[union-attr]
    return out
