"""The case-file report as one self-contained HTML page (no script, no outside asset).

Order: the gaps first when there are any, then the result, the facts as given, every factor in
plain words with its authorities and dated evidence, the legal bars, the unknowns with their
questions, the recommended actions, the precedents, the versions and the disclaimer. Every text
from the case or the data is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from ..assessment import Assessment, AuthorityRef, EvidenceItem, Factor
from ..case import Case, PersonalProfile
from .country_names import country_name
from .labels import field_label, value_label
from .plain import BandView, band_view, because_sentence, transfer_band_view
from .styles import REPORT_CSS

__all__ = ["case_rows", "render_report_html"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(text)}</a>'
    return _e(text)


def _authorities(items: Iterable[AuthorityRef]) -> str:
    rows = [f"<li>{_link(a.url, a.citation)}" + (f", {_e(a.reference)}" if a.reference else "")
            + f'<br><span class="muted">{_e(a.proposition)}</span></li>' for a in items]
    return (f'<p class="meta">Authorities</p><ul class="sources">{"".join(rows)}</ul>'
            if rows else "")


def _evidence(items: Iterable[EvidenceItem]) -> str:
    rows = []
    for e in items:
        period = (f"; describes {e.period_from or '?'} to {e.period_to or 'date of publication'}"
                  if e.period_from or e.period_to else "")
        symbol = f", {_e(e.symbol)}" if e.symbol else ""
        later = (" <strong>Published after the assessment date.</strong>"
                 if e.published_after_as_of else "")
        rows.append(f"<li>{_link(e.url, e.title)}{symbol} ({_e(e.publisher)}, {e.date}"
                    f"{_e(period)}; {_e(country_name(e.country))} evidence version from "
                    f"{e.evidence_version or 'none'}).{later}</li>")
    return (f'<p class="meta">Dated evidence</p><ul class="sources">{"".join(rows)}</ul>'
            if rows else "")


def _factor(f: Factor) -> str:
    tech = "".join(f"<li><code>{_e(b)}</code></li>" for b in f.because)
    return (f'<div class="card factor"><h3>{_e(f.title)} <span class="points">'
            f"{f.contribution:+d} points</span></h3><p>{_e(because_sentence(f))}</p>"
            f"<p class=\"muted\">{_e(f.reasoning)}</p>{_authorities(f.authorities)}"
            f"{_evidence(f.evidence)}<details class=\"tech\"><summary>Technical detail"
            f"</summary><p>Rule <code>{_e(f.rule)}</code>, tier {_e(f.tier)}, weight "
            f"{f.points}.</p><ul>{tech}</ul></details></div>")


def _risk(title: str, score: int, view: BandView, low: int | None, high: int | None,
          record: str = "") -> str:
    band = (f"{score} / 100 — {_e(view.words)}" if view.band is not None
            else f"{_e(view.words)} (score {score} / 100 counts the case facts only)")
    spread = (f"<p>Could be {low}–{high} once the unknowns are known.</p>"
              if low is not None and high is not None else "")
    warn = f'<p class="warning"><strong>{_e(view.warning)}</strong></p>' if view.warning else ""
    return (f'<div class="risk"><p class="meta">{_e(title)}</p><p class="score">{band}</p>'
            f'<div class="meter" role="img" aria-label="{score} out of 100"><span style="width:'
            f'{max(0, min(score, 100))}%"></span></div>{spread}{record}{warn}</div>')


def case_rows(case: Case | None, as_of: object = None) -> list[tuple[str, str]]:
    """The facts as given, in plain words; an absent field reads "unknown"."""
    if case is None:
        return []
    day = as_of or case.as_of
    rows: list[tuple[str, str]] = [
        ("Destination", country_name(case.destination)),
        ("Removing state", country_name(case.removing_state) if case.removing_state
         else "unknown"),
        ("Date of the assessment", str(day) if day else "today"),
    ]

    def add(field: str, value: Any) -> None:
        rows.append((field_label(field), "unknown" if value is None
                     else value_label(field, getattr(value, "value", value))))

    add("proceeding", case.proceeding)
    if case.charges is None:
        rows.append(("Charges", "unknown"))
    else:
        text = "; ".join(value_label("charges.category", c.category.value)
                         + (f" ({value_label('charges.organisation', c.organisation)})"
                            if c.organisation else "")
                         + (f": {c.detail}" if c.detail else "") for c in case.charges)
        rows.append(("Charges", text or "none"))
    profile = case.profile.model_dump() if case.profile else {}
    for name in PersonalProfile.model_fields:
        add(f"profile.{name}", profile.get(name))
    add("past_ill_treatment", case.past_ill_treatment)
    add("refugee_status", case.refugee_status)
    if case.interim_measures is None:
        rows.append(("Interim measures", "unknown"))
    else:
        rows.append(("Interim measures", "; ".join(
            f"{value_label('interim_measures.body', m.body.value)}: "
            f"{value_label('interim_measures.status', m.status.value).lower()}"
            + (f" ({m.date})" if m.date else "") for m in case.interim_measures) or "none"))
    da = case.diplomatic_assurances.model_dump() if case.diplomatic_assurances else {}
    for part in ("given", "specific", "binding", "monitoring", "track_record_of_compliance"):
        value = da.get(part)
        add(f"diplomatic_assurances.{part}", getattr(value, "value", value))
    custody = case.custody.model_dump() if case.custody else {}
    add("custody.detained", custody.get("detained"))
    add("custody.release_imminent", custody.get("release_imminent"))
    add("prior_irregular_transfer_attempt", case.prior_irregular_transfer_attempt)
    return rows


def _section(title: str, body: str, cls: str = "") -> str:
    return f'<section class="{cls}"><h2>{_e(title)}</h2>{body}</section>'


def _gaps(a: Assessment, views: list[BandView]) -> str:
    items = [v.warning for v in views if v.warning]
    items += [g for g in a.evidence_gaps if g not in items]
    if not items:
        return ""
    return _section("Gaps: read these first", "<ul>" + "".join(
        f"<li>{_e(g)}</li>" for g in items) + "</ul>", "gaps")


def _track_record(a: Assessment, view: BandView) -> str:
    """The band's record on the decided cases, under the result (none where no band is shown)."""
    if view.band is None:
        return ""
    c = a.calibration
    if c is None:
        text = ("Track record not shown: the stored calibration was computed from other rules, "
                "evidence or decided cases.")
    elif c.decided_cases == 0:
        text = f"Track record: no decided case scores {view.words} in the backtest."
    else:
        text = (f"Track record: {c.violations} of the {c.decided_cases} decided cases that score "
                f"{view.words} in the backtest were violations.")
    return f'<p class="track-record">{_e(text)}</p>'


_OUTCOME_WORDS = {"violation": "violation", "no_violation": "no violation"}


def _precedents(a: Assessment) -> str:
    """The decided cases like this one: none decided after the date, never the case itself."""
    if not a.precedents:
        return _section("Decided cases like this one",
                        f"<p>No decided case like this one was decided by {a.as_of}.</p>",
                        "precedents")
    rows = []
    for p in a.precedents:
        reason = (f"{_e(p.reason)}" + (" <span class=\"muted\">(English)</span>"
                                        if p.reason_language not in (None, a.language) else "")
                  if p.reason else '<span class="muted">Reason not recorded in the case '
                                   "file.</span>")
        rows.append(f"<li>{_link(p.url, p.citation)}: <strong>"
                    f"{_e(_OUTCOME_WORDS.get(p.outcome, p.outcome))}</strong> "
                    f'<span class="muted">(similarity {p.similarity:.2f})</span><br>{reason}</li>')
    return _section("Decided cases like this one",
                    f"<p>Most alike first; none decided after {a.as_of}.</p><ol>"
                    + "".join(rows) + "</ol>", "precedents")


def render_report_html(a: Assessment, case: Case | None = None, *, print_button: bool = False,
                       generated: str = "") -> str:
    """The whole report. ``print_button`` adds a (script-free) hint; browsers print with Ctrl+P."""
    torture, transfer = band_view(a), transfer_band_view(a)
    title = (f"Risk of torture on return to {country_name(a.destination)}"
             + (f" from {country_name(a.removing_state)}" if a.removing_state else "")
             + f", as of {a.as_of}")
    ref = f"<p class=\"meta\">Your reference: {_e(a.client_reference)}</p>" \
        if a.client_reference else ""
    head = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
            f"<style>{REPORT_CSS}</style></head><body><header><h1>{_e(title)}</h1>"
            f'<p class="meta">Case-file report of a non-refoulement risk screening'
            f'{", generated " + _e(generated) if generated else ""}.</p>{ref}'
            + ('<p class="no-print">Print this page (Ctrl+P) for the file: the print layout '
               "fits A4 and Letter.</p>" if print_button else "") + "</header><main>")
    result = _section("Result", '<div class="result">' + _risk(
        "Risk of torture or ill-treatment on return", a.score, torture, a.range.low,
        a.range.high, _track_record(a, torture)) + _risk(
            "Risk of irregular transfer (abduction, informal hand-over)",
            a.irregular_transfer.score, transfer, None, None) + "</div>")
    rows = case_rows(case, a.as_of)
    facts = _section("The facts as given", '<table class="facts">' + "".join(
        f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)
        + "</table>") if case is not None else ""
    factors = _section("Why: the factors of the torture risk",
                       f"<p>Base score {a.base:g}; each factor adds or removes points.</p>"
                       + ("".join(_factor(f) for f in a.factors) or "<p>No factor applies.</p>"))
    it = a.irregular_transfer
    transfer_factors = _section("Why: the factors of the irregular-transfer risk",
                                f"<p>Base score {it.base:g}.</p>" + (
                                    "".join(_factor(f) for f in it.factors)
                                    or "<p>No factor applies.</p>"))
    bars = _section("Legal bars to removal in force on this date", "".join(
        f'<div class="card bar"><h3>{_e(b.title)}</h3><p>{_e(b.effect)}</p>'
        f"{_authorities(b.authorities)}{_evidence(b.evidence)}<details class=\"tech\"><summary>"
        f"Technical detail</summary><p>Bar <code>{_e(b.code)}</code>, rule <code>{_e(b.rule)}"
        f"</code>.</p></details></div>" for b in a.legal_bars)
        or "<p>No legal bar found on the facts given (which is not a finding that removal "
           "is lawful).</p>")
    unknowns = _section("Still unknown, most decisive first", "<ol>" + "".join(
        f"<li><strong>{_e(m.question)}</strong> <span class=\"muted\">({_e(field_label(m.field))}"
        + (f"; could raise the score by {m.could_raise_by}, lower it by {m.could_lower_by}"
           if m.could_raise_by is not None else "; effect not computable")
        + (f"; irregular transfer +{m.irregular_transfer_could_raise_by}"
           if m.irregular_transfer_could_raise_by else "") + ")</span></li>"
        for m in a.missing_information) + "</ol>" if a.missing_information
        else "<p>Nothing the rules use is unknown.</p>")
    actions = _section("Recommended next steps", "<ol>" + "".join(
        f"<li><strong>{_e(x.action)}</strong><br><span class=\"muted\">Because: {_e(x.reason)}"
        f"</span>{_authorities(x.authorities)}</li>" for x in a.recommended_actions) + "</ol>"
        if a.recommended_actions else "<p>None.</p>")
    v = a.versions
    versions = _section("Versions", f"<p>Engine {_e(v.engine)} ({_e(v.backend)}), rules "
                        f"{_e(v.rules)}, rule-set digest <code>{_e(v.rule_set_digest)}</code>, "
                        f"evidence digest <code>{_e(v.profiles_digest)}</code>.</p><ul>" + "".join(
                            f"<li>{_e(country_name(p.country))} as {_e(p.role.replace('_', ' '))}"
                            f": evidence version from {p.evidence_version or 'none'}</li>"
                            for p in v.profiles) + "</ul>")
    disclaimer = f'<p class="disclaimer">{_e(a.disclaimer)}</p>'
    return (head + _gaps(a, [torture, transfer]) + result + facts + factors + transfer_factors
            + bars + unknowns + actions + _precedents(a) + versions + disclaimer
            + "</main></body></html>\n")
