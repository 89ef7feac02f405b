# Quick start: `make run` serves the API and the intake form on 127.0.0.1:8000 with the embedded
# SQLite database; `make test` runs every check and test. Both set everything up first.
PYTHON ?= $(shell for p in python3 python3.11 python3.12 python3.13; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck data-lint bench clean

$(STAMP): pyproject.toml setup.py requirements.lock scripts/install_durable_rules.sh \
		scripts/install_system_packages.sh
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required (python3.11, 3.12 or 3.13 on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==25.3"
	# Chromium (browser tests) and Pango (PDF reports), from Debian, when missing.
	bash scripts/install_system_packages.sh
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev,pdf,calibrate]"
	# durable-rules compiles a C core; on Python 3.13 it needs a build flag (docs/DURABLE_RULES.md).
	bash scripts/install_durable_rules.sh $(PY)
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/refoulement-risk rules lint
	$(BIN)/refoulement-risk profiles lint
	$(BIN)/refoulement-risk serve --host $(HOST) --port $(PORT)

test: $(STAMP) lint typecheck data-lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src api tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

data-lint: $(STAMP)
	$(BIN)/refoulement-risk rules lint
	$(BIN)/refoulement-risk profiles lint --strict
	$(BIN)/refoulement-risk backtest caselaw/
	$(BIN)/refoulement-risk backtest caselaw/ --check-calibration

# Benchmarks print their own baseline measured in the same run, and the ratio (noisy machine).
bench: $(STAMP)
	$(PY) benchmarks/engine_backends.py
	$(PY) benchmarks/assessment.py
	$(PY) benchmarks/startup.py
	$(PY) benchmarks/batch.py
	$(PY) benchmarks/memory.py
	$(PY) benchmarks/http_throughput.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		test-artifacts
