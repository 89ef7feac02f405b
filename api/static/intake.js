// The intake page: builds a case (CONTRACT.md) from the form, assesses it with a short-lived,
// assess-only token minted for this page (never an API key), and shows the result.
// No third-party code; the DOM is built with textContent only (no HTML from the server).
"use strict";

(function () {
  const form = document.getElementById("case-form");
  const statusEl = document.getElementById("status");
  const errorsEl = document.getElementById("errors");
  const errorList = document.getElementById("error-list");
  const resultEl = document.getElementById("result");
  const resultBody = document.getElementById("result-body");
  let token = null;
  let tokenExpires = 0;

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

  function addRow(containerId, templateId) {
    const template = document.getElementById(templateId);
    const row = template.content.firstElementChild.cloneNode(true);
    row.querySelector(".remove").addEventListener("click", function () { row.remove(); });
    document.getElementById(containerId).appendChild(row);
    const first = row.querySelector("select, input");
    if (first) first.focus();
  }

  document.getElementById("add-charge").addEventListener("click", function () {
    addRow("charges", "charge-template");
  });
  document.getElementById("add-measure").addEventListener("click", function () {
    addRow("interim_measures", "measure-template");
  });

  // Country names for the datalist, from the public evidence index (best effort).
  fetch("/v1/countries", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : { countries: [] }; })
    .then(function (data) {
      const list = document.getElementById("countries");
      (data.countries || []).forEach(function (c) {
        const option = document.createElement("option");
        option.value = c.country;
        option.label = c.name + " (country evidence available)";
        list.appendChild(option);
      });
    })
    .catch(function () { /* the form still works with typed codes */ });

  function setPath(target, path, value) {
    const parts = path.split(".");
    let node = target;
    for (let i = 0; i < parts.length - 1; i++) {
      node[parts[i]] = node[parts[i]] || {};
      node = node[parts[i]];
    }
    node[parts[parts.length - 1]] = value;
  }

  function rows(containerId) {
    const out = [];
    document.querySelectorAll("#" + containerId + " .row").forEach(function (row) {
      const item = {};
      row.querySelectorAll("[data-name]").forEach(function (input) {
        const value = input.value.trim();
        if (value !== "") item[input.dataset.name] = value;
      });
      if (Object.keys(item).length) out.push(item);
    });
    return out;
  }

  // Absent = unknown: only answered fields are sent.
  function buildCase() {
    const data = {};
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (input) {
      let value = input.value.trim();
      if (value === "") return;
      if (input.dataset.kind === "bool") value = value === "true";
      if (input.dataset.kind === "country") value = value.toUpperCase();
      setPath(data, input.name, value);
    });
    const charges = rows("charges");
    if (charges.length) data.charges = charges;
    const measures = rows("interim_measures");
    if (measures.length) data.interim_measures = measures;
    return data;
  }

  async function getToken() {
    if (token && Date.now() < tokenExpires - 30000) return token;
    const response = await fetch("/v1/intake/token", {
      method: "POST", credentials: "same-origin", headers: { Accept: "application/json" },
    });
    const body = await response.json();
    if (!response.ok) throw body;
    token = body.token;
    tokenExpires = Date.now() + body.expires_in * 1000;
    return token;
  }

  function showProblem(problem) {
    resultEl.hidden = true;
    errorList.replaceChildren();
    const items = (problem && problem.problems && problem.problems.length)
      ? problem.problems.map(function (p) { return p.location + ": " + p.reason; })
      : [(problem && problem.detail) || "The server could not be reached."];
    items.forEach(function (text) { errorList.appendChild(el("li", text)); });
    errorsEl.hidden = false;
    errorsEl.focus();
  }

  function authorities(list) {
    const ul = el("ul", null, "authorities");
    (list || []).forEach(function (a) {
      const li = el("li");
      li.appendChild(link(a.url, a.citation));
      if (a.proposition) li.appendChild(el("div", a.proposition, "muted"));
      ul.appendChild(li);
    });
    return ul;
  }

  function evidence(list) {
    const ul = el("ul", null, "evidence");
    (list || []).forEach(function (e) {
      const li = el("li");
      li.appendChild(link(e.url, e.title));
      li.appendChild(el("span", " (" + e.publisher + ", " + e.date + "; " + e.country +
        " evidence from " + (e.evidence_version || "?") + ")", "muted"));
      ul.appendChild(li);
    });
    return ul;
  }

  function factors(list, base, heading) {
    const section = el("section");
    section.appendChild(el("h4", heading));
    section.appendChild(el("p", "Base score " + base + "; each factor adds or removes points."));
    if (!list.length) { section.appendChild(el("p", "No factor applies.")); return section; }
    const table = el("table");
    const head = el("tr");
    ["Factor", "Points", "Because", "Authorities and evidence"].forEach(function (h) {
      const th = el("th", h); th.scope = "col"; head.appendChild(th);
    });
    const thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    const tbody = el("tbody");
    list.forEach(function (f) {
      const tr = el("tr");
      const name = el("td"); name.appendChild(el("strong", f.title));
      name.appendChild(el("div", f.rule + " · tier " + f.tier, "muted"));
      tr.appendChild(name);
      tr.appendChild(el("td", (f.contribution > 0 ? "+" : "") + f.contribution, "num"));
      const because = el("td"); const ul = el("ul");
      (f.because || []).forEach(function (b) { ul.appendChild(el("li", b)); });
      because.appendChild(ul); tr.appendChild(because);
      const sources = el("td");
      sources.appendChild(authorities(f.authorities));
      sources.appendChild(evidence(f.evidence));
      tr.appendChild(sources);
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    section.appendChild(table);
    return section;
  }

  function label(band) { return String(band).replace("_", " "); }

  function render(a) {
    resultBody.replaceChildren();
    const summary = el("div", null, "summary band-" + a.band);
    summary.appendChild(el("p", "Risk of torture or ill-treatment on return", "muted"));
    summary.appendChild(el("p", a.score + " / 100 — " + label(a.band), "score"));
    summary.appendChild(el("p", "Once the unknowns are answered the score could be between " +
      a.range.low + " and " + a.range.high + ". Assessed as of " + a.as_of + " for " +
      a.destination + "."));
    resultBody.appendChild(summary);
    resultBody.appendChild(el("p", a.disclaimer, "disclaimer"));

    resultBody.appendChild(el("h3", "Why this score"));
    resultBody.appendChild(factors(a.factors, a.base, "Factors"));

    const it = a.irregular_transfer;
    resultBody.appendChild(el("h3", "Irregular transfer"));
    resultBody.appendChild(el("p", "Risk of transfer outside lawful process: " + it.score +
      " / 100 — " + label(it.band)));
    resultBody.appendChild(factors(it.factors, it.base, "Factors"));

    resultBody.appendChild(el("h3", "Legal bars to removal"));
    if (!a.legal_bars.length) resultBody.appendChild(el("p", "None found on this date."));
    a.legal_bars.forEach(function (b) {
      const div = el("div", null, "card");
      div.appendChild(el("h4", b.title));
      div.appendChild(el("p", b.effect));
      div.appendChild(authorities(b.authorities));
      resultBody.appendChild(div);
    });

    resultBody.appendChild(el("h3", "Recommended actions"));
    const actions = el("ol");
    a.recommended_actions.forEach(function (r) {
      const li = el("li"); li.appendChild(el("strong", r.action));
      li.appendChild(el("div", r.reason, "muted"));
      li.appendChild(authorities(r.authorities));
      actions.appendChild(li);
    });
    if (!a.recommended_actions.length) resultBody.appendChild(el("p", "None."));
    resultBody.appendChild(actions);

    resultBody.appendChild(el("h3", "Questions to ask next"));
    const missing = el("ol");
    a.missing_information.forEach(function (m) {
      const li = el("li"); li.appendChild(el("strong", m.question));
      const moves = [];
      if (m.could_raise_by) moves.push("could raise the score by " + m.could_raise_by);
      if (m.could_lower_by) moves.push("could lower it by " + m.could_lower_by);
      if (m.irregular_transfer_could_raise_by) {
        moves.push("irregular transfer +" + m.irregular_transfer_could_raise_by);
      }
      li.appendChild(el("div", m.field + (moves.length ? ": " + moves.join("; ") : ""), "muted"));
      missing.appendChild(li);
    });
    if (!a.missing_information.length) resultBody.appendChild(el("p", "Nothing is unknown."));
    resultBody.appendChild(missing);

    if (a.evidence_gaps && a.evidence_gaps.length) {
      resultBody.appendChild(el("h3", "Gaps in the evidence"));
      const gaps = el("ul");
      a.evidence_gaps.forEach(function (g) { gaps.appendChild(el("li", g)); });
      resultBody.appendChild(gaps);
    }
    const v = a.versions;
    resultBody.appendChild(el("p", "Engine " + v.engine + ", rules " + v.rules + " [" +
      v.rule_set_digest + "], evidence [" + v.profiles_digest + "].", "muted"));
    errorsEl.hidden = true;
    resultEl.hidden = false;
    resultEl.focus();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const submit = document.getElementById("submit");
    submit.disabled = true;
    statusEl.textContent = "Assessing…";
    try {
      let response = null;
      for (let attempt = 0; attempt < 2; attempt++) {
        const bearer = await getToken();
        response = await fetch("/v1/assessments", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json",
                     Authorization: "Bearer " + bearer },
          body: JSON.stringify(buildCase()),
        });
        if (response.status !== 401) break;
        token = null; // expired: mint a fresh one and retry once
      }
      const body = await response.json();
      if (response.ok) render(body); else showProblem(body);
      statusEl.textContent = response.ok ? "Done." : "Not assessed.";
    } catch (problem) {
      showProblem(problem && problem.detail ? problem : null);
      statusEl.textContent = "Not assessed.";
    } finally {
      submit.disabled = false;
    }
  });
})();
