"""Every development case assessed in Russian: Russian text for every factor, bar, action,
question and label, and the same codes, scores and ranges as in English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from refoulement_risk import Assessment, assess, default_knowledge
from refoulement_risk.i18n import load_catalogue
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.render import render_markdown, render_text
from refoulement_risk.resources import rules_dir

TESTS = Path(__file__).parent
# Three Latin words in a row: an English phrase left in the text (codes such as
# "custody_torture_level" or "GEN-010" are single words).
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’]*(?: [A-Za-z][A-Za-z'’]*){2,}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# A case named in parentheses, "(Piandiong and Others v. the Philippines)": case names stay in
# the Court's English style (the header of ru.yaml).
CASE_NAME = re.compile(r"\(([A-Z][\w'’-]+)(?: [\w'’,.-]+)*? v\. (?:the )?[A-Z][\w'’ -]*\)")
REGISTRY: dict[str, str] = {
    key: entry["citation"] for key, entry in yaml.safe_load(
        (rules_dir() / "authorities.yaml").read_text("utf-8"))["authorities"].items()}


def _without_cited_cases(text: str, authority_ids: Iterable[str]) -> str:
    """``text`` without the case names that are a citation of one of the given authorities of
    the registry (the applicant's name is in the registry's citation, which names a case);
    any other English stays in and fails."""
    citations = [REGISTRY[i] for i in authority_ids if i in REGISTRY]

    def drop(match: re.Match[str]) -> str:
        cited = any(match.group(1) in c and " v. " in c for c in citations)
        return "()" if cited else match.group(0)

    return CASE_NAME.sub(drop, text)


def _cases() -> list[tuple[str, dict[str, Any]]]:
    # Every decided case, in its one format (the development cases are among them).
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((TESTS.parent / "caselaw").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        found.append((data["id"], data["case"]))
    return found


CASES = _cases()


@cache
def _pair(case_id: str) -> tuple[Assessment, Assessment]:
    english = assess(dict(CASES)[case_id], knowledge=default_knowledge())
    return english, translate_assessment(english, "ru")


def _human_texts(a: Assessment) -> list[str]:
    """Every human text of an assessment except authorities' citations and evidence."""
    factors = [*a.factors, *a.irregular_transfer.factors]
    return [
        *(f.title for f in factors), *(f.reasoning for f in factors),
        *(x for f in factors for x in f.because),
        *(b.title for b in a.legal_bars),
        *(_without_cited_cases(b.effect, (x.id for x in b.authorities)) for b in a.legal_bars),
        *(x for b in a.legal_bars for x in b.because),
        *(x.action for x in a.recommended_actions), *(x.reason for x in a.recommended_actions),
        *(m.question for m in a.missing_information), *a.evidence_gaps,
        *(x for t in a.trace for x in t.matched), a.disclaimer,
        *(x for u in a.unknown_treaty_statuses
          for x in (u.reason, *u.if_bound, *u.if_not_bound)),
    ]


def _codes_and_numbers(a: Assessment) -> dict[str, Any]:
    """The assessment's JSON without its human text: what must not change with the language."""
    data = json.loads(a.model_dump_json())
    for key in ("disclaimer", "language", "evidence_gaps"):
        data.pop(key)
    for group in (data["factors"], data["irregular_transfer"]["factors"], data["legal_bars"]):
        for item in group:
            for key in ("title", "reasoning", "because", "effect"):
                item.pop(key, None)
    for item in data["recommended_actions"]:
        item.pop("action"), item.pop("reason")
    for item in data["missing_information"]:
        item.pop("question")
    for item in data["trace"]:
        item.pop("matched")
    for item in data["unknown_treaty_statuses"]:  # its words; its fact, treaty, country stay
        for key in ("subject", "reason", "if_bound", "if_not_bound"):
            item.pop(key)
    for holder in (*data["factors"], *data["irregular_transfer"]["factors"],
                   *data["legal_bars"], *data["recommended_actions"]):
        for authority in holder["authorities"]:
            authority.pop("citation")
    return data


def test_there_are_development_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case_id", [c for c, _ in CASES])
def test_a_case_in_russian_has_the_same_codes_scores_and_ranges(case_id: str) -> None:
    english, russian = _pair(case_id)
    assert russian.language == "ru" and english.language == "en"
    assert _codes_and_numbers(russian) == _codes_and_numbers(english)
    assert (russian.score, russian.band, russian.range) == (english.score, english.band,
                                                            english.range)


@pytest.mark.parametrize("case_id", [c for c, _ in CASES])
def test_a_case_in_russian_leaves_no_english_sentence(case_id: str) -> None:
    english, russian = _pair(case_id)
    assert len(_human_texts(russian)) == len(_human_texts(english))
    texts = _human_texts(russian)
    left = [(text, ENGLISH.findall(text)) for text in texts if ENGLISH.search(text)]
    assert left == []
    for text in texts:  # a matched fact may be all codes, any other text is Russian
        assert CYRILLIC.search(text) or "=" in text, text


@pytest.mark.parametrize("case_id", [c for c, _ in CASES])
def test_a_case_rendered_in_russian_has_russian_labels(case_id: str) -> None:
    _, russian = _pair(case_id)
    for rendered in (render_text(russian), render_markdown(russian)):
        for line in rendered.splitlines():
            # authorities' citations and evidence titles stay in their own language
            if re.search(r"источник права:|доказательство:|^\| [+-]\d", line):
                continue
            # Decided cases are cited as the Court or committee names them, and their reasons
            # are kept in English, marked so.
            if any(p.citation in line for p in russian.precedents):
                continue
            if line.strip().startswith("мотивы: ") and "не указаны" not in line:
                assert line.endswith("(на английском языке)"), line
                continue
            cited = (x.id for h in (*russian.legal_bars, *russian.factors) for x in h.authorities)
            assert not ENGLISH.search(_without_cited_cases(line, cited)), line


def test_every_rule_text_that_can_be_shown_is_translated_in_the_cases() -> None:
    """The cases reach most rules; each text they show is the catalogue's Russian text."""
    catalogue = load_catalogue(rules_dir() / "i18n" / "ru.yaml")
    shown: set[str] = set()
    for case_id, _ in CASES:
        _, russian = _pair(case_id)
        for f in (*russian.factors, *russian.irregular_transfer.factors):
            assert f.title == catalogue.rules[f.rule]["title"].text
            assert f.reasoning == catalogue.rules[f.rule]["because"].text
            shown.add(f.rule)
        for b in russian.legal_bars:
            assert b.effect == catalogue.rules[b.rule]["effect"].text
            shown.add(b.rule)
        for x in russian.recommended_actions:
            assert x.action == catalogue.rules[x.rule]["action"].text
            shown.add(x.rule)
    assert len(shown) >= 25


def test_an_authority_keeps_its_citation_with_a_verified_russian_title_beside_it() -> None:
    titled = 0
    for case_id, _ in CASES:
        english, russian = _pair(case_id)
        cited = {a.id: a.citation for f in english.factors for a in f.authorities}
        for f in russian.factors:
            for a in f.authorities:
                assert a.citation.startswith(cited[a.id])
                if a.id == "echr-art3":
                    titled += 1
                    assert a.citation == cited[a.id] + (
                        " [Конвенция о защите прав человека и основных свобод, статья 3]")
                elif a.id == "khasanov-rakhmanov":  # case names stay as the Court writes them
                    assert a.citation == cited[a.id]
    assert titled


def test_only_a_case_the_item_cites_may_stay_in_english() -> None:
    named = "Комитет так считает (Piandiong and Others v. the Philippines)."
    assert ENGLISH.search(_without_cited_cases(named, ["hrc-piandiong"])) is None
    assert ENGLISH.search(_without_cited_cases(named, ["chahal"]))  # not the cited case
    assert ENGLISH.search(_without_cited_cases("(the Committee asked the state)",
                                               ["hrc-piandiong"]))
