"""Lean waste metrics: OEE and the ISO 22400 KPIs, flow metrics, value streams, waste from event
logs, yields, kanban sizing and line balancing.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

__all__: list[str] = []
