"""Synthetic segmentation sample data: a bank-branch transaction log drawn from a BG/NBD
purchase process with Gamma-Gamma spend."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from opsmodels._validation import Interval, check

__all__ = ["BANK_BRANCHES", "BANK_CHANNELS", "BANK_TRUE_PARAMS", "bank_transactions"]

#: Branches of :func:`bank_transactions` and the share of customers whose home branch each is.
BANK_BRANCHES: Final[dict[str, float]] = {
    "Central": 0.40,
    "Harbour": 0.25,
    "Northgate": 0.20,
    "Riverside": 0.15,
}

#: Channels of :func:`bank_transactions` and their share of transactions.
BANK_CHANNELS: Final[dict[str, float]] = {"teller": 0.55, "ATM": 0.30, "advisor": 0.15}

#: The parameters the log of :func:`bank_transactions` is drawn from, time in weeks and
#: spend in currency units: BG/NBD visits (r, alpha, a, b) and Gamma-Gamma spend per
#: visit (p, q, gamma).
BANK_TRUE_PARAMS: Final[dict[str, float]] = {
    "r": 0.9,
    "alpha": 6.0,
    "a": 0.7,
    "b": 3.5,
    "p": 3.0,
    "q": 4.0,
    "gamma": 60.0,
}

_SEED: Final = 20261127
_START: Final = pd.Timestamp("2023-01-02")
_END: Final = pd.Timestamp("2025-12-31 23:59:59")
_WEEK_NS: Final = 7 * 86_400 * 10**9
_SAME_DAY: Final = 0.06  # share of visits with a second transaction at the same visit
_AWAY: Final = 0.10  # share of visits made at another branch than the home branch


def bank_transactions(*, n_customers: int = 3000) -> pd.DataFrame:
    """A bank-branch transaction log: three years of customer visits, with cohorts.

    Customers open their relationship (first transaction) at a rate growing over the three
    years, then visit as the BG/NBD model describes: while active a customer
    visits as a Poisson process whose weekly rate varies across customers (gamma), and after
    each repeat visit leaves for good with a probability that varies across customers
    (beta). What a customer spends per visit is gamma around a personal mean that varies
    across customers (the Gamma-Gamma model). Slow visitors leave long gaps, so some
    customers come back after a year or more away (reactivations). A few visits hold two
    transactions (same timestamp day), and some are made at another branch than the
    customer's home branch.

    Parameters
    ----------
    n_customers : int, default 3000
        Number of customers (1 to 1,000,000).

    Returns
    -------
    pandas.DataFrame
        One row per transaction, sorted by date: ``customer`` (str, ``"C00001"`` ...),
        ``date`` (datetime, branch opening hours 09:00-17:00, 2023-01-02 to 2025-12-31),
        ``amount`` (value of the transaction [currency], > 0, rounded to cents),
        ``branch`` (str, see :data:`BANK_BRANCHES`) and ``channel`` (``"teller"``,
        ``"ATM"`` or ``"advisor"``). ``frame.attrs`` holds ``observation_end``
        (``"2025-12-31"``), ``time_unit`` (``"W"``) and ``true_params``
        (:data:`BANK_TRUE_PARAMS`).

    Raises
    ------
    InvalidInputError
        If ``n_customers`` is not an integer in [1, 1e6].

    Notes
    -----
    With T the weeks from a customer's first visit to the end of the log: weekly visit rate
    :math:`\\lambda \\sim \\text{Gamma}(r, \\alpha)`, drop-out probability
    :math:`p \\sim \\text{Beta}(a, b)`; the customer could make :math:`N \\sim
    \\text{Geometric}(p)` repeat visits before leaving and a Poisson process offers
    :math:`M \\sim \\text{Poisson}(\\lambda T)` in :math:`(0, T]`, of which the first
    :math:`\\min(M, N)` (uniform order statistics) happen. The spend of each visit is
    :math:`\\text{Gamma}(p, \\nu)` with :math:`\\nu \\sim \\text{Gamma}(q, \\gamma)`,
    split over the visit's transactions. Visit times are kept to the minute and moved into
    opening hours within their day, so a BG/NBD fit on the weekly
    :func:`~opsmodels.segmentation.customer_summary` recovers roughly
    :data:`BANK_TRUE_PARAMS`. Fixed seed: same output on every call.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "'Counting your customers' the easy
       way: an alternative to the Pareto/NBD model", *Marketing Science* 24(2), 2005,
       275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> from opsmodels.datasets import bank_transactions
    >>> log = bank_transactions()
    >>> list(log.columns)
    ['customer', 'date', 'amount', 'branch', 'channel']
    >>> log["customer"].nunique(), bool((log["amount"] > 0).all())
    (3000, True)
    >>> log["date"].min() >= pd.Timestamp("2023-01-02"), log.attrs["observation_end"]
    (True, '2025-12-31')
    """
    check("bank_transactions", "n_customers", n_customers, Interval(1, 1_000_000, integer=True))
    n = int(n_customers)
    rng = np.random.default_rng(_SEED)
    truth = BANK_TRUE_PARAMS
    span = (_END - _START).value / _WEEK_NS  # weeks in the log
    # Acquisition: density growing linearly up to four weeks before the end (inverse-CDF draw).
    horizon = span - 4.0
    u = rng.random(n)
    lo = 0.5  # relative density at week 0 versus 1 + lo at the horizon
    first = horizon * (np.sqrt(lo**2 + u * (1 + 2 * lo)) - lo)
    big_t = span - first
    lam = rng.gamma(truth["r"], 1.0 / truth["alpha"], size=n)
    p_drop = rng.beta(truth["a"], truth["b"], size=n)
    possible = rng.geometric(p_drop)
    offered = rng.poisson(lam * big_t)
    # All offered visit times (uniform on (0, T]), ordered within customer; keep the first
    # min(M, N) of each customer.
    owner = np.repeat(np.arange(n), offered)
    times = rng.random(owner.size) * big_t[owner]
    order = np.lexsort((times, owner))
    owner, times = owner[order], times[order]
    starts = np.cumsum(offered) - offered
    rank = np.arange(owner.size) - starts[owner]
    keep = rank < possible[owner]
    owner = np.concatenate([np.arange(n), owner[keep]])
    weeks = np.concatenate([first, first[owner[n:]] + times[keep]])
    # Spend per visit: Gamma(p, nu), nu ~ Gamma(q, gamma) per customer.
    nu = rng.gamma(truth["q"], 1.0 / truth["gamma"], size=n)
    spend = rng.gamma(truth["p"], 1.0 / nu[owner])
    # A few visits hold two transactions; the split keeps the visit's total.
    double = rng.random(owner.size) < _SAME_DAY
    share = rng.uniform(0.2, 0.8, size=int(double.sum()))
    visit = np.concatenate([np.arange(owner.size), np.flatnonzero(double)])
    amount = np.concatenate([spend, spend[double] * (1.0 - share)])
    amount[np.flatnonzero(double)] *= share
    owner, weeks = owner[visit], weeks[visit]
    # Timestamps: the visit's day, a time in opening hours (09:00-17:00) to the minute.
    ns = _START.value + (weeks * _WEEK_NS).astype(np.int64)
    day_ns = 86_400 * 10**9
    day = ns - (ns - _START.value) % day_ns
    minute = rng.integers(9 * 60, 17 * 60, size=owner.size)
    dates = pd.to_datetime(day + minute * 60 * 10**9)
    branches = np.array(list(BANK_BRANCHES), dtype=object)
    home = rng.choice(len(branches), size=n, p=np.array(list(BANK_BRANCHES.values())))
    away = rng.random(owner.size) < _AWAY
    branch = np.where(away, rng.integers(0, len(branches), size=owner.size), home[owner])
    channels = np.array(list(BANK_CHANNELS), dtype=object)
    channel = rng.choice(len(channels), size=owner.size, p=np.array(list(BANK_CHANNELS.values())))
    width = max(5, len(str(n)))
    names = np.array([f"C{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    frame = pd.DataFrame(
        {
            "customer": names[owner],
            "date": dates,
            "amount": np.maximum(np.round(amount, 2), 0.01),
            "branch": branches[branch],
            "channel": channels[channel],
        }
    )
    frame = frame.sort_values(["date", "customer"], kind="stable").reset_index(drop=True)
    frame.attrs.update(
        observation_end="2025-12-31", time_unit="W", true_params=dict(BANK_TRUE_PARAMS)
    )
    return frame
