"""The decided cases an assessment quotes, and the bands' track record: loaded once with the rules.

Holds the decided cases of ``caselaw/`` and the stored calibration (``calibration``), and says
whether the calibration describes the rules and evidence in use. An assessment asks it for its
precedents (``precedents``) and for its band's record.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from .assessment import Calibration, Precedent
from .calibration import CALIBRATION_PATH, CalibrationFile, load_calibration, stale_reasons
from .case import Case
from .decided_cases import DecidedCase, load_decided_cases
from .precedent_index import PrecedentIndex
from .precedents import Features, features

__all__ = ["CaseLaw", "load_case_law"]


@dataclass(frozen=True)
class CaseLaw:
    cases: tuple[DecidedCase, ...] = ()
    calibration: CalibrationFile | None = None
    # Why the stored calibration does not fit the rules and evidence in use (empty: it fits).
    stale: tuple[str, ...] = ()

    @functools.cached_property
    def features(self) -> Mapping[str, Features]:
        """What the similarity compares of each decided case, computed once."""
        return {c.id: features(c.case) for c in self.cases}

    @functools.cached_property
    def index(self) -> PrecedentIndex:
        """The decided cases prepared for finding precedents (``precedent_index``), built once;
        it returns exactly what ``precedents.find_precedents`` returns."""
        return PrecedentIndex(self.cases, self.stored_factors, self.features)

    @functools.cached_property
    def stored_factors(self) -> Mapping[str, list[str]] | None:
        fresh = self.fresh
        return None if fresh is None else {c.id: c.factors for c in fresh.cases}

    @property
    def fresh(self) -> CalibrationFile | None:
        """The calibration, if it was computed from the rules, evidence and cases in use."""
        return None if self.stale else self.calibration

    def track_record(self, band: str) -> Calibration | None:
        """The band's decided cases and violations; None where no fresh figures exist."""
        fresh = self.fresh
        if fresh is None:
            return None
        record = fresh.record(band)
        if record is None:
            return Calibration(band=band, decided_cases=0, violations=0)
        return Calibration(band=band, decided_cases=record.decided_cases,
                           violations=record.violations)

    def precedents(self, case: Case, as_of: dt.date,
                   fired: Collection[str]) -> list[Precedent]:
        return self.index.find(case, as_of, fired)


def load_case_law(folder: Path, rule_set_digest: str, profiles_digest: str) -> CaseLaw:
    """The decided cases of ``folder`` (validated) and its calibration, checked against the
    digests of the rules and evidence in use. A missing folder gives no precedents."""
    if not folder.is_dir():
        return CaseLaw()
    cases = tuple(load_decided_cases([folder]))
    calibration = load_calibration(folder / CALIBRATION_PATH)
    stale = stale_reasons(calibration, rule_set_digest, profiles_digest, cases)
    law = CaseLaw(cases, calibration, tuple(stale))
    law.index  # noqa: B018 - computed at start-up, not in the first request
    return law
