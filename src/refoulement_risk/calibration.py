"""The bands' track record: how many decided cases the engine scores in each band, and how many of
them were violations.

Computing it means assessing every decided case, far too slow for start-up, so the backtest writes
it to a generated file (``refoulement-risk backtest --write-calibration``), with the digests of the
rules, the evidence and the decided cases it was computed from. Start-up only reads the file; an
assessment reports the figures only when the digests match what it runs on (otherwise the figures
would describe another rule set, so none are shown), and ``backtest --check-calibration`` (part of
``make data-lint``) fails while the file is stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .decided_cases import DecidedCase, Outcome
from .errors import DataFileError, Problem
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = [
    "CALIBRATION_PATH",
    "REGENERATE",
    "BandRecord",
    "CalibratedCase",
    "CalibrationFile",
    "build_calibration",
    "caselaw_digest",
    "load_calibration",
    "markdown_table",
    "stale_reasons",
    "write_calibration",
]

# Inside caselaw/, in a folder of its own so that it is never read as a decided case.
CALIBRATION_PATH = Path("generated") / "calibration.yaml"
REGENERATE = "refoulement-risk backtest --write-calibration"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CalibratedCase(_Strict):
    """One decided case as the backtest scored it."""

    id: str = Field(min_length=3)
    outcome: Outcome
    score: int = Field(ge=0, le=100)
    band: str
    factors: list[str] = Field(description="ids of the rules that moved its torture score")


class BandRecord(_Strict):
    band: str
    decided_cases: int = Field(ge=0)
    violations: int = Field(ge=0)


class CalibrationFile(_Strict):
    """``caselaw/generated/calibration.yaml``: validated at load, counts checked against cases."""

    generated_by: str
    rules_version: str
    rule_set_digest: str = Field(min_length=8)
    profiles_digest: str = Field(min_length=8)
    caselaw_digest: str = Field(min_length=8)
    bands: list[BandRecord]
    cases: list[CalibratedCase]

    @model_validator(mode="after")
    def _counts_match_cases(self) -> CalibrationFile:
        problems = []
        expected = _band_records(self.cases, [b.band for b in self.bands])
        if [b.model_dump() for b in self.bands] != [b.model_dump() for b in expected]:
            problems.append("bands do not count the cases listed (edited by hand? regenerate "
                            f"with `{REGENERATE}`)")
        ids = [c.id for c in self.cases]
        if len(ids) != len(set(ids)):
            problems.append("a case is listed twice")
        for b in self.bands:
            if b.violations > b.decided_cases:
                problems.append(f"band {b.band}: more violations than cases")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def record(self, band: str) -> BandRecord | None:
        return next((b for b in self.bands if b.band == band), None)

    def by_id(self) -> dict[str, CalibratedCase]:
        return {c.id: c for c in self.cases}


def _band_records(cases: Sequence[CalibratedCase], bands: Sequence[str]) -> list[BandRecord]:
    names = list(dict.fromkeys([*bands, *(c.band for c in cases)]))
    return [BandRecord(band=name,
                       decided_cases=sum(c.band == name for c in cases),
                       violations=sum(c.band == name and c.outcome is Outcome.violation
                                      for c in cases))
            for name in names]


def caselaw_digest(cases: Iterable[DecidedCase]) -> str:
    """A digest of what the backtest reads from each decided case: its id, outcome, date of
    assessment and facts. Prose (the name, the reason, the sources) does not change a score, so
    editing it leaves the calibration fresh."""
    digest = hashlib.sha256()
    for case in sorted(cases, key=lambda c: c.id):
        digest.update(b"\0".join([
            case.id.encode(), case.decision.outcome.value.encode(),
            case.assessed_as_of.isoformat().encode(),
            case.case.model_dump_json(exclude_none=True).encode(), b""]))
    return digest.hexdigest()[:16]


def build_calibration(scored: Sequence[CalibratedCase], bands: Sequence[str], rules_version: str,
                      rule_set_digest: str, profiles_digest: str,
                      decided: Iterable[DecidedCase]) -> CalibrationFile:
    """The file's content from the backtest's per-case scores (``bands``: every band, in
    order, so that an empty band is shown as empty)."""
    ordered = sorted(scored, key=lambda c: c.id)
    return CalibrationFile(
        generated_by=REGENERATE, rules_version=rules_version, rule_set_digest=rule_set_digest,
        profiles_digest=profiles_digest, caselaw_digest=caselaw_digest(decided),
        bands=_band_records(ordered, bands), cases=ordered)


def write_calibration(calibration: CalibrationFile, path: Path) -> None:
    import yaml  # only the backtest writes: start-up reads through yaml_loading (and its cache)

    path.parent.mkdir(parents=True, exist_ok=True)
    header = (f"# Generated by `{REGENERATE}`: do not edit by hand.\n"
              "# The backtest's band of every decided case, and the digests of the rules, "
              "evidence and\n# decided cases it was computed from (docs/MODEL.md).\n")
    body = yaml.safe_dump(calibration.model_dump(mode="json"), sort_keys=False,
                          allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")


def markdown_table(calibration: CalibrationFile) -> str:
    """The track record as docs/MODEL.md shows it (band, decided cases, violations, share)."""
    rows = ["| band | decided cases | violations | share |", "| --- | ---: | ---: | ---: |"]
    for b in calibration.bands:
        share = f"{round(100 * b.violations / b.decided_cases)}%" if b.decided_cases else "-"
        rows.append(f"| {b.band} | {b.decided_cases} | {b.violations} | {share} |")
    return "\n".join(rows) + "\n"


def load_calibration(path: Path) -> CalibrationFile | None:
    """The file, validated; None if there is none (a rule set without decided cases)."""
    if not path.exists():
        return None
    data, problems = load_yaml_file(path)
    if not problems and not isinstance(data, dict):
        problems = [Problem(str(path), "must be a YAML mapping")]
    if problems:
        raise DataFileError(f"The calibration file {path} is not valid.", problems)
    try:
        return CalibrationFile.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(f"The calibration file {path} is not valid.",
                            problems_from_validation(str(path), exc)) from None


def stale_reasons(calibration: CalibrationFile | None, rule_set_digest: str,
                  profiles_digest: str, decided: Sequence[DecidedCase]) -> list[str]:
    """Why the stored figures do not describe these rules, evidence and cases (empty: fresh)."""
    if calibration is None:
        return ["there is no calibration file"] if decided else []
    reasons = []
    if calibration.rule_set_digest != rule_set_digest:
        reasons.append(f"the rules changed (file {calibration.rule_set_digest}, now "
                       f"{rule_set_digest})")
    if calibration.profiles_digest != profiles_digest:
        reasons.append(f"the country evidence changed (file {calibration.profiles_digest}, now "
                       f"{profiles_digest})")
    now = caselaw_digest(decided)
    if calibration.caselaw_digest != now:
        reasons.append(f"the decided cases changed (file {calibration.caselaw_digest}, now {now})")
    return reasons
