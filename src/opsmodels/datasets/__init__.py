"""Small synthetic sample data sets, generated deterministically, and their loaders."""

from __future__ import annotations

__all__: list[str] = []
