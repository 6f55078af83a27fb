r"""Open queueing networks: Jackson networks (exact, each node M/M/mᵢ) and the QNA
approximation for networks of G/G/m stations (Whitt's linking equations for the variability of
the flows).

The traffic equations λ = γ + Pᵀλ are solved with scipy.sparse when the routing matrix is
sparse or large, so networks of many thousands of nodes are solved in one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from opsmodels._numeric import NONNEGATIVE, POSITIVE, SERVERS, as_array
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import OneOf, check, describe, invalid
from opsmodels.queueing._stations import _kingman, _mmc

__all__ = ["NetworkResult", "jackson_network", "qna_network"]

_DENSE_LIMIT = 500  # solve densely below this many nodes (unless the routing is sparse)


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkResult(Result):
    """Per-node and system measures of an open queueing network.

    Attributes
    ----------
    arrival_rates : ndarray or Series
        λᵢ, the total arrival rate at each node (external plus routed).
    utilization : ndarray or Series
        ρᵢ = λᵢ/(mᵢμᵢ) (>= 1 marks an unstable node; its waits are ``inf``).
    lq, wq : ndarray or Series
        Mean number waiting and time in queue per visit at each node.
    l, w : ndarray or Series
        Lᵢ, the mean number at the node (WIP), and Wᵢ, the time per visit (cycle time at the
        node), Lᵢ = λᵢWᵢ.
    visits : ndarray or Series
        Vᵢ = λᵢ/Σγ, the mean visits per job.
    arrival_scv : ndarray or Series
        c²ₐᵢ, the squared coefficient of variation of the arrivals at each node (1 throughout
        a Jackson network).
    throughput : float
        Σγ, the rate at which jobs enter (and leave) the network.
    system_l : float
        L = ΣLᵢ, jobs in the network (``inf`` if a node is unstable).
    system_w : float
        W = L/Σγ = ΣVᵢWᵢ, the time a job spends in the network (Little's law).
    """

    arrival_rates: Any
    utilization: Any
    lq: Any
    wq: Any
    l: Any
    w: Any
    visits: Any
    arrival_scv: Any
    throughput: float
    system_l: float
    system_w: float


def _routing(func: str, routing: object, n: int) -> Any:
    """Check a routing matrix (square n×n, entries in [0, 1], rows summing to at most 1)."""
    if sp.issparse(routing):
        mat: Any = sp.csr_array(cast(Any, routing), dtype=np.float64)
        values = mat.data
    else:
        if isinstance(routing, pd.DataFrame):
            routing = routing.to_numpy()
        try:
            raw = np.asarray(routing)
        except (TypeError, ValueError):
            raise invalid(func, "routing", "a square matrix of probabilities", routing) from None
        if raw.dtype.kind not in "iufb" or raw.ndim != 2:
            raise invalid(func, "routing", "a square matrix of probabilities", routing)
        mat = raw.astype(np.float64)
        values = mat.ravel()
    if mat.shape != (n, n):
        raise invalid(
            func,
            "routing",
            f"a square matrix with one row and column per node ({n} x {n})",
            f"<a matrix of shape {mat.shape}>",
        )
    bad = ~((values >= 0.0) & (values <= 1.0))  # catches NaN too
    if np.any(bad):
        pos = int(np.flatnonzero(bad)[0])
        raise invalid(func, "routing", "probabilities in [0, 1]", f"<{describe(values[pos])}>")
    rows = np.asarray(mat.sum(axis=1)).ravel()
    over = rows > 1.0 + 1e-9
    if np.any(over):
        i = int(np.flatnonzero(over)[0])
        raise invalid(
            func,
            "routing",
            "rows summing to at most 1 (the rest leaves the network)",
            f"<row {i} summing to {describe(rows[i])}>",
        )
    return mat


def _sparse_solve(system: sp.csc_array, rhs: FloatArray) -> FloatArray:
    """Solve a sparse M-matrix system: BiCGSTAB first (fast on well-mixed networks, where a
    direct LU fills in), then a direct sparse LU (fast on lines, trees and local rework loops,
    where Krylov methods crawl)."""
    import warnings

    norm = float(np.linalg.norm(rhs)) or 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x, info = spla.bicgstab(system, rhs, rtol=1e-13, atol=0.0, maxiter=300)
        converged = info == 0 and bool(np.all(np.isfinite(x)))
        if converged and float(np.linalg.norm(system @ x - rhs)) <= 1e-11 * norm:
            return np.asarray(x, dtype=np.float64)
        return np.asarray(spla.spsolve(system, rhs), dtype=np.float64)


def _traffic(func: str, gamma: FloatArray, mat: Any) -> FloatArray:
    """Solve λ = γ + Pᵀλ."""
    n = gamma.size
    with np.errstate(all="ignore"):
        if sp.issparse(mat) or n > _DENSE_LIMIT:
            p = sp.csc_array(mat)
            lam = _sparse_solve(sp.csc_array(sp.identity(n, format="csc") - p.T.tocsc()), gamma)
        else:
            try:
                lam = np.asarray(
                    np.linalg.solve(np.eye(n) - np.asarray(mat).T, gamma), dtype=np.float64
                )
            except np.linalg.LinAlgError:
                lam = np.full(n, np.nan)
    scale = max(1.0, float(np.max(gamma)))
    if not np.all(np.isfinite(lam)) or np.any(lam < -1e-9 * scale):
        raise invalid(
            func,
            "routing",
            "a routing from which every job eventually leaves (I - P^T invertible)",
            "<a routing with a closed loop>",
        )
    return np.maximum(lam, 0.0)


def _node_vector(
    func: str, name: str, value: object, spec: Any, n: int, index: pd.Index | None
) -> FloatArray:
    arr = as_array(func, name, value, spec)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape != (n,):
        raise invalid(func, name, f"a scalar or {n} values (one per node)", value)
    if index is not None and isinstance(value, pd.Series) and not value.index.equals(index):
        raise invalid(func, name, "a Series indexed like external_arrivals", value)
    return arr


def _prepare(
    func: str,
    external_arrivals: object,
    routing: object,
    service_rates: object,
    servers: object,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, Any, Any]:
    gamma = as_array(func, "external_arrivals", external_arrivals, NONNEGATIVE)
    if gamma.ndim != 1:
        raise invalid(func, "external_arrivals", "1-D (one rate per node)", external_arrivals)
    if not np.any(gamma > 0):
        raise invalid(func, "external_arrivals", "positive at some node", external_arrivals)
    index = external_arrivals.index if isinstance(external_arrivals, pd.Series) else None
    n = gamma.size
    mu = _node_vector(func, "service_rates", service_rates, POSITIVE, n, index)
    m = _node_vector(func, "servers", servers, SERVERS, n, index)
    mat = _routing(func, routing, n)
    lam = _traffic(func, gamma, mat)

    def shape(values: FloatArray) -> Any:
        return pd.Series(values, index=index) if index is not None else values

    return gamma, lam, mu, m, mat, shape


def _result(
    gamma: FloatArray,
    lam: FloatArray,
    node: dict[str, FloatArray],
    ca2: FloatArray,
    shape: Any,
) -> NetworkResult:
    throughput = float(gamma.sum())
    system_l = float(np.sum(node["l"]))
    return NetworkResult(
        arrival_rates=shape(lam),
        utilization=shape(node["utilization"]),
        lq=shape(node["lq"]),
        wq=shape(node["wq"]),
        l=shape(node["l"]),
        w=shape(node["w"]),
        visits=shape(lam / throughput),
        arrival_scv=shape(ca2),
        throughput=throughput,
        system_l=system_l,
        system_w=system_l / throughput,
    )


def jackson_network(
    external_arrivals: ArrayLike,
    routing: Any,
    service_rates: ArrayLike,
    servers: ArrayLike,
) -> NetworkResult:
    r"""An open Jackson network: Poisson arrivals, exponential M/M/mᵢ nodes, Markov routing.

    Parameters
    ----------
    external_arrivals : array_like or Series, shape (n,)
        γᵢ >= 0, arrivals from outside at each node [jobs/time] (a Series names the nodes and
        the outputs keep its index).
    routing : array_like, DataFrame or scipy.sparse matrix, shape (n, n)
        pᵢⱼ, the probability that a job leaving node i goes next to node j; each row sums to at
        most 1 and the rest, 1 − Σⱼpᵢⱼ, leaves the network.
    service_rates : float, array_like or Series, shape (n,)
        μᵢ > 0 per server [jobs/time].
    servers : int, array_like or Series, shape (n,)
        mᵢ >= 1.

    Returns
    -------
    NetworkResult
        Per node ``arrival_rates, utilization, lq, wq, l, w, visits, arrival_scv`` and the
        system's ``throughput, system_l, system_w``; ``inf`` waits and totals where a node
        has ρᵢ >= 1.

    Raises
    ------
    InvalidInputError
        If the routing is not square n×n, has an entry outside [0, 1] or a row summing above
        1, or traps jobs in a loop they never leave; if a rate or server count is invalid or
        no node has external arrivals.

    Notes
    -----
    The traffic equations :math:`\lambda = \gamma + P^T\lambda`, i.e.
    :math:`\lambda = (I - P^T)^{-1}\gamma` (a sparse LU solve for large or sparse P); by
    Jackson's theorem each node is then an independent M/M/mᵢ queue with arrival rate
    λᵢ (:func:`mmc`). The time in the network is :math:`W = \sum_i L_i/\sum_i\gamma_i`.

    References
    ----------
    .. [1] J. R. Jackson, "Jobshop-like queueing systems", *Management Science* 10(1),
       131-142, 1963. DOI 10.1287/mnsc.10.1.131.
    .. [2] L. Kleinrock, *Queueing Systems, Volume 1: Theory*, Wiley, 1975, section 4.8.
    .. [3] G. Bolch, S. Greiner, H. de Meer and K. S. Trivedi, *Queueing Networks and Markov
       Chains*, 2nd ed., Wiley, 2006, section 7.3.4.

    Examples
    --------
    Two stations in series, a quarter of the jobs leaving the second go back to the first:

    >>> r = jackson_network([1.0, 0.0], [[0.0, 1.0], [0.25, 0.0]], [2.0, 3.0], [1, 1])
    >>> r.arrival_rates
    array([1.33333333, 1.33333333])
    >>> r.l, r.system_w
    (array([2. , 0.8]), 2.8)
    """
    func = "jackson_network"
    gamma, lam, mu, m, _, shape = _prepare(func, external_arrivals, routing, service_rates, servers)
    node = _mmc(lam, mu, m)
    return _result(gamma, lam, node, np.ones_like(lam), shape)


def qna_network(
    external_arrivals: ArrayLike,
    routing: Any,
    service_rates: ArrayLike,
    servers: ArrayLike,
    *,
    arrival_scv: ArrayLike = 1.0,
    service_scv: ArrayLike = 1.0,
    waiting: Literal["allen_cunneen", "kingman"] = "allen_cunneen",
) -> NetworkResult:
    r"""An open network of G/G/m stations by Whitt's Queueing Network Analyzer (QNA).

    Parameters
    ----------
    external_arrivals : array_like or Series, shape (n,)
        γᵢ >= 0 [jobs/time], as in :func:`jackson_network`.
    routing : array_like, DataFrame or scipy.sparse matrix, shape (n, n)
        Routing probabilities, as in :func:`jackson_network`.
    service_rates : float, array_like or Series, shape (n,)
        μᵢ = 1/tₑᵢ > 0 per server [jobs/time].
    servers : int, array_like or Series, shape (n,)
        mᵢ >= 1.
    arrival_scv : float, array_like or Series, shape (n,)
        c²₀ᵢ >= 0, the squared coefficient of variation of the external interarrival times
        (1 for Poisson arrivals).
    service_scv : float, array_like or Series, shape (n,)
        c²ₛᵢ >= 0, of the effective process times (1 exponential, 0 deterministic).
    waiting : {"allen_cunneen", "kingman"}
        The G/G/m waiting time: ``"allen_cunneen"``, :math:`W_q = \frac{c_a^2+c_s^2}{2}
        W_q^{M/M/m}` (QNA's choice; exact for a Jackson network), or ``"kingman"``, the VUT
        equation with Sakasegawa's multi-server term (:func:`kingman`, Factory Physics'
        choice).

    Returns
    -------
    NetworkResult
        As :func:`jackson_network`, with each node's arrival SCV in ``arrival_scv``.

    Raises
    ------
    InvalidInputError
        As :func:`jackson_network`, and for a negative SCV or an unknown ``waiting``.

    Notes
    -----
    Departures: :math:`c_{d,i}^2 = 1 + (1-\rho_i^2)(c_{a,i}^2 - 1) +
    \rho_i^2(c_{s,i}^2 - 1)/\sqrt{m_i}`; splitting with probability :math:`p_{ij}`:
    :math:`c_{ij}^2 = p_{ij}c_{d,i}^2 + 1 - p_{ij}`; merging at node j with the flow shares
    :math:`q_{ij} = \lambda_i p_{ij}/\lambda_j` (:math:`q_{0j} = \gamma_j/\lambda_j`) by
    Whitt's hybrid :math:`c_{a,j}^2 = w_j\sum_i q_{ij}c_{ij}^2 + 1 - w_j`,
    :math:`w_j = 1/(1 + 4(1-\rho_j)^2(v_j - 1))`, :math:`v_j = 1/\sum_i q_{ij}^2`. These
    linking equations are linear in the :math:`c_{a,j}^2` and are solved in one (sparse)
    solve. Utilizations at or above 1 enter the linking equations as 1. With every SCV equal
    to 1 the result is the Jackson network's.

    References
    ----------
    .. [1] W. Whitt, "The Queueing Network Analyzer", *Bell System Technical Journal* 62(9),
       2779-2815, 1983. DOI 10.1002/j.1538-7305.1983.tb03204.x.
    .. [2] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       section 8.6 (linking equations and flow variability).

    Examples
    --------
    A two-station line with deterministic-ish processing at the first station:

    >>> r = qna_network([0.5, 0.0], [[0.0, 1.0], [0.0, 0.0]], [1.0, 0.8], [1, 1],
    ...                 service_scv=[0.25, 1.0])
    >>> r.arrival_scv
    array([1.    , 0.8125])
    >>> r.wq.round(4)
    array([0.625, 1.888])
    """
    func = "qna_network"
    check(func, "waiting", waiting, OneOf("allen_cunneen", "kingman"))
    gamma, lam, mu, m, mat, shape = _prepare(
        func, external_arrivals, routing, service_rates, servers
    )
    n = gamma.size
    index = getattr(external_arrivals, "index", None)
    c0 = _node_vector(func, "arrival_scv", arrival_scv, NONNEGATIVE, n, index)
    cs = _node_vector(func, "service_scv", service_scv, NONNEGATIVE, n, index)
    rho = lam / (m * mu)
    r2 = np.minimum(rho, 1.0) ** 2
    x = 1.0 + (cs - 1.0) / np.sqrt(m)
    p = sp.csr_array(mat) if sp.issparse(mat) or n > _DENSE_LIMIT else None
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_lam = np.where(lam > 0.0, 1.0 / lam, 0.0)
        q0 = gamma * inv_lam
        if p is None:
            dense = np.asarray(mat)
            q = lam[:, None] * dense * inv_lam[None, :]  # q[i, j] = λᵢpᵢⱼ/λⱼ
            sum_q2 = q0**2 + np.sum(q**2, axis=0)
            v = np.where(sum_q2 > 0.0, 1.0 / sum_q2, 1.0)
            w = 1.0 / (1.0 + 4.0 * (1.0 - np.minimum(rho, 1.0)) ** 2 * (v - 1.0))
            a = 1.0 + w * (q0 * c0 - 1.0 + np.sum(q * (1.0 - dense + dense * (r2 * x)[:, None]), 0))
            b = w[None, :] * q * dense * (1.0 - r2)[:, None]  # b[i, j]
            ca2 = np.linalg.solve(np.eye(n) - b.T, a)
        else:
            coo = p.tocoo()
            i, j, pij = coo.row, coo.col, coo.data
            qij = lam[i] * pij * inv_lam[j]
            sum_q2 = q0**2 + np.bincount(j, weights=qij**2, minlength=n)
            v = np.where(sum_q2 > 0.0, 1.0 / sum_q2, 1.0)
            w = 1.0 / (1.0 + 4.0 * (1.0 - np.minimum(rho, 1.0)) ** 2 * (v - 1.0))
            flow = qij * (1.0 - pij + pij * r2[i] * x[i])
            a = 1.0 + w * (q0 * c0 - 1.0 + np.bincount(j, weights=flow, minlength=n))
            bij = w[j] * qij * pij * (1.0 - r2[i])
            b_t = sp.csc_array((bij, (j, i)), shape=(n, n))
            ca2 = _sparse_solve(sp.csc_array(sp.identity(n, format="csc") - b_t), a)
    ca2 = np.where(lam > 0.0, np.maximum(ca2, 0.0), 1.0)
    mm = _mmc(lam, mu, m)
    if waiting == "allen_cunneen":
        wq = np.where(np.isfinite(mm["wq"]), 0.5 * (ca2 + cs) * mm["wq"], np.inf)
    else:
        wq = _kingman(ca2, cs, rho, 1.0 / mu, m)
    stable = np.isfinite(wq)
    w_node = wq + 1.0 / mu
    node = {
        "utilization": rho,
        "lq": np.where(stable, lam * wq, np.inf),
        "wq": wq,
        "l": np.where(stable, lam * w_node, np.inf),
        "w": w_node,
    }
    return _result(gamma, lam, node, ca2, shape)
