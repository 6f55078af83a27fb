"""mkdocs hook: replace ``{{ validation_table("domain") }}`` with a table of published reference
values against the values opsmodels computes now, so the docs can never drift from the code."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

_PATTERN = re.compile(r"\{\{\s*validation_table\(\"(\w+)\"\)\s*\}\}")


def _cases(domain: str) -> list[tuple[str, str, float, float, float]]:
    # The validation modules share the test suite's reference data (tests.*): the project root
    # must be importable when they run (mkdocs restores sys.path after loading a hook, so this
    # happens here, at call time, not at import).
    root = str(Path(__file__).resolve().parent.parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    path = Path(__file__).parent.parent / "validation" / f"{domain}.py"
    spec = importlib.util.spec_from_file_location(f"validation_{domain}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.cases())


def _table(domain: str) -> str:
    rows = [
        "| source | quantity | published | opsmodels | tolerance | agrees |",
        "|---|---|---|---|---|---|",
    ]
    for source, quantity, published, ours, tolerance in _cases(domain):
        ok = abs(ours - published) <= tolerance
        if not ok:
            raise RuntimeError(f"validation case disagrees: {source} {quantity}: {ours} vs {published}")
        rows.append(
            f"| {source} | {quantity} | {published:.6g} | {ours:.6g} | {tolerance:.1g} | yes |"
        )
    return "\n".join(rows)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return _PATTERN.sub(lambda m: _table(m.group(1)), markdown)
