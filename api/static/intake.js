// The intake interview: destination and removing state first, then the most decisive unknown
// (the assessment's missing_information), one question at a time, "I don't know" always
// available. Every answer is a value of the vocabulary (GET /v1/intake/interview); the case
// (CONTRACT.md) holds only what was answered, so an unknown stays unknown. Assessed with a
// short-lived, assess-only token (never an API key). Drafts live in sessionStorage only.
// Embedded (?embed=1&parent=<origin>): posts the result and its height to that parent origin,
// and only if the server lists it among the embedding origins.
"use strict";

(function () {
  const W = window.RRWords;
  const R = window.RRResult;
  const $ = function (id) { return document.getElementById(id); };
  const DRAFT = "refoulement-risk:intake-draft";
  const LANGUAGE = "refoulement-risk:language";  // the language chosen with the switch
  const params = new URLSearchParams(window.location.search);
  let def = null;
  let steps = {};
  let state = { answers: {}, skipped: [], history: [], current: null, done: false };
  let assessment = null;
  let token = null;
  let tokenExpires = 0;
  let widget = null;
  let seq = 0;
  let parentOrigin = null;

  function el(tag, text, cls) { return R.el(tag, text, cls); }

  function labelOf(field, value) {
    const step = steps[field];
    if (typeof value === "boolean") return (step ? step.label : field) + ": " + W.t(value ? "answer.yes" : "answer.no").toLowerCase();
    const c = step && (step.choices || []).find(function (x) { return x.value === value; });
    return (step ? step.label : field) + ": " + (c ? c.label : String(value).replace(/_/g, " "));
  }

  function save() {
    try { sessionStorage.setItem(DRAFT, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function setPath(target, path, value) {
    const parts = path.split(".");
    let node = target;
    for (let i = 0; i < parts.length - 1; i++) { node[parts[i]] = node[parts[i]] || {}; node = node[parts[i]]; }
    node[parts[parts.length - 1]] = value;
  }

  function buildCase() {
    const data = {};
    Object.keys(state.answers).forEach(function (field) { setPath(data, field, state.answers[field]); });
    if (!data.as_of) delete data.as_of;
    return data;
  }

  async function getToken() {
    if (token && Date.now() < tokenExpires - 30000) return token;
    const response = await fetch("/v1/intake/token", { method: "POST", credentials: "same-origin",
      headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw body;
    token = body.token;
    tokenExpires = Date.now() + body.expires_in * 1000;
    return token;
  }

  async function assess() {
    const mine = ++seq;
    $("result-status").textContent = W.t("intake.updating");
    let response = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const bearer = await getToken();
      response = await fetch("/v1/assessments?lang=" + encodeURIComponent(W.language()), { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + bearer },
        body: JSON.stringify(buildCase()) });
      if (response.status !== 401) break;
      token = null;
    }
    const body = await response.json();
    if (mine !== seq) return null;
    if (!response.ok) throw body;
    assessment = body;
    R.render($("result-body"), body, labelOf, state.done);
    $("result-status").textContent = R.summary(body);
    post({ type: "refoulement-risk:result", complete: state.done, assessment: body });
    return body;
  }

  // ---- which question next -------------------------------------------------------------
  function answered(field) { return Object.prototype.hasOwnProperty.call(state.answers, field) || state.skipped.indexOf(field) >= 0; }

  function remaining() {
    const out = def.first.filter(function (f) { return !answered(f); });
    if (assessment) {
      assessment.missing_information.forEach(function (m) {
        if (steps[m.field] && !answered(m.field) && out.indexOf(m.field) < 0) out.push(m.field);
      });
    }
    return out;
  }

  function progress() {
    const done = state.history.length;
    const left = remaining().length;
    const total = done + left;
    $("progress-text").textContent = state.done || !left ? W.t("intake.progress_done", { done: done })
      : W.t("intake.progress", { n: done + 1, total: total });
    $("progress-bar").max = Math.max(total, 1);
    $("progress-bar").value = done;
  }

  // ---- rendering a step ------------------------------------------------------------------
  function radios(name, choices, current, legend) {
    const group = el("div", null, "choices");
    group.setAttribute("role", "radiogroup");
    if (legend) group.setAttribute("aria-label", legend);
    choices.forEach(function (c, i) {
      const id = name + "-" + i;
      const wrap = el("div", null, "choice");
      const input = document.createElement("input");
      input.type = "radio"; input.name = name; input.id = id; input.value = JSON.stringify(c.value);
      if (current !== undefined && JSON.stringify(current) === input.value) input.checked = true;
      const label = el("label", c.label); label.htmlFor = id;
      wrap.append(input, label);
      group.appendChild(wrap);
    });
    return group;
  }

  function picked(name) {
    const input = document.querySelector("input[name='" + name + "']:checked");
    return input ? JSON.parse(input.value) : undefined;
  }

  function showStep(field) {
    state.current = field;
    $("step").dataset.field = field;
    const step = steps[field];
    const body = $("step-body");
    body.replaceChildren();
    $("step-error").hidden = true;
    $("step-title").textContent = step.question;
    $("step-help").textContent = step.help || step.help_default || "";
    $("dont-know").hidden = field === "destination";
    $("back").hidden = state.history.length === 0;
    $("next").hidden = false;
    widget = null;
    const current = state.answers[field];
    if (step.kind === "country") {
      const evidence = {};
      def.countries_with_evidence.forEach(function (c) {
        // A third state of an onward removal is weighed on its evidence as a destination.
        const role = (field === "destination" || field === "onward_removal.state") ? "destination" : "removing_state";
        if (c.roles.indexOf(role) >= 0) evidence[c.country] = W.t("intake.evidence_available");
      });
      widget = window.RRCombobox(body, { id: "country-" + field, label: step.label, codes: def.country_codes, evidence: evidence });
      if (current) widget.set(current);
    } else if (step.kind === "date") {
      const label = el("label", step.label); label.htmlFor = "as_of";
      const input = document.createElement("input");
      input.type = "date"; input.id = "as_of"; input.value = current || new Date().toISOString().slice(0, 10);
      input.setAttribute("aria-describedby", "step-help");
      body.append(label, input);
    } else if (step.kind === "charges") {
      const chosen = current || [];
      const group = el("div", null, "choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", W.t("intake.charge_kinds"));
      [{ value: "__none__", label: W.t("intake.no_charges") }].concat(step.choices).forEach(function (c, i) {
        const wrap = el("div", null, "choice");
        const input = document.createElement("input");
        input.type = "checkbox"; input.name = "charge"; input.id = "charge-" + i; input.value = c.value;
        input.checked = c.value === "__none__" ? current !== undefined && !chosen.length
          : chosen.some(function (x) { return x.category === c.value; });
        const label = el("label", c.label); label.htmlFor = input.id;
        wrap.append(input, label); group.appendChild(wrap);
      });
      body.appendChild(group);
      body.appendChild(el("h3", step.organisation_question));
      const org = chosen.map(function (x) { return x.organisation; }).filter(Boolean)[0] || "";
      body.appendChild(radios("organisation", [{ value: "", label: W.t("intake.no_organisation") }]
        .concat(step.organisations.map(function (o) {
          return { value: o.value, label: o.label + (o.aliases.length ? " (" + W.t("intake.also", { aliases: o.aliases.join(", ") }) + ")" : "") };
        })), org, step.organisation_question));
    } else if (step.kind === "interim_measures") {
      const m = (current || [])[0];
      body.appendChild(radios("im-body", [{ value: "", label: W.t("intake.no_interim_measure") }].concat(step.bodies), m ? m.body : (current ? "" : undefined), W.t("intake.which_body")));
      body.appendChild(el("h3", W.t("intake.its_status")));
      body.appendChild(radios("im-status", step.statuses, m ? m.status : undefined, W.t("intake.status")));
    } else {
      body.appendChild(radios("answer", step.choices, current, step.question));
    }
    progress();
    $("step-title").focus();
  }

  function fieldError(message) {
    const box = $("step-error");
    box.textContent = message;
    box.hidden = false;
    const target = widget ? widget.input : document.querySelector("#step-body input");
    if (target) { target.setAttribute("aria-invalid", "true"); target.setAttribute("aria-errormessage", "step-error"); target.focus(); }
  }

  // The answer of the current step, or undefined (with a message next to the field).
  function readStep() {
    const step = steps[state.current];
    if (step.kind === "country") {
      const code = widget.value();
      if (!code) {
        const typed = widget.input.value.trim();
        const hints = widget.suggestions();
        fieldError(!typed ? W.t("intake.error.type_country")
          : hints.length ? W.t("intake.error.not_in_list_hints", { typed: typed, hints: hints.join(", ") })
            : W.t("intake.error.not_in_list", { typed: typed }));
        return undefined;
      }
      return code;
    }
    if (step.kind === "date") {
      const value = $("as_of").value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isNaN(Date.parse(value))) { fieldError(W.t("intake.error.date")); return undefined; }
      return value;
    }
    if (step.kind === "charges") {
      const boxes = Array.from(document.querySelectorAll("input[name='charge']:checked")).map(function (i) { return i.value; });
      if (!boxes.length) { fieldError(W.t("intake.error.tick")); return undefined; }
      if (boxes.indexOf("__none__") >= 0) {
        if (boxes.length > 1) { fieldError(W.t("intake.error.no_charges_with_charge")); return undefined; }
        return [];
      }
      const org = picked("organisation");
      const security = ["religious_extremism", "terrorism", "political"];
      const charges = boxes.map(function (category) { return { category: category }; });
      if (org) {
        const target = charges.find(function (c) { return security.indexOf(c.category) >= 0; }) || charges[0];
        target.organisation = org;
      }
      return charges;
    }
    if (step.kind === "interim_measures") {
      const bodyValue = picked("im-body");
      if (bodyValue === undefined) { fieldError(W.t("intake.error.body")); return undefined; }
      if (bodyValue === "") return [];
      const status = picked("im-status");
      if (status === undefined) { fieldError(W.t("intake.error.status")); return undefined; }
      return [{ body: bodyValue, status: status }];
    }
    const value = picked("answer");
    if (value === undefined) { fieldError(W.t("intake.error.answer")); return undefined; }
    return value;
  }

  async function advance() {
    save();
    try { if (state.answers.destination) await assess(); } catch (problem) { showProblem(problem); return; }
    const next = remaining()[0];
    if (!next || state.done) { finish(); return; }
    showStep(next);
  }

  function record(field, value, skipped) {
    delete state.answers[field];
    state.skipped = state.skipped.filter(function (f) { return f !== field; });
    if (skipped) state.skipped.push(field); else state.answers[field] = value;
    if (state.history.indexOf(field) < 0) state.history.push(field);
    renderAnswers();
  }

  function pick(list, value) {
    const c = (list || []).find(function (x) { return x.value === value; });
    return c ? c.label : String(value).replace(/_/g, " ");
  }

  function listLabel(x) {
    if (x.category) {
      return pick(steps.charges.choices, x.category) +
        (x.organisation ? " (" + pick(steps.charges.organisations, x.organisation) + ")" : "");
    }
    return pick(steps.interim_measures.bodies, x.body) + ": " +
      pick(steps.interim_measures.statuses, x.status).toLowerCase();
  }

  function renderAnswers() {
    const list = $("answer-list");
    list.replaceChildren();
    state.history.forEach(function (field) {
      const li = el("li");
      const known = Object.prototype.hasOwnProperty.call(state.answers, field);
      let text = steps[field].label + ": ";
      const v = state.answers[field];
      if (!known) text += W.t("page.dont_know");
      else if (steps[field].kind === "country") text += W.countryName(v);
      else if (Array.isArray(v)) text += v.length ? v.map(listLabel).join("; ") : W.t("intake.none");
      else text = labelOf(field, v);
      li.appendChild(el("span", text));
      const change = el("button", W.t("intake.change"), "link");
      change.type = "button";
      change.setAttribute("aria-label", W.t("intake.change_label", { label: steps[field].label }));
      change.addEventListener("click", function () { state.done = false; showStep(field); });
      li.appendChild(change);
      list.appendChild(li);
    });
  }

  function finish() {
    state.done = true;
    save();
    $("step-title").textContent = W.t("intake.complete_title");
    $("step-help").textContent = W.t("intake.complete_help");
    $("step-body").replaceChildren();
    $("next").hidden = true; $("dont-know").hidden = true;
    $("back").hidden = state.history.length === 0;
    progress();
    if (assessment) { R.render($("result-body"), assessment, labelOf, true); post({ type: "refoulement-risk:result", complete: true, assessment: assessment }); }
    $("step-title").focus();
  }

  function showProblem(problem) {
    const items = problem && problem.problems && problem.problems.length
      ? problem.problems.map(function (p) { return (steps[p.location] ? steps[p.location].label : p.location) + ": " + p.reason; })
      : [(problem && problem.detail) || W.t("intake.unreachable")];
    fieldError(items.join(" "));
    $("result-status").textContent = W.t("intake.not_updated");
  }

  // ---- embedding -------------------------------------------------------------------------
  function post(message) {
    if (!parentOrigin || window.parent === window) return;
    window.parent.postMessage(message, parentOrigin);
  }

  function setUpEmbedding() {
    if (params.get("embed") !== "1") return;
    document.body.classList.add("embedded");
    const wanted = (params.get("parent") || "").replace(/\/$/, "");
    if (wanted && def.embedding_origins.indexOf(wanted) >= 0) parentOrigin = wanted;
    if (!parentOrigin) return;
    const send = function () { post({ type: "refoulement-risk:height", height: document.documentElement.scrollHeight }); };
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    send();
  }

  // ---- pre-fill from the URL (validated like any answer; unknown values are ignored) --------
  function prefill() {
    const ignored = [];
    params.forEach(function (raw, field) {
      if (field === "embed" || field === "parent" || field === "lang") return;
      const step = steps[field];
      let value;
      if (!step) { ignored.push(field); return; }
      if (step.kind === "country") value = def.country_codes.indexOf(raw.toUpperCase()) >= 0 ? raw.toUpperCase() : undefined;
      else if (step.kind === "date") value = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
      else if (step.choices) {
        const c = step.choices.find(function (x) { return String(x.value) === raw; });
        value = c ? c.value : undefined;
      }
      if (value === undefined) { ignored.push(field + "=" + raw); return; }
      record(field, value, false);
    });
    if (ignored.length) {
      $("prefill-note").textContent = W.t("intake.prefill_ignored", { ignored: ignored.join(", ") });
      $("prefill-note").hidden = false;
    }
  }

  // ---- wiring ----------------------------------------------------------------------------
  $("step-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!state.current || state.done) return;
    const value = readStep();
    if (value === undefined) return;
    record(state.current, value, false);
    advance();
  });
  $("dont-know").addEventListener("click", function () {
    if (!state.current || state.current === "destination") return;
    record(state.current, null, true);
    advance();
  });
  $("back").addEventListener("click", function () {
    const i = state.done ? state.history.length : state.history.indexOf(state.current);
    const target = state.history[(i < 0 ? state.history.length : i) - 1];
    state.done = false;
    if (target) showStep(target);
  });
  $("finish").addEventListener("click", function () { if (state.answers.destination) finish(); });
  $("print").addEventListener("click", function () { window.print(); });
  $("clear").addEventListener("click", function () {
    try { sessionStorage.removeItem(DRAFT); } catch (e) { /* */ }
    state = { answers: {}, skipped: [], history: [], current: null, done: false };
    assessment = null;
    $("result-body").replaceChildren();
    $("result-status").textContent = W.t("intake.cleared");
    renderAnswers();
    showStep("destination");
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
  });

  // ---- language: ?lang= in the address, else the one chosen before, else the browser's ----
  function wantedLanguage() {
    const asked = params.get("lang");
    if (asked) return asked;
    try { return localStorage.getItem(LANGUAGE); } catch (e) { return null; }
  }

  function applyTexts(data) {
    W.setLanguage(data.language, data.texts);
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = W.t(node.dataset.t); });
    const select = $("language");
    select.replaceChildren();
    (data.languages || []).forEach(function (l) {
      const option = el("option", l.name);
      option.value = l.code; option.lang = l.code;
      option.selected = l.code === data.language;
      select.appendChild(option);
    });
  }

  // Another language: remembered, put in the address (a link or a reload keeps it), and the
  // page rebuilt in it; the answers (sessionStorage) stay.
  $("language").addEventListener("change", function () {
    const code = $("language").value;
    try { localStorage.setItem(LANGUAGE, code); } catch (e) { /* private mode */ }
    const url = new URL(window.location.href);
    url.searchParams.set("lang", code);
    window.location.assign(url.toString());
  });

  async function loadInterview() {
    const wanted = wantedLanguage();
    const get = function (lang) {
      return fetch("/v1/intake/interview" + (lang ? "?lang=" + encodeURIComponent(lang) : ""),
        { headers: { Accept: "application/json" } });
    };
    let response = await get(wanted);
    if (response.status === 422 && wanted) {  // a language this server does not have
      try { localStorage.removeItem(LANGUAGE); } catch (e) { /* */ }
      response = await get(null);
    }
    if (!response.ok) throw new Error("interview");
    return response.json();
  }

  loadInterview()
    .then(function (data) {
      def = data;
      applyTexts(data);
      data.steps.forEach(function (s) { steps[s.field] = s; });
      W.setPhrases(data.phrases);
      W.setFactForms(data.fact_forms);
      W.setStatusLabels(steps.interim_measures ? steps.interim_measures.statuses : []);
      W.setFallbackNames(data.countries_with_evidence);
      setUpEmbedding();
      try {
        const saved = JSON.parse(sessionStorage.getItem(DRAFT) || "null");
        if (saved && saved.answers) state = saved;
      } catch (e) { /* a broken draft is ignored */ }
      prefill();
      renderAnswers();
      if (state.answers.destination) advance(); else showStep("destination");
    })
    .catch(function () {
      // Without the server's words there is no language to show: the one English fallback.
      const text = W.t("intake.load_failed");
      $("step-title").textContent = text !== "intake.load_failed" ? text
        : "The questions could not be loaded. Reload the page to try again.";
    });
})();
