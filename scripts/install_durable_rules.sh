#!/usr/bin/env bash
# Install durable-rules 2.0.28 (an sdist with a C core: needs gcc and the Python headers) into
# the environment of the Python executable given as $1, then prove it imports.
#
#   scripts/install_durable_rules.sh .venv/bin/python
#
# On Python >= 3.13 the released sdist builds but fails to import (it calls PyEval_CallObject,
# removed in 3.13; the upstream fix, jruizgit/rules PR #403, is unreleased): build it from source
# with the call mapped to PyObject_CallObject. See docs/DURABLE_RULES.md.
set -euo pipefail

PYTHON="${1:?usage: $0 PATH_TO_PYTHON}"
VERSION="2.0.28"

if ! "$PYTHON" -c 'import sys' 2>/dev/null; then
    echo "error: $PYTHON is not a working Python executable" >&2
    exit 2
fi

if "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else 1)'; then
    echo "Python >= 3.13: building durable-rules==$VERSION with PyEval_CallObject mapped" >&2
    CPPFLAGS="${CPPFLAGS:-} -DPyEval_CallObject=PyObject_CallObject" \
        "$PYTHON" -m pip install --no-cache-dir --no-binary durable-rules \
        "durable-rules==$VERSION"
else
    "$PYTHON" -m pip install "durable-rules==$VERSION"
fi

# Import the C core and run one rule end to end: a build that loads but cannot call back into
# Python (the 3.13 failure) only shows when an action runs.
if ! "$PYTHON" - <<'PY'
from durable import engine


class QuietHost(engine.Host):
    def _run(self):  # no background timer threads
        return None


fired = []
host = QuietHost()
host.register_rulesets({"check": {"r": {"all": [{"m": {"t": "x"}}],
                                        "run": lambda c: fired.append(c.m.id)}}})
host.assert_fact("check", {"t": "x", "id": "a", "sid": "1"})
host.delete_state("check", "1")
assert fired == ["a"], fired
PY
then
    echo "error: durable-rules==$VERSION was installed but cannot be imported or run" >&2
    exit 1
fi
echo "durable-rules==$VERSION installed and working for $("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
