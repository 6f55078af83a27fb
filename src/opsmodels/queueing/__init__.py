"""Queueing models: Erlang B, C and A, M/M/c and M/M/c/K, M/G/1, Kingman/VUT, open (Jackson)
and closed (MVA) networks, and staffing.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

__all__: list[str] = []
