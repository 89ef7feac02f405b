"""The command line: ``refoulement-risk assess|rules|profiles|backtest|serve|keys``.

Exit status: 0 success; 1 a command failed (e.g. lint found problems); 2 invalid input (the
problems are listed); 3 the rule set or the evidence could not be loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import CaseValidationError, DataFileError, Problem

__all__ = ["main"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _read_case(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseValidationError("The case file cannot be read.",
                                  [Problem(path, str(exc))]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseValidationError("The case is not valid JSON.", [
            Problem(f"{path}:{exc.lineno}:{exc.colno}", exc.msg)]) from None


def _cmd_assess(args: argparse.Namespace) -> int:
    from .assessor import assess, default_knowledge
    from .render import render_markdown, render_text

    data = _read_case(args.file)
    assessment = assess(data, as_of=args.as_of, knowledge=default_knowledge(args.backend))
    assessment = _translated(assessment, args.lang)  # i18n: human text only
    if args.format in ("html", "pdf"):
        return _write_report(assessment, data, args)
    if args.format == "json":
        print(assessment.model_dump_json(indent=2))
    elif args.format == "markdown":
        print(render_markdown(assessment), end="")
    else:
        print(render_text(assessment), end="")
    return 0


def _write_report(assessment: Any, data: Any, args: argparse.Namespace) -> int:
    from .case import parse_case
    from .report import ReportUnavailable, render_report_html, render_report_pdf

    case = parse_case(data)
    if args.format == "html":
        print(render_report_html(assessment, case, print_button=True), end="")
        return 0
    try:
        pdf = render_report_pdf(assessment, case, paper=args.paper)
    except ReportUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_bytes(pdf)
    elif sys.stdout.isatty():
        print("error: a PDF is binary: give --output FILE or redirect standard output",
              file=sys.stderr)
        return 1
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(pdf)
    return 0


def _cmd_rules_lint(args: argparse.Namespace) -> int:
    from .resources import rules_dir
    from .rulebook import load_rulebook

    book = load_rulebook(rules_dir())
    themes = sorted({r.theme for r in book.rules})
    print(f"rules ok: {len(book.rules)} rules in {len(themes)} themes, "
          f"{len(book.authorities)} authorities, version {book.index.version} [{book.digest}]")
    return _lint_translations(book)  # i18n: missing or stale translations fail the lint


# --- i18n hooks (issue 13): kept apart so they can be re-applied after a refactor ---------------
def _translated(assessment: Any, lang: str) -> Any:
    from .i18n_translate import translate_assessment

    return translate_assessment(assessment, lang)


def _lint_translations(book: Any) -> int:
    from .i18n_lint import lint_all
    from .resources import rules_dir

    failed = 0
    for lang, problems in lint_all(rules_dir(), book).items():
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"translations {lang}: " + (f"{len(problems)} problem(s)" if problems else "ok"))
        failed = failed or bool(problems)
    return 1 if failed else 0


def _languages() -> list[str]:
    from .i18n import available_languages

    return list(available_languages())
# --- end of i18n hooks ----------------------------------------------------------------------


def _cmd_rules_list(args: argparse.Namespace) -> int:
    from .resources import rules_dir
    from .rulebook import load_rulebook

    book = load_rulebook(rules_dir())
    rows = [{"id": r.id, "theme": r.theme, "title": r.rule.title, "effect": r.rule.then.kind,
             "valid_from": str(r.rule.valid_from),
             "valid_until": str(r.rule.valid_until) if r.rule.valid_until else None,
             "authorities": r.rule.authorities} for r in book.rules]
    if args.format == "json":
        _print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:8} {row['effect']:9} {row['title']}")
    return 0


def _cmd_rules_vocabulary(args: argparse.Namespace) -> int:
    from .resources import rules_dir
    from .rulebook import load_rulebook
    from .vocabulary import OPERATORS

    book = load_rulebook(rules_dir())
    _print_json({
        "facts": {n: {"type": s.type, "origin": s.origin, "values": list(s.values),
                      "multi": s.multi, "description": s.description}
                  for n, s in sorted(book.facts.items())},
        "operators": OPERATORS,
        "effects": ["derive", "factor", "bar", "recommend"],
    })
    return 0


def _load_profiles() -> Any:
    from .profiles import load_profiles
    from .resources import profiles_dir

    return load_profiles(profiles_dir())


def _cmd_profiles_lint(args: argparse.Namespace) -> int:
    from .profile_tools import lint_warnings

    profiles = _load_profiles()
    warnings = lint_warnings(profiles)
    for warning in warnings:
        print(f"warning: {warning}")
    print(f"profiles ok: {len(profiles.profiles)} countries [{profiles.digest}]")
    return 1 if warnings and args.strict else 0


def _cmd_profiles_coverage(args: argparse.Namespace) -> int:
    from .profile_tools import coverage_rows

    rows = coverage_rows(_load_profiles())
    if args.format == "json":
        _print_json(rows)
        return 0
    print(f"{'CC':3} {'roles':28} {'ver':>3} {'items':>5} {'src':>4} {'oldest':10} "
          f"{'newest':10} treaties")
    for r in rows:
        print(f"{r['country']:3} {','.join(r['roles']):28} {len(r['versions']):>3} "
              f"{r['sourced_items']:>5} {r['sources']:>4} {r['oldest_source'] or '-':10} "
              f"{r['newest_source'] or '-':10} {','.join(r['treaties'])}")
    return 0


def _cmd_profiles_show(args: argparse.Namespace) -> int:
    from .profile_tools import show_profile

    profiles = _load_profiles()
    code = args.country.upper()
    profile = profiles.get(code)
    if profile is None:
        print(f"error: no profile for {code}; known: {', '.join(sorted(profiles.profiles))}",
              file=sys.stderr)
        return 1
    _print_json(show_profile(profile, args.as_of or dt.date.today()))
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    from . import backtest
    from .assessor import assess, default_knowledge

    knowledge = default_knowledge(args.backend)
    report = backtest.run_backtest(
        [Path(p) for p in args.files],
        lambda case, as_of: assess(case, as_of=as_of, knowledge=knowledge),
    )
    if args.format == "json":
        _print_json(backtest.render_json(report))
    else:
        print(backtest.render_text(report), end="")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refoulement-risk",
        description="Explained screening of the risk of torture on return (a screening aid for "
                    "qualified advisers, not a legal determination).")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("assess", help="assess a case file (JSON, per the contract)")
    p.add_argument("file", help="path to a case JSON file, or - for standard input")
    p.add_argument("--format", choices=["text", "json", "markdown", "html", "pdf"],
                   default="text", help="html and pdf: the case-file report")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="pdf page size")
    p.add_argument("--output", "-o", default=None, help="write to this file (pdf)")
    p.add_argument("--as-of", type=_date, default=None, help="assess as of this date")
    p.add_argument("--backend", choices=["auto", "durable", "reference"], default="auto")
    p.add_argument("--lang", choices=_languages(), default="en",
                   help="language of the human text (codes and numbers do not change)")
    p.set_defaults(func=_cmd_assess)

    rules = sub.add_parser("rules", help="inspect the rule set").add_subparsers(
        dest="rules_command", required=True)
    rules.add_parser("lint", help="validate every rule file").set_defaults(func=_cmd_rules_lint)
    p = rules.add_parser("list", help="list the rules")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_rules_list)
    rules.add_parser("vocabulary", help="the facts, operators and effects rules may use"
                     ).set_defaults(func=_cmd_rules_vocabulary)

    profiles = sub.add_parser("profiles", help="inspect the country evidence").add_subparsers(
        dest="profiles_command", required=True)
    p = profiles.add_parser("lint", help="validate every profile")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.set_defaults(func=_cmd_profiles_lint)
    p = profiles.add_parser("coverage", help="versions and sources per country")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_profiles_coverage)
    p = profiles.add_parser("show", help="the evidence an assessment on a date uses")
    p.add_argument("country")
    p.add_argument("--as-of", type=_date, default=None)
    p.set_defaults(func=_cmd_profiles_show)

    p = sub.add_parser("backtest", help="agreement with decided cases")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--backend", choices=["auto", "durable", "reference"], default="auto")
    p.set_defaults(func=_cmd_backtest)

    try:
        from api.commands import add_service_commands
    except ImportError:  # the service is not installed: the library and CLI still work
        pass
    else:
        add_service_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except CaseValidationError as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    except DataFileError as exc:
        print(exc.render(), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
