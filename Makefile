# Territoire — every operator task. Python 3.11+ and nothing else installed by hand.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export TERRITOIRE_DATA_DIR ?= $(CURDIR)/var

.PHONY: install demo serve worker test check bench bench-charge browser clean

$(BIN)/territoire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/territoire

## make demo: install, build the demo territory, serve it on http://127.0.0.1:8000
# TERRITOIRE_DEMO=1: a demonstration, whose secret key is created once in the data folder
# (production sets SECRET_KEY and never TERRITOIRE_DEMO: docs/exploitation.md).
demo: install
	TERRITOIRE_DEMO=1 $(BIN)/territoire migrate --no-input
	TERRITOIRE_DEMO=1 $(BIN)/territoire demo
	TERRITOIRE_DEMO=1 $(BIN)/territoire serve 127.0.0.1:8000

serve: install
	TERRITOIRE_DEMO=1 $(BIN)/territoire migrate --no-input
	TERRITOIRE_DEMO=1 $(BIN)/territoire serve 127.0.0.1:8000

## make worker: run the background jobs of the demo (imports launched from the web, reports…)
worker: install
	TERRITOIRE_DEMO=1 $(BIN)/territoire worker

## make test: the whole suite (browser tests need Debian's chromium: see `make browser`)
# Browser tests run on their own, in one process: their transactional databases are emptied
# around each test, which must not happen between the other tests on a shared worker.
test: install
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider -m "not browser" || { s=$$?; [ $$s -ne 5 ] || echo "Aucun test collecté : échec." >&2; exit $$s; }
	$(BIN)/python -m pytest -p no:cacheprovider -m browser || { s=$$?; [ $$s -ne 5 ] || echo "Aucun test collecté : échec." >&2; exit $$s; }

## make browser: install Debian's Chromium for the browser tests (root or sudo)
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

check: install
	$(BIN)/ruff check territoire tests bench
	$(BIN)/territoire makemigrations --check --dry-run
	$(MAKE) test

bench: install
	$(BIN)/python bench/sirene_import.py

## make bench-charge: load on loopback, production server beside the development server (~12 min)
bench-charge: install
	$(BIN)/python bench/charge.py

clean:
	rm -rf $(VENV) var
