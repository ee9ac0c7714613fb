# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_CLIENTS ?= 2000

.PHONY: demo test install install-dev lint typecheck check migrate messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files record which lock file is installed, so an unchanged lock installs nothing twice.
$(VENV)/.installed-base: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/werkroute migrate --no-input

demo: migrate
	$(BIN)/werkroute demo --clients $(DEMO_CLIENTS) --if-empty
	$(BIN)/werkroute runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy src/werkroute

check: lint typecheck test

# Regenerate the message catalogues after changing user-facing text (needs GNU gettext).
messages: install-dev
	cd src/werkroute && ../../$(BIN)/werkroute makemessages --locale en --no-obsolete --no-location --ignore 'demo/*' --ignore '*/tests/*'
	cd src/werkroute && ../../$(BIN)/werkroute compilemessages --locale en

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
