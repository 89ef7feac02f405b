"""refoulement-risk: an explained screening of the risk of torture on return.

    >>> from refoulement_risk import assess
    >>> assessment = assess({"destination": "UZ", "as_of": "2013-04-25"})

A screening aid for qualified advisers, not a legal determination.
"""

from __future__ import annotations

from .assessment import Assessment
from .assessor import Knowledge, assess, default_knowledge, load_knowledge
from .case import Case, parse_case
from .errors import (
    CaseValidationError,
    DataFileError,
    EngineError,
    RefoulementRiskError,
)
from .version import __version__

__all__ = [
    "Assessment",
    "Case",
    "CaseValidationError",
    "DataFileError",
    "EngineError",
    "Knowledge",
    "RefoulementRiskError",
    "__version__",
    "assess",
    "default_knowledge",
    "load_knowledge",
    "parse_case",
]
