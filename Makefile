PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 13), "greencheck needs Python 3.11 or 3.12"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: setup
	mkdir -p out
	$(BIN)/greencheck check project_samples --format json --output out/report.json; test $$? -le 1
	$(BIN)/greencheck check project_samples --output out/report.txt; test $$? -le 1
	@echo "reports written to out/"

lint: setup
	$(BIN)/ruff check checker tests
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
