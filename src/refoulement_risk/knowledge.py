"""What an assessment runs on: the rule set, the evidence, the engine and the decided cases,
loaded once."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .backends import create_backend
from .case_law import CaseLaw, load_case_law
from .catalogue import CATALOGUE
from .engine import Backend
from .exploration import PatchBook
from .profiles import ProfileSet, load_profiles
from .resources import caselaw_dir, profiles_dir, rules_dir
from .rulebook import Rulebook, load_rulebook

__all__ = ["Knowledge", "default_knowledge", "load_knowledge"]


@dataclass(frozen=True)
class Knowledge:
    """The rule set, the evidence, the engine and the decided cases an assessment runs on
    (loaded once)."""

    rulebook: Rulebook
    profiles: ProfileSet
    backend: Backend
    caselaw: CaseLaw = field(default_factory=CaseLaw)

    @functools.cached_property
    def patches(self) -> PatchBook:
        """The rule book compiled for exploring unknowns, and the answers' fact patches."""
        return PatchBook(self.rulebook, CATALOGUE, self.profiles.groups)


def load_knowledge(rules: Path | None = None, profiles: Path | None = None,
                   backend: str = "auto", caselaw: Path | None = None) -> Knowledge:
    rulebook = load_rulebook(rules or rules_dir())
    profile_set = load_profiles(profiles or profiles_dir())
    case_law = load_case_law(caselaw or caselaw_dir(), rulebook.digest, profile_set.digest)
    return Knowledge(rulebook, profile_set, create_backend(rulebook, backend), case_law)


@functools.lru_cache(maxsize=4)
def default_knowledge(backend: str = "auto") -> Knowledge:
    return load_knowledge(backend=backend)
