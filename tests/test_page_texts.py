"""The intake page holds ids, not words: every id its HTML and scripts use has an English text
(and so, by ``rules lint``, a translation), and every text of the page is used."""

from __future__ import annotations

import re
from pathlib import Path

from refoulement_risk.i18n import load_catalogue
from refoulement_risk.report.page_texts import page_texts
from refoulement_risk.report.texts import TEXTS, date_words, say
from refoulement_risk.resources import rules_dir

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"
_PREFIXES = ("page", "intake", "combobox", "result", "risk", "warning", "sources", "factor",
             "summary", "answer", "date", "because")
_ID = re.compile(r'"((?:' + "|".join(_PREFIXES) + r')(?:\.[a-z_]+)+|because)"')


def _ids_used() -> set[str]:
    used: set[str] = set()
    for path in STATIC.glob("intake*.js"):
        used |= set(_ID.findall(path.read_text("utf-8")))
    used |= set(re.findall(r'data-t="([a-z_.]+)"', (STATIC / "intake.html").read_text("utf-8")))
    return used


def test_every_id_the_page_uses_has_a_text() -> None:
    used = _ids_used()
    assert len(used) > 60
    assert sorted(used - set(page_texts())) == []


def test_every_text_of_the_page_is_used() -> None:
    own = {k for k in TEXTS if k.startswith(("page.", "intake.", "combobox."))}
    assert sorted(own - _ids_used()) == []


def test_the_russian_file_translates_every_page_text_with_the_same_placeholders() -> None:
    catalogue = load_catalogue(rules_dir() / "i18n" / "ru.yaml")
    for key, english in page_texts().items():
        entry = catalogue.page.get(key)
        assert entry is not None and entry.translates(english), key
        assert set(re.findall(r"\{(\w*)\}", entry.text)) == set(
            re.findall(r"\{(\w*)\}", english)), key


def test_words_and_dates_in_russian() -> None:
    assert say("page.next", "ru") == "Далее" and say("page.next") == "Next"
    assert say("risk.range", "ru", low=10, high=40) == (
        "После выяснения неизвестного может составить 10–40.")
    assert date_words("2013-04-25", "ru") == "25.04.2013"
    assert date_words("2013-04-25") == "2013-04-25"
    assert date_words("not a date", "ru") == "not a date"
