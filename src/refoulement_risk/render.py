"""Render an assessment as text or markdown for people (JSON is the model's own dump).

Every label is a template in ``LABELS`` (English, the source language); the assessment's
``language`` picks its translation from ``rules/i18n/<lang>.yaml`` (see ``i18n``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .assessment import Assessment, Factor, MissingInformation
from .i18n import band_name, translated_labels

__all__ = ["LABELS", "render_markdown", "render_text"]

# The English labels: the source every translation is written from (keyed by stable ids).
LABELS: dict[str, str] = {
    "text.heading": "Risk of torture on return to {destination}",
    "text.heading_from": " from {removing_state}",
    "text.heading_as_of": ", as of {as_of}",
    "text.score": "  score {score}/100 ({band}); could be {low}-{high} once the unknowns are known",
    "text.warning": "  WARNING: {gap}",
    "text.base": "  base {base}",
    "text.transfer": "Risk of irregular transfer: {score}/100 ({band}), base {base}",
    "text.bars": "Legal bars in force on this date:",
    "text.no_bars": "No legal bar found on the facts given.",
    "text.actions": "Recommended next steps:",
    "text.unknown": "Still unknown (most decisive first):",
    "text.versions": "Computed with engine {engine} ({backend}), rules {rules} [{digest}], "
                     "profiles [{profiles_digest}]: ",
    "text.version_item": "{country} {role} evidence from {version}",
    "text.no_version": "none",
    "role.destination": "destination",
    "role.removing_state": "removing_state",
    "factor.why": "      why: {text}",
    "factor.fact": "      fact: {text}",
    "factor.authority": "      authority: {text}",
    "factor.evidence": "      evidence: {title} ({publisher}, {date}) {where}{later}",
    "factor.later": " [published after the assessment date]",
    "action.because": "      because: {text}",
    "movement.none": "effect not computable",
    "movement.range": "could raise by {raise_by}, lower by {lower_by}",
    "md.heading": "# Risk of torture on return to {destination}, as of {as_of}",
    "md.score": "**Score {score}/100 — {band}** (range {low}–{high}; base {base})",
    "md.warning": "> **Warning:** {gap}\n",
    "md.table": "| contribution | factor | rule | authorities |",
    "md.transfer": "## Irregular transfer: {score}/100 ({band})",
    "md.bars": "## Legal bars",
    "md.no_bars": "- none found",
    "md.actions": "## Next steps",
    "md.action": "- **priority {priority}** {action} _({reason})_",
    "md.no_actions": "- none",
    "md.unknown": "## Unknown (most decisive first)",
    "md.no_unknown": "- nothing",
}


def _labels(a: Assessment) -> Mapping[str, str]:
    return translated_labels(LABELS, a.language)


def _band(code: str, language: str, markdown: bool) -> str:
    name = band_name(code, language)
    if name is not None:
        return name
    return code.replace("_", " ") if markdown else code


def _factor_lines(factors: list[Factor], bullet: str, t: Mapping[str, str]) -> list[str]:
    lines = []
    for f in factors:
        sign = "+" if f.contribution >= 0 else ""
        lines.append(f"{bullet}{sign}{f.contribution}  {f.title} [{f.rule}]")
        lines.append(t["factor.why"].format(text=f.reasoning))
        for fact in f.because:
            lines.append(t["factor.fact"].format(text=fact))
        for a in f.authorities:
            lines.append(t["factor.authority"].format(
                text=a.citation + (f", {a.reference}" if a.reference else "")))
        for e in f.evidence:
            where = e.symbol or e.url or ""
            later = t["factor.later"] if e.published_after_as_of else ""
            lines.append(t["factor.evidence"].format(title=e.title, publisher=e.publisher,
                                                     date=e.date, where=where, later=later))
    return lines


def _movement(m: MissingInformation, t: Mapping[str, str]) -> str:
    if m.could_raise_by is None:
        return t["movement.none"]
    return t["movement.range"].format(raise_by=m.could_raise_by, lower_by=m.could_lower_by)


def render_text(a: Assessment) -> str:
    t = _labels(a)
    lines = [
        t["text.heading"].format(destination=a.destination)
        + (t["text.heading_from"].format(removing_state=a.removing_state)
           if a.removing_state else "")
        + t["text.heading_as_of"].format(as_of=a.as_of),
        t["text.score"].format(score=a.score, band=_band(a.band, a.language, False),
                               low=a.range.low, high=a.range.high),
        *(t["text.warning"].format(gap=gap) for gap in a.evidence_gaps),
        t["text.base"].format(base=f"{a.base:g}"),
        *_factor_lines(a.factors, "  ", t),
        "",
        t["text.transfer"].format(score=a.irregular_transfer.score,
                                  band=_band(a.irregular_transfer.band, a.language, False),
                                  base=f"{a.irregular_transfer.base:g}"),
        *_factor_lines(a.irregular_transfer.factors, "  ", t),
        "",
        t["text.bars"] if a.legal_bars else t["text.no_bars"],
    ]
    for bar in a.legal_bars:
        lines.append(f"  {bar.code}: {bar.title}")
        lines.append(f"      {bar.effect}")
        lines.extend(t["factor.authority"].format(text=x.citation) for x in bar.authorities)
    if a.recommended_actions:
        lines += ["", t["text.actions"]]
        for act in a.recommended_actions:
            lines.append(f"  {act.priority}. {act.action} [{act.code}]")
            lines.append(t["action.because"].format(text=act.reason))
    if a.missing_information:
        lines += ["", t["text.unknown"]]
        for m in a.missing_information:
            lines.append(f"  {m.field}: {m.question} ({_movement(m, t)})")
    v = a.versions
    lines += ["", t["text.versions"].format(engine=v.engine, backend=v.backend, rules=v.rules,
                                            digest=v.rule_set_digest,
                                            profiles_digest=v.profiles_digest)
              + ", ".join(t["text.version_item"].format(
                  country=p.country, role=t[f"role.{p.role}"],
                  version=p.evidence_version or t["text.no_version"]) for p in v.profiles),
              "", a.disclaimer]
    return "\n".join(lines) + "\n"


def render_markdown(a: Assessment) -> str:
    t = _labels(a)
    out = [t["md.heading"].format(destination=a.destination, as_of=a.as_of), "",
           t["md.score"].format(score=a.score, band=_band(a.band, a.language, True),
                                low=a.range.low, high=a.range.high, base=f"{a.base:g}"), "",
           *(t["md.warning"].format(gap=gap) for gap in a.evidence_gaps),
           t["md.table"], "| ---: | --- | --- | --- |"]
    for f in a.factors:
        out.append(f"| {f.contribution:+d} | {f.title} | {f.rule} | "
                   + "; ".join(x.citation for x in f.authorities) + " |")
    out += ["", t["md.transfer"].format(
        score=a.irregular_transfer.score,
        band=_band(a.irregular_transfer.band, a.language, True)), ""]
    out += [f"- {f.contribution:+d} {f.title} ({f.rule})" for f in a.irregular_transfer.factors]
    out += ["", t["md.bars"], ""]
    out += [f"- **{b.code}** — {b.effect}" for b in a.legal_bars] or [t["md.no_bars"]]
    out += ["", t["md.actions"], ""]
    out += [t["md.action"].format(priority=x.priority, action=x.action, reason=x.reason)
            for x in a.recommended_actions] or [t["md.no_actions"]]
    out += ["", t["md.unknown"], ""]
    out += [f"- {m.field}: {m.question} ({_movement(m, t)})"
            for m in a.missing_information] or [t["md.no_unknown"]]
    out += ["", f"_{a.disclaimer}_", ""]
    return "\n".join(out)
