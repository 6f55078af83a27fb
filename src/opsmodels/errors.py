"""Exceptions raised by opsmodels.

All of them derive from :class:`OpsModelsError`, so ``except OpsModelsError`` catches
every error the library raises on purpose.

Examples
--------
>>> from opsmodels.errors import InvalidInputError, OpsModelsError
>>> issubclass(InvalidInputError, ValueError) and issubclass(InvalidInputError, OpsModelsError)
True
"""

from __future__ import annotations

__all__ = ["ConvergenceError", "InfeasibleError", "InvalidInputError", "OpsModelsError"]


class OpsModelsError(Exception):
    """Base class of every error opsmodels raises on purpose."""


class InvalidInputError(OpsModelsError, ValueError):
    """An argument lies outside the model's domain.

    The message names the parameter, the function, what is allowed and the value given,
    for example ``The 'lsl' parameter of capability must be < usl (10.0). Got 12.0 instead.``
    """


class InfeasibleError(OpsModelsError):
    """Valid input for which the optimisation problem has no feasible solution."""


class ConvergenceError(OpsModelsError, RuntimeError):
    """An iterative fit or solver did not converge.

    Parameters
    ----------
    message : str
        What went wrong and, where known, why.
    last_estimate : object, optional
        The last estimate the algorithm reached, for diagnosis.
    """

    def __init__(self, message: str, *, last_estimate: object = None) -> None:
        super().__init__(message)
        self.last_estimate = last_estimate
