"""Reading and writing batch files: JSON Lines and CSV, one case (or one result) per line.

Input. JSON Lines: one case object per line, as in the contract. CSV: a header row of contract
paths, nested fields with dots and list items with their index (``charges.0.category``,
``profile.ethnicity``, ``interim_measures.1.status``); an empty cell is an absent (unknown)
field, and the cells ``true`` and ``false`` are booleans. Blank lines are skipped; a line that
cannot be read is reported with its number and reason and never stops the run.

Output. Every input line gives one output line, in input order, carrying the input's line
number and the case's ``client_reference``. JSON Lines: ``{"line", "client_reference",
"status": "assessed", "assessment"}`` or ``{"line", "client_reference", "status": "refused",
"problems": [{"location", "reason"}]}``, or ``"status": "failed"`` with ``problems`` when the
case killed its worker process on every backend (see :mod:`.batch`). CSV: the columns of
:data:`CSV_COLUMNS`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "CSV_COLUMNS",
    "Format",
    "InputLine",
    "csv_row",
    "detect_format",
    "finished_lines",
    "read_lines",
]

Format = Literal["jsonl", "csv"]

# One row per case. Lists are joined with "; " in a fixed order (factors as the assessment
# orders them, bars and actions likewise), so a spreadsheet can sort and filter them.
CSV_COLUMNS: tuple[str, ...] = (
    "line", "client_reference", "status", "destination", "removing_state", "as_of",
    "score", "band", "range.low", "range.high",
    "irregular_transfer.score", "irregular_transfer.band",
    "legal_bars", "factors", "recommended_actions", "evidence_gaps",
    "most_decisive_unknown", "problems", "versions.backend", "versions.rule_set_digest",
    "versions.profiles_digest",
)


@dataclass(frozen=True)
class InputLine:
    """One input line: the case as data, or why it could not be read."""

    number: int
    data: dict[str, Any] | None
    problem: str | None = None


def detect_format(path: Path, given: str | None) -> Format:
    if given in ("jsonl", "csv"):
        return given  # type: ignore[return-value]
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def read_lines(path: Path, fmt: Format) -> Iterator[InputLine]:
    if fmt == "csv":
        yield from _read_csv(path)
    else:
        yield from _read_jsonl(path)


def _read_jsonl(path: Path) -> Iterator[InputLine]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                yield InputLine(number, None, f"not valid JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(data, dict):
                yield InputLine(number, None, "a case must be a JSON object")
                continue
            yield InputLine(number, data)


def _read_csv(path: Path) -> Iterator[InputLine]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield InputLine(number, None,
                                f"has {len(row)} cells where the header has {len(header)}")
                continue
            try:
                yield InputLine(number, _unflatten(zip(header, row, strict=True)))
            except ValueError as exc:
                yield InputLine(number, None, str(exc))


def _cell(text: str) -> Any:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return text.strip()


def _unflatten(cells: Any) -> dict[str, Any]:
    """``{"charges.0.category": "x"}`` -> ``{"charges": [{"category": "x"}]}``."""
    root: dict[str, Any] = {}
    for path, text in cells:
        if not text.strip():
            continue
        parts = path.strip().split(".")
        if not all(parts):
            raise ValueError(f"column {path!r} is not a contract path")
        node: Any = root
        for part, following in zip(parts, [*parts[1:], None], strict=True):
            key: Any = int(part) if part.isdigit() else part
            if isinstance(node, list):
                if not isinstance(key, int):
                    raise ValueError(f"column {path!r}: {part!r} must be a list index")
                while len(node) <= key:
                    node.append({})
            elif isinstance(key, int):
                raise ValueError(f"column {path!r}: index {part} where a name is expected")
            if following is None:
                node[key] = _cell(text)
            else:
                child = node[key] if (isinstance(node, list) or key in node) else None
                if child is None:
                    child = [] if following.isdigit() else {}
                    node[key] = child
                node = child
    for key, value in root.items():  # list items left empty by skipped cells are dropped
        if isinstance(value, list):
            root[key] = [item for item in value if item]
    return root


def finished_lines(path: Path, fmt: Format) -> set[int]:
    """Line numbers already in an output file; a line cut short by an interruption is removed."""
    if not path.exists():
        return set()
    raw = path.read_bytes()
    complete = raw[: raw.rfind(b"\n") + 1]
    if len(complete) != len(raw):
        with path.open("r+b") as handle:
            handle.truncate(len(complete))
    text = complete.decode("utf-8", errors="replace")
    done: set[int] = set()
    if fmt == "csv":
        for row in csv.DictReader(io.StringIO(text)):
            if (row.get("line") or "").isdigit():
                done.add(int(row["line"]))
        return done
    for text_line in text.splitlines():
        try:
            done.add(int(json.loads(text_line)["line"]))
        except (ValueError, KeyError, TypeError):
            continue
    return done


def _joined(items: list[str]) -> str:
    return "; ".join(items)


def csv_row(result: dict[str, Any]) -> dict[str, Any]:
    """Flatten one result (see the module docstring) into :data:`CSV_COLUMNS`."""
    row: dict[str, Any] = dict.fromkeys(CSV_COLUMNS, "")
    row.update(line=result["line"], client_reference=result.get("client_reference") or "",
               status=result["status"])
    if result["status"] != "assessed":
        row["problems"] = _joined([f"{p['location']}: {p['reason']}"
                                   for p in result.get("problems", [])])
        return row
    a = result["assessment"]
    transfer = a["irregular_transfer"]
    missing = a.get("missing_information") or []
    row.update({
        "destination": a.get("destination") or "",
        "removing_state": a.get("removing_state") or "",
        "as_of": a.get("as_of") or "",
        "score": a["score"], "band": a["band"],
        "range.low": a["range"]["low"], "range.high": a["range"]["high"],
        "irregular_transfer.score": transfer["score"],
        "irregular_transfer.band": transfer["band"],
        "legal_bars": _joined([b["code"] for b in a.get("legal_bars", [])]),
        "factors": _joined([f"{f['rule']} ({f['contribution']:+g})" for f in a["factors"]]),
        "recommended_actions": _joined([r["code"] for r in a.get("recommended_actions", [])]),
        "evidence_gaps": _joined(a.get("evidence_gaps") or []),
        "most_decisive_unknown": missing[0]["field"] if missing else "",
        "versions.backend": a["versions"].get("backend", ""),
        "versions.rule_set_digest": a["versions"].get("rule_set_digest", ""),
        "versions.profiles_digest": a["versions"].get("profiles_digest", ""),
    })
    return row
