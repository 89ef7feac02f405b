"""Meta-tests: docs/SERVICE.md documents every setting with its default, every endpoint, every
problem code and the batch limit (a new setting or code fails here until documented)."""

from __future__ import annotations

import re
from pathlib import Path

from refoulement_risk.api.errors import PROBLEM_MEDIA_TYPE
from refoulement_risk.api.settings import Settings

from .conftest import ROOT, ApiHarness

DOC = (ROOT / "docs" / "SERVICE.md").read_text(encoding="utf-8")


def _rows() -> dict[str, str]:
    rows = {}
    for line in DOC.splitlines():
        match = re.match(r"^\| `(REFOULEMENT_RISK_[A-Z_]+)` \| (.*?) \|", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_every_setting_is_documented_with_its_default() -> None:
    rows = _rows()
    for name, field in Settings.model_fields.items():
        variable = f"REFOULEMENT_RISK_{name.upper()}"
        assert variable in rows, f"{variable} is not documented in docs/SERVICE.md"
        default = field.get_default(call_default_factory=True)
        documented = rows[variable]
        if default in (None, "", []):
            assert documented.startswith("(empty)") or documented.startswith("(unset"), variable
        else:
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            assert documented == f"`{shown}`", (variable, documented, shown)
    assert set(rows) == {f"REFOULEMENT_RISK_{n.upper()}" for n in Settings.model_fields}


def test_every_endpoint_is_documented(sqlite_api: ApiHarness) -> None:
    document = sqlite_api.client.get("/openapi.json").json()
    for path, item in document["paths"].items():
        for method in item:
            documented = re.sub(r"\{[a-z_]+\}", "{id}", path).replace("{id}", "{")
            pattern = re.escape(f"`{method.upper()} ") + re.escape(documented.split("{")[0])
            assert re.search(pattern, DOC), f"{method.upper()} {path} is not in SERVICE.md"


def test_every_problem_code_is_documented() -> None:
    sources = "\n".join(p.read_text() for p in (ROOT / "api").rglob("*.py"))
    codes = set(re.findall(r'code="([a-z_]+)"', sources))
    codes |= set(re.findall(r'status, code = \d+, "([a-z_]+)"', sources))
    codes |= set(re.findall(r'problem_response\([^)]*?\d{3}, "([a-z_]+)"', sources, re.S))
    codes |= {"invalid_case", "engine_failure", "method_not_allowed", "not_found"}
    assert len(codes) >= 14
    for code in codes:
        assert f"`{code}`" in DOC, f"problem code {code} is not documented in SERVICE.md"
    assert PROBLEM_MEDIA_TYPE in DOC


def test_the_batch_limit_is_documented() -> None:
    default = Settings.model_fields["batch_max_cases"].default
    assert f"**{default} by default**" in DOC
    assert Path(ROOT / "benchmarks" / "load.py").exists()
