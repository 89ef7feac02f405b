"""/v1/vocabulary: the facts, their intake questions and options, and the evidence words."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from refoulement_risk.published import vocabulary_document

from ..deps import ServiceDep
from ..examples import problem_responses

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["rules"])

_EXAMPLE = {
    "facts": {"case.refugee_status": {
        "type": "enum", "origin": "case", "values": ["none", "recognised"], "multi": False,
        "description": "Refugee or asylum status in the removing state, or a UNHCR mandate.",
        "question": "What is the client's asylum or refugee status?",
        "risk_order": ["none", "recognised"], "path": "refugee_status", "indicator": None}},
    "operators": {"is": "the fact has this value"},
    "effects": ["derive", "factor", "bar", "recommend"],
    "intake": [{"field": "refugee_status", "fact": "case.refugee_status",
                "question": "What is the client's asylum or refugee status?",
                "help": "Refugee or asylum status in the removing state.", "type": "enum",
                "multi": False, "options": [{"value": "recognised", "label": "recognised"}],
                "risk_order": ["none", "recognised"]}],
    "organisations": {"hizb_ut_tahrir": {"name": "Hizb ut-Tahrir",
                                         "aliases": ["хизб ут-тахрир"]}},
}


@router.get("/vocabulary", response_model=dict[str, Any], summary="The published vocabulary",
            description="Every fact the rules read (type, values, risk order, origin, the intake "
                        "question and help text), the operators and effects, the intake form's "
                        "options, the organisations and ethnicities of the evidence with their "
                        "plain names and aliases, and the names of the model (scores, tiers, "
                        "bands). Built from the fact catalogue. Public (no key needed).",
            responses={200: {"content": {"application/json": {"example": _EXAMPLE}}},
                       **problem_responses(500)})
def get_vocabulary(service: ServiceDep) -> dict[str, Any]:
    assert service.knowledge is not None
    knowledge = service.knowledge
    return vocabulary_document(rulebook=knowledge.rulebook, groups=knowledge.profiles.groups)
