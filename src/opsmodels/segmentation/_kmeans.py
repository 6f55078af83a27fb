"""k-means segmentation of customers on standardized features: k-means++ seeding, best of
several runs by inertia, mean silhouette, and the elbow/silhouette table to choose k."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist

from opsmodels._results import Result
from opsmodels._typing import FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    Satisfies,
    as_float_array,
    as_generator,
    check,
    invalid,
    validate_params,
)

__all__ = ["KMeansResult", "kmeans", "kmeans_selection"]

#: Largest number of rows whose silhouette is computed exactly (above it: a seeded sample).
SILHOUETTE_EXACT_MAX = 20_000
_BLOCK = 2_048
_TOL = 1e-4  # Lloyd stops when the centres move less than this x the mean feature variance  # rows per block of pairwise distances in the silhouette


def _is_int(value: Any) -> bool:
    is_bool = isinstance(value, bool | np.bool_)
    return not is_bool and isinstance(value, numbers.Integral)


_COUNT = Satisfies(_is_int, "an integer")


@dataclass(frozen=True, slots=True, kw_only=True)
class KMeansResult(Result):
    """A k-means partition of the rows of a feature table.

    Attributes
    ----------
    labels : pandas.Series
        Cluster of each row (0 .. k-1), indexed like the input frame (0 .. n-1 for arrays).
        Clusters are numbered in order of first appearance in the rows.
    centers : pandas.DataFrame
        Cluster centres (the means mu_j of their rows) in the original units, one row per
        cluster, one column per feature, plus a ``size`` column (n_j, rows in the cluster).
    standardized_centers : pandas.DataFrame
        The same centres in standardized units (z = (x - mean) / sd); equal to ``centers``
        without ``size`` when ``standardize=False``.
    inertia : float
        Within-cluster sum of squares W = sum_i ||z_i - mu_(c_i)||^2 in standardized units.
    silhouette : float or None
        Mean silhouette coefficient in [-1, 1] (on the standardized features); ``None`` when
        k = 1 or k = n, where it is not defined.
    silhouette_rows : int
        Number of rows the silhouette was computed on (all rows up to 20,000; a seeded random
        sample of 20,000 rows above that).
    k : int
        Number of clusters.
    n_iter : int
        Lloyd iterations of the best run.
    """

    labels: pd.Series
    centers: pd.DataFrame
    standardized_centers: pd.DataFrame
    inertia: float
    silhouette: float | None
    silhouette_rows: int
    k: int
    n_iter: int


def _features(func: str, features: object) -> tuple[FloatArray, pd.Index, list[Any]]:
    """Features as an (n, d) float array, the row index and the column names."""
    values: Any
    index: pd.Index | None
    names: list[Any] | None
    if isinstance(features, pd.DataFrame):
        if features.shape[0] == 0 or features.shape[1] == 0:
            raise invalid(func, "features", "a non-empty numeric table", features)
        for column in features.columns:
            if features[column].dtype.kind not in "iufb":
                raise invalid(
                    func,
                    "features",
                    "numeric columns",
                    f"<column {column!r} of dtype {features[column].dtype}>",
                )
        values = features.to_numpy(dtype=np.float64, na_value=np.nan)
        index, names = features.index, list(features.columns)
    elif isinstance(features, pd.Series):
        values = features.to_numpy()
        index, names = features.index, [features.name if features.name is not None else 0]
    else:
        values, index, names = features, None, None
    x = as_float_array(func, "features", values, ndim=(1, 2), nan_hint=False)
    if x.ndim == 1:
        x = x[:, None]
    if index is None:
        index = pd.RangeIndex(x.shape[0])
    if names is None:
        names = list(range(x.shape[1]))
    return x, index, names


def _standardize(x: FloatArray, on: bool) -> tuple[FloatArray, FloatArray, FloatArray]:
    """z-scores (population sd; a constant column is only centred) with the mean and scale."""
    if not on:
        return x, np.zeros(x.shape[1]), np.ones(x.shape[1])
    mean = x.mean(axis=0)
    sd = x.std(axis=0)
    scale = np.where(sd > 0, sd, 1.0)
    return (x - mean) / scale, mean, scale


def _sq_dist(z: FloatArray, centers: FloatArray, z_sq: FloatArray) -> FloatArray:
    """Squared Euclidean distances (n, k), clipped at 0 against rounding."""
    d = z_sq[:, None] - 2.0 * (z @ centers.T) + np.einsum("ij,ij->i", centers, centers)[None, :]
    out: FloatArray = np.maximum(d, 0.0)
    return out


def _plus_plus(z: FloatArray, k: int, gen: np.random.Generator, z_sq: FloatArray) -> FloatArray:
    """k-means++ seeding (Arthur & Vassilvitskii 2007): each new centre drawn with probability
    proportional to the squared distance to the nearest centre already chosen."""
    n = z.shape[0]
    chosen = [int(gen.integers(n))]
    nearest = _sq_dist(z, z[chosen], z_sq)[:, 0]
    for _ in range(1, k):
        total = nearest.sum()
        # every row on a chosen centre (total 0): draw uniformly
        nxt = int(gen.choice(n, p=nearest / total)) if total > 0 else int(gen.integers(n))
        chosen.append(nxt)
        nearest = np.minimum(nearest, _sq_dist(z, z[[nxt]], z_sq)[:, 0])
    return z[chosen].copy()


def _lloyd(
    z: FloatArray, centers: FloatArray, max_iter: int, z_sq: FloatArray
) -> tuple[np.ndarray, FloatArray, float, int]:
    """Lloyd's iterations from the given centres; an emptied cluster takes the farthest row.

    Stops when no row changes cluster or when the centres move by less than
    ``_TOL`` x the mean feature variance (squared distance summed over centres)."""
    n, k = z.shape[0], centers.shape[0]
    labels = np.full(n, -1)
    tol = _TOL * float(z.var(axis=0).mean())
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (reported after the loop)
        d = _sq_dist(z, centers, z_sq)
        new = d.argmin(axis=1)
        counts = np.bincount(new, minlength=k)
        if (counts == 0).any():
            dmin = d[np.arange(n), new]
            for j in np.flatnonzero(counts == 0):
                far = int(dmin.argmax())
                new[far] = j
                dmin[far] = 0.0
            counts = np.bincount(new, minlength=k)
        if np.array_equal(new, labels):
            break
        labels = new
        sums = np.column_stack([np.bincount(labels, z[:, j], k) for j in range(z.shape[1])])
        moved = sums / counts[:, None]
        shift = float(np.einsum("ij,ij->", moved - centers, moved - centers))
        centers = moved
        if shift <= tol:
            break
    diff = z - centers[labels]
    inertia = float(np.einsum("ij,ij->", diff, diff))
    return labels, centers, inertia, n_iter


def _silhouette(z: FloatArray, labels: np.ndarray, k: int) -> float:
    """Mean silhouette (Rousseeuw 1987), exact, by blocks of pairwise distances."""
    n = z.shape[0]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), labels] = 1.0
    counts = onehot.sum(axis=0)
    s = np.empty(n)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        dist = cdist(z[start:stop], z)  # direct differences: exact zeros on the diagonal
        sums = dist @ onehot  # (block, k): total distance to each cluster
        own = labels[start:stop]
        rows = np.arange(stop - start)
        own_count = counts[own]
        with np.errstate(divide="ignore", invalid="ignore"):
            a = sums[rows, own] / (own_count - 1.0)
            means = np.where(counts[None, :] > 0, sums / counts[None, :], np.inf)
        means[rows, own] = np.inf
        b = means.min(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            si = (b - a) / np.maximum(a, b)
        # singletons score 0 (Rousseeuw's convention); so do rows with a = b = 0
        s[start:stop] = np.where((own_count > 1) & (np.maximum(a, b) > 0), si, 0.0)
    return float(s.mean())


@validate_params(
    {
        "k": [_COUNT],
        "standardize": InstanceOf(bool),
        "n_init": [_COUNT],
        "max_iter": [_COUNT],
    }
)
def kmeans(
    features: Any,
    k: int,
    *,
    rng: np.random.Generator | int | None = None,
    standardize: bool = True,
    n_init: int = 10,
    max_iter: int = 300,
) -> KMeansResult:
    """k-means clustering of rows on standardized features, k-means++ seeding, best of runs.

    Parameters
    ----------
    features : DataFrame or array_like
        One row per customer, one numeric column per feature (a 1-D array is one feature).
    k : int
        Number of clusters, 1 <= k <= number of rows.
    rng : numpy.random.Generator, int or None
        Seed or generator; the same seed gives the same result.
    standardize : bool
        Cluster on z-scores of each column (population standard deviation; a constant column
        is only centred). ``False`` clusters the raw values.
    n_init : int
        Independent k-means++ starts (>= 1); the run with the least inertia is kept.
    max_iter : int
        Most Lloyd iterations per run (>= 1).

    Returns
    -------
    KMeansResult
        ``labels``, ``centers`` (original units, with ``size``), ``standardized_centers``,
        ``inertia``, ``silhouette``, ``silhouette_rows``, ``k``, ``n_iter``.

    Raises
    ------
    InvalidInputError
        For non-numeric, missing or infinite features, an empty table, k < 1 or k > n, and
        n_init or max_iter < 1.

    Notes
    -----
    With z_i the standardized rows and mu_j the cluster means, k-means minimizes the inertia
    W = sum_i min_j ||z_i - mu_j||^2 by Lloyd's alternation (assign each row to its nearest
    centre, move each centre to its rows' mean) from k-means++ seeds [1]_, which are within
    O(log k) of the optimum in expectation. A cluster left empty takes the row farthest from
    its centre. A run stops when no row changes cluster, when the centres move (sum of
    squared shifts) by less than 1e-4 x the mean feature variance, or after ``max_iter``
    iterations.

    The silhouette of row i [2]_ is s_i = (b_i - a_i) / max(a_i, b_i), with a_i the mean
    distance to the other rows of its cluster and b_i the least mean distance to another
    cluster; s_i = 0 for a row alone in its cluster. The mean over rows is reported, computed
    exactly up to 20,000 rows and on a random sample of 20,000 rows (drawn from ``rng``) above
    that; ``silhouette_rows`` says which.

    References
    ----------
    .. [1] Arthur, D. and Vassilvitskii, S. (2007). k-means++: the advantages of careful
       seeding. Proceedings of the 18th ACM-SIAM Symposium on Discrete Algorithms, 1027-1035.
    .. [2] Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and
       validation of cluster analysis. Journal of Computational and Applied Mathematics 20,
       53-65. doi:10.1016/0377-0427(87)90125-7.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame(
    ...     {"visits": [1, 2, 1, 20, 21, 22], "spend": [10.0, 12.0, 11.0, 300.0, 310.0, 290.0]},
    ...     index=list("abcdef"),
    ... )
    >>> result = kmeans(customers, 2, rng=1)
    >>> result.labels.tolist()
    [0, 0, 0, 1, 1, 1]
    >>> result.centers.round(1)
       visits  spend  size
    0     1.3   11.0     3
    1    21.0  300.0     3
    >>> round(result.silhouette, 3)
    0.957
    """
    func = "kmeans"
    x, index, names = _features(func, features)
    n = x.shape[0]
    check(func, "k", k, Interval(1, n))
    check(func, "n_init", n_init, Interval(1, None))
    check(func, "max_iter", max_iter, Interval(1, None))
    gen = as_generator(func, rng)
    z, mean, scale = _standardize(x, standardize)
    return _fit(z, mean, scale, index, names, int(k), gen, int(n_init), int(max_iter))


def _fit(
    z: FloatArray,
    mean: FloatArray,
    scale: FloatArray,
    index: pd.Index,
    names: list[Any],
    k: int,
    gen: np.random.Generator,
    n_init: int,
    max_iter: int,
) -> KMeansResult:
    n = z.shape[0]
    z_sq = np.einsum("ij,ij->i", z, z)
    best: tuple[np.ndarray, FloatArray, float, int] | None = None
    for _ in range(n_init):
        run = _lloyd(z, _plus_plus(z, k, gen, z_sq), max_iter, z_sq)
        if best is None or run[2] < best[2]:
            best = run
    assert best is not None
    labels, centers, inertia, n_iter = best
    # number clusters by first appearance so that equal partitions give equal labels
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    relabel = np.empty(k, dtype=np.int64)
    relabel[order] = np.arange(k)
    labels = relabel[labels]
    centers = centers[order]
    sizes = np.bincount(labels, minlength=k)
    if 1 < k < n:
        if n > SILHOUETTE_EXACT_MAX:
            rows = np.sort(gen.choice(n, SILHOUETTE_EXACT_MAX, replace=False))
            sil: float | None = _silhouette(z[rows], labels[rows], k)
            used = SILHOUETTE_EXACT_MAX
        else:
            sil, used = _silhouette(z, labels, k), n
    else:
        sil, used = None, 0
    std_frame = pd.DataFrame(centers, columns=pd.Index(names))
    original = pd.DataFrame(centers * scale + mean, columns=pd.Index(names))
    original["size"] = sizes
    return KMeansResult(
        labels=pd.Series(labels, index=index, name="cluster"),
        centers=original,
        standardized_centers=std_frame,
        inertia=inertia,
        silhouette=sil,
        silhouette_rows=used,
        k=k,
        n_iter=n_iter,
    )


def kmeans_selection(
    features: Any, ks: Iterable[int] = range(2, 11), *, rng: np.random.Generator | int | None = None
) -> pd.DataFrame:
    """Inertia (elbow) and mean silhouette of :func:`kmeans` for each candidate k.

    Parameters
    ----------
    features : DataFrame or array_like
        As for :func:`kmeans` (standardized, 10 k-means++ starts per k).
    ks : iterable of int
        Candidate numbers of clusters, each in [1, number of rows] (default 2 to 10).
    rng : numpy.random.Generator, int or None
        Seed or generator; the same seed gives the same table.

    Returns
    -------
    pandas.DataFrame
        Columns ``k``, ``inertia`` and ``silhouette`` (NaN where undefined: k = 1 or k = n),
        one row per candidate in the order given.

    Raises
    ------
    InvalidInputError
        For bad features (see :func:`kmeans`), an empty ``ks`` or a k outside [1, n].

    Notes
    -----
    Choose k at the elbow, where the inertia W(k) stops falling steeply, or at the largest
    mean silhouette [1]_. W(k) of the best of the runs usually falls as k grows, but k-means
    is a local search: a run may miss the optimum.

    References
    ----------
    .. [1] Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and
       validation of cluster analysis. Journal of Computational and Applied Mathematics 20,
       53-65. doi:10.1016/0377-0427(87)90125-7.

    Examples
    --------
    >>> import numpy as np
    >>> gen = np.random.default_rng(0)
    >>> blobs = np.concatenate([gen.normal(c, 0.3, size=(30, 2)) for c in (0.0, 5.0, 10.0)])
    >>> table = kmeans_selection(blobs, range(2, 6), rng=0)
    >>> int(table.loc[table["silhouette"].idxmax(), "k"])
    3
    """
    func = "kmeans_selection"
    x, index, names = _features(func, features)
    n = x.shape[0]
    if isinstance(ks, str | bytes) or not isinstance(ks, Iterable):
        raise invalid(func, "ks", "an iterable of integers", ks)
    candidates = list(ks)
    if not candidates:
        raise invalid(func, "ks", "a non-empty iterable of integers", ks)
    for value in candidates:
        check(func, "ks", value, _COUNT)
        check(func, "ks", value, Interval(1, n))
    gen = as_generator(func, rng)
    z, mean, scale = _standardize(x, True)
    rows = []
    for value in candidates:
        fit = _fit(z, mean, scale, index, names, int(value), gen, 10, 300)
        sil = np.nan if fit.silhouette is None else fit.silhouette
        rows.append((int(value), fit.inertia, sil))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"])
