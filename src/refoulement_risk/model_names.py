"""The names of the model from ``rules/index.yaml``, for code that runs without a rule book
(the backtest's metrics): every band, least risky first, and the bands and bars that mean
violation."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .errors import RuleFileError
from .resources import rules_dir
from .rule_models import Band, RuleIndex
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = ["ModelNames", "model_names"]


@dataclass(frozen=True)
class ModelNames:
    bands: tuple[Band, ...]  # the bands of risk, least risky first (not the no-evidence band)
    violation_bands: tuple[Band, ...]
    violation_bars: frozenset[str]  # bars that are a breach of Article 3 whatever the band
    no_evidence_band: Band


@functools.cache
def model_names(folder: Path | None = None) -> ModelNames:
    path = (folder or rules_dir()) / "index.yaml"
    data, problems = load_yaml_file(path)
    if problems:
        raise RuleFileError(f"Invalid rule index {path}", problems)
    try:
        index = RuleIndex.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(f"Invalid rule index {path}",
                            problems_from_validation(str(path), exc)) from None
    return ModelNames(index.band_names()[:-1], tuple(index.violation_bands),
                      frozenset(index.violation_bars), index.without_evidence.band)
