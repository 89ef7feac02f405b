"""People-facing outputs of an assessment: plain words, the case-file report (HTML and PDF) and
the intake interview's definition.

``render_report_html(assessment, case)`` gives one self-contained page; ``render_report_pdf``
the same as PDF (WeasyPrint); ``interview(profiles)`` the questions, in plain words, that the
intake page asks. ``labels`` is the single adapter to the fact vocabulary.
"""

from __future__ import annotations

from ..assessment import Assessment
from ..case import Case
from .country_names import COUNTRY_NAMES, country_name
from .html import case_rows, render_report_html
from .interview import interview
from .labels import field_label, value_label
from .pdf import PAPER_SIZES, Paper, ReportUnavailable, html_to_pdf
from .plain import BandView, band_view, because_sentence, plain_fact, transfer_band_view

__all__ = [
    "COUNTRY_NAMES",
    "PAPER_SIZES",
    "BandView",
    "Paper",
    "ReportUnavailable",
    "band_view",
    "because_sentence",
    "case_rows",
    "country_name",
    "field_label",
    "html_to_pdf",
    "interview",
    "plain_fact",
    "render_report_html",
    "render_report_pdf",
    "transfer_band_view",
    "value_label",
]


def render_report_pdf(assessment: Assessment, case: Case | None = None,
                      paper: Paper = "a4", generated: str = "") -> bytes:
    """The case-file report as PDF bytes (raises :class:`ReportUnavailable` without WeasyPrint)."""
    return html_to_pdf(render_report_html(assessment, case, generated=generated), paper)
