"""The public-API sweep: every public callable, given invalid values, raises InvalidInputError.

Each public function is registered with one valid call in its domain's
``tests/<domain>/api_calls.py`` (a ``VALID_CALLS`` dict: public name -> keyword arguments). The sweep replaces
one argument at a time with values no parameter accepts in that form and requires that the call
either succeeds (the value happens to be valid there) or raises InvalidInputError -- never any
other exception (no TypeError, IndexError, KeyError, bare numpy error). It also requires each
function to reject at least one of the bad values. A new public function without an entry here
fails ``test_every_public_callable_is_registered``.
"""

from __future__ import annotations

import importlib
import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import opsmodels as om
from opsmodels.errors import InvalidInputError, OpsModelsError

DOMAINS = [
    "sixsigma",
    "inventory",
    "segmentation",
    "process",
    "queueing",
    "lean",
    "constraints",
    "datasets",
]

BAD_VALUES: list[Any] = [
    "not-a-valid-option",
    -1,
    0,
    float("nan"),
    float("inf"),
    -2.5,
    None,
    [],
    object(),
    np.array([np.nan, 1.0, 2.0]),
    pd.DataFrame(),
    {"unexpected": 1},
]


def _valid_calls() -> dict[str, tuple[Callable[..., Any], dict[str, Any]]]:
    calls = {}
    for domain in DOMAINS:
        registry = importlib.import_module(f"tests.{domain}.api_calls").VALID_CALLS
        module = getattr(om, domain)
        for name, kwargs in registry.items():
            calls[f"{domain}.{name}"] = (getattr(module, name), kwargs)
    return calls


def _public_callables() -> dict[str, Callable[..., Any]]:
    found = {}
    for domain in DOMAINS:
        module = getattr(om, domain)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found[f"{domain}.{name}"] = obj
    return found


def test_every_public_callable_is_registered() -> None:
    missing = sorted(set(_public_callables()) - set(_valid_calls()))
    assert not missing, f"register a valid call for: {missing}"


def test_all_lists_resolve() -> None:
    for domain in DOMAINS:
        module = getattr(om, domain)
        for name in module.__all__:
            assert hasattr(module, name), f"{domain}.{name}"


@pytest.mark.parametrize("qualname", sorted(_valid_calls()))
def test_valid_call_succeeds(qualname: str) -> None:
    func, kwargs = _valid_calls()[qualname]
    func(**kwargs)


@pytest.mark.parametrize("qualname", sorted(q for q, (_, kw) in _valid_calls().items() if kw))
def test_invalid_values_raise_invalid_input_error(qualname: str) -> None:
    """Functions with parameters (the loaders without any are covered by the valid call)."""
    func, kwargs = _valid_calls()[qualname]
    rejected = 0
    problems = []
    for param in kwargs:
        for bad in BAD_VALUES:
            call = dict(kwargs, **{param: bad})
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    func(**call)
            except InvalidInputError:
                rejected += 1
            except OpsModelsError:
                pass
            except Exception as exc:  # any other exception type is a bug
                problems.append(f"{param}={bad!r}: {type(exc).__name__}: {exc}")
    assert not problems, f"{qualname} raised other exceptions:\n" + "\n".join(problems)
    assert rejected, f"{qualname} accepted every invalid value"


@pytest.mark.parametrize("qualname", sorted(_valid_calls()))
def test_unknown_keyword_is_a_type_error(qualname: str) -> None:
    func, kwargs = _valid_calls()[qualname]
    with pytest.raises(TypeError):
        func(**kwargs, no_such_parameter=1)
