"""Every decided-case file in caselaw/ validates, is sourced, and names no person in `case`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refoulement_risk.backtest import DecidedCase, load_decided_case, load_decided_cases

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"
FILES = sorted(CASELAW.glob("*.yaml"))

# Words of a case name that are not a person's name.
_NOT_NAMES = frozenset(
    {
        *("and", "others", "v", "the", "of", "gc", "chamber", "federation", "republic"),
        *("russia", "russian", "ukraine", "turkey", "türkiye", "turkiye", "azerbaijan"),
        *("kazakhstan", "kyrgyzstan", "sweden", "united", "kingdom"),
    }
)


def test_there_are_decided_cases() -> None:
    assert len(FILES) >= 7


def test_all_files_load_together_without_duplicates() -> None:
    cases = load_decided_cases([CASELAW])
    assert len({c.id for c in cases}) == len(FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_file_validates_and_is_sourced(path: Path) -> None:
    decided = load_decided_case(path)
    assert isinstance(decided, DecidedCase)
    assert decided.id == path.stem
    source = decided.decision.source
    assert source.verified.strip()
    assert source.url.startswith(("http://", "https://"))
    assert decided.case.as_of is not None
    assert decided.case.client_reference in (None, decided.id)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_person_named_in_case(path: Path) -> None:
    decided = load_decided_case(path)
    text = decided.case.model_dump_json(exclude={"client_reference"})
    name = decided.name.split("(")[0]
    for word in re.findall(r"[A-Za-zÀ-ž][A-Za-zÀ-ž'\-]+", name):
        if word.lower() in _NOT_NAMES or len(word) < 4:
            continue
        assert word.lower() not in text.lower(), f"{word!r} appears in the case facts"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_decided_case_says_in_one_line_why_it_was_decided(path: Path) -> None:
    decided = load_decided_case(path)
    assert decided.reason == " ".join(decided.reason.split()), "reason must be one line"
    assert 10 <= len(decided.reason) <= 300


def test_a_file_without_a_reason_is_refused_naming_the_field(tmp_path: Path) -> None:
    import yaml

    from refoulement_risk.errors import DataFileError

    source = CASELAW / "i-v-sweden-2013.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    del data["reason"]
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_decided_case(target)
    assert any(p.location.endswith("reason") for p in caught.value.problems), caught.value.problems
