"""Translations of the engine's human text, as data beside the rules: ``rules/i18n/<lang>.yaml``.

English is the source language. A translation is keyed by the stable id of what it translates
(rule id, fact name, band, label id) and stores the digest of the English text it was written
from. A translation whose digest no longer matches that text is *stale*: it is never shown (the
English text is shown instead, so a changed rule is never explained by its old wording) and
``rules lint`` fails on it, as on a missing one (``i18n_lint``).

Only human text is translated: codes, ids, numbers, authorities' citations, evidence titles and
evidence notes stay as they are (an official title in the language may be given beside a
citation, from the file's ``authorities`` section).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import Problem, RuleFileError
from .resources import rules_dir
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = [
    "SOURCE_LANGUAGE",
    "Catalogue",
    "Entry",
    "UnsupportedLanguage",
    "available_languages",
    "band_name",
    "catalogue_for",
    "catalogue_path",
    "choose_language",
    "digest",
    "load_catalogue",
    "normalise",
    "translate",
    "translated_labels",
]

SOURCE_LANGUAGE = "en"
FLAT_SECTIONS = ("labels", "messages", "page")  # sections keyed by id alone
I18N_FOLDER = "i18n"
_LANG = re.compile(r"^[a-z]{2,3}$")


def normalise(text: str) -> str:
    """The text as it is compared: runs of white space (YAML folding) count as one space."""
    return " ".join(text.split())


def digest(text: str) -> str:
    """The digest of an English source text that a translation stores (12 hex digits)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:12]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Strict):
    """One translated text and the digest of the English text it was written from."""

    source: str = Field(pattern=r"^[0-9a-f]{12}$", description="digest() of the English text")
    text: str = Field(min_length=1)

    def translates(self, english: str) -> bool:
        return self.source == digest(english)


class AuthorityTitle(Entry):
    """An official title in the language, shown beside the authority's own citation."""

    verified: str = Field(min_length=10, description="where the official title was checked")


RuleField = Literal["title", "because", "effect", "action"]
FactField = Literal["question", "description", "help"]  # help: the intake help text


class Catalogue(_Strict):
    """The translations into one language (one file, ``rules/i18n/<language>.yaml``)."""

    language: str = Field(pattern=_LANG.pattern)
    name: str = Field(min_length=2, description="the language's name, in the language")
    rules: dict[str, dict[RuleField, Entry]] = Field(default_factory=dict)
    facts: dict[str, dict[FactField, Entry]] = Field(default_factory=dict)
    scores: dict[str, dict[Literal["description"], Entry]] = Field(default_factory=dict)
    bands: dict[str, dict[Literal["name"], Entry]] = Field(default_factory=dict)
    disclaimer: Entry | None = None
    labels: dict[str, Entry] = Field(default_factory=dict)
    messages: dict[str, Entry] = Field(default_factory=dict)
    authorities: dict[str, dict[Literal["citation"], AuthorityTitle]] = Field(
        default_factory=dict)
    # The intake page's and the report's words (``report/texts.py``), by id.
    page: dict[str, Entry] = Field(default_factory=dict)
    # Country names in the language, by ISO 3166-1 alpha-2 code (names, not translations of an
    # English text: no digest); a code without one is shown by its English name.
    country_names: dict[str, str] = Field(default_factory=dict)
    # Whether a human lawyer fluent in the language has reviewed the texts: shown in the
    # disclaimer of every output in the language until it is true.
    reviewed: bool = False

    def entries(self) -> Iterator[tuple[str, str, str, Entry]]:
        """Every translation as (section, id, field, entry); single-text sections use "text"."""
        nested: dict[str, Mapping[str, Mapping[Any, Entry]]] = {
            "rules": self.rules, "facts": self.facts, "scores": self.scores,
            "bands": self.bands, "authorities": self.authorities}
        for section, items in nested.items():
            for key, fields in items.items():
                for name, entry in fields.items():
                    yield section, key, name, entry
        if self.disclaimer is not None:
            yield "disclaimer", "disclaimer", "text", self.disclaimer
        for section, flat in (("labels", self.labels), ("messages", self.messages),
                              ("page", self.page)):
            for key, entry in flat.items():
                yield section, key, "text", entry

    def lookup(self, section: str, key: str, field: str = "text") -> Entry | None:
        if section == "disclaimer":
            return self.disclaimer
        if section in FLAT_SECTIONS:
            flat: Mapping[str, Entry] = getattr(self, section)
            return flat.get(key)
        nested: Mapping[str, Mapping[Any, Entry]] = getattr(self, section)
        return nested.get(key, {}).get(field)

    def translate(self, section: str, key: str, field: str, english: str) -> str:
        """The translation of ``english`` if it is there and was written from this text."""
        entry = self.lookup(section, key, field)
        if entry is not None and entry.translates(english):
            return entry.text
        return english


class UnsupportedLanguage(ValueError):
    def __init__(self, requested: str, available: tuple[str, ...]) -> None:
        self.requested = requested
        self.available = available
        super().__init__(f"no translation into {requested!r}; available: "
                         + ", ".join(available))


def catalogue_path(folder: Path, language: str) -> Path:
    return folder / I18N_FOLDER / f"{language}.yaml"


def available_languages(folder: Path | None = None) -> tuple[str, ...]:
    """English, then every language with a file in ``rules/i18n/``."""
    found = sorted(p.stem for p in (folder or rules_dir()).joinpath(I18N_FOLDER).glob("*.yaml")
                   if _LANG.match(p.stem) and p.stem != SOURCE_LANGUAGE)
    return (SOURCE_LANGUAGE, *found)


def load_catalogue(path: Path) -> Catalogue:
    """Load one translation file strictly; every problem names the file and the key path."""
    data, problems = load_yaml_file(path)
    if not problems:
        try:
            catalogue = Catalogue.model_validate(data)
        except ValidationError as exc:
            problems = problems_from_validation(str(path), exc)
        else:
            if catalogue.language != path.stem:
                problems = [Problem(f"{path}:language", f"is {catalogue.language!r} but the "
                                    f"file is named for {path.stem!r}")]
            else:
                return catalogue
    raise RuleFileError(f"The translation file {path} is not valid.", problems)


@functools.lru_cache(maxsize=16)
def _cached(path: str) -> Catalogue:
    return load_catalogue(Path(path))


def catalogue_for(language: str, folder: Path | None = None) -> Catalogue | None:
    """The catalogue of ``language`` (loaded once), or None for English."""
    if language == SOURCE_LANGUAGE:
        return None
    available = available_languages(folder)
    if language not in available:
        raise UnsupportedLanguage(language, available)
    return _cached(str(catalogue_path(folder or rules_dir(), language)))


def translate(section: str, key: str, field: str, english: str, language: str) -> str:
    """One text in ``language`` (e.g. ``translate("facts", "case.detained", "question", q, "ru")``
    for an intake form): the fresh translation, else the English text."""
    catalogue = catalogue_for(language)
    return english if catalogue is None else catalogue.translate(section, key, field, english)


def translated_labels(labels: Mapping[str, str], language: str) -> Mapping[str, str]:
    """The renderer's labels in ``language``: each fresh translation, else the English label."""
    catalogue = catalogue_for(language)
    if catalogue is None:
        return labels
    return {key: catalogue.translate("labels", key, "text", text)
            for key, text in labels.items()}


def band_name(code: str, language: str) -> str | None:
    """The band's name in ``language``, or None where the code itself is shown (English)."""
    catalogue = catalogue_for(language)
    if catalogue is None:
        return None
    english = code.replace("_", " ")
    entry = catalogue.lookup("bands", code, "name")
    return entry.text if entry is not None and entry.translates(english) else None


def _accepted(header: str) -> list[str]:
    """Language tags of an Accept-Language header, best first (RFC 9110 quality values)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def choose_language(requested: str | None, accept_language: str | None = None,
                    folder: Path | None = None) -> str:
    """The language of an answer: an explicit request (which must be available), else the
    best available language of an Accept-Language header, else English."""
    available = available_languages(folder)
    if requested is not None:
        code = requested.strip().lower()
        if code not in available:
            raise UnsupportedLanguage(requested, available)
        return code
    for tag in _accepted(accept_language or ""):
        primary = tag.split("-")[0]
        if primary in available:
            return primary
    return SOURCE_LANGUAGE
