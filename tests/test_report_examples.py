"""The embedding examples stay in step with the interview they call."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from refoulement_risk.assessor import default_knowledge
from refoulement_risk.report import interview

ROOT = Path(__file__).resolve().parents[1]


def test_the_docassemble_interview_parses_and_names_only_real_steps() -> None:
    text = (ROOT / "examples" / "docassemble" / "refoulement_risk.yml").read_text()
    documents = [d for d in yaml.safe_load_all(text) if d]
    assert any("mandatory" in d for d in documents)
    steps = {s["field"] for s in interview(default_knowledge("reference").profiles)["steps"]}
    named = set(re.findall(r'rr\.steps\["([a-z_.]+)"\]', text))
    named |= set(re.findall(r'rr_choices\("([a-z_.]+)"\)', text))
    assert named and named <= steps, named - steps
    assert "api key" in text and "Authorization" in text  # the key stays on the server


def test_the_embedding_page_uses_the_component_and_checks_nothing_else() -> None:
    page = (ROOT / "examples" / "embedding" / "index.html").read_text()
    assert "/static/embed.js" in page and "<refoulement-risk-intake" in page
    assert "refoulement-risk-result" in page
    component = (ROOT / "api" / "static" / "embed.js").read_text()
    assert "event.origin !== this.origin" in component
    assert "event.source !== frame.contentWindow" in component
