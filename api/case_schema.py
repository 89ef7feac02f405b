"""The JSON Schema of the case (CONTRACT.md), for form builders and the OpenAPI document.

It is the library's :class:`~refoulement_risk.Case` model's schema, with the country codes
listed (``enum``), so a form can offer them and a validator refuse a typo.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from refoulement_risk import Case
from refoulement_risk.iso_countries import ISO_3166_ALPHA2

__all__ = ["case_json_schema", "case_openapi_schemas"]

_COUNTRY = {"type": "string", "enum": sorted(ISO_3166_ALPHA2),
            "description": "ISO 3166-1 alpha-2 code, upper case"}


def _with_countries(schema: dict[str, Any]) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    props = schema["properties"]
    props["destination"] = {**_COUNTRY, "title": "Destination",
                            "description": "The state the person would be removed to (required)."}
    props["removing_state"] = {"anyOf": [{**_COUNTRY}, {"type": "null"}], "default": None,
                               "title": "Removing State",
                               "description": "The state removing the person."}
    return schema


@functools.lru_cache(maxsize=1)
def _base(ref_template: str) -> dict[str, Any]:
    return _with_countries(Case.model_json_schema(ref_template=ref_template))


def case_json_schema() -> dict[str, Any]:
    """A standalone JSON Schema (draft 2020-12) of the case."""
    schema = copy.deepcopy(_base("#/$defs/{model}"))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:refoulement-risk:schema:case:1", **schema}


def case_openapi_schemas() -> dict[str, dict[str, Any]]:
    """``Case`` and the models it uses, for ``components/schemas`` of the OpenAPI document."""
    schema = copy.deepcopy(_base("#/components/schemas/{model}"))
    defs: dict[str, dict[str, Any]] = schema.pop("$defs", {})
    return {"Case": schema, **defs}
