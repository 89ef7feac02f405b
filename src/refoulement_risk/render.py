"""Render an assessment as text or markdown for people (JSON is the model's own dump)."""

from __future__ import annotations

from .assessment import Assessment, Factor, MissingInformation, UnknownTreatyStatus

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


def _unchecked(u: UnknownTreatyStatus) -> str:
    parts = [f"if bound: {', '.join(u.if_bound)}" if u.if_bound else "",
             f"if not: {', '.join(u.if_not_bound)}" if u.if_not_bound else ""]
    return (f"{u.subject} {u.treaty} ({u.reason}): "
            + "; ".join(p for p in parts if p))


def _bars_heading(a: Assessment) -> str:
    """Never "no legal bar" without naming the treaty statuses that could not be checked."""
    if a.legal_bars:
        return "Legal bars in force on this date:"
    if a.unknown_treaty_statuses:
        names = ", ".join(f"{u.subject} {u.treaty}"
                          for u in a.unknown_treaty_statuses)
        return ("No legal bar found on the facts given, but these treaty statuses could not be "
                f"checked and could change that: {names}.")
    return "No legal bar found on the facts given."


def render_text(a: Assessment) -> str:
    lines = [
        f"Risk of torture on return to {a.destination}"
        + (f" from {a.removing_state}" if a.removing_state else "") + f", as of {a.as_of}",
        f"  score {a.score}/100 ({a.band}); could be {a.range.low}-{a.range.high} once the "
        "unknowns are known",
        *(f"  WARNING: {gap}" for gap in a.evidence_gaps),
        f"  base {a.base:g}",
        *_factor_lines(a.factors, "  "),
        "",
        f"Risk of irregular transfer: {a.irregular_transfer.score}/100 "
        f"({a.irregular_transfer.band}), base {a.irregular_transfer.base:g}",
        *_factor_lines(a.irregular_transfer.factors, "  "),
        "",
        _bars_heading(a),
    ]
    for bar in a.legal_bars:
        lines.append(f"  {bar.code}: {bar.title} ({bar.basis.replace('_', ' ')})")
        lines.append(f"      {bar.effect}")
        lines.extend(f"      authority: {x.citation}" for x in bar.authorities)
    if a.unknown_treaty_statuses:
        lines.append("Treaty statuses not checked (unknown on this date):")
        lines.extend(f"  {_unchecked(u)}" for u in a.unknown_treaty_statuses)
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


def render_markdown(a: Assessment) -> str:
    out = [f"# Risk of torture on return to {a.destination}, as of {a.as_of}", "",
           f"**Score {a.score}/100 — {a.band.replace('_', ' ')}** "
           f"(range {a.range.low}–{a.range.high}; base {a.base:g})", "",
           *(f"> **Warning:** {gap}\n" for gap in a.evidence_gaps),
           "| contribution | factor | rule | authorities |", "| ---: | --- | --- | --- |"]
    for f in a.factors:
        out.append(f"| {f.contribution:+d} | {f.title} | {f.rule} | "
                   + "; ".join(x.citation for x in f.authorities) + " |")
    out += ["", f"## Irregular transfer: {a.irregular_transfer.score}/100 "
                f"({a.irregular_transfer.band.replace('_', ' ')})", ""]
    out += [f"- {f.contribution:+d} {f.title} ({f.rule})" for f in a.irregular_transfer.factors]
    out += ["", "## Legal bars", ""]
    out += [f"- **{b.code}** — {b.effect}" for b in a.legal_bars] or [f"- {_bars_heading(a)}"]
    if a.unknown_treaty_statuses:
        out += ["", "Treaty statuses not checked (unknown on this date):", ""]
        out += [f"- {_unchecked(u)}" for u in a.unknown_treaty_statuses]
    out += ["", "## Next steps", ""]
    out += [f"- **priority {x.priority}** {x.action} _({x.reason})_"
            for x in a.recommended_actions] or ["- none"]
    out += ["", "## Unknown (most decisive first)", ""]
    out += [f"- {m.field}: {m.question} ({_movement(m)})"
            for m in a.missing_information] or ["- nothing"]
    out += ["", f"_{a.disclaimer}_", ""]
    return "\n".join(out)
