PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser demo golden test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 13), "greencheck needs Python 3.11 or 3.12"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# headless chromium (and CJK fonts) for the HTML report's browser test; installed when root
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	else echo "chromium not installed and not root: the HTML browser test will be skipped"; fi

demo: setup
	mkdir -p out
	$(BIN)/greencheck check project_samples --format json --format html --format text \
	  --format markdown --format junit --format sarif --format github --output-dir out; test $$? -le 1
	@echo "reports written to out/ (open out/report.html)"

# rewrite tests/golden/ from tests/fixtures/reports/ after an intended report change
golden: setup
	GREENCHECK_REGEN_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_reporters_golden.py

lint: setup
	$(BIN)/ruff check checker tests
	$(BIN)/mypy

test: lint browser
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
