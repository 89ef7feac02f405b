"""GET /v1/assessments/{id}/report: a stored assessment as the case-file report, HTML or PDF.

The format follows ``Accept``: ``application/pdf`` gives the PDF (WeasyPrint, A4 unless
``paper=letter``), ``text/html`` (or anything else a browser sends) the page. The report is
self-contained: no script, no outside asset; its inline stylesheet is the only thing its
Content-Security-Policy allows.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from refoulement_risk import Assessment, Case
from refoulement_risk.i18n import SOURCE_LANGUAGE
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.report import ReportUnavailable, html_to_pdf, render_report_html

from ..deps import ReadDep, ServiceDep
from ..errors import ApiError, Problem
from ..examples import problem_responses
from ..params import IdPath
from .assessments import LangQuery, _language
from .stored import find_record

__all__ = ["REPORT_CSP", "router"]

router = APIRouter(prefix="/v1", tags=["assessments"])

REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")


def _in_language(assessment: Assessment, lang: str | None) -> Assessment:
    """The stored assessment in the language asked for (``?lang=``; else as it was stored).
    The engine's text is translated from English: a record stored in another language can
    only be shown in that language."""
    if lang is None:
        return assessment
    wanted = _language(lang, None)
    if wanted == assessment.language:
        return assessment
    if assessment.language != SOURCE_LANGUAGE:
        raise ApiError("The report is not available in that language.", status=422,
                       code="invalid_request", problems=[Problem(
                           location="lang", reason=f"this assessment was stored in "
                           f"{assessment.language!r}; its report is available in that language "
                           "only (translations are made from the English text)")])
    return translate_assessment(assessment, wanted)


def _wants_pdf(accept: str) -> bool:
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if "application/pdf" in kinds:
        return True
    if any(k in ("text/html", "*/*", "text/*", "") for k in kinds):
        return False
    raise ApiError("The report is available as text/html or application/pdf.", status=406,
                   code="not_acceptable")


@router.get(
    "/assessments/{assessment_id}/report", response_class=Response,
    summary="The case-file report of a stored assessment",
    description="The facts as given, the result, every factor in plain words with its "
                "authorities and dated evidence, the legal bars, the unknowns with their "
                "questions, the next steps, the versions and the disclaimer; the gaps first. "
                "`Accept: application/pdf` gives a PDF (A4, or Letter with `paper=letter`), "
                "`text/html` a printable page, with links to the same report in the other "
                "languages. `lang` (en, ru, ...) gives it in that language, else in the "
                "language it was stored in. Any other `Accept`: 406 `not_acceptable`; "
                "no PDF renderer installed: 503 `report_unavailable`.",
    responses={200: {"content": {
        "text/html": {"example": "<!doctype html><html lang=\"en\">…<h2>Result</h2>…</html>"},
        "application/pdf": {"example": "%PDF-1.7 …"}}},
               **problem_responses(401, 403, 404, 422, 429, 500)},
)
async def get_report(request: Request, service: ServiceDep, principal: ReadDep,
                     assessment_id: IdPath,
                     paper: Annotated[Literal["a4", "letter"], Query(
                         description="PDF page size")] = "a4",
                     lang: LangQuery = None) -> Response:
    pdf = _wants_pdf(request.headers.get("accept", ""))
    # Only the caller's organisation's records: another organisation's id is a 404 like any
    # unknown id.
    record = await find_record(service, principal, assessment_id)
    stored = Assessment.model_validate_json(record.assessment_json)
    assessment = _in_language(stored, lang)
    case = Case.model_validate_json(record.case_json)
    stamp = f"{record.created_at:%Y-%m-%d %H:%M} UTC"
    html = render_report_html(assessment, case, print_button=not pdf, generated=stamp,
                              language_links=not pdf and stored.language == SOURCE_LANGUAGE)
    headers = {"Content-Security-Policy": REPORT_CSP}
    if not pdf:
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)
    try:
        body = await run_in_threadpool(html_to_pdf, html, paper)
    except ReportUnavailable as exc:
        raise ApiError(str(exc), status=503, code="report_unavailable") from None
    headers["Content-Disposition"] = f'inline; filename="assessment-{record.id}.pdf"'
    return Response(body, media_type="application/pdf", headers=headers)
