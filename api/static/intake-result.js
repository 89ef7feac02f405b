// The result beside the interview: the gaps first, the two risks (no band where there is no
// evidence) with the band's track record on the decided cases, the legal bars, the next steps,
// the decided cases like this one, and every factor as a card in plain words, with its sources
// and, folded away, the technical detail. Built with textContent only.
"use strict";

window.RRResult = (function () {
  const W = window.RRWords;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(url, text) {
    if (typeof url === "string" && /^https?:\/\//.test(url)) {
      const a = el("a", text);
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      return a;
    }
    return el("span", text);
  }

  function details(summary, cls) {
    const d = el("details", null, cls);
    d.appendChild(el("summary", summary));
    return d;
  }

  function noEvidence(a, role) {
    return (a.versions.profiles || []).some(function (p) { return p.role === role && !p.available; });
  }

  // What may be shown of each risk: never a band the evidence cannot support.
  function views(a) {
    const dest = W.countryName(a.destination);
    const torture = (noEvidence(a, "destination") || a.band === "insufficient_evidence")
      ? { band: null, warning: W.t("warning.no_destination_evidence", { country: dest, date: W.date(a.as_of) }) }
      : { band: a.band, warning: "" };
    const it = a.irregular_transfer;
    let transfer = { band: it.band, warning: "" };
    if (!a.removing_state) {
      transfer = { band: null, warning: W.t("warning.no_removing_state") };
    } else if (noEvidence(a, "removing_state") || it.band === "insufficient_evidence") {
      transfer = { band: null, warning: W.t("warning.no_removing_evidence",
        { country: W.countryName(a.removing_state), date: W.date(a.as_of) }) };
    }
    return { torture: torture, transfer: transfer };
  }

  function risk(title, score, view, range, id) {
    const box = el("div", null, "risk " + (view.band ? "band-" + view.band : "band-none"));
    box.id = id;
    box.appendChild(el("p", title, "muted"));
    const headline = view.band
      ? score + " / 100 — " + W.bandWords(view.band)
      : W.t("risk.no_band");
    box.appendChild(el("p", headline, "score"));
    box.dataset.band = view.band || "insufficient_evidence";
    const meter = el("meter");
    meter.min = 0; meter.max = 100; meter.value = score;
    meter.setAttribute("aria-label", W.t("risk.meter", { title: title, score: score }));
    box.appendChild(meter);
    if (!view.band) box.appendChild(el("p", W.t("risk.facts_only", { score: score }), "muted"));
    if (range) box.appendChild(el("p", W.t("risk.range", { low: range.low, high: range.high })));
    return box;
  }

  // How often decided cases scoring in the band were violations; nothing where no band is shown.
  function trackRecord(a, view) {
    if (!view.band) return null;
    const c = a.calibration;
    let text;
    if (!c) {
      text = W.t("report.track_stale");
    } else if (!c.decided_cases) {
      text = W.t("report.track_empty", { band: W.bandWords(view.band) });
    } else {
      text = W.t("report.track_record", { violations: c.violations, cases: c.decided_cases,
        band: W.bandWords(view.band) });
    }
    const p = el("p", text, "muted");
    p.id = "track-record";
    return p;
  }

  const OUTCOMES = { violation: "report.outcome.violation", no_violation: "report.outcome.no_violation" };

  // The decided cases most like this one (none decided after the assessment date). Citations
  // stay as the Court or committee gives them; a reason in another language is marked so.
  function precedents(a) {
    const box = el("section", null, "precedents");
    box.id = "precedents";
    box.appendChild(el("h3", W.t("report.precedents")));
    const list = a.precedents || [];
    if (!list.length) {
      box.appendChild(el("p", W.t("report.no_precedents", { date: W.date(a.as_of) })));
      return box;
    }
    box.appendChild(el("p", W.t("report.precedents_order", { date: W.date(a.as_of) }), "muted"));
    const ol = el("ol");
    list.forEach(function (p) {
      const li = el("li");
      li.dataset.case = p.id;
      li.appendChild(link(p.url, p.citation));
      li.appendChild(el("span", ": "));
      li.appendChild(el("strong", OUTCOMES[p.outcome] ? W.t(OUTCOMES[p.outcome]) : p.outcome));
      li.appendChild(el("span", " " + W.t("report.similarity",
        { similarity: Number(p.similarity).toFixed(2) }), "muted"));
      const reason = el("div", p.reason ? p.reason : W.t("report.no_reason"),
        p.reason ? "reason" : "muted");
      if (p.reason && p.reason_language && p.reason_language !== a.language) {
        reason.appendChild(el("span", " " + W.t("report.reason_english"), "muted"));
      }
      li.appendChild(reason);
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  function sources(f) {
    const d = details(W.t("sources.summary", { authorities: (f.authorities || []).length,
      evidence: (f.evidence || []).length }), "sources");
    const ul = el("ul");
    (f.authorities || []).forEach(function (x) {
      const li = el("li"); li.appendChild(link(x.url, x.citation)); ul.appendChild(li);
    });
    (f.evidence || []).forEach(function (e) {
      const li = el("li");
      li.appendChild(link(e.url, e.title));
      li.appendChild(el("span", " (" + e.publisher + ", " + W.date(e.date) + (e.symbol ? ", " + e.symbol : "") +
        (e.published_after_as_of ? "; " + W.t("sources.published_after") : "") + ")"));
      ul.appendChild(li);
    });
    d.appendChild(ul);
    return d;
  }

  function card(f, labelOf) {
    const c = el("article", null, "card factor");
    c.dataset.rule = f.rule;
    const h = el("h4");
    h.appendChild(el("span", f.title));
    h.appendChild(el("span", " " + W.t("factor.points", { points: (f.contribution > 0 ? "+" : "") + f.contribution }), "points"));
    c.appendChild(h);
    c.appendChild(el("p", W.because(f, labelOf), "because"));
    c.appendChild(sources(f));
    const tech = details(W.t("factor.technical"), "tech");
    tech.appendChild(el("p", W.t("factor.rule", { rule: f.rule, tier: f.tier, points: f.points }) + " " + f.reasoning));
    const ul = el("ul");
    (f.because || []).forEach(function (b) { ul.appendChild(el("li", b, "code")); });
    tech.appendChild(ul);
    c.appendChild(tech);
    return c;
  }

  function render(body, a, labelOf, complete) {
    body.replaceChildren();
    const v = views(a);
    const gaps = [v.torture.warning, v.transfer.warning].filter(Boolean);
    (a.evidence_gaps || []).forEach(function (g) { if (gaps.indexOf(g) < 0) gaps.push(g); });
    if (gaps.length) {
      const box = el("section", null, "gaps");
      box.id = "gaps";
      box.appendChild(el("h3", W.t("result.gaps")));
      const ul = el("ul");
      gaps.forEach(function (g) { ul.appendChild(el("li", g)); });
      box.appendChild(ul);
      body.appendChild(box);
    }
    const place = { destination: W.countryName(a.destination), removing: W.countryName(a.removing_state),
      date: W.date(a.as_of) };
    const where = el("p", W.t(a.removing_state ? "result.where_from" : "result.where", place) +
      (complete ? "." : " " + W.t("result.so_far") + "."), "muted");
    body.appendChild(where);
    const tortureBox = risk(W.t("risk.torture"), a.score, v.torture, a.range, "risk-torture");
    const record = trackRecord(a, v.torture);
    if (record) tortureBox.appendChild(record);
    body.appendChild(tortureBox);
    body.appendChild(risk(W.t("risk.transfer"), a.irregular_transfer.score, v.transfer, null, "risk-transfer"));

    body.appendChild(el("h3", W.t("result.bars")));
    if (!a.legal_bars.length) body.appendChild(el("p", W.t("result.no_bars")));
    a.legal_bars.forEach(function (b) {
      const c = el("article", null, "card bar");
      c.appendChild(el("h4", b.title));
      c.appendChild(el("p", b.effect));
      c.appendChild(sources(b));
      body.appendChild(c);
    });

    body.appendChild(el("h3", W.t("result.next_steps")));
    const ol = el("ol", null, "actions");
    a.recommended_actions.forEach(function (r) {
      const li = el("li");
      li.appendChild(el("strong", r.action));
      li.appendChild(el("div", W.t("because", { facts: r.reason }), "muted"));
      ol.appendChild(li);
    });
    if (a.recommended_actions.length) body.appendChild(ol); else body.appendChild(el("p", W.t("result.none_yet")));
    body.appendChild(precedents(a));

    body.appendChild(el("h3", W.t("result.factors")));
    body.appendChild(el("p", W.t("result.base", { base: a.base }), "muted"));
    const list = el("div", null, "cards");
    list.id = "factors";
    a.factors.forEach(function (f) { list.appendChild(card(f, labelOf)); });
    if (!a.factors.length) list.appendChild(el("p", W.t("result.no_factor")));
    body.appendChild(list);
    if (a.irregular_transfer.factors.length) {
      body.appendChild(el("h3", W.t("result.transfer_factors")));
      const it = el("div", null, "cards");
      a.irregular_transfer.factors.forEach(function (f) { it.appendChild(card(f, labelOf)); });
      body.appendChild(it);
    }
    if (a.missing_information.length) {
      body.appendChild(el("h3", W.t("result.unknowns")));
      const ul = el("ol", null, "unknowns");
      a.missing_information.forEach(function (m) {
        const li = el("li", m.question);
        // a bar decides whatever the score: named before the points
        if ((m.could_add_bars || []).length) li.appendChild(el("span", " " + W.t("result.could_add_bars", { codes: m.could_add_bars.join(", ") }), "bar-note"));
        if ((m.could_lift_bars || []).length) li.appendChild(el("span", " " + W.t("result.could_lift_bars", { codes: m.could_lift_bars.join(", ") }), "muted"));
        if (m.could_raise_by) li.appendChild(el("span", " " + W.t("result.could_raise", { points: m.could_raise_by }), "muted"));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    const ver = a.versions;
    body.appendChild(el("p", W.t("result.versions", { engine: ver.engine, rules: ver.rules,
      digest: ver.rule_set_digest, evidence: ver.profiles_digest }), "muted small"));
    body.appendChild(el("p", a.disclaimer, "disclaimer"));
    return v;
  }

  function summary(a) {
    const v = views(a);
    return (v.torture.band ? W.t("summary.torture", { score: a.score, band: W.bandWords(v.torture.band) })
      : W.t("summary.torture_no_band")) + " " +
      (a.legal_bars.length ? W.t("summary.bars", { count: a.legal_bars.length }) : W.t("summary.no_bar"));
  }

  return { render: render, summary: summary, views: views, el: el };
})();
