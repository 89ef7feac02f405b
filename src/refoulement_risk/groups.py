"""The words of the targeted-group criteria: organisations and ethnicities, with their aliases.

Declared as data in ``country_profiles/groups.yaml``. Profiles may name only these ids; a case's
organisation or ethnicity is resolved through the aliases (``хизб ут-тахрир`` and
``hizbut_tahrir`` are ``hizb_ut_tahrir``), and one that is still not recognised is reported, never
silently treated as a group nobody is at risk in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import Problem
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = ["GROUPS_FILE", "GroupVocabulary", "Word", "WordKind", "load_group_vocabulary",
           "normalise"]

GROUPS_FILE = "groups.yaml"
WordKind = Literal["organisations", "ethnicities"]


def normalise(text: str) -> str:
    """Lower case, with runs of spaces, hyphens and underscores as one underscore."""
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


class Word(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2, description="the plain name")
    aliases: list[str] = Field(default_factory=list, description="other spellings")


class GroupVocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    organisations: dict[str, Word]
    ethnicities: dict[str, Word]

    @model_validator(mode="after")
    def _aliases_unique(self) -> GroupVocabulary:
        for kind in ("organisations", "ethnicities"):
            owner: dict[str, str] = {}
            for word_id, word in getattr(self, kind).items():
                if not re.fullmatch(r"[a-z][a-z0-9_]*", word_id):
                    raise ValueError(f"{kind}.{word_id}: ids are lower_snake_case")
                for alias in (word_id, *word.aliases):
                    key = normalise(alias)
                    if owner.setdefault(key, word_id) != word_id:
                        raise ValueError(f"{kind}: {alias!r} names both {owner[key]} and "
                                         f"{word_id}")
        return self

    def ids(self, kind: WordKind) -> list[str]:
        return sorted(getattr(self, kind))

    def resolve(self, kind: WordKind, text: str) -> str | None:
        """The id ``text`` names (the id itself, or an alias), or None if not recognised."""
        key = normalise(text)
        words: dict[str, Word] = getattr(self, kind)
        for word_id, word in words.items():
            if key == word_id or key in (normalise(a) for a in word.aliases):
                return word_id
        return None


EMPTY = GroupVocabulary(organisations={}, ethnicities={})


def load_group_vocabulary(folder: Path) -> tuple[GroupVocabulary, list[Problem]]:
    path = folder / GROUPS_FILE
    if not path.exists():
        return EMPTY, [Problem(str(path), "missing: the organisations and ethnicities that "
                                          "group criteria may name")]
    data, problems = load_yaml_file(path)
    if problems:
        return EMPTY, problems
    try:
        return GroupVocabulary.model_validate(data), []
    except ValidationError as exc:
        return EMPTY, problems_from_validation(str(path), exc)
