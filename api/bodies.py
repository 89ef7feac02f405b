"""Reading a JSON request body: the media type, the size limit, and JSON that can be handled."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from .errors import ApiError, PayloadTooLarge, Problem

__all__ = ["read_json"]


async def read_json(request: Request, limit: int) -> Any:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/")
                                            and media.endswith("+json")):
        raise ApiError("Send the body as application/json.", status=415,
                       code="unsupported_media_type")
    body = await request.body()  # the middleware stops reading past the limit
    if len(body) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    try:
        data = json.loads(body)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # unpaired surrogates fail here
    except json.JSONDecodeError as exc:
        raise ApiError("The body is not valid JSON.", code="malformed_json", problems=[
            Problem(location=f"body:{exc.lineno}:{exc.colno}", reason=exc.msg)]) from None
    except (UnicodeError, ValueError, RecursionError):
        raise ApiError("The body is not valid JSON (bad encoding or nested too deeply).",
                       code="malformed_json") from None
    return data
