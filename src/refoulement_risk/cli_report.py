"""``assess --format html|pdf``: the case-file report on the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["write_report"]


def write_report(assessment: Any, data: Any, fmt: str, paper: str, output: str | None) -> int:
    from .case import parse_case
    from .report import ReportUnavailable, render_report_html, render_report_pdf

    case = parse_case(data)
    if fmt == "html":
        text = render_report_html(assessment, case, print_button=True)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            print(text, end="")
        return 0
    try:
        pdf = render_report_pdf(assessment, case, paper="letter" if paper == "letter" else "a4")
    except ReportUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if output:
        Path(output).write_bytes(pdf)
    elif sys.stdout.isatty():
        print("error: a PDF is binary: give --output FILE or redirect standard output",
              file=sys.stderr)
        return 1
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(pdf)
    return 0
