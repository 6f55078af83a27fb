"""Run rules (tests for special causes) on control-chart statistics: Western Electric and Nelson."""

from __future__ import annotations

import numbers
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray, IntArray
from opsmodels._validation import Interval, OneOf, as_float_array, check, invalid

__all__ = ["RuleViolations", "run_rules"]

_FUNC = "run_rules"

RuleSet = Literal["western_electric", "nelson"]
BoolArray = npt.NDArray[np.bool_]

# Kind of each rule and its default length: an int K (K points in a row) or (k, m) for
# "k of m consecutive points". Kinds: "limits" (beyond the 3-sigma or given limits),
# "same_side", "trend", "alternating", "beyond_2_same_side", "beyond_1_same_side",
# "within_1", "beyond_1_either_side".
_RULES: dict[str, dict[int, tuple[str, int | tuple[int, int]]]] = {
    "western_electric": {
        1: ("limits", 1),
        2: ("beyond_2_same_side", (2, 3)),
        3: ("beyond_1_same_side", (4, 5)),
        4: ("same_side", 8),
    },
    "nelson": {
        1: ("limits", 1),
        2: ("same_side", 9),
        3: ("trend", 6),
        4: ("alternating", 14),
        5: ("beyond_2_same_side", (2, 3)),
        6: ("beyond_1_same_side", (4, 5)),
        7: ("within_1", 15),
        8: ("beyond_1_either_side", 8),
    },
}

# Least admissible run length per kind (a 1-point "trend" or 2-point "alternation" is no pattern).
_MIN_LENGTH = {
    "same_side": 1,
    "trend": 2,
    "alternating": 3,
    "within_1": 1,
    "beyond_1_either_side": 1,
}


def _describe(kind: str, length: int | tuple[int, int]) -> str:
    if kind == "limits":
        return "1 point beyond the control limits (3 sigma)"
    if isinstance(length, tuple):
        k, m = length
        zone = 2 if kind == "beyond_2_same_side" else 1
        return f"{k} of {m} points beyond {zone} sigma on the same side"
    return {
        "same_side": f"{length} points in a row on the same side of the center line",
        "trend": f"{length} points in a row all increasing or all decreasing",
        "alternating": f"{length} points in a row alternating up and down",
        "within_1": f"{length} points in a row within 1 sigma of the center line",
        "beyond_1_either_side": f"{length} points in a row beyond 1 sigma (either side)",
    }[kind]


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleViolations(Result):
    """Points flagged by run rules.

    Attributes
    ----------
    rule : ndarray of int64
        Rule number of each flag (Western Electric 1-4 or Nelson 1-8).
    index : ndarray of int64
        0-based position of the flagged point; flags are sorted by (index, rule).
    rule_set : str
        ``"western_electric"`` or ``"nelson"``.
    descriptions : dict of int to str
        What each applied rule tests, with the run lengths used (keyed by rule number).
        Defaults to the standard wording of the rule set.

    Examples
    --------
    >>> v = run_rules([0, 4, 0, 0], center=0, sigma=1)
    >>> len(v), list(v), v.points()
    (1, [(1, 1)], array([1]))
    """

    rule: IntArray
    index: IntArray
    rule_set: str
    descriptions: dict[int, str] | None = None

    def __len__(self) -> int:
        """Number of flags."""
        return int(self.index.size)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """Iterate over the (rule, index) pairs."""
        return iter(zip(self.rule.tolist(), self.index.tolist(), strict=True))

    def points(self, rule: int | None = None) -> IntArray:
        """Unique flagged indices, sorted (only those of ``rule`` when given).

        Parameters
        ----------
        rule : int, optional
            A rule number of :attr:`rule_set`.

        Returns
        -------
        ndarray of int64
        """
        if rule is None:
            return np.unique(self.index)
        known = _RULES.get(self.rule_set, {})
        check("RuleViolations.points", "rule", rule, OneOf(*known))
        return np.unique(self.index[self.rule == rule])

    def to_frame(self) -> pd.DataFrame:
        """One row per flag with columns ``rule``, ``index`` and ``description``."""
        texts = self._texts()
        return pd.DataFrame(
            {
                "rule": self.rule,
                "index": self.index,
                "description": [texts.get(r, "") for r in self.rule.tolist()],
            }
        )

    def _texts(self) -> dict[int, str]:
        if self.descriptions is not None:
            return dict(self.descriptions)
        return {r: _describe(*spec) for r, spec in _RULES.get(self.rule_set, {}).items()}


def _floats(name: str, data: object, *, ndim: int | tuple[int, ...], finite: bool) -> FloatArray:
    """Convert to float64 with run_rules's wording for NaN (there is no nan_policy here)."""
    hint = "drop missing points first" if name == "values" else False
    arr = as_float_array(_FUNC, name, data, ndim=ndim, min_size=0, allow_inf=True, nan_hint=hint)
    if finite and arr.size:  # an empty series of points is valid (no flags)
        check(_FUNC, name, arr, Interval())
    return arr


def _per_point(name: str, data: object, n: int, *, finite: bool = True) -> FloatArray:
    """A scalar or a per-point array of length n."""
    arr = _floats(name, data, ndim=(0, 1), finite=finite)
    if arr.ndim == 1 and arr.size not in (1, n):
        raise invalid(
            _FUNC,
            name,
            f"a scalar or an array of length {n} (one per point)",
            f"<{arr.size} values>",
        )
    return arr.reshape(-1) if arr.ndim == 1 and arr.size == 1 else arr


def _run_length(flag: BoolArray) -> IntArray:
    """Length of the run of True ending at each position (0 where False)."""
    idx = np.arange(flag.size, dtype=np.int64)
    last_false = np.maximum.accumulate(np.where(flag, -1, idx))
    return idx - last_false


def _window_count(flag: BoolArray, m: int) -> IntArray:
    """Number of True among the m points ending at each position (fewer at the start)."""
    c = np.concatenate(([0], np.cumsum(flag, dtype=np.int64)))
    hi = np.arange(1, flag.size + 1)
    return c[hi] - c[np.maximum(hi - m, 0)]


def _apply(
    kind: str,
    length: int | tuple[int, int],
    x: FloatArray,
    z: FloatArray,
    lcl: FloatArray,
    ucl: FloatArray,
) -> BoolArray:
    n = x.size
    if kind == "limits":
        return (x > ucl) | (x < lcl)
    if isinstance(length, tuple):
        k, m = length
        zone = 2.0 if kind == "beyond_2_same_side" else 1.0
        up, down = z > zone, z < -zone
        return (up & (_window_count(up, m) >= k)) | (down & (_window_count(down, m) >= k))
    if kind == "same_side":
        return (_run_length(z > 0) >= length) | (_run_length(z < 0) >= length)
    if kind == "within_1":
        return _run_length(np.abs(z) <= 1.0) >= length
    if kind == "beyond_1_either_side":
        return _run_length(np.abs(z) > 1.0) >= length
    out = np.zeros(n, dtype=bool)
    d = np.diff(x)
    if kind == "trend":
        # points i-K+1..i all increasing: K-1 consecutive positive differences end at i-1
        steps = (_run_length(d > 0) >= length - 1) | (_run_length(d < 0) >= length - 1)
        out[1:] = steps
        return out
    # alternating: consecutive differences of opposite signs; K points = K-2 sign changes
    s = np.sign(d)
    flips = s[1:] * s[:-1] < 0
    out[2:] = _run_length(flips) >= length - 2
    return out


def _is_int(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, numbers.Integral | np.integer)


def _lengths(
    rules: str, enabled: Collection[int], run_lengths: object
) -> dict[int, tuple[str, int | tuple[int, int]]]:
    table = dict(_RULES[rules])
    if run_lengths is None:
        return {r: table[r] for r in enabled}
    if not isinstance(run_lengths, Mapping):
        raise invalid(_FUNC, "run_lengths", "None or a mapping rule number -> length", run_lengths)
    for rule, value in run_lengths.items():
        if isinstance(rule, bool) or rule not in table or table[rule][0] == "limits":
            allowed = sorted(r for r in table if table[r][0] != "limits")
            raise invalid(
                _FUNC,
                "run_lengths",
                f"keyed by rule numbers of the {rules!r} set with a run ({allowed}); "
                "rule 1 takes lcl/ucl instead",
                f"<key {rule!r}>",
            )
        kind, default = table[rule]
        if isinstance(default, tuple):
            if _is_int(value):
                pair = (int(value), int(value) + 1)  # Minitab: K out of K + 1 points
            elif (
                isinstance(value, tuple | list)
                and len(value) == 2
                and all(_is_int(v) for v in value)
            ):
                pair = (int(value[0]), int(value[1]))
            else:
                pair = (0, 0)
            if not 1 <= pair[0] <= pair[1]:
                raise invalid(
                    _FUNC,
                    "run_lengths",
                    f"for rule {rule} an integer K >= 1 (K of K+1 points) or a pair (k, m) "
                    "with 1 <= k <= m",
                    value,
                )
            table[rule] = (kind, pair)
        else:
            low = _MIN_LENGTH[kind]
            if not _is_int(value) or int(value) < low:
                raise invalid(_FUNC, "run_lengths", f"for rule {rule} an integer >= {low}", value)
            table[rule] = (kind, int(value))
    return {r: table[r] for r in enabled}


def run_rules(
    values: ArrayLike | pd.Series[float],
    *,
    center: float | ArrayLike,
    sigma: float | ArrayLike,
    rules: RuleSet = "western_electric",
    lcl: float | ArrayLike | None = None,
    ucl: float | ArrayLike | None = None,
    enabled: Collection[int] | None = None,
    run_lengths: Mapping[int, int | tuple[int, int]] | None = None,
) -> RuleViolations:
    r"""Apply the Western Electric or Nelson run rules to a sequence of plotted statistics.

    Parameters
    ----------
    values : array_like or Series
        The plotted statistics in time order (1-D, finite; NaN is not allowed: drop missing
        points first). Positions in the result are 0-based positions in ``values``.
    center : float or array_like
        Center line, a scalar or one value per point (stepped limits).
    sigma : float or array_like
        Standard deviation of the plotted statistic (> 0), scalar or per point: the zones are
        ``center ± k·sigma`` and the 3-sigma limits ``center ± 3·sigma``.
    rules : {"western_electric", "nelson"}
        Rule set: Western Electric rules 1-4 or Nelson rules 1-8 (table in Notes).
    lcl, ucl : float or array_like, optional
        Control limits for rule 1 (scalar or per point, ``-inf``/``inf`` for none) replacing
        ``center ∓ 3·sigma``, e.g. limits floored at 0 or probability limits.
    enabled : collection of int, optional
        Rule numbers of the set to apply (default: all rules of the set). Control charts
        use ``enabled={1}``.
    run_lengths : mapping of int to int or (int, int), optional
        Overrides of the run length K of rules with a run, keyed by rule number (Minitab's
        "K" of each test). For the "k of m" rules (Western Electric 2 and 3, Nelson 5 and 6)
        an integer K means K out of K + 1 points (Minitab's convention) and a pair ``(k, m)``
        means k out of m points. Example: ``{2: 7}`` with ``rules="nelson"`` flags 7 points
        in a row on one side.

    Returns
    -------
    RuleViolations
        ``rule`` and ``index`` of every flag, sorted by (index, rule); a point breaking
        several rules appears once per rule.

    Raises
    ------
    InvalidInputError
        If ``values`` is not 1-D finite numeric data; ``center``, ``sigma``, ``lcl`` or
        ``ucl`` is neither a scalar nor one value per point; any sigma <= 0; any lcl >= ucl;
        ``rules`` is unknown; ``enabled`` or ``run_lengths`` names a rule outside the set or
        gives an impossible length.

    Notes
    -----
    With :math:`z_i = (x_i - \text{center}_i)/\sigma_i`:

    - Rule 1 (both sets): one point beyond the limits, :math:`x_i > UCL_i` or
      :math:`x_i < LCL_i` (default limits :math:`\text{center}_i \pm 3\sigma_i`).
    - Western Electric 2, Nelson 5: 2 of 3 consecutive points with :math:`z > 2` (or with
      :math:`z < -2`).
    - Western Electric 3, Nelson 6: 4 of 5 consecutive points with :math:`z > 1` (or with
      :math:`z < -1`).
    - Western Electric 4, Nelson 2: 8 (Western Electric) or 9 (Nelson) points in a row with
      :math:`z > 0` (or all with :math:`z < 0`).
    - Nelson 3: 6 points in a row all increasing (or all decreasing).
    - Nelson 4: 14 points in a row alternating up and down.
    - Nelson 7: 15 points in a row with :math:`|z| \le 1`.
    - Nelson 8: 8 points in a row with :math:`|z| > 1` (on either side).

    "Beyond" is strict and "within" includes the boundary. A point exactly on the center
    line is on neither side (it ends a same-side run); equal consecutive values end a trend
    and an alternation.

    Flags (the FIELD_NOTES convention): for the runs (K in a row) a point is flagged when the
    run ending at it has reached length K, so the K-th point of the run and every later point
    of the same run are flagged, never the first K - 1. For the "k of m" rules a point is
    flagged when it is itself beyond the zone and at least k of the m points ending at it
    (fewer at the start of the series) are beyond the zone on the same side. This flags the
    point that completes the pattern and every later beyond-zone point that keeps it going.
    Minitab marks the last point of the window; the two agree whenever that point is itself
    beyond the zone, and here a window ending on a point inside the zone flags nothing (that
    point is no evidence of a shift). Rule 1 flags every point outside the limits.

    Cost: a few passes of cumulative sums and running maxima over the data, O(n) memory;
    about 0.2 s for a million points with all Nelson rules.

    References
    ----------
    .. [1] Western Electric Company, *Statistical Quality Control Handbook*, 1956, pp. 25-28.
    .. [2] L. S. Nelson, "The Shewhart control chart - tests for special causes", *Journal of
       Quality Technology* 16(4), 1984, 237-239. doi:10.1080/00224065.1984.11978921
    .. [3] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 5.3.6 (Table 5.1, sensitizing rules).

    Examples
    --------
    >>> x = [0.5, 2.5, 2.2, 0.1, -3.4, 1.2, 1.1, 1.3, 1.4]
    >>> v = run_rules(x, center=0.0, sigma=1.0)
    >>> list(v)
    [(2, 2), (1, 4), (3, 8)]
    >>> v.to_frame()
       rule  index                                 description
    0     2      2  2 of 3 points beyond 2 sigma on the same side
    1     1      4  1 point beyond the control limits (3 sigma)
    2     3      8  4 of 5 points beyond 1 sigma on the same side
    >>> run_rules(x, center=0.0, sigma=1.0, rules="nelson", enabled={1}).points()
    array([4])
    >>> run_rules(range(7), center=3, sigma=5, rules="nelson").points(3)
    array([5, 6])
    """
    check(_FUNC, "rules", rules, OneOf("western_electric", "nelson"))
    table = _RULES[rules]
    if enabled is None:
        chosen = sorted(table)
    else:
        if isinstance(enabled, str | bytes | Mapping) or not isinstance(enabled, Collection):
            raise invalid(
                _FUNC, "enabled", f"None or a collection of rule numbers of {rules!r}", enabled
            )
        for r in enabled:
            if isinstance(r, bool | np.bool_):
                raise invalid(_FUNC, "enabled", f"rule numbers of {rules!r}", r)
            check(_FUNC, "enabled", r, OneOf(*table))
        chosen = sorted({int(r) for r in enabled})
    specs = _lengths(rules, chosen, run_lengths)

    x = _floats("values", values, ndim=1, finite=True)
    n = x.size
    c = _per_point("center", center, n)
    s = _per_point("sigma", sigma, n)
    check(_FUNC, "sigma", s, Interval(0, None, closed="neither"))
    lo = c - 3.0 * s if lcl is None else _per_point("lcl", lcl, n, finite=False)
    hi = c + 3.0 * s if ucl is None else _per_point("ucl", ucl, n, finite=False)
    if lcl is not None or ucl is not None:
        bad = np.flatnonzero(np.broadcast_to(lo >= hi, (n,)) if n else [])
        if bad.size:
            i = int(bad[0])
            lo_i = float(np.broadcast_to(lo, (n,))[i])
            hi_i = float(np.broadcast_to(hi, (n,))[i])
            raise invalid(
                _FUNC, "lcl", f"< ucl ({hi_i!r}) at every point", f"<{lo_i!r} at position {i}>"
            )

    with np.errstate(over="ignore"):
        z = (x - c) / s
    if not specs or n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return RuleViolations(
            rule=empty, index=empty.copy(), rule_set=rules, descriptions=_texts(specs)
        )
    numbers_ = np.fromiter(specs, dtype=np.int64, count=len(specs))
    flags = np.empty((len(specs), n), dtype=bool)
    for j, (kind, length) in enumerate(specs.values()):
        flags[j] = _apply(kind, length, x, z, lo, hi)
    index, column = np.nonzero(flags.T)  # row-major order: sorted by index, then rule
    return RuleViolations(
        rule=numbers_[column],
        index=index.astype(np.int64, copy=False),
        rule_set=rules,
        descriptions=_texts(specs),
    )


def _texts(specs: Mapping[int, tuple[str, Any]]) -> dict[int, str]:
    return {r: _describe(kind, length) for r, (kind, length) in specs.items()}
