"""``refoulement-risk batch``: both formats, refused lines, order, interruption and resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from refoulement_risk.batch import run_batch
from refoulement_risk.batch_io import CSV_COLUMNS, finished_lines, read_lines

from .decided import decided_case_dicts

ROOT = Path(__file__).resolve().parents[1]
DECIDED = decided_case_dicts()


def _cases(count: int) -> list[dict[str, Any]]:
    return [{**DECIDED[i % len(DECIDED)], "client_reference": f"ref-{i}"} for i in range(count)]


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_results_come_in_input_order_and_refused_lines_do_not_stop_the_run(
        tmp_path: Path) -> None:
    lines = [json.dumps(c) for c in _cases(5)]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"destination": "uz"}))
    lines.insert(5, "")  # blank lines are skipped, not refused
    source = _write_jsonl(tmp_path / "in.jsonl", lines)
    summary = run_batch(source, tmp_path / "out.jsonl", "jsonl", "jsonl", backend="reference",
                        workers=2, progress=False)
    results = _results(tmp_path / "out.jsonl")
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 7, 8]
    assert [r["status"] for r in results] == ["assessed", "assessed", "refused", "assessed",
                                              "refused", "assessed", "assessed"]
    assert results[2]["problems"][0]["reason"].startswith("not valid JSON")
    assert results[4]["problems"][0]["location"] == "destination"
    assert [r["client_reference"] for r in results if r["status"] == "assessed"] == [
        f"ref-{i}" for i in range(5)]
    assert summary.assessed == 5 and summary.refused == 2
    assert sum(summary.bands.values()) == 5


def test_a_batch_result_is_the_assessment_the_library_gives(tmp_path: Path) -> None:
    from refoulement_risk import assess, load_knowledge

    case = _cases(1)[0]
    source = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(case)])
    run_batch(source, tmp_path / "out.jsonl", "jsonl", "jsonl", backend="reference", workers=1,
              progress=False)
    expected = assess(case, knowledge=load_knowledge(backend="reference"))
    assert _results(tmp_path / "out.jsonl")[0]["assessment"] == expected.model_dump(mode="json")


def test_csv_in_and_out_use_contract_paths_as_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["client_reference", "destination", "removing_state", "as_of",
                         "charges.0.category", "charges.0.organisation",
                         "profile.religious_practice",
                         "interim_measures.0.body", "interim_measures.0.status"])
        writer.writerow(["a1", "UZ", "RU", "2013-04-25", "religious_extremism", "hizb_ut_tahrir",
                         "true", "ecthr_rule39", "indicated"])
        writer.writerow(["a2", "UZ", "", "", "", "", "", "", ""])
        writer.writerow(["a3", "XX1", "", "", "", "", "", "", ""])
    parsed = [line.data for line in read_lines(source, "csv")]
    assert parsed[0] == {
        "client_reference": "a1", "destination": "UZ", "removing_state": "RU",
        "as_of": "2013-04-25",
        "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}],
        "profile": {"religious_practice": True},
        "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}]}
    assert parsed[1] == {"client_reference": "a2", "destination": "UZ"}
    out = tmp_path / "out.csv"
    summary = run_batch(source, out, "csv", "csv", backend="reference", workers=1,
                        progress=False)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["client_reference"] for r in rows] == ["a1", "a2", "a3"]
    assert [r["status"] for r in rows] == ["assessed", "assessed", "refused"]
    assert "ECTHR_RULE39" in rows[0]["legal_bars"].split("; ")
    assert int(rows[0]["range.low"]) <= int(rows[0]["score"]) <= int(rows[0]["range.high"])
    assert rows[2]["problems"].startswith("destination:")
    assert summary.assessed == 2 and summary.refused == 1


def test_a_malformed_csv_row_is_refused_with_its_line_number(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("destination,charges.0.category,charges.category\n"
                      "UZ,terrorism,political\nUZ\n", encoding="utf-8")
    lines = list(read_lines(source, "csv"))
    assert lines[0].data is None and "must be a list index" in (lines[0].problem or "")
    assert lines[1].number == 3 and "1 cells where the header has 3" in (lines[1].problem or "")


def test_resume_skips_finished_lines_and_drops_a_line_cut_short(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(c) for c in _cases(6)])
    out = tmp_path / "out.jsonl"
    run_batch(source, out, "jsonl", "jsonl", backend="reference", workers=1, progress=False)
    complete = out.read_text(encoding="utf-8").splitlines()
    # An interruption after three lines, in the middle of writing the fourth:
    out.write_text("\n".join(complete[:3]) + "\n" + complete[3][:40], encoding="utf-8")
    assert finished_lines(out, "jsonl") == {1, 2, 3}
    summary = run_batch(source, out, "jsonl", "jsonl", backend="reference", workers=1,
                        progress=False)
    assert summary.skipped == 3 and summary.assessed == 3
    assert out.read_text(encoding="utf-8").splitlines() == complete


@pytest.mark.slow
def test_a_killed_run_resumes_without_losing_or_repeating_a_case(tmp_path: Path) -> None:
    count = 200
    source = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(c) for c in _cases(count)])
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "refoulement_risk.cli", "batch", str(source), "--out",
               str(out), "--no-progress", "--backend", "reference", "--workers", "2"]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 2000):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    written = len(finished_lines(out, "jsonl"))
    assert 0 < written < count, "the run was not interrupted part-way; make the input longer"
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL, timeout=600)
    assert [r["line"] for r in _results(out)] == list(range(1, count + 1))


def test_a_worker_killed_by_the_native_engine_is_replaced_and_its_cases_still_assessed(
        tmp_path: Path) -> None:
    """A real SIGSEGV inside durable-rules' run (planted with sitecustomize, for one date;
    only the workers run the engine) must cost no case: the chunk is redone on the plain-Python
    backend, which the assessment then names, and the crash is counted."""
    pytest.importorskip("durable")
    plant = tmp_path / "plant"
    plant.mkdir()
    (plant / "sitecustomize.py").write_text(
        "import datetime, os, signal\n"
        "from refoulement_risk import durable_backend\n"
        "_run = durable_backend.DurableBackend.run\n"
        "def run(self, facts, on):\n"
        "    if on == datetime.date(2011, 11, 11):\n"
        "        os.kill(os.getpid(), signal.SIGSEGV)\n"
        "    return _run(self, facts, on)\n"
        "durable_backend.DurableBackend.run = run\n", encoding="utf-8")
    cases = _cases(6)
    cases[4] = {**cases[4], "as_of": "2011-11-11"}
    source = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(c) for c in cases])
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(plant), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])}
    finished = subprocess.run(
        [sys.executable, "-m", "refoulement_risk.cli", "batch", str(source), "--out", str(out),
         "--no-progress", "--backend", "durable", "--workers", "1"],
        env=env, capture_output=True, text=True, timeout=600, check=True)
    summary = json.loads(finished.stderr.strip().splitlines()[-1])
    results = _results(out)
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6]
    assert all(r["status"] == "assessed" for r in results)
    assert summary["worker_crashes"] == 1
    assert {r["assessment"]["versions"]["backend"] for r in results} == {"reference"}
