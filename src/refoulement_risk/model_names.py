"""The names of the model from ``rules/index.yaml``, for code that runs without a rule book
(the backtest's metrics): every band, least risky first, and the bands that mean violation."""

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
    without_evidence: Band  # shown where the state a score needs has no evidence on the date


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
                      index.without_evidence.band)
