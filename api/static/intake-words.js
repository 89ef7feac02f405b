// Words for the intake page: the page's texts in its language (GET /v1/intake/interview?lang=,
// by id: this script holds ids, never the words), country names in that language (the
// browser's Intl.DisplayNames), and the engine's "because" lines turned into sentences with the
// phrases the server gives (the same ones the case-file report uses).
"use strict";

window.RRWords = (function () {
  let lang = document.documentElement.lang || "en";
  let local = null;
  let english = null;
  const fallback = {};
  let texts = {};
  let phrases = { country: {}, derived: {}, bands: {}, levels: {}, words: {} };
  let statusLabels = {};
  let forms = [];  // the engine's forms of a matched fact in the page's language, as patterns

  function displayNames() {
    try {
      local = new Intl.DisplayNames([lang, "en"], { type: "region" });
      english = new Intl.DisplayNames(["en"], { type: "region" });
    } catch (e) { local = null; english = null; /* an old browser: the server's names, then the code */ }
  }
  displayNames();

  // A text of the page by id, its {placeholders} filled in; the id itself if the server has
  // none (a test fails on that: every id the scripts use is in the server's list).
  function t(key, values) {
    let text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function countryName(code) {
    if (!code) return "";
    try { if (local) { const n = local.of(code); if (n && n !== code) return n; } } catch (e) { /* */ }
    return fallback[code] || code;
  }

  function englishName(code) {
    try { if (english) return english.of(code) || ""; } catch (e) { /* */ }
    return fallback[code] || "";
  }

  // Names people use that CLDR does not give (searched, never shown as the answer).
  const ALIASES = {
    TR: ["Turkey"], KG: ["Kyrgyz Republic", "Kirghizia", "Кыргызстан", "Киргизстан"],
    RU: ["Russian Federation", "Российская Федерация", "РФ"],
    GB: ["United Kingdom", "Great Britain", "UK", "Britain", "Соединённое Королевство", "Англия"],
    US: ["USA", "United States", "США"], MD: ["Republic of Moldova", "Молдавия"],
    CZ: ["Czech Republic", "Czechia"], CI: ["Ivory Coast"],
    MM: ["Burma"], SZ: ["Swaziland"], MK: ["Macedonia", "Македония"], CD: ["DR Congo", "Congo-Kinshasa"],
    CG: ["Congo-Brazzaville"], KR: ["South Korea"], KP: ["North Korea"], IR: ["Persia"],
    SY: ["Syrian Arab Republic"], LA: ["Laos"], VN: ["Viet Nam"], BY: ["Belorussia", "Белоруссия"],
    TM: ["Turkmenia", "Туркмения"], UZ: ["Ouzbekistan"], TJ: ["Tadjikistan"], KZ: ["Kazakstan"],
    AE: ["ОАЭ"],
  };

  // Compared without accents, case or punctuation, in any script ("Узбекистан" stays Cyrillic;
  // "й" and "ё" fold to "и" and "е" on both sides of the comparison).
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();
  }

  function bandWords(band) { return phrases.bands[band] || String(band).replace(/_/g, " "); }

  const COUNTRY_FACT = /^([A-Z]{2}) ([a-z_]+\.[a-z_]+)(?:\[\d+\] \(([a-z0-9_]+)\))? is ("[^"]*"|true|false)/;
  const DERIVED = /^derived\.([a-z_]+) is true/;
  // a bare word: "unknown" (or its translation), for a rule that reads an unanswered field
  const CASE_FACT = /^([a-z_.]+) is ("[^"]*"|true|false|[^\s"]+) \(case\)/;

  function fill(template, values) {
    let text = template;
    Object.keys(values).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  // A template such as "{country} {item} = {value} (...)" as a pattern of its placeholders.
  function formPattern(template) {
    const names = [];
    const source = template.split(/(\{\w+\})/).map(function (part) {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]);
      return m[1] === "country" ? "([A-Z]{2})" : m[1] === "path" || m[1] === "fact" ? "(\\S+)" : "(.+?)";
    }).join("");
    return { re: new RegExp("^" + source + "$"), names: names };
  }

  // A "because" line of an assessment in another language, read back into its English shape.
  function inEnglish(line) {
    for (let i = 0; i < forms.length; i++) {
      const m = forms[i].pattern.re.exec(line);
      if (!m) continue;
      let text = forms[i].english;
      forms[i].pattern.names.forEach(function (name, j) { text = text.split("{" + name + "}").join(m[j + 1]); });
      return text;
    }
    return line;
  }

  function plainFact(original, labelOf) {
    const line = lang === "en" ? original : inEnglish(original);
    let m = COUNTRY_FACT.exec(line);
    if (m && phrases.country[m[2]]) {
      const raw = m[4].replace(/"/g, "");
      const value = phrases.levels[raw] || raw.replace(/_/g, " ");
      const group = fill(phrases.words.group || "{group}", { group: (m[3] || "").replace(/_/g, " ") });
      return fill(phrases.country[m[2]], { c: countryName(m[1]), v: value, g: group });
    }
    m = DERIVED.exec(line);
    if (m && phrases.derived[m[1]]) return phrases.derived[m[1]];
    m = CASE_FACT.exec(line);
    if (m) {
      const raw = m[2] === "true" ? true : m[2] === "false" ? false : m[2].replace(/"/g, "");
      if (m[1] === "interim_measures") {
        const status = (statusLabels[raw] || String(raw)).toLowerCase();
        return fill(phrases.words.interim || "{value}", { value: status });
      }
      return labelOf(m[1], raw);
    }
    return original;
  }

  function because(factor, labelOf) {
    const facts = [];
    (factor.because || []).forEach(function (line) {
      const text = plainFact(line, labelOf);
      if (facts.indexOf(text) < 0) facts.push(text);
    });
    const seen = [];
    (factor.evidence || []).forEach(function (e) {
      const s = e.publisher + ", " + String(e.date).slice(0, 4);
      if (seen.indexOf(s) < 0) seen.push(s);
    });
    const sources = seen.slice(0, 3).join("; ") + (seen.length > 3 ? "; …" : "");
    const joined = facts.length ? facts.join("; " + t("because.and") + " ") : factor.reasoning;
    return t("because", { facts: joined }) + (sources ? " (" + sources + ")." : ".");
  }

  // A date as the page's language writes it (2024-11-15, 15.11.2024).
  function date(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    return m ? t("date.format", { year: m[1], month: m[2], day: m[3] }) : String(iso || "");
  }

  return {
    t: t, date: date, countryName: countryName, englishName: englishName, aliases: ALIASES,
    fold: fold, bandWords: bandWords, because: because,
    language: function () { return lang; },
    setLanguage: function (code, words) {
      lang = code || "en";
      texts = words || {};
      document.documentElement.lang = lang;
      displayNames();
    },
    setPhrases: function (p) { phrases = p || phrases; },
    setFactForms: function (list) {
      forms = (list || []).map(function (f) { return { pattern: formPattern(f.form), english: f.english }; });
    },
    setStatusLabels: function (list) { (list || []).forEach(function (s) { statusLabels[s.value] = s.label; }); },
    setFallbackNames: function (rows) { (rows || []).forEach(function (r) { fallback[r.country] = r.name; }); },
  };
})();
