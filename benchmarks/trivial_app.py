"""The baseline of ``http_throughput.py``: a FastAPI endpoint that does no work but return a
fixed body of the size the assessment endpoint returns (read from ``TRIVIAL_BODY``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

app = FastAPI()
_BODY: dict[str, Any] = json.loads(Path(os.environ["TRIVIAL_BODY"]).read_text("utf-8"))


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/v1/assessments")
async def assess(request: Request) -> dict[str, Any]:
    await request.json()  # read and parse the case, as the service does
    return _BODY
