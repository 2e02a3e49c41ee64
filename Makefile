# Two commands for a fresh machine: `make run` (the app on SQLite with Maluku Utara demo data) and `make test`;
# `make check` is the quick tier while working.
# `make run` listens on this machine only (127.0.0.1): the demo's passwords are shown on its login page.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run check test lint bench audit clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	LENTERA_DEMO=true $(BIN)/lentera init --demo-if-empty
	LENTERA_DEMO=true $(BIN)/streamlit run app.py --server.address 127.0.0.1

# Both tiers spread the tests over the cores with pytest-xdist; `--dist loadgroup` keeps the tests that share a
# module's server, or the browser, on one worker (tests/conftest.py says which). The load tests (marker `alone`)
# have a time budget, so they run afterwards by themselves.
XDIST := -n auto --dist loadgroup

# The quick tier, for every change (about 2½ minutes on 2 cores): ruff (lint and format), then the tests that need
# neither a PostgreSQL server nor a browser. `make test` is everything, and what CI runs.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q $(XDIST) -m "not postgres and not e2e and not alone"
	$(BIN)/python -m pytest -q -m "alone and not postgres and not e2e"

test: $(STAMP) lint
	$(BIN)/python -m pytest $(XDIST) -m "not alone"
	$(BIN)/python -m pytest -m alone

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_scoring.py

# Known vulnerabilities in the pinned dependencies, from PyPI's vulnerability data (scripts/audit_dependencies.py
# says why not pip-audit alone). Exit 1: a known vulnerability; exit 3: some pins could not be audited (listed).
audit: $(STAMP)
	$(BIN)/python scripts/audit_dependencies.py constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
