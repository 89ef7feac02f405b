"""Render an assessment as text or markdown for people (JSON is the model's own dump)."""

from __future__ import annotations

from .assessment import Assessment, AuthorityRef, EvidenceItem, Factor, MissingInformation
from .report.plain import band_view, because_sentence, transfer_band_view

__all__ = ["render_markdown", "render_text"]


def _factor_lines(factors: list[Factor], bullet: str) -> list[str]:
    lines = []
    for f in factors:
        sign = "+" if f.contribution >= 0 else ""
        lines.append(f"{bullet}{sign}{f.contribution}  {f.title} [{f.rule}]")
        lines.append(f"      why: {f.reasoning}")
        for fact in f.because:
            lines.append(f"      fact: {fact}")
        for a in f.authorities:
            lines.append(f"      authority: {a.citation}" + (f", {a.reference}" if a.reference
                                                             else ""))
        for e in f.evidence:
            where = e.symbol or e.url or ""
            later = " [published after the assessment date]" if e.published_after_as_of else ""
            lines.append(f"      evidence: {e.title} ({e.publisher}, {e.date}) {where}{later}")
    return lines


def _movement(m: MissingInformation) -> str:
    if m.could_raise_by is None:
        return "effect not computable"
    return f"could raise by {m.could_raise_by}, lower by {m.could_lower_by}"


def render_text(a: Assessment) -> str:
    torture, transfer = band_view(a), transfer_band_view(a)
    warnings = [v.warning for v in (torture, transfer) if v.warning]
    warnings += [g for g in a.evidence_gaps if g not in warnings]
    lines = [
        f"Risk of torture on return to {a.destination}"
        + (f" from {a.removing_state}" if a.removing_state else "") + f", as of {a.as_of}",
        *(f"  WARNING: {gap}" for gap in warnings),
        f"  score {a.score}/100 ({torture.band or torture.words}); could be {a.range.low}-"
        f"{a.range.high} once the unknowns are known",
        f"  base {a.base:g}",
        *_factor_lines(a.factors, "  "),
        "",
        f"Risk of irregular transfer: {a.irregular_transfer.score}/100 "
        f"({transfer.band or transfer.words}), base {a.irregular_transfer.base:g}",
        *_factor_lines(a.irregular_transfer.factors, "  "),
        "",
        ("Legal bars in force on this date:" if a.legal_bars
         else "No legal bar found on the facts given."),
    ]
    for bar in a.legal_bars:
        lines.append(f"  {bar.code}: {bar.title}")
        lines.append(f"      {bar.effect}")
        lines.extend(f"      authority: {x.citation}" for x in bar.authorities)
    if a.recommended_actions:
        lines += ["", "Recommended next steps:"]
        for act in a.recommended_actions:
            lines.append(f"  {act.priority}. {act.action} [{act.code}]")
            lines.append(f"      because: {act.reason}")
    if a.missing_information:
        lines += ["", "Still unknown (most decisive first):"]
        for m in a.missing_information:
            lines.append(f"  {m.field}: {m.question} ({_movement(m)})")
    v = a.versions
    lines += ["", f"Computed with engine {v.engine} ({v.backend}), rules {v.rules} "
                  f"[{v.rule_set_digest}], profiles [{v.profiles_digest}]: "
              + ", ".join(f"{p.country} {p.role} evidence from {p.evidence_version or 'none'}"
                          for p in v.profiles),
              "", a.disclaimer]
    return "\n".join(lines) + "\n"


def _md_sources(authorities: list[AuthorityRef], evidence: list[EvidenceItem]) -> list[str]:
    out = []
    for x in authorities:
        cite = f"[{x.citation}]({x.url})" if x.url else x.citation
        out.append(f"  - authority: {cite}" + (f", {x.reference}" if x.reference else ""))
    for e in evidence:
        title = f"[{e.title}]({e.url})" if e.url else e.title
        symbol = f", {e.symbol}" if e.symbol else ""
        later = " — published after the assessment date" if e.published_after_as_of else ""
        out.append(f"  - evidence: {title}{symbol} ({e.publisher}, {e.date}; {e.country} "
                   f"evidence version from {e.evidence_version or 'none'}){later}")
    return out


def _md_factors(factors: list[Factor]) -> list[str]:
    out: list[str] = []
    for f in factors:
        out.append(f"- **{f.contribution:+d} {f.title}** (`{f.rule}`). {because_sentence(f)}")
        out += _md_sources(f.authorities, f.evidence)
    return out or ["- no factor applies"]


def render_markdown(a: Assessment) -> str:
    torture, transfer = band_view(a), transfer_band_view(a)
    gaps = [v.warning for v in (torture, transfer) if v.warning]
    gaps += [g for g in a.evidence_gaps if g not in gaps]
    shown = (f"**Score {a.score}/100 — {torture.words}**" if torture.band
             else f"**{torture.words}** (score {a.score}/100 counts the case facts only)")
    it = a.irregular_transfer
    it_shown = (f"{it.score}/100 ({transfer.words})" if transfer.band
                else f"{transfer.words} (score {it.score}/100)")
    out = [f"# Risk of torture on return to {a.destination}, as of {a.as_of}", "",
           *(f"> **Warning:** {gap}\n" for gap in gaps),
           f"{shown} (range {a.range.low}–{a.range.high}; base {a.base:g})", "",
           "## Factors", "", *_md_factors(a.factors)]
    out += ["", f"## Irregular transfer: {it_shown}", "", f"Base {it.base:g}.", "",
            *_md_factors(it.factors)]
    out += ["", "## Legal bars", ""]
    for b in a.legal_bars:
        out.append(f"- **{b.title}** (`{b.code}`) — {b.effect}")
        out += _md_sources(b.authorities, b.evidence)
    if not a.legal_bars:
        out.append("- none found")
    out += ["", "## Next steps", ""]
    for x in a.recommended_actions:
        out.append(f"- **priority {x.priority}** {x.action} _({x.reason})_")
        out += _md_sources(x.authorities, [])
    if not a.recommended_actions:
        out.append("- none")
    out += ["", "## Unknown (most decisive first)", ""]
    out += [f"- {m.field}: {m.question} ({_movement(m)})"
            for m in a.missing_information] or ["- nothing"]
    v = a.versions
    out += ["", "## Versions", "", f"Engine {v.engine} ({v.backend}), rules {v.rules} "
            f"[{v.rule_set_digest}], evidence [{v.profiles_digest}]: "
            + ", ".join(f"{p.country} {p.role} evidence from {p.evidence_version or 'none'}"
                        for p in v.profiles) + ".",
            "", f"_{a.disclaimer}_", ""]
    return "\n".join(out)
