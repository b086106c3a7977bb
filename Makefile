# Two commands on a fresh machine:  `make run`  and  `make test`  (see README).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: setup run test lint typecheck pytest chromium bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: setup
	$(VENV)/bin/sahel-dashboard run --port $(PORT)

# Debian's Chromium drives the browser tests and the plotly exports (no browser download).
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

lint: setup
	$(VENV)/bin/ruff check dashboard tests geodata/build.py
	$(VENV)/bin/ruff format --check dashboard tests geodata/build.py

typecheck: setup
	$(VENV)/bin/mypy

# pytest exit code 5 means "no tests collected": that is a failure, not a pass.
pytest: setup chromium
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

test: lint typecheck pytest

bench: setup chromium
	$(VENV)/bin/sahel-dashboard bench

clean:
	rm -rf $(VENV) dashboard/static .pytest_cache .mypy_cache .ruff_cache
