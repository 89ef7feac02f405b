"""What an assessment runs on: the rule set, the evidence and the engine, loaded once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .backends import create_backend
from .catalogue import CATALOGUE
from .engine import Backend
from .exploration import PatchBook
from .profiles import ProfileSet, load_profiles
from .resources import profiles_dir, rules_dir
from .rulebook import Rulebook, load_rulebook

__all__ = ["Knowledge", "default_knowledge", "load_knowledge"]


@dataclass(frozen=True)
class Knowledge:
    """The rule set, the evidence and the engine an assessment runs on (loaded once)."""

    rulebook: Rulebook
    profiles: ProfileSet
    backend: Backend

    @functools.cached_property
    def patches(self) -> PatchBook:
        """The rule book compiled for exploring unknowns, and the answers' fact patches."""
        return PatchBook(self.rulebook, CATALOGUE, self.profiles.groups)


def load_knowledge(rules: Path | None = None, profiles: Path | None = None,
                   backend: str = "auto") -> Knowledge:
    rulebook = load_rulebook(rules or rules_dir())
    profile_set = load_profiles(profiles or profiles_dir())
    return Knowledge(rulebook, profile_set, create_backend(rulebook, backend))


@functools.lru_cache(maxsize=4)
def default_knowledge(backend: str = "auto") -> Knowledge:
    return load_knowledge(backend=backend)
