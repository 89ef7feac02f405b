"""/v1/schema/case: the JSON Schema of the case, for form builders."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..case_schema import case_json_schema
from ..examples import problem_responses

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["schema"])


@router.get("/schema/case", summary="JSON Schema of the case",
            description="The case contract as JSON Schema (draft 2020-12): field names, types, "
                        "allowed values and descriptions, to build an intake form. Public.",
            responses={200: {"description": "A JSON Schema", "content": {"application/json": {
                "schema": {"type": "object"},
                "example": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                            "title": "Case", "type": "object", "required": ["destination"],
                            "properties": {"destination": {"type": "string",
                                                           "enum": ["AD", "…", "ZW"]}}}}}},
                       **problem_responses(500)})
async def case_schema() -> JSONResponse:
    return JSONResponse(case_json_schema())
