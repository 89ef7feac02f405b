"""The library's commands: ``assess``, ``rules``, ``profiles`` and ``backtest`` (click + rich).

Output formats are stable: ``--format json`` is for programs; text tables are rich tables.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Column, Table

from .errors import CaseValidationError, Problem

__all__ = ["assess", "backtest", "profiles", "rules"]

class Choice(click.Choice[str]):
    """A choice whose error reads as the command line always said: ``invalid choice: 'xx'``."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if value not in self.choices:
            self.fail(f"invalid choice: {value!r} (choose from "
                      f"{', '.join(repr(c) for c in self.choices)})", param, ctx)
        return value


BACKENDS = Choice(["auto", "durable", "reference"])


def _console(err: bool = False) -> Console:
    stream = sys.stderr if err else sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 160, highlight=False)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _date(_ctx: click.Context, _param: click.Parameter, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _published_by(_ctx: click.Context, _param: click.Parameter,
                  text: str | None) -> dt.date | str | None:
    if text is None or text == "any":
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is neither an ISO date (YYYY-MM-DD) nor 'any'"
                                 ) from None


_PUBLISHED_BY_HELP = ("use only evidence published on or before this date (YYYY-MM-DD), or "
                      "'any' for every source; default: the assessment date (no hindsight)")


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


def _languages() -> list[str]:
    from .i18n import available_languages

    return list(available_languages())


@click.command(help="Assess a case file (JSON, per the contract); - reads standard input.")
@click.argument("file")
@click.option("--format", "fmt", type=Choice(["text", "json", "markdown", "html", "pdf"]),
              default="text", show_default=True, help="html and pdf: the case-file report")
@click.option("--paper", type=Choice(["a4", "letter"]), default="a4", show_default=True,
              help="pdf page size")
@click.option("--output", "-o", default=None, help="write to this file (pdf, html)")
@click.option("--as-of", callback=_date, help="assess as of this date (YYYY-MM-DD)")
@click.option("--backend", type=BACKENDS, default="auto", show_default=True)
@click.option("--lang", type=Choice(_languages()), default="en", show_default=True,
              help="language of the human text (codes and numbers do not change)")
@click.option("--evidence-published-by", "published_by", callback=_published_by,
              help=_PUBLISHED_BY_HELP)
def assess(file: str, fmt: str, paper: str, output: str | None, as_of: dt.date | None,
           backend: str, lang: str, published_by: Any) -> int:
    from .assessor import assess as run_assess
    from .i18n_translate import translate_assessment
    from .knowledge import default_knowledge
    from .render import render_markdown, render_text

    data = _read_case(file)
    assessment = run_assess(data, as_of=as_of, knowledge=default_knowledge(backend),
                            evidence_published_by=published_by)
    assessment = translate_assessment(assessment, lang)  # human text only
    if fmt in ("html", "pdf"):
        from .cli_report import write_report
        return write_report(assessment, data, fmt, paper, output)
    if fmt == "json":
        click.echo(assessment.model_dump_json(indent=2))
    elif fmt == "markdown":
        click.echo(render_markdown(assessment), nl=False)
    else:
        click.echo(render_text(assessment), nl=False)
    return 0


def _rulebook() -> Any:
    from .resources import rules_dir
    from .rulebook import load_rulebook

    return load_rulebook(rules_dir())


@click.group(help="Inspect the rule set.")
def rules() -> None:
    pass


@rules.command("lint", help="Validate every rule file.")
def rules_lint() -> int:
    book = _rulebook()
    themes = sorted({r.theme for r in book.rules})
    click.echo(f"rules ok: {len(book.rules)} rules in {len(themes)} themes, "
               f"{len(book.authorities)} authorities, version {book.index.version} "
               f"[{book.digest}]")
    return _lint_translations(book)  # missing or stale translations fail the lint


def _lint_translations(book: Any) -> int:
    from .i18n_lint import lint_all
    from .resources import rules_dir

    failed = False
    for lang, problems in lint_all(rules_dir(), book).items():
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"translations {lang}: " + (f"{len(problems)} problem(s)" if problems
                                                else "ok"))
        failed = failed or bool(problems)
    return 1 if failed else 0


@rules.command("list", help="List the rules.")
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text")
def rules_list(fmt: str) -> int:
    book = _rulebook()
    rows = [{"id": r.id, "theme": r.theme, "title": r.rule.title, "effect": r.rule.then.kind,
             "valid_from": str(r.rule.valid_from),
             "valid_until": str(r.rule.valid_until) if r.rule.valid_until else None,
             "authorities": r.rule.authorities} for r in book.rules]
    if fmt == "json":
        _print_json(rows)
        return 0
    table = Table("id", "effect", "title", box=None)
    for row in rows:
        table.add_row(row["id"], row["effect"], row["title"])
    _console().print(table)
    return 0


@rules.command("vocabulary", help="The facts, operators and effects rules may use, with the "
                                  "intake questions and the evidence words.")
def rules_vocabulary() -> int:
    from .published import vocabulary_document

    _print_json(vocabulary_document(rulebook=_rulebook(), groups=_load_profiles().groups))
    return 0


def _load_profiles() -> Any:
    from .profiles import load_profiles
    from .resources import profiles_dir

    return load_profiles(profiles_dir())


@click.group(help="Inspect the country evidence.")
def profiles() -> None:
    pass


@profiles.command("lint", help="Validate every profile, and every word it uses; note the "
                                "versions whose evidence was published after they start.")
@click.option("--strict", is_flag=True, help="warnings fail too (notes never do)")
def profiles_lint(strict: bool) -> int:
    from .profile_tools import hindsight_notes, lint_warnings

    loaded = _load_profiles()
    warnings = lint_warnings(loaded)
    for warning in warnings:
        click.echo(f"warning: {warning}")
    # A later report on an earlier period is legitimate evidence for later assessments; the
    # engine leaves it out before its publication date, so this is a note, not a warning.
    for note in hindsight_notes(loaded):
        click.echo(f"note (published after the version starts): {note}")
    click.echo(f"profiles ok: {len(loaded.profiles)} countries [{loaded.digest}]")
    return 1 if warnings and strict else 0


@profiles.command("coverage", help="Versions and sources per country.")
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text")
def profiles_coverage(fmt: str) -> int:
    from .profile_tools import coverage_rows

    rows = coverage_rows(_load_profiles())
    if fmt == "json":
        _print_json(rows)
        return 0
    table = Table("CC", "roles", "versions", "items", "sources", "oldest", "newest",
                  Column("treaties (in force from..until)", overflow="fold"), box=None)
    for r in rows:
        table.add_row(r["country"], ",".join(r["roles"]), str(len(r["versions"])),
                      str(r["sourced_items"]), str(r["sources"]), r["oldest_source"] or "-",
                      r["newest_source"] or "-",
                      "; ".join(f"{k} {v}" for k, v in r["treaties"].items()))
    _console().print(table)
    return 0


@profiles.command("show", help="The evidence an assessment on a date uses.")
@click.argument("country")
@click.option("--as-of", callback=_date, help="the date (default today)")
def profiles_show(country: str, as_of: dt.date | None) -> int:
    from .profile_tools import show_profile

    loaded = _load_profiles()
    code = country.upper()
    profile = loaded.get(code)
    if profile is None:
        click.echo(f"error: no profile for {code}; known: {', '.join(sorted(loaded.profiles))}",
                   err=True)
        return 1
    _print_json(show_profile(profile, as_of or dt.date.today()))
    return 0


@click.command(help="Agreement with decided cases (files or folders of decided-case YAML; "
                    "default: the packaged caselaw/).")
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=Choice(["text", "json", "markdown"]), default="text",
              help="markdown: only with --cross-validate (the tables of docs/MODEL.md)")
@click.option("--backend", type=BACKENDS, default="auto", show_default=True)
@click.option("--evidence-published-by", "published_by", callback=_published_by,
              help=_PUBLISHED_BY_HELP + " of each decided case")
@click.option("--write-calibration", is_flag=True,
              help="store each band's decided cases and violations in "
                   "<caselaw>/generated/calibration.yaml (the assessments' track record)")
@click.option("--check-calibration", is_flag=True,
              help="only check that the stored calibration was computed from the rules, "
                   "evidence and decided cases in use (exit 1 if stale)")
@click.option("--cross-validate", "cross_validate", is_flag=True,
              help="fit the weights to the decided cases (constrained, regularised) and report "
                   "leave-one-out figures beside those of the weights as chosen")
# 10.0 is calibration_fit.DEFAULT_PRIOR_SCALE, not imported here: numpy and scipy are optional
@click.option("--prior-scale", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="with --cross-validate: how many points a weight may move from its chosen "
                   "value before the penalty bites")
def backtest(files: tuple[str, ...], fmt: str, backend: str, published_by: Any,
             write_calibration: bool, check_calibration: bool, cross_validate: bool,
             prior_scale: float) -> int:
    from . import backtest as bt
    from .assessor import assess as run_assess
    from .case import Case
    from .knowledge import default_knowledge
    from .resources import caselaw_dir

    paths = [Path(p) for p in files] or [caselaw_dir()]
    if fmt == "markdown" and not cross_validate:
        raise click.UsageError("--format markdown prints the calibration tables: add "
                               "--cross-validate")
    if check_calibration or write_calibration:
        if len(paths) != 1 or not paths[0].is_dir():
            raise click.UsageError("--write-calibration and --check-calibration take one "
                                   "caselaw folder (default: the packaged caselaw/)")
        if published_by is not None:
            raise click.UsageError("the calibration is computed on the evidence of each "
                                   "case's date: leave out --evidence-published-by")
    knowledge = default_knowledge(backend)
    if check_calibration:
        return _check_calibration(paths[0], knowledge)
    cases = bt.load_decided_cases(paths)
    console = _console(err=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("assessing decided cases", total=len(cases))

        def one(case: Case, as_of: dt.date) -> Any:
            progress.advance(task)
            return run_assess(case, as_of=as_of, knowledge=knowledge,
                              evidence_published_by=published_by)

        if cross_validate:
            try:
                from . import calibration_cv as cv
            except ImportError as missing:  # numpy and scipy come with the optional extra
                click.echo(f"error: --cross-validate needs the 'calibrate' extra "
                           f"(pip install 'refoulement-risk[calibrate]'): {missing}", err=True)
                return 1
            book = knowledge.rulebook
            result = cv.run_cross_validation(paths, one, book, prior_scale)
            if fmt == "markdown":
                from .calibration_markdown import render_markdown

                titles = {c.id: c.rule.title for c in book.rules}
                click.echo(render_markdown(result, book.index.version, titles), nl=False)
            elif fmt == "json":
                _print_json(cv.render_json(result))
            else:
                click.echo(cv.render_text(result), nl=False)
            return 0
        report = bt.assess_decided(cases, one)
    if write_calibration:
        _write_calibration(paths[0], knowledge, cases, report)
    if fmt == "json":
        _print_json(bt.render_json(report))
    else:
        click.echo(bt.render_text(report), nl=False)
    return 0


def _check_calibration(folder: Path, knowledge: Any) -> int:
    from .calibration import CALIBRATION_PATH, REGENERATE, load_calibration, stale_reasons
    from .decided_cases import load_decided_cases

    path = folder / CALIBRATION_PATH
    reasons = stale_reasons(load_calibration(path), knowledge.rulebook.digest,
                            knowledge.profiles.digest, load_decided_cases([folder]))
    if reasons:
        click.echo(f"error: the calibration {path} is stale: {'; '.join(reasons)}. "
                   f"Regenerate it with `{REGENERATE}`.", err=True)
        return 1
    click.echo(f"calibration {path} is up to date")
    return 0


def _write_calibration(folder: Path, knowledge: Any, cases: Any, report: Any) -> None:
    from .backtest_metrics import BANDS
    from .calibration import (
        CALIBRATION_PATH,
        CalibratedCase,
        build_calibration,
        markdown_table,
        write_calibration,
    )

    scored = [CalibratedCase(id=r.id, outcome=r.outcome, score=round(r.score), band=r.band,
                             factors=list(r.factor_rules)) for r in report.cases]
    calibration = build_calibration(scored, BANDS, knowledge.rulebook.index.version,
                                    knowledge.rulebook.digest, knowledge.profiles.digest, cases)
    write_calibration(calibration, folder / CALIBRATION_PATH)
    click.echo(f"wrote {folder / CALIBRATION_PATH}; the track record for docs/MODEL.md:\n"
               + markdown_table(calibration), err=True)
