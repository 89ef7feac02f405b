"""Render an assessment as text or markdown for people (JSON is the model's own dump).

Both lead with what the engine could not check, show no band of risk where the evidence is
missing, and carry every factor's authorities and dated evidence. Every label is a template in
``LABELS`` (English, the source language); the assessment's ``language`` picks its translation
from ``rules/i18n/<lang>.yaml`` (see ``i18n``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .assessment import (
    Assessment,
    AuthorityRef,
    EvidenceItem,
    Factor,
    MissingInformation,
    UnknownTreatyStatus,
)
from .i18n import band_name, translated_labels
from .report.plain import band_view, because_sentence, country_name, transfer_band_view

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
    "text.bars_first": "  legal bars in force: {codes} (a bar applies whatever the score; "
                       "see below)",
    "text.no_bars": "No legal bar found on the facts given.",
    "text.no_bars_unchecked": "No legal bar found on the facts given, but these treaty statuses "
                              "could not be checked and could change that: {names}.",
    "text.unchecked": "Treaty statuses not checked (unknown on this date):",
    "unchecked.if_bound": "if bound: {items}",
    "unchecked.if_not": "if not: {items}",
    "text.actions": "Recommended next steps:",
    "text.unknown": "Still unknown (most decisive first):",
    "text.versions": "Computed with engine {engine} ({backend}), rules {rules} [{digest}], "
                     "profiles [{profiles_digest}]: ",
    "text.version_item": "{country} {role} evidence from {version}",
    "text.no_version": "none",
    "role.destination": "destination",
    "role.removing_state": "removing_state",
    "role.onward_state": "onward_state",
    "band.none": "no band: insufficient evidence",
    "band.none_no_state": "no band: the removing state is not stated",
    "gap.destination": "There is no country evidence for {country} on {as_of}: the score only "
                       "counts the facts of the case, so it says nothing reassuring. No band of "
                       "risk can be given.",
    "gap.removing_state_unknown": "The removing state is not stated: the risk of irregular "
                                  "transfer cannot be assessed.",
    "gap.removing_state": "There is no country evidence for {country} as a removing state on "
                          "{as_of}: no band of risk of irregular transfer can be given.",
    "factor.why": "      why: {text}",
    "factor.fact": "      fact: {text}",
    "factor.authority": "      authority: {text}",
    "factor.evidence": "      evidence: {title} ({publisher}, {date}) {where}{later}",
    "factor.later": " [published after the assessment date]",
    "action.because": "      because: {text}",
    "movement.none": "effect not computable",
    "movement.range": "could raise by {raise_by}, lower by {lower_by}",
    "movement.add_bars": "an answer could bring the legal bar {codes}",
    "movement.lift_bars": "an answer could lift the legal bar {codes}",
    "md.heading": "# Risk of torture on return to {destination}, as of {as_of}",
    "md.score": "**Score {score}/100 — {band}** (range {low}–{high}; base {base})",
    "md.score_no_band": "**{band}** (the score {score}/100 counts the case facts only; range "
                        "{low}–{high}; base {base})",
    "md.warning": "> **Warning:** {gap}\n",
    "md.factors": "## Factors",
    "md.no_factors": "- no factor applies",
    "md.authority": "  - authority: {text}",
    "md.evidence": "  - evidence: {title}{symbol} ({publisher}, {date}; {country} evidence "
                   "version from {version}){later}",
    "md.later": " — published after the assessment date",
    "md.transfer": "## Irregular transfer: {score}/100 ({band})",
    "md.transfer_base": "Base {base}.",
    "md.bars": "## Legal bars",
    "md.bars_first": "**Legal bars in force:** {titles} (a bar applies whatever the score; see "
                     "Legal bars below).",
    "md.no_bars": "- none found",
    "md.actions": "## Next steps",
    "md.action": "- **priority {priority}** {action} _({reason})_",
    "md.no_actions": "- none",
    "md.unknown": "## Unknown (most decisive first)",
    "md.no_unknown": "- nothing",
    "track.record": "  track record: {violations} of the {cases} decided cases that score {band} "
                    "in the backtest were violations",
    "track.empty": "  track record: no decided case scores {band} in the backtest",
    "track.stale": "  track record: not shown (the stored calibration was computed from other "
                   "rules, evidence or decided cases)",
    "text.precedents": "Decided cases like this one (most alike first; none decided after "
                       "{as_of}):",
    "text.no_precedents": "No decided case like this one was decided by {as_of}.",
    "precedent.line": "{citation}: {outcome} (similarity {similarity})",
    "precedent.reason": "reason: {reason}",
    "precedent.english": " (English)",
    "precedent.no_reason": "reason: not recorded in the case file",
    "outcome.violation": "violation",
    "outcome.no_violation": "no violation",
    "md.precedents": "## Decided cases like this one",
    "md.versions": "## Versions",
    "md.versions_line": "Engine {engine} ({backend}), rules {rules} [{digest}], evidence "
                        "[{profiles_digest}]: ",
}


def _labels(a: Assessment) -> Mapping[str, str]:
    return translated_labels(LABELS, a.language)


def _band(code: str, language: str, markdown: bool) -> str:
    name = band_name(code, language)
    if name is not None:
        return name
    return code.replace("_", " ") if markdown else code


def _country(code: str, language: str) -> str:
    # Plain country names exist in English only; other languages show the ISO code.
    return country_name(code) if language == "en" else code


def _bands(a: Assessment, t: Mapping[str, str], markdown: bool) -> tuple[str | None, str | None,
                                                                         list[str]]:
    """The two bands as shown (None where none may be shown) and the gaps, first."""
    torture, transfer = band_view(a), transfer_band_view(a)
    gaps: list[str] = []
    shown_torture: str | None = _band(a.band, a.language, markdown)
    if torture.band is None:
        shown_torture = None
        gaps.append(t["gap.destination"].format(country=_country(a.destination, a.language),
                                                as_of=a.as_of))
    shown_transfer: str | None = _band(a.irregular_transfer.band, a.language, markdown)
    if transfer.band is None:
        shown_transfer = None
        gaps.append(t["gap.removing_state_unknown"] if a.removing_state is None else
                    t["gap.removing_state"].format(
                        country=_country(a.removing_state, a.language), as_of=a.as_of))
    gaps += [g for g in a.evidence_gaps if g not in gaps]
    return shown_torture, shown_transfer, gaps


def _no_band(a: Assessment, t: Mapping[str, str]) -> str:
    return t["band.none_no_state"] if a.removing_state is None else t["band.none"]


def _unchecked(u: UnknownTreatyStatus, t: Mapping[str, str]) -> str:
    parts = [t["unchecked.if_bound"].format(items=", ".join(u.if_bound)) if u.if_bound else "",
             t["unchecked.if_not"].format(items=", ".join(u.if_not_bound))
             if u.if_not_bound else ""]
    return f"{u.subject} {u.treaty} ({u.reason}): " + "; ".join(p for p in parts if p)


def _bars_heading(a: Assessment, t: Mapping[str, str], found: str, none: str) -> str:
    """Never "no legal bar" without naming the treaty statuses that could not be checked."""
    if a.legal_bars:
        return found
    if a.unknown_treaty_statuses:
        names = ", ".join(f"{u.subject} {u.treaty}" for u in a.unknown_treaty_statuses)
        return t["text.no_bars_unchecked"].format(names=names)
    return none


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
    bars = [t[key].format(codes=", ".join(codes)) for key, codes in (
        ("movement.add_bars", m.could_add_bars), ("movement.lift_bars", m.could_lift_bars))
        if codes]
    if m.could_raise_by is None:
        return "; ".join([*bars, t["movement.none"]])
    return "; ".join([*bars, t["movement.range"].format(raise_by=m.could_raise_by,
                                                         lower_by=m.could_lower_by)])


def render_text(a: Assessment) -> str:
    t = _labels(a)
    torture, transfer, gaps = _bands(a, t, markdown=False)
    lines = [
        t["text.heading"].format(destination=a.destination)
        + (t["text.heading_from"].format(removing_state=a.removing_state)
           if a.removing_state else "")
        + t["text.heading_as_of"].format(as_of=a.as_of),
        *(t["text.warning"].format(gap=gap) for gap in gaps),
        t["text.score"].format(score=a.score, band=torture or t["band.none"],
                               low=a.range.low, high=a.range.high),
        # A bar binds whatever the band: named beside the score, so "moderate" never hides it.
        *([t["text.bars_first"].format(codes=", ".join(b.code for b in a.legal_bars))]
          if a.legal_bars else []),
        *_track_record(a, t, torture),
        t["text.base"].format(base=f"{a.base:g}"),
        *_factor_lines(a.factors, "  ", t),
        "",
        t["text.transfer"].format(score=a.irregular_transfer.score,
                                  band=transfer or _no_band(a, t),
                                  base=f"{a.irregular_transfer.base:g}"),
        *_factor_lines(a.irregular_transfer.factors, "  ", t),
        "",
        _bars_heading(a, t, t["text.bars"], t["text.no_bars"]),
    ]
    for bar in a.legal_bars:
        lines.append(f"  {bar.code}: {bar.title} ({bar.basis.replace('_', ' ')})")
        lines.append(f"      {bar.effect}")
        lines.extend(t["factor.authority"].format(text=x.citation) for x in bar.authorities)
    if a.unknown_treaty_statuses:
        lines.append(t["text.unchecked"])
        lines.extend(f"  {_unchecked(u, t)}" for u in a.unknown_treaty_statuses)
    lines += ["", *_precedent_lines(a, t, "  ", "      ")]
    if a.recommended_actions:
        lines += ["", t["text.actions"]]
        for act in a.recommended_actions:
            lines.append(f"  {act.priority}. {act.action} [{act.code}]")
            lines.append(t["action.because"].format(text=act.reason))
    if a.missing_information:
        lines += ["", t["text.unknown"]]
        for m in a.missing_information:
            lines.append(f"  {m.field}: {m.question} ({_movement(m, t)})")
    lines += ["", _versions(a, t, t["text.versions"]), "", a.disclaimer]
    return "\n".join(lines) + "\n"


def _track_record(a: Assessment, t: Mapping[str, str], shown_band: str | None) -> list[str]:
    """The band's record on the decided cases; nothing where the band itself is not shown."""
    if shown_band is None:
        return []
    c = a.calibration
    if c is None:
        return [t["track.stale"]]
    if c.decided_cases == 0:
        return [t["track.empty"].format(band=shown_band)]
    return [t["track.record"].format(violations=c.violations, cases=c.decided_cases,
                                     band=shown_band)]


def _precedent_lines(a: Assessment, t: Mapping[str, str], bullet: str,
                     indent: str) -> list[str]:
    if not a.precedents:
        return [t["text.no_precedents"].format(as_of=a.as_of)]
    lines = [t["text.precedents"].format(as_of=a.as_of)]
    for p in a.precedents:
        lines.append(bullet + t["precedent.line"].format(
            citation=p.citation, outcome=t[f"outcome.{p.outcome}"],
            similarity=f"{p.similarity:.2f}"))
        lines.append(indent + _reason(a, p.reason, p.reason_language, t))
    return lines


def _reason(a: Assessment, reason: str | None, language: str | None,
            t: Mapping[str, str]) -> str:
    # Decided cases are kept in English: say so when the rest of the output is not.
    if reason is None:
        return t["precedent.no_reason"]
    marker = t["precedent.english"] if language and language != a.language else ""
    return t["precedent.reason"].format(reason=reason) + marker


def _versions(a: Assessment, t: Mapping[str, str], template: str) -> str:
    v = a.versions
    return (template.format(engine=v.engine, backend=v.backend, rules=v.rules,
                            digest=v.rule_set_digest, profiles_digest=v.profiles_digest)
            + ", ".join(t["text.version_item"].format(
                country=p.country, role=t[f"role.{p.role}"],
                version=p.evidence_version or t["text.no_version"]) for p in v.profiles))


def _md_sources(authorities: list[AuthorityRef], evidence: list[EvidenceItem],
                t: Mapping[str, str]) -> list[str]:
    out = []
    for x in authorities:
        cite = f"[{x.citation}]({x.url})" if x.url else x.citation
        out.append(t["md.authority"].format(
            text=cite + (f", {x.reference}" if x.reference else "")))
    for e in evidence:
        out.append(t["md.evidence"].format(
            title=f"[{e.title}]({e.url})" if e.url else e.title,
            symbol=f", {e.symbol}" if e.symbol else "", publisher=e.publisher, date=e.date,
            country=e.country, version=e.evidence_version or t["text.no_version"],
            later=t["md.later"] if e.published_after_as_of else ""))
    return out


def _md_factors(a: Assessment, factors: list[Factor], t: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for f in factors:
        # The plain "Because: ..." sentence is English; other languages give the reasoning.
        why = because_sentence(f) if a.language == "en" else f.reasoning
        out.append(f"- **{f.contribution:+d} {f.title}** (`{f.rule}`). {why}")
        out += _md_sources(f.authorities, f.evidence, t)
    return out or [t["md.no_factors"]]


def render_markdown(a: Assessment) -> str:
    t = _labels(a)
    torture, transfer, gaps = _bands(a, t, markdown=True)
    numbers = {"score": a.score, "low": a.range.low, "high": a.range.high,
               "base": f"{a.base:g}"}
    shown = (t["md.score"].format(band=torture, **numbers) if torture is not None
             else t["md.score_no_band"].format(band=t["band.none"], **numbers))
    if a.legal_bars:
        shown += "\n\n" + t["md.bars_first"].format(
            titles="; ".join(f"{b.title} (`{b.code}`)" for b in a.legal_bars))
    shown += "".join(f"\n\n{line.strip()[:1].upper()}{line.strip()[1:]}."
                     for line in _track_record(a, t, torture))
    it = a.irregular_transfer
    out = [t["md.heading"].format(destination=a.destination, as_of=a.as_of), "",
           *(t["md.warning"].format(gap=gap) for gap in gaps),
           shown, "", t["md.factors"], "", *_md_factors(a, a.factors, t)]
    out += ["", t["md.transfer"].format(score=it.score, band=transfer or _no_band(a, t)), "",
            t["md.transfer_base"].format(base=f"{it.base:g}"), "",
            *_md_factors(a, it.factors, t)]
    out += ["", t["md.bars"], ""]
    for b in a.legal_bars:
        out.append(f"- **{b.title}** (`{b.code}`) — {b.effect}")
        out += _md_sources(b.authorities, b.evidence, t)
    if not a.legal_bars:
        out.append("- " + _bars_heading(a, t, "", t["md.no_bars"].removeprefix("- ")))
    if a.unknown_treaty_statuses:
        out += ["", t["text.unchecked"], ""]
        out += [f"- {_unchecked(u, t)}" for u in a.unknown_treaty_statuses]
    out += ["", t["md.precedents"], ""]
    if a.precedents:
        for p in a.precedents:
            cite = f"[{p.citation}]({p.url})" if p.url else p.citation
            line = t["precedent.line"].format(citation=cite, outcome=t[f"outcome.{p.outcome}"],
                                              similarity=f"{p.similarity:.2f}")
            out.append(f"- {line}. {_reason(a, p.reason, p.reason_language, t)}")
    else:
        out.append("- " + t["text.no_precedents"].format(as_of=a.as_of))
    out += ["", t["md.actions"], ""]
    for x in a.recommended_actions:
        out.append(t["md.action"].format(priority=x.priority, action=x.action, reason=x.reason))
        out += _md_sources(x.authorities, [], t)
    if not a.recommended_actions:
        out.append(t["md.no_actions"])
    out += ["", t["md.unknown"], ""]
    out += [f"- {m.field}: {m.question} ({_movement(m, t)})"
            for m in a.missing_information] or [t["md.no_unknown"]]
    out += ["", t["md.versions"], "", _versions(a, t, t["md.versions_line"]) + ".",
            "", f"_{a.disclaimer}_", ""]
    return "\n".join(out)
