"""The exception tree of refoulement-risk.

    RefoulementRiskError            every error this package raises on purpose
    ├── CaseValidationError         a case does not fit the contract (all problems listed)
    ├── DataFileError               a rule or profile file is unreadable or invalid (start-up stops)
    │   ├── RuleFileError
    │   └── ProfileFileError
    └── EngineError                 an engine backend failed while assessing (never swallowed)
        └── EngineCrashed           the isolated engine's worker process died or hung mid-run

Every error carries a stable ``code`` and a list of :class:`Problem` (where, what), so the CLI,
the HTTP API and the logs can say exactly what is wrong without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CaseValidationError",
    "DataFileError",
    "EngineCrashed",
    "EngineError",
    "Problem",
    "ProfileFileError",
    "RefoulementRiskError",
    "RuleFileError",
]


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong: ``location`` is a field path or ``file:key.path``."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


class RefoulementRiskError(Exception):
    code = "error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.message = message
        self.problems: list[Problem] = list(problems or [])
        super().__init__(self.render())

    def render(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class CaseValidationError(RefoulementRiskError):
    code = "invalid_case"


class DataFileError(RefoulementRiskError):
    code = "invalid_data_file"


class RuleFileError(DataFileError):
    code = "invalid_rule_file"


class ProfileFileError(DataFileError):
    code = "invalid_profile_file"


class EngineError(RefoulementRiskError):
    code = "engine_failure"


class EngineCrashed(EngineError):
    """The engine's worker process died (a signal such as SIGSEGV, or an exit) or stopped
    answering during a run; ``cause`` is a short code for logs and metrics (``SIGSEGV``,
    ``exit_1``, ``timeout``), never anything of the case."""

    code = "engine_crashed"

    def __init__(self, message: str, cause: str) -> None:
        self.cause = cause
        super().__init__(message)
