"""The unknowns of a case as dimensions: each unknown field, with its answers in risk order.

Built from the fact catalogue: every case fact that is asked (``ask``) and unknown in the case
gives one dimension; the answers come from its risk order, so a new fact needs no code here.
Three kinds of field are not plain values and have their own answers: the list of charges, the
words (ethnicity, affiliation) the destination's evidence names, and the list of interim measures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .case import OTHER_WORD
from .case_paths import read_fact_values, set_path
from .catalogue import CATALOGUE
from .catalogue_model import Ask, Catalogue, FactEntry, Origin, parse_path
from .facts import Unrecognised, criteria_reading
from .profile_models import CountryProfile

__all__ = ["Dimension", "Edit", "unknown_dimensions", "unrecognised_dimensions"]

Edit = Callable[[Any], Any]  # a case in, the case with one answer given out (same model)


@dataclass(frozen=True)
class Dimension:
    """One unknown field: its question, and its answers ordered from least to most risky."""

    field: str
    question: str
    answers: tuple[tuple[str, Edit], ...]
    ordered: bool = True  # False: no answer is known to be the riskiest (e.g. ethnicity)


def _set(path: str, value: Any) -> Edit:
    return lambda case: set_path(case, path, value)


def _evidence_words(profile: CountryProfile | None, day: dt.date, path: str) -> list[str]:
    """The words (organisations, ethnicities) the destination's evidence of the date names in
    the group criteria the case path's values can hold."""
    version = profile.version_on(day) if profile else None
    if version is None or version.destination is None:
        return []
    criteria = criteria_reading(path)
    words: list[str] = []
    for group in version.destination.targeted_groups:
        for name in criteria:
            words.extend(w for w in getattr(group.match, name) or [] if w not in words)
    return words


def _charges(entry: FactEntry, catalogue: Catalogue, orgs: list[str]) -> Dimension:
    part, _, _, field = parse_path(entry.path or "")
    org_field = parse_path(catalogue.at_path(f"{part}[].organisation").path or "")[3]
    security = entry.values[0]  # the first category: religious extremism
    one = [[{field: c}] for c in entry.values] + [
        [{field: security, org_field: o}] for o in orgs]
    labels = [*entry.values, *(f"{security} ({o})" for o in orgs)]
    answers = [("no charges", _set(part, []))]
    answers += [(label, _set(part, items)) for label, items in zip(labels, one, strict=True)]
    answers.append(("every category", _set(part, [i for items in one for i in items])))
    return Dimension(part, entry.question, tuple(answers))


def _list_status(entry: FactEntry, catalogue: Catalogue) -> Dimension:
    part = parse_path(entry.path or "")[0]
    siblings = [e for e in catalogue.of(Origin.case) if parse_path(e.path or "")[0] == part]
    answers: list[tuple[str, Edit]] = [("none", _set(part, []))]
    for sibling in siblings:
        _, key, key_value, field = parse_path(sibling.path or "")
        riskiest = sibling.answers()[-1]
        answers.append((f"{key_value} {riskiest}",
                        _set(part, [{key: key_value, field: riskiest}])))
    return Dimension(part, entry.question, tuple(answers))


def _is_unknown(case: BaseModel, entry: FactEntry) -> bool:
    values = read_fact_values(case, entry)
    return values == (None,) or (len(values) == 1 and values[0] in entry.unknown_also)


def _skipped(case: BaseModel, entry: FactEntry, catalogue: Catalogue) -> bool:
    if entry.skip_when is None:
        return False
    path, value = entry.skip_when
    return read_fact_values(case, catalogue.at_path(path)) == (value,)


# Dimensions of the packaged catalogue, by field and the evidence's words: the same for every
# case that leaves the field unknown, so built once (they are immutable).
_BUILT: dict[tuple[str, tuple[str, ...]], Dimension | None] = {}


def unknown_dimensions(case: BaseModel, day: dt.date, destination: CountryProfile | None,
                       catalogue: Catalogue = CATALOGUE) -> list[Dimension]:
    """A dimension for every asked case fact that ``case`` leaves unknown, in catalogue order."""
    dims: list[Dimension] = []
    for entry in catalogue.of(Origin.case):
        if entry.ask == Ask.none or not _is_unknown(case, entry) or _skipped(case, entry,
                                                                             catalogue):
            continue
        assert entry.path is not None
        if catalogue is not CATALOGUE:
            dim = _dimension(entry, catalogue, day, destination)
        else:
            words = (tuple(_evidence_words(destination, day, _word_path(entry, catalogue)))
                     if entry.ask in (Ask.charges, Ask.evidence_words) else ())
            key = (entry.path, words)
            if key not in _BUILT:
                _BUILT[key] = _dimension(entry, catalogue, day, destination)
            dim = _BUILT[key]
        if dim is not None:
            dims.append(dim)
    return dims


def _word_path(entry: FactEntry, catalogue: Catalogue) -> str:
    """The case path whose words a field's answers are (a charge's organisation for charges)."""
    if entry.ask == Ask.charges:
        return catalogue.at_path(f"{parse_path(entry.path or '')[0]}[].organisation").path or ""
    return entry.path or ""


def _dimension(entry: FactEntry, catalogue: Catalogue, day: dt.date,
               destination: CountryProfile | None) -> Dimension | None:
    """The dimension of one unknown field (None: the evidence names no word to try)."""
    path = entry.path
    assert path is not None
    if entry.ask == Ask.charges:
        orgs = _evidence_words(destination, day, _word_path(entry, catalogue))
        return _charges(entry, catalogue, orgs)
    if entry.ask == Ask.list_status:
        return _list_status(entry, catalogue)
    if entry.ask == Ask.evidence_words:
        words = _evidence_words(destination, day, _word_path(entry, catalogue))
        if not words:
            return None
        answers = [(f"another {parse_path(path)[3]}", _set(path, OTHER_WORD))]
        answers += [(w, _set(path, w)) for w in words]
        return Dimension(path, entry.question, tuple(answers), ordered=False)
    return Dimension(path, entry.question, tuple((str(v), _set(path, v))
                                                 for v in entry.answers()))


def _replace_word(path: str, word: str, candidate: str) -> Edit:
    part, _, _, field = parse_path(path)
    assert field is not None

    def edit(case: Any) -> Any:
        data = case.model_dump()
        if isinstance(data.get(part), list):
            data[part] = [{**item, field: candidate} if item.get(field) == word else item
                          for item in data[part]]
        else:
            data[part] = {**(data.get(part) or {}), field: candidate}
        return type(case).model_validate(data)

    return edit


def unrecognised_dimensions(unrecognised: list[Unrecognised], day: dt.date,
                            destination: CountryProfile | None,
                            question: Callable[[Unrecognised], str]) -> list[Dimension]:
    """A word the evidence vocabulary does not know is an unknown too: it could be any word the
    destination's evidence names. One unordered dimension per such word (none if the evidence
    names no word of its kind, since then no group can match it whatever it is)."""
    dims = []
    for item in dict.fromkeys(unrecognised):
        words = _evidence_words(destination, day, item.path)
        if words:
            answers = [("as given", _replace_word(item.path, item.word, item.word))]
            answers += [(w, _replace_word(item.path, item.word, w)) for w in words]
            dims.append(Dimension(item.path, question(item), tuple(answers), ordered=False))
    return dims
