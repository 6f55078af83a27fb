"""Within-subgroup and overall standard-deviation estimators, vectorized over characteristics.

Internal module of :func:`opsmodels.sixsigma.capability`. Every function works on a *layout*:
the measurements as one float array sorted by characteristic (and, inside a characteristic, by
subgroup, keeping the data order), with offsets marking where each characteristic (and each
subgroup) starts. All statistics of all characteristics come out of a handful of
``np.add.reduceat`` passes, with no Python loop over characteristics, subgroups or values.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import integrate, optimize, special

from opsmodels._typing import FloatArray, IntArray
from opsmodels.sixsigma._constants import c4, control_constants, d2

__all__: list[str] = []

SigmaMethod = Literal[
    "auto", "pooled", "rbar", "sbar", "moving_range", "median_moving_range", "mssd"
]
SUBGROUP_METHODS = ("pooled", "rbar", "sbar")
INDIVIDUAL_METHODS = ("moving_range", "median_moving_range", "mssd")

# Minitab's adjustment factor f_n for the degrees of freedom of S-bar/c4 (nu = f_n k (n-1)),
# by average subgroup size: n = 2, 3, 4, 5, 6-7, 8-9, 10-17, 18-64, >= 65.
_FN_LOWER_SIZES = np.array([2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 18.0, 65.0])
_FN_VALUES = np.array([0.88, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1.00])


@dataclass(frozen=True, slots=True)
class Layout:
    """Measurements sorted by characteristic then subgroup, with segment offsets.

    ``char_off`` has K+1 entries (characteristic k holds ``x[char_off[k]:char_off[k+1]]``).
    ``sub_off`` (G+1 entries) marks subgroups and ``char_sub_off`` (K+1 entries) says which
    subgroups belong to each characteristic; both are None for individual observations.
    """

    x: FloatArray
    char_off: IntArray
    sub_off: IntArray | None
    char_sub_off: IntArray | None
    width: int | None = None  # equal subgroup size of one characteristic (x reshapes to rows)
    total: float | None = None  # sum of x when already known (one characteristic)

    @property
    def counts(self) -> IntArray:
        return np.diff(self.char_off)

    @property
    def k(self) -> int:
        return len(self.char_off) - 1


@dataclass(frozen=True, slots=True)
class Moments:
    """Per-characteristic count, mean and sum of squared deviations (plus subgroup data)."""

    n: IntArray
    mean: FloatArray
    ss: FloatArray  # sum of squared deviations from the characteristic mean
    sub_n: IntArray | None = None
    sub_mean: FloatArray | None = None
    sub_ss: FloatArray | None = None  # per subgroup, about the subgroup mean
    # values below / above (lsl, usl), counted in the same pass (one characteristic only)
    beyond: tuple[int, int] | None = None


def segment_sum(values: Any, starts: IntArray) -> FloatArray:
    """Sums of consecutive non-empty segments starting at ``starts`` (one pass)."""
    if len(starts) == 1:
        return np.array([np.sum(values[starts[0] :], dtype=np.float64)])
    return np.add.reduceat(values, starts, dtype=np.float64)


def moments(layout: Layout, limits: tuple[float, float] | None = None) -> Moments:
    """Means and sums of squared deviations of every characteristic (and subgroup).

    Individuals: two passes (mean, then squared deviations). Subgroups: subgroup means and
    within sums of squares, from which the characteristic's overall sum of squares follows
    without another pass over the data (sum of within plus between sums of squares).
    With ``limits`` (lsl, usl; NaN = none) and one characteristic, the values beyond them are
    counted in the same blockwise pass.
    """
    x, n = layout.x, layout.counts
    if layout.sub_off is None:
        if layout.k == 1:
            total = float(np.sum(x)) if layout.total is None else layout.total
            mean = np.array([total / n[0]])
            ss_one, beyond = _chunked_ss(x, float(mean[0]), limits)
            return Moments(n=n, mean=mean, ss=np.array([ss_one]), beyond=beyond)
        mean = segment_sum(x, layout.char_off[:-1]) / n
        dev = x - np.repeat(mean, n)
        np.multiply(dev, dev, out=dev)
        return Moments(n=n, mean=mean, ss=segment_sum(dev, layout.char_off[:-1]))
    assert layout.char_sub_off is not None
    if layout.width is not None:  # one characteristic, equal subgroups: scalar sizes
        sub_n = np.broadcast_to(np.int64(layout.width), (len(layout.sub_off) - 1,))
        sub_mean, sub_ss, beyond = _equal_subgroup_moments(x, layout.width, limits)
        grand = float(np.mean(sub_mean))
        between_ss = layout.width * _chunked_ss(sub_mean, grand)[0]
        return Moments(
            n=n,
            mean=np.array([grand]),
            ss=np.array([float(np.sum(sub_ss)) + between_ss]),
            sub_n=sub_n,
            sub_mean=sub_mean,
            sub_ss=sub_ss,
            beyond=beyond,
        )
    sub_n = np.diff(layout.sub_off)
    sub_mean = segment_sum(x, layout.sub_off[:-1]) / sub_n
    dev = x - np.repeat(sub_mean, sub_n)
    np.multiply(dev, dev, out=dev)
    sub_ss = segment_sum(dev, layout.sub_off[:-1])
    starts = layout.char_sub_off[:-1]
    mean = segment_sum(sub_n * sub_mean, starts) / n
    if layout.k == 1:
        between = sub_n * (sub_mean - mean[0]) ** 2
    else:
        char_of_sub = np.repeat(np.arange(layout.k), np.diff(layout.char_sub_off))
        between = sub_n * (sub_mean - mean[char_of_sub]) ** 2
    ss = segment_sum(sub_ss, starts) + segment_sum(between, starts)
    return Moments(n=n, mean=mean, ss=ss, sub_n=sub_n, sub_mean=sub_mean, sub_ss=sub_ss)


# Values per block in the cache-resident passes. Blocks stay below OpenBLAS's threading
# threshold for dot products (10,000), which otherwise spawns threads on every call.
_CHUNK = 8192


def _chunked_ss(
    x: FloatArray, center: float, limits: tuple[float, float] | None = None
) -> tuple[float, tuple[int, int] | None]:
    """Sum of (x - center)^2 block by block (no array of the data's size is allocated),
    with the numbers of values below and above ``limits`` counted in the same pass."""
    buf = np.empty(min(_CHUNK, x.size))
    total = 0.0
    below = above = 0
    for start in range(0, x.size, _CHUNK):  # a loop over blocks of 8192 values
        block = x[start : start + _CHUNK]
        if limits is not None:
            below, above = _count_block(block, limits, below, above)
        d = buf[: block.size]
        np.subtract(block, center, out=d)
        total += float(np.dot(d, d))
    return total, (below, above) if limits is not None else None


def _count_block(
    block: FloatArray, limits: tuple[float, float], below: int, above: int
) -> tuple[int, int]:
    low, high = limits
    if low == low:  # not NaN
        below += int(np.count_nonzero(block < low))
    if high == high:
        above += int(np.count_nonzero(block > high))
    return below, above


def _chunked_diff_sum(x: FloatArray, *, square: bool) -> float:
    """Sum of |x[i+1] - x[i]| (or of its square) block by block."""
    m = x.size - 1
    buf = np.empty(max(min(_CHUNK, m), 0))
    total = 0.0
    for start in range(0, m, _CHUNK):
        stop = min(start + _CHUNK, m)
        d = buf[: stop - start]
        np.subtract(x[start + 1 : stop + 1], x[start:stop], out=d)
        if square:
            total += float(np.dot(d, d))
        else:
            np.abs(d, out=d)
            total += float(np.sum(d))
    return total


def _equal_subgroup_moments(
    x: FloatArray, width: int, limits: tuple[float, float] | None = None
) -> tuple[FloatArray, FloatArray, tuple[int, int] | None]:
    """Row means and within sums of squares of x viewed as rows of ``width`` values.

    One cache-resident pass over blocks of rows gives row sums, row sums of squares (column
    by column, no BLAS) and the counts beyond ``limits``; ss = S2 - S1^2/n, first about 0
    and, when many rows would lose accuracy that way, again about a shift c (the mean of the
    first values). Rows where cancellation could still cost more than ~1e-8 relative
    accuracy (S1^2/n > 1e8 ss) are recomputed two-pass, so the result is always accurate.
    """
    rows = x.reshape(-1, width)
    s1, s2, beyond = _row_sums(rows, 0.0, limits)
    sub_ss, risky = _cancelling(s1, s2, width)
    shift = 0.0
    if risky.size > rows.shape[0] // 100:
        shift = float(np.mean(x[: min(x.size, 1024)]))
        s1, s2, _ = _row_sums(rows, shift, None)
        sub_ss, risky = _cancelling(s1, s2, width)
    np.maximum(sub_ss, 0.0, out=sub_ss)
    if risky.size:
        part = rows[risky]
        dev = part - part.mean(axis=1, keepdims=True)
        sub_ss[risky] = np.einsum("ij,ij->i", dev, dev)
    return s1 / width + shift, sub_ss, beyond


def _row_sums(
    rows: FloatArray, shift: float, limits: tuple[float, float] | None
) -> tuple[FloatArray, FloatArray, tuple[int, int] | None]:
    """Row sums and row sums of squares of ``rows - shift``, block by block of rows."""
    count, width = rows.shape
    s1, s2 = np.empty(count), np.empty(count)
    block = max(1, (32 * _CHUNK) // width)
    size = min(block, count)
    work = np.empty((size, width)) if shift != 0.0 else None
    square = np.empty(size)
    below = above = 0
    for start in range(0, count, block):  # a loop over blocks of rows
        part = rows[start : start + block]
        m = part.shape[0]
        if limits is not None:
            below, above = _count_block(part, limits, below, above)
        if work is not None:
            part = np.subtract(part, shift, out=work[:m])
        a, b, q = s1[start : start + m], s2[start : start + m], square[:m]
        np.copyto(a, part[:, 0])
        np.multiply(part[:, 0], part[:, 0], out=b)
        for j in range(1, width):  # a pass per column of the block
            a += part[:, j]
            np.multiply(part[:, j], part[:, j], out=q)
            b += q
    return s1, s2, (below, above) if limits is not None else None


def _cancelling(s1: FloatArray, s2: FloatArray, width: int) -> tuple[FloatArray, IntArray]:
    """S2 - S1^2/n and the rows where it would lose more than ~1e-8 relative accuracy."""
    square = s1 * s1
    square /= width
    ss = s2 - square
    if float(square.max()) <= 1e8 * float(ss.min()):  # the common case: no row at risk
        return ss, np.empty(0, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        return ss, np.flatnonzero(~(square <= 1e8 * ss))


@functools.lru_cache(maxsize=64)
def median_range_constant(span: int) -> float:
    """Median of the range of ``span`` independent standard normals (Minitab's d4).

    For span 2 the range is sqrt(2)|Z|, so the median is exactly sqrt(2) * Phi^-1(0.75)
    = 0.95387; larger spans solve P(R <= r) = 1/2 by quadrature of the range distribution.
    """
    if span == 2:
        return math.sqrt(2.0) * float(special.ndtri(0.75))

    def cdf(r: float) -> float:
        def integrand(t: float) -> float:
            band = special.ndtr(t + r) - special.ndtr(t)
            return float(np.exp(-0.5 * t * t) / math.sqrt(2 * math.pi) * band ** (span - 1))

        return span * float(integrate.quad(integrand, -12.0, 12.0, limit=200)[0])

    return float(optimize.brentq(lambda r: cdf(r) - 0.5, 1e-6, 20.0, xtol=1e-12))


@functools.lru_cache(maxsize=1024)
def _mssd_constant_exact(count: int) -> float:
    """E[sqrt(MSSD)]/sigma for ``count`` normal observations, by one quadrature.

    MSSD = sum(d_i^2)/(2(N-1)) is a weighted sum of chi-square(1) variables with weights
    (2 - 2 cos(pi k/N)) / (2(N-1)), k = 1..N-1 (eigenvalues of the first-difference form),
    whose Laplace transform is prod (1 + 2 w_k t)^(-1/2); then
    E[sqrt(Q)] = (1/(2 sqrt(pi))) * integral_0^inf t^(-3/2) (1 - E[exp(-tQ)]) dt.
    """
    k = np.arange(1, count)
    weights = (2.0 - 2.0 * np.cos(np.pi * k / count)) / (2.0 * (count - 1))

    def integrand(u: float) -> float:  # t = exp(u)
        t = math.exp(u)
        # 1 - E[exp(-tQ)] without cancellation for small t
        return -math.expm1(-0.5 * float(np.sum(np.log1p(2.0 * weights * t)))) / math.sqrt(t)

    value = integrate.quad(integrand, -90.0, 90.0, limit=200, epsabs=0.0, epsrel=1e-11)[0]
    return float(0.5 / math.sqrt(math.pi) * value)


def _mssd_constant(count: FloatArray) -> FloatArray:
    """Unbiasing constant of sqrt(MSSD) from ``count`` observations (per characteristic).

    Exact (:func:`_mssd_constant_exact`) up to 1,000 observations; above, the chi-square
    match nu = 2(N-1)^2/(3N-4) degrees of freedom (MSSD variance sigma^4 (3N-4)/(N-1)^2,
    von Neumann et al., 1941) with c4(nu+1), whose error is below 1e-5 there.
    """
    sizes, inverse = np.unique(count.astype(np.int64), return_inverse=True)
    nu = 2.0 * (sizes - 1.0) ** 2 / (3.0 * sizes - 4.0)
    table = np.asarray(c4(nu + 1.0), dtype=np.float64).reshape(-1)
    for i, size in enumerate(sizes):  # a loop over distinct sample sizes
        if size <= 1000:
            table[i] = _mssd_constant_exact(int(size))
    return np.asarray(table[inverse].reshape(count.shape), dtype=np.float64)


def _moving_ranges(layout: Layout, span: int) -> FloatArray:
    """Ranges of ``span`` consecutive values; windows crossing a characteristic are zeroed."""
    x = layout.x
    if span == 2:
        mr = np.abs(np.diff(x))
    else:
        windows = np.lib.stride_tricks.sliding_window_view(x, span)
        mr = windows.max(axis=1) - windows.min(axis=1)
    if layout.k > 1:
        ends = layout.char_off[1:-1]
        for back in range(1, span):  # w-1 boundary windows per characteristic, no data loop
            mr[ends - back] = 0.0
    return mr


def within_sigma(
    layout: Layout,
    mom: Moments,
    method: str,
    *,
    span: int,
    unbias: bool,
    ranges: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Within sigma, Minitab's degrees of freedom and the estimator's count k per characteristic.

    Returns ``(sigma, dof, k)`` where ``k`` is the number of subgroups (subgroup methods) or
    observations (individual methods) each characteristic contributes. ``ranges`` gives the
    subgroup ranges when they are already known (aggregated input without the raw values).
    """
    n = mom.n.astype(np.float64)
    if method in INDIVIDUAL_METHODS:
        starts = layout.char_off[:-1]
        if method == "mssd":
            if layout.k == 1:
                sq = np.array([_chunked_diff_sum(layout.x, square=True)])
            else:
                d = np.diff(layout.x)
                d[layout.char_off[1:-1] - 1] = 0.0
                np.multiply(d, d, out=d)
                sq = segment_sum(d, starts)
            q = sq / (2.0 * (n - 1.0))
            sigma = np.sqrt(q)
            if unbias:
                sigma = sigma / _mssd_constant(n)
            return sigma, n - 1.0, n
        if method == "moving_range" and span == 2 and layout.k == 1:
            total = _chunked_diff_sum(layout.x, square=False)
            return np.array([total / (n[0] - 1.0) / d2(2)]), n - 1.0, n
        mr = _moving_ranges(layout, span)
        if method == "moving_range":
            sigma = segment_sum(mr, starts) / (n - span + 1.0) / d2(span)
        else:
            sigma = _segment_median(mr, layout, span) / median_range_constant(span)
        return sigma, n - span + 1.0, n
    assert mom.sub_n is not None
    assert mom.sub_ss is not None
    assert layout.char_sub_off is not None
    sub_starts = layout.char_sub_off[:-1]
    sub_n = mom.sub_n
    n_sub = np.diff(layout.char_sub_off).astype(np.float64)
    avg_size = n / n_sub
    if method == "pooled":
        if layout.width is not None:
            df = n_sub * (layout.width - 1.0)
        else:
            df = segment_sum(sub_n - 1.0, sub_starts)
        sigma = np.sqrt(segment_sum(mom.sub_ss, sub_starts) / df)
        if unbias:
            sigma = sigma / c4(df + 1.0)
        return sigma, df, n_sub
    sizes, inverse = np.unique(sub_n, return_inverse=True)
    usable = sizes >= 2
    kd2 = np.ones(len(sizes))
    kd3 = np.ones(len(sizes))
    kc4 = np.ones(len(sizes))
    if usable.any():
        const = control_constants(sizes[usable])
        kd2[usable], kd3[usable], kc4[usable] = const.d2, const.d3, const.c4
    singles = ~usable[inverse]  # subgroups of one value carry no within information
    if method == "rbar":
        r = _ranges(layout) if ranges is None else ranges
        weight = (kd2**2 / kd3**2)[inverse]
        weight[singles] = 0.0
        sigma = segment_sum(weight * r / kd2[inverse], sub_starts) / segment_sum(weight, sub_starts)
        dof = 0.9 * n_sub * (avg_size - 1.0)
        return sigma, dof, n_sub
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(mom.sub_ss / np.maximum(sub_n - 1.0, 1.0))
    weight = (kc4**2 / (1.0 - kc4**2))[inverse]
    weight[singles] = 0.0
    scale = kc4[inverse] if unbias else np.ones(len(sub_n))
    sigma = segment_sum(weight * s / scale, sub_starts) / segment_sum(weight, sub_starts)
    fn = _FN_VALUES[np.searchsorted(_FN_LOWER_SIZES, avg_size, side="right") - 1]
    return sigma, fn * n_sub * (avg_size - 1.0), n_sub


def _ranges(layout: Layout) -> FloatArray:
    """Range of every subgroup (column-wise passes when subgroups have one small size)."""
    assert layout.sub_off is not None
    if layout.width is not None and layout.width <= 16:
        rows = layout.x.reshape(-1, layout.width)
        high, low = rows[:, 0].copy(), rows[:, 0].copy()
        for j in range(1, layout.width):  # a pass per column, not per subgroup
            np.maximum(high, rows[:, j], out=high)
            np.minimum(low, rows[:, j], out=low)
        return np.asarray(high - low, dtype=np.float64)
    starts = layout.sub_off[:-1]
    return np.asarray(
        np.maximum.reduceat(layout.x, starts) - np.minimum.reduceat(layout.x, starts),
        dtype=np.float64,
    )


def _segment_median(mr: FloatArray, layout: Layout, span: int) -> FloatArray:
    """Median of the valid moving ranges of each characteristic (sort once, pick middles)."""
    counts = layout.counts - span + 1
    if layout.k == 1:
        return np.array([np.median(mr)])
    keep = np.ones(len(mr), dtype=bool)
    for back in range(1, span):
        keep[layout.char_off[1:-1] - back] = False
    ids = np.repeat(np.arange(layout.k), counts)
    values = mr[keep]
    ordered = values[np.lexsort((values, ids))]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    lo = ordered[starts + (counts - 1) // 2]
    hi = ordered[starts + counts // 2]
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)
