"""Request parameters shared by the routes, each validated by its format *before* any query, and
each carrying its pattern into the OpenAPI document.

* ids of stored assessments are 32 lower-case hex characters; anything else (a NUL, a quote, a
  longer string) is a 404 like an unknown id (see ``api.errors``: a path parameter that does not
  fit its pattern means there is nothing at that path);
* dates are ISO calendar dates only (``YYYY-MM-DD``): no timestamps, no datetimes, no week
  dates; an impossible date (2013-02-30) is a 422 naming the parameter.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path
from pydantic import BeforeValidator, WithJsonSchema

__all__ = ["ASSESSMENT_ID_PATTERN", "ISO_DATE_PATTERN", "IdPath", "IsoDate", "iso_date"]

ASSESSMENT_ID_PATTERN = r"^[0-9a-f]{32}$"
ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def iso_date(value: object) -> object:
    """Accept a ``YYYY-MM-DD`` string (or a date); refuse numbers, datetimes and other forms."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a calendar date YYYY-MM-DD, not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-" \
            or not (value[:4] + value[5:7] + value[8:]).isascii() \
            or not (value[:4] + value[5:7] + value[8:]).isdigit():
        raise ValueError("must be an ISO calendar date YYYY-MM-DD (no time, no timestamp)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a calendar date (YYYY-MM-DD)") from None


IsoDate = Annotated[
    dt.date, BeforeValidator(iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]

IdPath = Annotated[str, Path(pattern=ASSESSMENT_ID_PATTERN, min_length=32, max_length=32,
                             description="the id returned when the assessment was stored "
                                         "(32 lower-case hex characters)",
                             examples=["a4c1e0c5f0f14b2f9d1e6f3a2b7c8d90"])]
