# `make serve` and `make test` set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install serve test build check lint screenshots bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# axe-core from npm checks each kind of page for accessibility inside the browser tests.
AXE := node_modules/axe-core/axe.min.js
NPM := /usr/bin/npm
$(NPM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm

$(AXE): package.json package-lock.json | $(NPM)
	npm ci --no-audit --no-fund --silent
	touch $@

# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

serve: install
	$(BIN)/claims serve

check: install
	$(BIN)/claims check

build: install
	$(BIN)/claims build

lint: install
	$(BIN)/ruff check claims tests
	$(BIN)/ruff format --check claims tests
	$(BIN)/claims schema --check

test: install $(CHROMIUM) $(AXE) lint
	$(BIN)/pytest

# The scale benchmark (see BENCHMARKS.md): corpora of 1k, 10k and 100k articles, about an hour.
bench: install
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks

# Refresh the README's pictures from the screenshots the browser tests take.
screenshots: install $(CHROMIUM) $(AXE)
	$(BIN)/pytest tests/test_browser.py tests/test_tour.py tests/test_reader_browser.py tests/test_review.py::test_a_person_reviews_a_drafted_article_end_to_end tests/test_timeline.py::test_a_reader_clicks_a_bar_and_lands_on_its_claims
	cp build/screenshots/*.png tests/screenshots/

clean:
	rm -rf build $(VENV)
