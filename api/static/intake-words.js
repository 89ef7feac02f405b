// Plain words for the intake page: country names in the page's language (the browser's
// Intl.DisplayNames), and the engine's "because" lines turned into sentences with the phrases
// the server gives in GET /v1/intake/interview (the same ones the case-file report uses).
"use strict";

window.RRWords = (function () {
  const lang = document.documentElement.lang || "en";
  let local = null;
  let english = null;
  try {
    local = new Intl.DisplayNames([lang, "en"], { type: "region" });
    english = new Intl.DisplayNames(["en"], { type: "region" });
  } catch (e) { /* an old browser: names fall back to the server's list, then the code */ }
  const fallback = {};
  let phrases = { country: {}, derived: {}, bands: {} };

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
    TR: ["Turkey"], KG: ["Kyrgyz Republic", "Kirghizia"], RU: ["Russian Federation"],
    GB: ["United Kingdom", "Great Britain", "UK", "Britain"], US: ["USA", "United States"],
    MD: ["Republic of Moldova"], CZ: ["Czech Republic", "Czechia"], CI: ["Ivory Coast"],
    MM: ["Burma"], SZ: ["Swaziland"], MK: ["Macedonia"], CD: ["DR Congo", "Congo-Kinshasa"],
    CG: ["Congo-Brazzaville"], KR: ["South Korea"], KP: ["North Korea"], IR: ["Persia"],
    SY: ["Syrian Arab Republic"], LA: ["Laos"], VN: ["Viet Nam"], BY: ["Belorussia"],
    TM: ["Turkmenia"], UZ: ["Ouzbekistan"], TJ: ["Tadjikistan"], KZ: ["Kazakstan"],
  };

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();
  }

  function bandWords(band) { return phrases.bands[band] || String(band).replace(/_/g, " "); }

  const COUNTRY_FACT = /^([A-Z]{2}) ([a-z_]+\.[a-z_]+)(?:\[\d+\] \(([a-z0-9_]+)\))? is ("[^"]*"|true|false)/;
  const DERIVED = /^derived\.([a-z_]+) is true/;
  const CASE_FACT = /^([a-z_.]+) is ("[^"]*"|true|false) \(case\)/;

  function plainFact(line, labelOf) {
    let m = COUNTRY_FACT.exec(line);
    if (m && phrases.country[m[2]]) {
      let value = m[4].replace(/"/g, "").replace(/_/g, " ");
      if (value === "none documented") value = "not documented";
      const group = "the group '" + (m[3] || "").replace(/_/g, " ") + "'";
      return phrases.country[m[2]].replace("{c}", countryName(m[1])).replace("{v}", value)
        .replace("{g}", group);
    }
    m = DERIVED.exec(line);
    if (m && phrases.derived[m[1]]) return phrases.derived[m[1]];
    m = CASE_FACT.exec(line);
    if (m) {
      const raw = m[2] === "true" ? true : m[2] === "false" ? false : m[2].replace(/"/g, "");
      if (m[1] === "interim_measures") return "an interim measure has been " + raw;
      return labelOf(m[1], raw);
    }
    return line;
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
    return "Because: " + (facts.length ? facts.join("; and ") : factor.reasoning) +
      (sources ? " (" + sources + ")." : ".");
  }

  return {
    countryName: countryName, englishName: englishName, aliases: ALIASES, fold: fold,
    bandWords: bandWords, because: because,
    setPhrases: function (p) { phrases = p || phrases; },
    setFallbackNames: function (rows) { (rows || []).forEach(function (r) { fallback[r.country] = r.name; }); },
  };
})();
