"""Choose the engine backend: durable-rules by default, the plain-Python evaluator as fallback."""

from __future__ import annotations

import logging
import warnings

from .engine import Backend
from .reference import ReferenceBackend
from .rulebook import Rulebook

__all__ = ["create_backend"]

log = logging.getLogger(__name__)


def create_backend(rulebook: Rulebook, preferred: str = "auto") -> Backend:
    """``durable``, ``reference`` or ``auto`` (durable-rules if it imports, else a warning)."""
    if preferred == "reference":
        return ReferenceBackend(rulebook)
    try:
        from .durable_backend import DurableBackend
    except ImportError as exc:
        if preferred == "durable":
            raise
        message = (f"durable-rules is not available ({exc}); using the plain-Python evaluator, "
                   "which fires the same rules (see the differential tests)")
        warnings.warn(message, RuntimeWarning, stacklevel=2)
        log.warning(message)
        return ReferenceBackend(rulebook)
    return DurableBackend(rulebook)
