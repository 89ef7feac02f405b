"""Country profiles: the dated, sourced evidence, loaded strictly and looked up as of a date.

``load_profiles`` reads every ``XX.yaml`` in ``country_profiles/`` (shape: ``profile_models``),
the group vocabulary (``groups.yaml``) and the scales (``index.yaml``), and checks every word the
evidence uses against the fact catalogue (``evidence_check``): a misspelt value stops loading.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .catalogue import CATALOGUE
from .catalogue_model import Catalogue
from .errors import Problem, ProfileFileError
from .evidence_check import check_profile, check_scales
from .groups import GROUPS_FILE, GroupVocabulary, load_group_vocabulary
from .profile_models import (
    CountryProfile,
    DestinationEvidence,
    EvidenceVersion,
    GroupMatch,
    Indicator,
    RemovingStateEvidence,
    Source,
    TargetedGroup,
    TreatyName,
    TreatyStatus,
)
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = [
    "CountryProfile",
    "DestinationEvidence",
    "EvidenceVersion",
    "GroupMatch",
    "Indicator",
    "ProfileSet",
    "RemovingStateEvidence",
    "Source",
    "TargetedGroup",
    "TreatyName",
    "TreatyStatus",
    "load_profiles",
]

_NOT_PROFILES = {"index.yaml", GROUPS_FILE}


@dataclass(frozen=True)
class ProfileSet:
    """Every profile loaded, by ISO code, the group vocabulary, and a digest of the files."""

    profiles: dict[str, CountryProfile]
    digest: str
    groups: GroupVocabulary

    def get(self, code: str | None) -> CountryProfile | None:
        return self.profiles.get(code) if code else None


def load_profiles(folder: Path, catalogue: Catalogue = CATALOGUE) -> ProfileSet:
    """Load and validate every ``XX.yaml`` in ``folder``; raise listing every problem found."""
    groups, problems = load_group_vocabulary(folder)
    problems += check_scales(folder, catalogue)
    profiles: dict[str, CountryProfile] = {}
    digest = hashlib.sha256()
    for name in sorted(_NOT_PROFILES):
        if (folder / name).exists():
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    files = sorted(p for p in folder.glob("*.yaml") if p.name not in _NOT_PROFILES)
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        data, load_problems = load_yaml_file(path)
        if load_problems:
            problems.extend(load_problems)
            continue
        try:
            profile = CountryProfile.model_validate(data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(str(path), exc))
            continue
        if profile.country != path.stem:
            problems.append(Problem(f"{path}:country", f"is {profile.country} but the file is "
                                                       f"named {path.name}"))
            continue
        problems.extend(check_profile(path, profile, catalogue, groups))
        profiles[profile.country] = profile
    if problems:
        raise ProfileFileError(f"Invalid country profiles in {folder}", problems)
    return ProfileSet(profiles=profiles, digest=digest.hexdigest()[:16], groups=groups)
