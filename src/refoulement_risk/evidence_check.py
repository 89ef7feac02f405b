"""Evidence inside the closed vocabulary: every value a profile gives is checked at load.

Indicator names and values, treaty names, group exposures and group criteria (charge category,
refugee status, profile flag, organisation, ethnicity) must be words of the fact catalogue or of
the group vocabulary, and every scale in ``country_profiles/index.yaml`` must name an indicator
and give exactly its values. A misspelling stops loading with the file, the place, the reason
and the nearest valid word: ``systemic`` is never silently a level nobody's rules read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .catalogue_model import Catalogue, Origin
from .errors import Problem
from .groups import GroupVocabulary
from .profile_models import CountryProfile, EvidencePart, GroupMatch
from .suggest import did_you_mean
from .yaml_loading import load_yaml_file

__all__ = ["check_profile", "check_scales", "group_criteria"]

_EXPOSURE_FACT = "destination.targeted_group_match"
_CAPITAL_SCALE = "death_penalty_charges"  # its values: the contract's charge categories


def group_criteria(catalogue: Catalogue, groups: GroupVocabulary) -> dict[str, tuple[str, ...]]:
    """The words each group criterion may use."""
    allowed = {
        "charge_category": catalogue.at_path("charges[].category").values,
        "refugee_status": catalogue.at_path("refugee_status").values,
        "profile_flags": catalogue.flags("profile"),
        "organisation": tuple(groups.ids("organisations")),
        "affiliation": tuple(groups.ids("organisations")),
        "ethnicity": tuple(groups.ids("ethnicities")),
    }
    assert set(allowed) == set(GroupMatch.model_fields), "a group criterion has no vocabulary"
    return allowed


def _word(value: str, allowed: Iterable[str], where: str, what: str) -> list[Problem]:
    options = list(allowed)
    if value in options:
        return []
    return [Problem(where, f"{value!r} is not a {what}{did_you_mean(value, options)}; "
                           f"allowed: {', '.join(options)}")]


def _part(part: EvidencePart | None, role: Origin, catalogue: Catalogue,
          where: str) -> list[Problem]:
    if part is None:
        return []
    problems = []
    indicators = catalogue.indicators(role)
    for name, indicator in part.indicators().items():
        entry = indicators.get(name)
        if entry is None:
            problems.append(Problem(f"{where}.{name}", f"unknown {role.value} indicator"
                                                       f"{did_you_mean(name, indicators)}"))
        elif indicator.value is not None:
            problems += _word(indicator.value, entry.values, f"{where}.{name}.value",
                              f"value of {name}")
    return problems


def check_profile(path: Path, profile: CountryProfile, catalogue: Catalogue,
                  groups: GroupVocabulary) -> list[Problem]:
    """Every word ``profile`` uses that the catalogue or the group vocabulary does not know."""
    problems = []
    treaties = catalogue.treaties()
    for name in profile.treaties:
        if name not in treaties:
            problems.append(Problem(f"{path}:treaties.{name}",
                                    f"unknown treaty{did_you_mean(name, treaties)}; allowed: "
                                    f"{', '.join(treaties)}"))
    exposures = catalogue.get(_EXPOSURE_FACT).values
    criteria = group_criteria(catalogue, groups)
    for i, version in enumerate(profile.versions):
        at = f"{path}:versions.{i}"
        problems += _part(version.destination, Origin.destination, catalogue, f"{at}.destination")
        problems += _part(version.removing_state, Origin.removing_state, catalogue,
                          f"{at}.removing_state")
        groups_list = version.destination.targeted_groups if version.destination else []
        for j, group in enumerate(groups_list):
            where = f"{at}.destination.targeted_groups.{j}"
            problems += _word(group.exposure, exposures, f"{where}.exposure", "group exposure")
            for criterion, allowed in criteria.items():
                for k, value in enumerate(getattr(group.match, criterion) or []):
                    problems += _word(value, allowed, f"{where}.match.{criterion}.{k}",
                                      f"{criterion.replace('_', ' ')}")
        capital = version.destination.death_penalty_charges if version.destination else None
        for k, value in enumerate(capital.categories if capital else []):
            problems += _word(value, criteria["charge_category"],
                              f"{at}.destination.{_CAPITAL_SCALE}.categories.{k}",
                              "charge category")
    return problems


def _scale_values(scale: Any) -> list[str] | None:
    if isinstance(scale, dict):
        return [str(k) for k in scale]
    if isinstance(scale, list):
        return [str(v) for v in scale]
    return None


def check_scales(folder: Path, catalogue: Catalogue) -> list[Problem]:
    """``index.yaml``'s scales name the catalogue's indicators and give exactly their values."""
    path = folder / "index.yaml"
    if not path.exists():
        return [Problem(str(path), "missing: the scales of the evidence")]
    data, problems = load_yaml_file(path)
    if problems:
        return problems
    scales = data.get("scales") if isinstance(data, dict) else None
    if not isinstance(scales, dict):
        return [Problem(f"{path}:scales", "is required: one scale per indicator")]
    expected = {name: entry.values for role in (Origin.destination, Origin.removing_state)
                for name, entry in catalogue.indicators(role).items()}
    expected["targeted_groups.exposure"] = catalogue.get(_EXPOSURE_FACT).values
    expected[_CAPITAL_SCALE] = catalogue.at_path("charges[].category").values
    for name, scale in scales.items():
        where = f"{path}:scales.{name}"
        if name not in expected:
            problems.append(Problem(where, f"unknown scale{did_you_mean(str(name), expected)}"))
            continue
        values = _scale_values(scale)
        if values is None:
            problems.append(Problem(where, "a scale is a list of values or a mapping of value "
                                           "to meaning"))
            continue
        for value in values:
            problems += _word(value, expected[name], f"{where}.{value}", f"value of {name}")
        problems += [Problem(where, f"does not describe {value!r}")
                     for value in expected[name] if value not in values]
    problems += [Problem(f"{path}:scales", f"no scale for {name}")
                 for name in expected if name not in scales]
    return problems
