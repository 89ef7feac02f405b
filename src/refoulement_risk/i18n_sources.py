"""Every English text a translation must cover, with the file it comes from and its stable id.

This is the one place that knows where the engine keeps its human text: the rule files (title,
``because``, a bar's effect, a recommendation's action, by rule id), the fact vocabulary (each
fact's question and description, by fact name; derived facts' descriptions in
``rules/index.yaml``), the score scales and band names (``rules/index.yaml``), the disclaimer,
the renderers' labels and the sentences the engine builds itself. When a text moves, only this
module changes. Authorities' citations are listed too, but their translation (an official title
given beside the citation) is optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assessment import DISCLAIMER
from .catalogue import FACT_SPECS
from .i18n_translate import MESSAGES
from .render import LABELS
from .report.page_texts import page_texts
from .rulebook import Rulebook
from .treaty_gap_words import TREATY_MESSAGES
from .yaml_loading import load_yaml_file

__all__ = ["SourceText", "source_texts"]

_VOCABULARY = "src/refoulement_risk/catalogue.py"


@dataclass(frozen=True)
class SourceText:
    """One English text: where its translation goes (section, id, field) and where it lives."""

    section: str
    key: str
    field: str
    text: str
    origin: str
    required: bool = True

    @property
    def place(self) -> str:
        return f"{self.section}.{self.key}" + ("" if self.field == "text" else f".{self.field}")


def _rule_files(folder: Path, book: Rulebook) -> dict[str, str]:
    """Which file each rule id is written in."""
    where: dict[str, str] = {}
    for name in book.index.files:
        data, _ = load_yaml_file(folder / name)
        for rule in (data or {}).get("rules", []) if isinstance(data, dict) else []:
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                where[rule["id"]] = f"rules/{name}"
    return where


def source_texts(folder: Path, book: Rulebook) -> list[SourceText]:
    """The English texts of the rule set in ``folder`` (loaded as ``book``) and of the code."""
    files = _rule_files(folder, book)
    out: list[SourceText] = []
    for compiled in book.rules:
        rule = compiled.rule
        origin = files.get(rule.id, f"rules/{compiled.theme}.yaml")
        out.append(SourceText("rules", rule.id, "title", rule.title, origin))
        out.append(SourceText("rules", rule.id, "because", rule.because, origin))
        if rule.then.bar is not None:
            out.append(SourceText("rules", rule.id, "effect", rule.then.bar.effect, origin))
        if rule.then.recommend is not None:
            out.append(SourceText("rules", rule.id, "action", rule.then.recommend.action,
                                  origin))
    for name, spec in FACT_SPECS.items():
        if spec.question:
            out.append(SourceText("facts", name, "question", spec.question, _VOCABULARY))
        out.append(SourceText("facts", name, "description", spec.description, _VOCABULARY))
        help_text = getattr(spec, "help", "")  # the fact catalogue's help text, once it has one
        if isinstance(help_text, str) and help_text:
            out.append(SourceText("facts", name, "help", help_text, _VOCABULARY))
    for name, declared in book.index.derived_facts.items():
        out.append(SourceText("facts", name, "description", declared.description,
                              "rules/index.yaml"))
    for name, scale in book.index.scores.items():
        out.append(SourceText("scores", name, "description", scale.description,
                              "rules/index.yaml"))
    for band in (b.name for b in book.index.bands):
        out.append(SourceText("bands", band, "name", band.replace("_", " "), "rules/index.yaml"))
    out.append(SourceText("disclaimer", "disclaimer", "text", DISCLAIMER,
                          "src/refoulement_risk/assessment.py"))
    out.extend(SourceText("labels", key, "text", text, "src/refoulement_risk/render.py")
               for key, text in LABELS.items())
    out.extend(SourceText("messages", key, "text", text, "src/refoulement_risk/i18n_translate.py")
               for key, text in MESSAGES.items())
    out.extend(SourceText("messages", key, "text", text,
                          _VOCABULARY if key.startswith("treaty.label.")
                          else "src/refoulement_risk/treaty_gap_words.py")
               for key, text in TREATY_MESSAGES.items())
    out.extend(SourceText("page", key, "text", text, "src/refoulement_risk/report/")
               for key, text in page_texts().items())
    out.extend(SourceText("authorities", key, "citation", authority.citation,
                          "rules/authorities.yaml", required=False)
               for key, authority in book.authorities.items())
    return out
