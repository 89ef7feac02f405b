"""The case-file report as PDF, with WeasyPrint (it needs the Pango libraries of the system).

WeasyPrint is imported only here and only when a PDF is asked for, so the library, the CLI's
other formats and the HTTP service run without it; a missing install is a clear
:class:`ReportUnavailable`, never a traceback.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["PAPER_SIZES", "ReportUnavailable", "html_to_pdf"]

PAPER_SIZES = ("a4", "letter")
Paper = Literal["a4", "letter"]


class ReportUnavailable(RuntimeError):
    """The PDF renderer (WeasyPrint, or the system libraries it loads) is not installed."""


def html_to_pdf(html: str, paper: Paper = "a4") -> bytes:
    """Render report HTML (self-contained: no outside asset is fetched) to PDF bytes."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise ReportUnavailable(
            "PDF output needs WeasyPrint and the Pango libraries (`make` installs both: "
            f"pip extra 'pdf', Debian packages libpango-1.0-0 and libpangoft2-1.0-0): {exc}"
        ) from None
    size = "A4" if paper == "a4" else "letter"

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError(f"the report fetches nothing ({url})")

    document = HTML(string=html, url_fetcher=no_fetch)
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=f"@page {{ size: {size}; }}")])
    return pdf
