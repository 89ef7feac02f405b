"""``profiles lint``, ``coverage`` and ``show``: the evidence, checked and summarised."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from .profile_models import CountryProfile, EvidenceVersion, TreatyStatus, evidence_items
from .profiles import ProfileSet

__all__ = ["coverage_rows", "hindsight_notes", "lint_warnings", "show_profile"]


def lint_warnings(profiles: ProfileSet) -> list[str]:
    """Problems the schema cannot see: unused sources, gaps between versions."""
    warnings = []
    for code, profile in sorted(profiles.profiles.items()):
        unused = sorted(set(profile.sources) - set(profile.cited_sources()))
        if unused:
            warnings.append(f"{code}: sources declared but never cited: {', '.join(unused)}")
        ordered = sorted(profile.versions, key=lambda v: v.valid_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.valid_until is not None and earlier.valid_until < later.valid_from:
                warnings.append(f"{code}: no evidence between {earlier.valid_until} and "
                                f"{later.valid_from}")
    return warnings


def _named_items(version: EvidenceVersion) -> list[tuple[str, list[str]]]:
    """Every sourced item of a version, by its path, with its sources."""
    out: list[tuple[str, list[str]]] = []
    for role, part in (("destination", version.destination),
                       ("removing_state", version.removing_state)):
        if part is not None:
            out += [(f"{role}.{name}", i.sources) for name, i in part.indicators().items()]
    if version.destination is not None:
        out += [(f"destination.targeted_groups[{n}] ({g.id})", g.sources)
                for n, g in enumerate(version.destination.targeted_groups)]
    return out


def hindsight_notes(profiles: ProfileSet) -> list[str]:
    """Versions whose evidence was published after the version starts: an assessment dated
    before the first source of an item does not use that item (it is unknown there)."""
    notes = []
    for code, profile in sorted(profiles.profiles.items()):
        for version in sorted(profile.versions, key=lambda v: v.valid_from):
            for path, sources in _named_items(version):
                first = min(profile.sources[s].date for s in sources)
                if first > version.valid_from:
                    notes.append(f"{code}: version from {version.valid_from}: {path} was first "
                                 f"published {first}; assessments dated before that do not "
                                 "use it")
    return notes


def _source_dates(profile: CountryProfile) -> list[dt.date]:
    return sorted(s.date for s in profile.sources.values())


def _treaty_dates(status: TreatyStatus) -> str:
    """``from..until`` of a treaty status, ``not a party``, and any scope limitation."""
    if not status.party:
        return "not a party"
    start = f"by {status.start}" if status.from_at_latest else f"{status.start or '?'}"
    text = f"{start}..{status.end or ''}"
    if status.limited_to_origin is not None:
        return text + f" (limited to refugees from {status.limited_to_origin.replace('_', ' ')})"
    return text + (" (limited: unknown for some clients)" if status.scope_limitation else "")


def coverage_rows(profiles: ProfileSet) -> list[dict[str, Any]]:
    rows = []
    for code, profile in sorted(profiles.profiles.items()):
        items = [i for v in profile.versions for i in evidence_items(v)]
        dates = _source_dates(profile)
        roles = []
        if any(v.destination for v in profile.versions):
            roles.append("destination")
        if profile.treaties or any(v.removing_state for v in profile.versions):
            roles.append("removing_state")
        rows.append({
            "country": code,
            "name": profile.name,
            "roles": roles,
            "versions": [f"{v.valid_from}..{v.valid_until or ''}" for v in
                         sorted(profile.versions, key=lambda v: v.valid_from)],
            "sourced_items": len(items),
            "treaties": {name: _treaty_dates(status)
                         for name, status in sorted(profile.treaties.items())},
            "sources": len(profile.sources),
            "oldest_source": str(dates[0]) if dates else None,
            "newest_source": str(dates[-1]) if dates else None,
        })
    return rows


def show_profile(profile: CountryProfile, day: dt.date) -> dict[str, Any]:
    """What an assessment as of ``day`` uses from this profile."""
    version: EvidenceVersion | None = profile.version_on(day)
    treaties = {name: {"in_force": status.in_force(day) if status.known_on(day) else None,
                       "from": status.start, "from_at_latest": status.from_at_latest,
                       "until": status.end, "sources": status.sources,
                       "scope_limitation": status.scope_limitation,
                       "limited_to_origin": status.limited_to_origin}
                for name, status in profile.treaties.items()}
    cited = set()
    body: dict[str, Any] | None = None
    if version is not None:
        body = version.model_dump(mode="json", by_alias=True, exclude_none=True)
        for item in evidence_items(version):
            cited.update(item.sources)
    cited.update(s for t in profile.treaties.values() for s in t.sources)
    return {
        "country": profile.country,
        "name": profile.name,
        "as_of": day.isoformat(),
        "evidence_version": body,
        "treaties": treaties,
        "sources": {k: v.model_dump(mode="json") for k, v in profile.sources.items()
                    if k in cited},
    }
