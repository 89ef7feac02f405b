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
from ..i18n import available_languages, catalogue_for
from .labels import field_label, value_label
from .plain import BandView, band_view, because_sentence, country_name, transfer_band_view
from .styles import REPORT_CSS
from .texts import TEXTS, date_words, say

__all__ = ["case_rows", "render_report_html"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(text)}</a>'
    return _e(text)


def _place(code: str | None, lang: str) -> str:
    """"Kyrgyzstan (KG)", in the language; "not stated" (unknown) for None."""
    if not code:
        return say("word.unknown", lang)
    name = country_name(code.upper(), lang)
    return f"{name} ({code.upper()})" if name != code.upper() else code.upper()


class _Page:
    """The report's words in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return _e(say(key, self.lang, **values))

    def date(self, day: object) -> str:
        return date_words(day, self.lang)

    def authorities(self, items: Iterable[AuthorityRef]) -> str:
        rows = [f"<li>{_link(a.url, a.citation)}"
                + (f", {_e(a.reference)}" if a.reference else "")
                + f'<br><span class="muted">{_e(a.proposition)}</span></li>' for a in items]
        return (f'<p class="meta">{self.t("report.authorities")}</p><ul class="sources">'
                f'{"".join(rows)}</ul>' if rows else "")

    def evidence(self, items: Iterable[EvidenceItem]) -> str:
        rows = []
        for e in items:
            period = ("; " + say("report.period", self.lang,
                                 start=self.date(e.period_from) if e.period_from else "?",
                                 end=self.date(e.period_to) if e.period_to
                                 else say("report.publication", self.lang))
                      if e.period_from or e.period_to else "")
            symbol = f", {_e(e.symbol)}" if e.symbol else ""
            later = (f" <strong>{self.t('report.published_after')}</strong>"
                     if e.published_after_as_of else "")
            version = self.t("report.evidence_version", country=country_name(e.country,
                                                                              self.lang),
                             version=self.date(e.evidence_version) if e.evidence_version
                             else say("word.none", self.lang))
            rows.append(f"<li>{_link(e.url, e.title)}{symbol} ({_e(e.publisher)}, "
                        f"{_e(self.date(e.date))}{_e(period)}; {version}).{later}</li>")
        return (f'<p class="meta">{self.t("report.evidence")}</p><ul class="sources">'
                f'{"".join(rows)}</ul>' if rows else "")

    def factor(self, f: Factor) -> str:
        tech = "".join(f"<li><code>{_e(b)}</code></li>" for b in f.because)
        rule = self.t("factor.rule", rule="\x00", tier=f.tier, points=f.points).replace(
            "\x00", f"<code>{_e(f.rule)}</code>")
        return (f'<div class="card factor"><h3>{_e(f.title)} <span class="points">'
                f'{self.t("factor.points", points=f"{f.contribution:+d}")}</span></h3>'
                f"<p>{_e(because_sentence(f, self.lang))}</p>"
                f'<p class="muted">{_e(f.reasoning)}</p>{self.authorities(f.authorities)}'
                f'{self.evidence(f.evidence)}<details class="tech"><summary>'
                f'{self.t("factor.technical")}</summary><p>{rule}</p><ul>{tech}</ul>'
                "</details></div>")

    def risk(self, title: str, score: int, view: BandView, low: int | None,
             high: int | None, record: str = "") -> str:
        band = (f"{score} / 100 — {_e(view.words)}" if view.band is not None
                else f"{_e(view.words)} {self.t('risk.facts_only', score=score)}")
        spread = (f"<p>{self.t('risk.range', low=low, high=high)}</p>"
                  if low is not None and high is not None else "")
        warn = (f'<p class="warning"><strong>{_e(view.warning)}</strong></p>'
                if view.warning else "")
        return (f'<div class="risk"><p class="meta">{self.t(title)}</p><p class="score">'
                f'{band}</p><div class="meter" role="img" aria-label="'
                f'{self.t("report.meter", score=score)}"><span style="width:'
                f'{max(0, min(score, 100))}%"></span></div>{spread}{record}{warn}</div>')


def case_rows(case: Case | None, as_of: object = None,
              lang: str = "en") -> list[tuple[str, str]]:
    """The facts as given, in plain words; an absent field reads "unknown"."""
    if case is None:
        return []
    unknown, none = say("word.unknown", lang), say("word.none", lang)
    day = as_of or case.as_of
    rows: list[tuple[str, str]] = [
        (field_label("destination", lang), _place(case.destination, lang)),
        (field_label("removing_state", lang), _place(case.removing_state, lang)),
        (field_label("as_of", lang), date_words(day, lang) if day
         else say("word.today", lang)),
    ]

    def add(field: str, value: Any) -> None:
        rows.append((field_label(field, lang), unknown if value is None
                     else value_label(field, getattr(value, "value", value), lang)))

    add("proceeding", case.proceeding)
    if case.charges is None:
        rows.append((field_label("charges", lang), unknown))
    else:
        text = "; ".join(value_label("charges.category", c.category.value, lang)
                         + (f" ({value_label('charges.organisation', c.organisation, lang)})"
                            if c.organisation else "")
                         + (f": {c.detail}" if c.detail else "") for c in case.charges)
        rows.append((field_label("charges", lang), text or none))
    add("death_penalty_exposure", case.death_penalty_exposure)
    profile = case.profile.model_dump() if case.profile else {}
    for name in PersonalProfile.model_fields:
        add(f"profile.{name}", profile.get(name))
    add("past_ill_treatment", case.past_ill_treatment)
    add("refugee_status", case.refugee_status)
    if case.interim_measures is None:
        rows.append((field_label("interim_measures", lang), unknown))
    else:
        rows.append((field_label("interim_measures", lang), "; ".join(
            f"{value_label('interim_measures.body', m.body.value, lang)}: "
            f"{value_label('interim_measures.status', m.status.value, lang).lower()}"
            + (f" ({date_words(m.date, lang)})" if m.date else "")
            for m in case.interim_measures) or none))
    da = case.diplomatic_assurances.model_dump() if case.diplomatic_assurances else {}
    for part in ("given", "specific", "binding", "monitoring", "track_record_of_compliance",
                 "death_penalty_excluded"):
        value = da.get(part)
        add(f"diplomatic_assurances.{part}", getattr(value, "value", value))
    custody = case.custody.model_dump() if case.custody else {}
    add("custody.detained", custody.get("detained"))
    add("custody.release_imminent", custody.get("release_imminent"))
    add("prior_irregular_transfer_attempt", case.prior_irregular_transfer_attempt)
    return rows


def _section(title: str, body: str, cls: str = "") -> str:
    return f'<section class="{cls}"><h2>{title}</h2>{body}</section>'


def _gaps(p: _Page, a: Assessment, views: list[BandView]) -> str:
    items = [v.warning for v in views if v.warning]
    items += [g for g in a.evidence_gaps if g not in items]
    if not items:
        return ""
    return _section(p.t("report.gaps"), "<ul>" + "".join(
        f"<li>{_e(g)}</li>" for g in items) + "</ul>", "gaps")



def _bars_first(p: _Page, a: Assessment) -> str:
    titles = "; ".join(b.title for b in a.legal_bars)
    return f'<p class="bars-first"><strong>{p.t("report.bars_first", titles=titles)}</strong></p>'


def _track_record(p: _Page, a: Assessment, view: BandView) -> str:
    """The band's record on the decided cases, under the result (none where no band is shown)."""
    if view.band is None:
        return ""
    c = a.calibration
    if c is None:
        text = p.t("report.track_stale")
    elif c.decided_cases == 0:
        text = p.t("report.track_empty", band=view.words)
    else:
        text = p.t("report.track_record", violations=c.violations, cases=c.decided_cases,
                   band=view.words)
    return f'<p class="track-record">{text}</p>'


def _precedents(p: _Page, a: Assessment) -> str:
    """The decided cases like this one: none decided after the date, never the case itself.
    Citations stay as the Court or committee gives them; a reason in another language is
    marked so."""
    title = p.t("report.precedents")
    if not a.precedents:
        return _section(title, f"<p>{p.t('report.no_precedents', date=p.date(a.as_of))}</p>",
                        "precedents")
    rows = []
    for x in a.precedents:
        other = x.reason_language not in (None, a.language)
        reason = (_e(x.reason) + (f' <span class="muted">{p.t("report.reason_english")}</span>'
                                  if other else "")
                  if x.reason else f'<span class="muted">{p.t("report.no_reason")}</span>')
        outcome = (p.t(f"report.outcome.{x.outcome}") if f"report.outcome.{x.outcome}" in TEXTS
                   else _e(x.outcome))
        rows.append(f"<li>{_link(x.url, x.citation)}: <strong>{outcome}</strong> "
                    f'<span class="muted">'
                    f'{p.t("report.similarity", similarity=f"{x.similarity:.2f}")}</span>'
                    f"<br>{reason}</li>")
    return _section(title, f"<p>{p.t('report.precedents_order', date=p.date(a.as_of))}</p>"
                    "<ol>" + "".join(rows) + "</ol>", "precedents")


def _switch(p: _Page) -> str:
    """Links to the same report in the other languages (``?lang=``), for a served report."""
    links = []
    for code in available_languages():
        if code == p.lang:
            continue
        catalogue = catalogue_for(code)
        name = catalogue.name if catalogue is not None else "English"
        links.append(f'<a href="?lang={_e(code)}" hreflang="{_e(code)}" lang="{_e(code)}">'
                     f"{_e(name)}</a>")
    return (f'<p class="no-print language-switch">{p.t("report.language")} '
            + " · ".join(links) + "</p>") if links else ""


def _unknowns(p: _Page, a: Assessment) -> str:
    if not a.missing_information:
        return f"<p>{p.t('report.nothing_unknown')}</p>"
    items = []
    for m in a.missing_information:
        effect = (p.t("report.could_change", raise_by=m.could_raise_by,
                      lower_by=m.could_lower_by)
                  if m.could_raise_by is not None else p.t("report.not_computable"))
        transfer = ("; " + p.t("report.transfer_change",
                               points=m.irregular_transfer_could_raise_by)
                    if m.irregular_transfer_could_raise_by else "")
        # a bar decides whatever the score: named before the points
        effect = "; ".join([*(p.t(key, codes=", ".join(codes)) for key, codes in (
            ("report.could_add_bars", m.could_add_bars),
            ("report.could_lift_bars", m.could_lift_bars)) if codes), effect])
        items.append(f"<li><strong>{_e(m.question)}</strong> <span class=\"muted\">("
                     f"{_e(field_label(m.field, p.lang))}; {effect}{transfer})</span></li>")
    return "<ol>" + "".join(items) + "</ol>"


def render_report_html(a: Assessment, case: Case | None = None, *, print_button: bool = False,
                       generated: str = "", language_links: bool = False) -> str:
    """The whole report, in the assessment's language (``a.language``). ``print_button`` adds
    a (script-free) hint; browsers print with Ctrl+P. ``language_links`` adds links to the
    report in the other languages (``?lang=``), for a report the API serves."""
    lang = a.language if a.language in available_languages() else "en"
    p = _Page(lang)
    torture, transfer = band_view(a, lang), transfer_band_view(a, lang)
    where = {"destination": _place(a.destination, lang), "date": p.date(a.as_of)}
    title = (say("report.title_from", lang, removing=_place(a.removing_state, lang), **where)
             if a.removing_state else say("report.title", lang, **where))
    ref = (f'<p class="meta">{p.t("report.your_reference", reference=a.client_reference)}</p>'
           if a.client_reference else "")
    subtitle = (p.t("report.subtitle_generated", stamp=generated) if generated
                else p.t("report.subtitle"))
    head = (f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8"><meta '
            'name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{REPORT_CSS}</style></head><body><header>"
            f'<h1>{_e(title)}</h1><p class="meta">{subtitle}</p>{ref}'
            + (_switch(p) if language_links else "")
            + (f'<p class="no-print">{p.t("report.print_hint")}</p>' if print_button else "")
            + "</header><main>")
    result = _section(p.t("report.result"), '<div class="result">' + p.risk(
        "risk.torture", a.score, torture, a.range.low, a.range.high,
        _track_record(p, a, torture)) + p.risk(
        "risk.transfer", a.irregular_transfer.score, transfer, None, None) + "</div>"
        # A bar binds whatever the band: named with the result, so "moderate" never hides it.
        + (_bars_first(p, a) if a.legal_bars else ""))
    rows = case_rows(case, a.as_of, lang)
    facts = _section(p.t("report.facts"), '<table class="facts">' + "".join(
        f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)
        + "</table>") if case is not None else ""
    no_factor = f"<p>{p.t('result.no_factor')}</p>"
    factors = _section(p.t("report.factors"),
                       f"<p>{p.t('report.base', base=f'{a.base:g}')}</p>"
                       + ("".join(p.factor(f) for f in a.factors) or no_factor))
    it = a.irregular_transfer
    transfer_factors = _section(p.t("report.transfer_factors"),
                                f"<p>{p.t('report.transfer_base', base=f'{it.base:g}')}</p>"
                                + ("".join(p.factor(f) for f in it.factors) or no_factor))
    bars = _section(p.t("report.bars"), "".join(
        f'<div class="card bar"><h3>{_e(b.title)}</h3><p>{_e(b.effect)}</p>'
        f"{p.authorities(b.authorities)}{p.evidence(b.evidence)}<details class=\"tech\">"
        f"<summary>{p.t('factor.technical')}</summary><p>"
        + p.t("report.bar_technical", code="\x00", rule="\x01").replace(
            "\x00", f"<code>{_e(b.code)}</code>").replace("\x01", f"<code>{_e(b.rule)}</code>")
        + "</p></details></div>" for b in a.legal_bars)
        or f"<p>{p.t('report.no_bars')}</p>")
    unknowns = _section(p.t("result.unknowns"), _unknowns(p, a))
    actions = _section(p.t("report.actions"), "<ol>" + "".join(
        f"<li><strong>{_e(x.action)}</strong><br><span class=\"muted\">"
        f"{p.t('because', facts=x.reason)}</span>{p.authorities(x.authorities)}</li>"
        for x in a.recommended_actions) + "</ol>"
        if a.recommended_actions else f"<p>{p.t('report.none')}</p>")
    v = a.versions
    line = p.t("report.versions_line", engine=v.engine, backend=v.backend, rules=v.rules,
               digest="\x00", evidence="\x01").replace(
        "\x00", f"<code>{_e(v.rule_set_digest)}</code>").replace(
        "\x01", f"<code>{_e(v.profiles_digest)}</code>")
    versions = _section(p.t("report.versions"), f"<p>{line}</p><ul>" + "".join(
        "<li>" + p.t("report.profile_line", country=country_name(x.country, lang),
                     role=say(f"role.{x.role}", lang) if f"role.{x.role}" in _ROLES
                     else x.role.replace("_", " "),
                     version=p.date(x.evidence_version) if x.evidence_version
                     else say("word.none", lang)) + "</li>"
        for x in v.profiles) + "</ul>")
    disclaimer = f'<p class="disclaimer">{_e(a.disclaimer)}</p>'
    return (head + _gaps(p, a, [torture, transfer]) + result + facts + factors
            + transfer_factors + bars + unknowns + actions + _precedents(p, a) + versions
            + disclaimer + "</main></body></html>\n")


_ROLES = ("role.destination", "role.removing_state", "role.granting_state", "role.onward_state")
