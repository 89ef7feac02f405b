"""2,000 sequential assessments on one backend leave no session behind: the ruleset's session
count stays at zero between assessments (durable fails past 1,024 live sessions, so running
2,000 also proves none accumulates)."""

from __future__ import annotations

import datetime as dt
import resource

from refoulement_risk.durable_backend import SID, DurableBackend
from refoulement_risk.engine import Fact


def live_session(backend: DurableBackend) -> bool:
    try:
        backend._host.get_state(backend._ruleset, SID)
    except Exception as exc:
        assert "309" in str(exc)  # ERR_SID_NOT_FOUND
        return False
    return True


def test_two_thousand_assessments_leave_no_session(durable: DurableBackend) -> None:
    facts = [Fact("det", "case.detained", True), Fact("ch", "case.charge_category", "terrorism"),
             Fact("lvl", "destination.custody_torture_level", "systematic"),
             Fact("u", "case.detained", None)]
    first = durable.run(facts, dt.date(2024, 1, 1))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for k in range(2000):
        result = durable.run(facts if k % 3 else facts[:1], dt.date(2024, 1, 1))
        assert not live_session(durable), k
        if k % 3:
            assert result == first
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert grown_kb < 20_000, f"peak RSS grew by {grown_kb} kB"


def test_the_pure_compiler_imports_without_durable_rules() -> None:
    """Encoding, compiling and limit checks need no C extension (docs/DURABLE_RULES.md)."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['durable'] = None\n"
            "from refoulement_risk import durable_compile as d\n"
            "assert d.check_message({'t': 'f', 'n': 'x'}) is None\n"
            "try:\n    import refoulement_risk.durable_backend\nexcept ImportError:\n"
            "    print('backend needs durable')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "backend needs durable"
