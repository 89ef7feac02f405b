"""Check a translation file against the English it translates; print what a translator must do.

``lint_translations(rules_dir, lang)`` fails (returns problems) on a text without its
translation, on a translation whose English source changed since it was written (its stored
digest no longer matches), on a translation of a text that no longer exists, and on a label or
message whose {placeholders} differ from the English. Each problem names the translation file
and the id, and its reason names the language and the file the English lives in.

    python -m refoulement_risk.i18n_lint uz            # lint rules/i18n/uz.yaml
    python -m refoulement_risk.i18n_lint uz --todo     # the entries to write or update, as YAML
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import DataFileError, Problem
from .i18n import (
    FLAT_SECTIONS,
    SOURCE_LANGUAGE,
    Catalogue,
    catalogue_path,
    digest,
    load_catalogue,
    normalise,
)
from .i18n_sources import SourceText, source_texts
from .resources import rules_dir
from .rulebook import Rulebook, load_rulebook

__all__ = ["lint_all", "lint_translations", "todo"]

_FIELD = re.compile(r"\{(\w*)\}")


def _compare(catalogue: Catalogue, sources: list[SourceText], where: str,
             lang: str) -> list[Problem]:
    problems: list[Problem] = []
    known = {(s.section, s.key, s.field): s for s in sources}
    for source in sources:
        entry = catalogue.lookup(source.section, source.key, source.field)
        place = f"{where}:{source.place}"
        if entry is None:
            if source.required:
                problems.append(Problem(place, f"no {lang} translation of the {source.field} of "
                                               f"{source.key} ({source.origin})"))
            continue
        now = digest(source.text)
        if entry.source != now:
            problems.append(Problem(place, f"stale {lang} translation: the English "
                                           f"{source.field} of {source.key} ({source.origin}) "
                                           f"changed since it was translated (written from "
                                           f"{entry.source}, now {now})"))
        if source.section in FLAT_SECTIONS:
            wanted, got = set(_FIELD.findall(source.text)), set(_FIELD.findall(entry.text))
            if wanted != got:
                problems.append(Problem(place, f"the {lang} text uses the placeholders "
                                               f"{sorted(got)} but the English uses "
                                               f"{sorted(wanted)} ({source.origin})"))
    for section, key, field, _ in catalogue.entries():
        if (section, key, field) not in known:
            place = f"{section}.{key}" + ("" if field == "text" else f".{field}")
            problems.append(Problem(f"{where}:{place}", f"{lang} translation of a text that does "
                                                        "not exist in English (renamed or "
                                                        "removed?)"))
    return problems


def lint_translations(folder: Path, lang: str, book: Rulebook | None = None) -> list[Problem]:
    """Every problem of the ``lang`` translation of the rule set in ``folder`` (empty: ok)."""
    path = catalogue_path(folder, lang)
    if lang == SOURCE_LANGUAGE:
        return []
    if not path.exists():
        return [Problem(str(path), f"no translation file for {lang!r}")]
    try:
        catalogue = load_catalogue(path)
    except DataFileError as exc:
        return exc.problems
    book = book or load_rulebook(folder)
    return _compare(catalogue, source_texts(folder, book), str(path), lang)


def lint_all(folder: Path, book: Rulebook | None = None) -> dict[str, list[Problem]]:
    """The problems of every translation file in ``folder/i18n``, by language."""
    from .i18n import available_languages

    book = book or load_rulebook(folder)
    return {lang: lint_translations(folder, lang, book)
            for lang in available_languages(folder) if lang != SOURCE_LANGUAGE}


def todo(folder: Path, lang: str) -> str:
    """YAML to merge into ``rules/i18n/<lang>.yaml``: each missing or stale text, with the
    digest of its current English and an empty ``text`` (which fails to load until written)."""
    path = catalogue_path(folder, lang)
    catalogue = load_catalogue(path) if path.exists() else None
    lines: list[str] = []
    section = key = ""
    for s in source_texts(folder, load_rulebook(folder)):
        entry = catalogue.lookup(s.section, s.key, s.field) if catalogue else None
        if (entry is not None and entry.source == digest(s.text)) or (
                entry is None and not s.required):
            continue
        if s.section != section:
            section, key = s.section, ""
            if section != "disclaimer":
                lines.append(f"{section}:")
        flat = s.section in (*FLAT_SECTIONS, "disclaimer")
        if not flat and s.key != key:
            key = s.key
            lines.append(f"  {json.dumps(key)}:")
        indent = "  " if s.section in FLAT_SECTIONS else "    " if not flat else ""
        lines.append(f"{indent}# EN ({s.origin}): {normalise(s.text)}")
        if entry is not None:
            lines.append(f"{indent}# stale; was: {normalise(entry.text)}")
        name = json.dumps(s.key) if s.section in FLAT_SECTIONS else s.field
        if s.section == "disclaimer":
            name = "disclaimer"
        lines.append(f'{indent}{name}: {{source: "{digest(s.text)}", text: ""}}')
    return "\n".join(lines) + ("\n" if lines else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refoulement_risk.i18n_lint",
                                     description="lint one translation file")
    parser.add_argument("language")
    parser.add_argument("--todo", action="store_true",
                        help="print the entries still to write or update")
    args = parser.parse_args(argv)
    folder = rules_dir()
    if args.todo:
        print(todo(folder, args.language), end="")
        return 0
    problems = lint_translations(folder, args.language)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{args.language}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
