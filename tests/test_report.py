"""The case-file report: every factor, authority, evidence source and bar of the assessment is
in it (HTML, markdown), it leads with the gaps, a destination without evidence gets no band,
and the PDF renders with a sane page count, for every development case."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from refoulement_risk import Assessment, assess, parse_case
from refoulement_risk.render import render_markdown, render_text
from refoulement_risk.report import because_sentence, render_report_html, render_report_pdf

from .decided import development_cases

ROOT = Path(__file__).resolve().parents[1]
CASES = development_cases()
IDS = [c["id"] for c in CASES]


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _everything(a: Assessment) -> tuple[set[str], set[str], set[str], set[str]]:
    factors = [*a.factors, *a.irregular_transfer.factors]
    authorities = {x.citation for f in factors for x in f.authorities}
    authorities |= {x.citation for b in a.legal_bars for x in b.authorities}
    authorities |= {x.citation for r in a.recommended_actions for x in r.authorities}
    evidence = {e.title for f in factors for e in f.evidence}
    evidence |= {e.title for b in a.legal_bars for e in b.evidence}
    return {f.title for f in factors}, authorities, evidence, {b.title for b in a.legal_bars}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_html_report_holds_every_factor_authority_source_and_bar(case: dict[str, Any]) -> None:
    parsed = parse_case(case["case"])
    a = assess(parsed)
    page = render_report_html(a, parsed)
    text = _text(page)
    titles, authorities, evidence, bars = _everything(a)
    assert titles and authorities and evidence
    for item in (*titles, *authorities, *evidence, *bars):
        assert html.unescape(item) in text, item
    for f in a.factors:
        assert because_sentence(f) in text
    for m in a.missing_information:
        assert m.question in text
    for action in a.recommended_actions:
        assert action.action in text
    assert a.versions.rule_set_digest in text and a.versions.profiles_digest in text
    assert a.disclaimer in text
    assert "<script" not in page  # self-contained and inert
    assert f"{a.score} / 100 — {a.band.replace('_', ' ')}" in text


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_markdown_carries_the_same_sources(case: dict[str, Any]) -> None:
    a = assess(case["case"])
    md = render_markdown(a)
    titles, authorities, evidence, bars = _everything(a)
    for item in (*titles, *authorities, *evidence, *bars):
        assert item in md, item


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_pdf_renders_with_a_sane_page_count(case: dict[str, Any]) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    parsed = parse_case(case["case"])
    a = assess(parsed)
    pdf = render_report_pdf(a, parsed)
    assert pdf.startswith(b"%PDF-")
    pages = len(weasyprint.HTML(string=render_report_html(a, parsed)).render().pages)
    assert 2 <= pages <= 20, pages


def test_a_destination_without_evidence_gets_no_band_and_the_gaps_come_first() -> None:
    parsed = parse_case({"destination": "AF", "removing_state": "DE", "as_of": "2024-01-01"})
    a = assess(parsed)
    page = render_report_html(a, parsed)
    text = _text(page)
    torture = _text(page.split('<div class="risk">')[1])
    assert "no band: insufficient evidence" in torture
    assert "— low" not in torture
    assert page.index('class="gaps"') < page.index("<h2>Result</h2>")
    assert "There is no country evidence for Afghanistan on 2024-01-01" in text
    for rendered in (render_markdown(a), render_text(a)):
        assert "insufficient evidence" in rendered
        head = rendered.split("rregular transfer")[0]
        assert "(low)" not in head and "— low" not in head
        first_warning = rendered.index("Warning" if "Warning" in rendered else "WARNING")
        assert first_warning < rendered.index("score" if "score" in rendered else "Score")


def test_no_removing_state_means_no_irregular_transfer_band() -> None:
    a = assess({"destination": "UZ", "as_of": "2013-04-25"})
    text = _text(render_report_html(a))
    assert "the removing state is not stated" in text
    assert f"{a.irregular_transfer.score} / 100 — {a.irregular_transfer.band}" not in text


def test_the_facts_as_given_are_in_plain_words_and_unknowns_say_so() -> None:
    parsed = parse_case({"destination": "KG", "removing_state": "RU", "as_of": "2015-04-16",
                         "charges": [{"category": "religious_extremism",
                                      "organisation": "hizb_ut_tahrir"}],
                         "profile": {"ethnicity": "uzbek"}})
    text = _text(render_report_html(assess(parsed), parsed))
    assert "Kyrgyzstan (KG)" in text and "Russia (RU)" in text
    assert "Religious extremism" in text and "Hizb ut-Tahrir" in text
    assert re.search(r"Past ill-treatment\s+unknown", text)
    assert "Cayman" not in text


def test_text_from_the_case_is_escaped() -> None:
    parsed = parse_case({"destination": "UZ", "client_reference": "<script>x</script>",
                         "charges": [{"category": "other", "detail": "<img src=x>"}]})
    page = render_report_html(assess(parsed), parsed)
    assert "<script>x" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def _cli(*args: str, stdin: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "refoulement_risk.cli", *args],
                          input=stdin.encode(), capture_output=True, timeout=300, check=False)


def test_the_cli_writes_html_and_pdf(tmp_path: Path) -> None:
    case = json.dumps(CASES[0]["case"])
    out = _cli("assess", "-", "--format", "html", stdin=case)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"<!doctype html>") and b"Turkmenistan (TM)" in out.stdout
    pytest.importorskip("weasyprint")
    target = tmp_path / "report.pdf"
    out = _cli("assess", "-", "--format", "pdf", "--paper", "letter", "--output", str(target),
               stdin=case)
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    out = _cli("assess", "-", "--format", "pdf", stdin=case)  # piped: the bytes on stdout
    assert out.returncode == 0 and out.stdout.startswith(b"%PDF-")


def test_a_legal_bar_is_named_beside_the_score_whatever_the_band() -> None:
    # S. v. France's facts: a claim never examined, a moderate score. The bar binds whatever the
    # band, so the text and markdown name it beside the score, before any factor.
    case = {"destination": "RU", "removing_state": "FR", "as_of": "2022-10-06",
            "proceeding": "expulsion", "profile": {"ethnicity": "chechen"},
            "refugee_status_withdrawn": True, "claim_examined": False}
    a = assess(parse_case(case))
    assert a.band == "moderate" and [b.code for b in a.legal_bars] == ["CLAIM_NOT_EXAMINED"]
    lines = render_text(a).splitlines()
    assert lines[2].startswith("  legal bars in force: CLAIM_NOT_EXAMINED"), lines[:4]
    markdown = render_markdown(a)
    first = markdown.index("**Legal bars in force:**")
    assert markdown.index("**Score 37/100") < first < markdown.index("## Factors")
    assert "(`CLAIM_NOT_EXAMINED`)" in markdown[first:markdown.index("## Factors")]
    page = render_report_html(a, parse_case(case))
    bars_first = page.index('class="bars-first"')
    assert page.index('class="result"') < bars_first < page.index("The facts as given")
    assert "The arguable claim of a risk on return has not been examined" in page[bars_first:]
    quiet = assess(parse_case({**case, "claim_examined": True}))
    assert not quiet.legal_bars
    assert 'class="bars-first"' not in render_report_html(quiet, parse_case(case))
    assert "legal bars in force" not in render_text(quiet)
    assert "**Legal bars in force:**" not in render_markdown(quiet)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_case_with_an_onward_state_renders_in_every_format(lang: str) -> None:
    # The versions line names each profile's role; the third state of an onward removal is one
    # (it once had no label in the text renderer, and the text and markdown output crashed).
    from refoulement_risk.i18n_translate import translate_assessment

    case = parse_case({"destination": "BY", "removing_state": "PL", "as_of": "2022-06-30",
                       "proceeding": "administrative_removal",
                       "onward_removal": {"state": "RU"}, "claim_examined": False})
    a = assess(case)
    assert "onward_state" in {p.role for p in a.versions.profiles}
    if lang == "ru":
        a = translate_assessment(a, "ru")
    role = {"en": ("RU onward_state", "third state of an onward removal"),
            "ru": ("RU (третье государство дальнейшей высылки)",
                   "третье государство, куда клиента могут выслать дальше")}[lang]
    assert role[0] in render_text(a)
    assert role[0] in render_markdown(a)
    assert role[1] in _text(render_report_html(a, case))
