"""durable-rules where it imports, else the plain-Python evaluator, with a warning."""

from __future__ import annotations

import subprocess
import sys


def test_without_durable_rules_the_reference_evaluator_is_used_with_a_warning() -> None:
    code = (
        "import sys, warnings\n"
        "sys.modules['durable'] = None  # make 'import durable' fail as if not installed\n"
        "warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    from refoulement_risk import load_knowledge, assess\n"
        "    k = load_knowledge()\n"
        "print(k.backend.name)\n"
        "print(any('durable-rules is not available' in str(w.message) for w in caught))\n"
        "print(assess({'destination': 'UZ', 'as_of': '2010-01-01'}, knowledge=k).score)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    name, warned, score = run.stdout.split()
    assert name == "reference" and warned == "True" and int(score) > 0


def test_durable_rules_is_the_default_where_it_imports() -> None:
    from refoulement_risk import load_knowledge

    assert load_knowledge().backend.name == "durable"
