// A searchable country list (ARIA 1.2 combobox with a listbox popup). A country is chosen by
// its NAME, in the page's language (English names and common aliases are searched too); the
// code is only ever taken from the chosen option, never from what was typed, so "KY" typed
// cannot become the Cayman Islands and "Kyrgyzstan" always means KG.
"use strict";

window.RRCombobox = function (container, opts) {
  const W = window.RRWords;
  const id = opts.id;
  const input = document.createElement("input");
  input.id = id;
  input.type = "text";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", id + "-list");
  input.setAttribute("aria-describedby", id + "-hint");
  input.autocomplete = "off";
  input.spellcheck = false;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = opts.label;
  const hint = document.createElement("p");
  hint.id = id + "-hint";
  hint.className = "help";
  hint.textContent = W.t("combobox.hint");
  const list = document.createElement("ul");
  list.id = id + "-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", opts.label);
  list.className = "listbox";
  list.hidden = true;
  const chosenNote = document.createElement("p");
  chosenNote.className = "chosen";
  chosenNote.setAttribute("aria-live", "polite");
  container.append(label, hint, input, list, chosenNote);

  const entries = opts.codes.map(function (code) {
    const name = W.countryName(code);
    const terms = [name, W.englishName(code)].concat(W.aliases[code] || []).map(W.fold);
    return { code: code, name: name, terms: terms, evidence: opts.evidence[code] || "" };
  }).sort(function (a, b) { return a.name.localeCompare(b.name, W.language()); });

  let chosen = null;
  let shown = [];
  let active = -1;

  function matches(query) {
    const q = W.fold(query);
    if (!q) return [];
    const starts = [];
    const inside = [];
    entries.forEach(function (e) {
      if (e.terms.some(function (t) { return t.startsWith(q) || t.indexOf(" " + q) >= 0; })) {
        starts.push(e);
      } else if (q.length >= 3 && e.terms.some(function (t) { return t.indexOf(q) >= 0; })) {
        inside.push(e);
      }
    });
    return starts.concat(inside).slice(0, 12);
  }

  function optionText(e) { return e.name + (e.evidence ? " — " + e.evidence : ""); }

  function render() {
    list.replaceChildren();
    shown.forEach(function (e, i) {
      const li = document.createElement("li");
      li.id = id + "-opt-" + e.code;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.textContent = optionText(e);
      li.dataset.code = e.code;
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(e); });
      list.appendChild(li);
    });
    const open = shown.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (active >= 0 && shown[active]) {
      input.setAttribute("aria-activedescendant", id + "-opt-" + shown[active].code);
      const node = document.getElementById(id + "-opt-" + shown[active].code);
      if (node && node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(e) {
    chosen = e;
    input.value = e.name;
    shown = [];
    active = -1;
    render();
    chosenNote.textContent = e.evidence ? W.t("combobox.chosen", { name: e.name, evidence: e.evidence })
      : W.t("combobox.chosen_no_evidence", { name: e.name });
    if (opts.onChoose) opts.onChoose(e.code);
  }

  input.addEventListener("input", function () {
    chosen = null;
    chosenNote.textContent = "";
    shown = matches(input.value);
    active = shown.length ? 0 : -1;
    render();
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!shown.length) { shown = matches(input.value); active = -1; }
      if (!shown.length) return;
      ev.preventDefault();
      const step = ev.key === "ArrowDown" ? 1 : -1;
      active = (active + step + shown.length) % shown.length;
      render();
    } else if (ev.key === "Enter") {
      if (!list.hidden && active >= 0 && shown[active]) {
        ev.preventDefault();
        choose(shown[active]);
      }
    } else if (ev.key === "Escape") {
      shown = [];
      active = -1;
      render();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(function () { shown = []; active = -1; render(); }, 150);
  });

  return {
    input: input,
    // The chosen code; a typed name that is exactly one country's name counts as chosen.
    value: function () {
      if (chosen && W.fold(input.value) === W.fold(chosen.name)) return chosen.code;
      const q = W.fold(input.value);
      const exact = entries.filter(function (e) { return e.terms.indexOf(q) >= 0; });
      if (q && exact.length === 1) { choose(exact[0]); return exact[0].code; }
      return null;
    },
    suggestions: function () { return matches(input.value).slice(0, 3).map(function (e) { return e.name; }); },
    set: function (code) {
      const e = entries.find(function (x) { return x.code === code; });
      if (e) choose(e);
    },
  };
};
