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
      ? { band: null, warning: "There is no country evidence for " + dest + " on " + a.as_of +
          ": the score only counts the facts of the case, so it says nothing reassuring. " +
          "No band of risk can be given." }
      : { band: a.band, warning: "" };
    const it = a.irregular_transfer;
    let transfer = { band: it.band, warning: "" };
    if (!a.removing_state) {
      transfer = { band: null, warning: "The removing state is not stated: the risk of " +
        "irregular transfer cannot be assessed." };
    } else if (noEvidence(a, "removing_state") || it.band === "insufficient_evidence") {
      transfer = { band: null, warning: "There is no country evidence for " +
        W.countryName(a.removing_state) + " as a removing state on " + a.as_of +
        ": no band of risk of irregular transfer can be given." };
    }
    return { torture: torture, transfer: transfer };
  }

  function risk(title, score, view, range, id) {
    const box = el("div", null, "risk " + (view.band ? "band-" + view.band : "band-none"));
    box.id = id;
    box.appendChild(el("p", title, "muted"));
    const headline = view.band
      ? score + " / 100 — " + W.bandWords(view.band)
      : "No band: insufficient evidence";
    box.appendChild(el("p", headline, "score"));
    box.dataset.band = view.band || "insufficient_evidence";
    const meter = el("meter");
    meter.min = 0; meter.max = 100; meter.value = score;
    meter.setAttribute("aria-label", title + ": score " + score + " of 100");
    box.appendChild(meter);
    if (!view.band) box.appendChild(el("p", "(score " + score + " / 100 counts the case facts only)", "muted"));
    if (range) box.appendChild(el("p", "Could be " + range.low + "–" + range.high + " once the unknowns are known."));
    return box;
  }

  // How often decided cases scoring in the band were violations; nothing where no band is shown.
  function trackRecord(a, view) {
    if (!view.band) return null;
    const c = a.calibration;
    let text;
    if (!c) {
      text = "Track record not shown: the stored calibration was computed from other rules, " +
        "evidence or decided cases.";
    } else if (!c.decided_cases) {
      text = "Track record: no decided case scores " + W.bandWords(view.band) + " in the backtest.";
    } else {
      text = "Track record: " + c.violations + " of the " + c.decided_cases + " decided cases that score " +
        W.bandWords(view.band) + " in the backtest were violations.";
    }
    const p = el("p", text, "muted");
    p.id = "track-record";
    return p;
  }

  const OUTCOME_WORDS = { violation: "violation", no_violation: "no violation" };

  // The decided cases most like this one (none decided after the assessment date).
  function precedents(a) {
    const box = el("section", null, "precedents");
    box.id = "precedents";
    box.appendChild(el("h3", "Decided cases like this one"));
    const list = a.precedents || [];
    if (!list.length) {
      box.appendChild(el("p", "No decided case like this one was decided by " + a.as_of + "."));
      return box;
    }
    box.appendChild(el("p", "Most alike first; none decided after " + a.as_of + ".", "muted"));
    const ol = el("ol");
    list.forEach(function (p) {
      const li = el("li");
      li.dataset.case = p.id;
      li.appendChild(link(p.url, p.citation));
      li.appendChild(el("span", ": "));
      li.appendChild(el("strong", OUTCOME_WORDS[p.outcome] || p.outcome));
      li.appendChild(el("span", " (similarity " + Number(p.similarity).toFixed(2) + ")", "muted"));
      li.appendChild(el("div", p.reason ? p.reason : "Reason not recorded in the case file.",
        p.reason ? "reason" : "muted"));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  function sources(f) {
    const d = details("Sources: " + (f.authorities || []).length + " authorities, " +
      (f.evidence || []).length + " dated evidence", "sources");
    const ul = el("ul");
    (f.authorities || []).forEach(function (x) {
      const li = el("li"); li.appendChild(link(x.url, x.citation)); ul.appendChild(li);
    });
    (f.evidence || []).forEach(function (e) {
      const li = el("li");
      li.appendChild(link(e.url, e.title));
      li.appendChild(el("span", " (" + e.publisher + ", " + e.date + (e.symbol ? ", " + e.symbol : "") +
        (e.published_after_as_of ? "; published after the assessment date" : "") + ")"));
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
    h.appendChild(el("span", (f.contribution > 0 ? " +" : " ") + f.contribution + " points", "points"));
    c.appendChild(h);
    c.appendChild(el("p", W.because(f, labelOf), "because"));
    c.appendChild(sources(f));
    const tech = details("Technical detail", "tech");
    tech.appendChild(el("p", "Rule " + f.rule + ", tier " + f.tier + ", weight " + f.points + ". " + f.reasoning));
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
      box.appendChild(el("h3", "Read this first: gaps"));
      const ul = el("ul");
      gaps.forEach(function (g) { ul.appendChild(el("li", g)); });
      box.appendChild(ul);
      body.appendChild(box);
    }
    const where = el("p", "Return to " + W.countryName(a.destination) +
      (a.removing_state ? " from " + W.countryName(a.removing_state) : "") + ", as of " + a.as_of +
      (complete ? "." : " (answers so far)."), "muted");
    body.appendChild(where);
    const tortureBox = risk("Risk of torture or ill-treatment on return", a.score, v.torture, a.range, "risk-torture");
    const record = trackRecord(a, v.torture);
    if (record) tortureBox.appendChild(record);
    body.appendChild(tortureBox);
    body.appendChild(risk("Risk of irregular transfer (abduction, informal hand-over)",
      a.irregular_transfer.score, v.transfer, null, "risk-transfer"));

    body.appendChild(el("h3", "Legal bars to removal"));
    if (!a.legal_bars.length) body.appendChild(el("p", "None found on the answers so far (which is not a finding that removal is lawful)."));
    a.legal_bars.forEach(function (b) {
      const c = el("article", null, "card bar");
      c.appendChild(el("h4", b.title));
      c.appendChild(el("p", b.effect));
      c.appendChild(sources(b));
      body.appendChild(c);
    });

    body.appendChild(el("h3", "Next steps"));
    const ol = el("ol", null, "actions");
    a.recommended_actions.forEach(function (r) {
      const li = el("li");
      li.appendChild(el("strong", r.action));
      li.appendChild(el("div", "Because: " + r.reason, "muted"));
      ol.appendChild(li);
    });
    if (a.recommended_actions.length) body.appendChild(ol); else body.appendChild(el("p", "None yet."));
    body.appendChild(precedents(a));

    body.appendChild(el("h3", "Why: the factors"));
    body.appendChild(el("p", "Base score " + a.base + "; each card adds or removes points.", "muted"));
    const list = el("div", null, "cards");
    list.id = "factors";
    a.factors.forEach(function (f) { list.appendChild(card(f, labelOf)); });
    if (!a.factors.length) list.appendChild(el("p", "No factor applies."));
    body.appendChild(list);
    if (a.irregular_transfer.factors.length) {
      body.appendChild(el("h3", "Why: the irregular-transfer factors"));
      const it = el("div", null, "cards");
      a.irregular_transfer.factors.forEach(function (f) { it.appendChild(card(f, labelOf)); });
      body.appendChild(it);
    }
    if (a.missing_information.length) {
      body.appendChild(el("h3", "Still unknown, most decisive first"));
      const ul = el("ol", null, "unknowns");
      a.missing_information.forEach(function (m) {
        const li = el("li", m.question);
        if (m.could_raise_by) li.appendChild(el("span", " (could raise the score by " + m.could_raise_by + ")", "muted"));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    const ver = a.versions;
    body.appendChild(el("p", "Engine " + ver.engine + ", rules " + ver.rules + " [" + ver.rule_set_digest +
      "], evidence [" + ver.profiles_digest + "].", "muted small"));
    body.appendChild(el("p", a.disclaimer, "disclaimer"));
    return v;
  }

  function summary(a) {
    const v = views(a);
    return (v.torture.band ? "Risk of torture: " + a.score + " of 100, " + W.bandWords(v.torture.band)
      : "Risk of torture: no band, insufficient evidence") + ". " +
      (a.legal_bars.length ? a.legal_bars.length + " legal bar(s)." : "No legal bar found.");
  }

  return { render: render, summary: summary, views: views, el: el };
})();
