# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_CLIENTS ?= 2000
PROD_PORT ?= 8443

.PHONY: prod-local demo serve test install install-dev lint typecheck check migrate messages clean api-check

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
	$(MAKE) --no-print-directory serve

# The web server and the job queue's worker together; stopping the server (Ctrl-C) stops the worker too.
serve: migrate
	$(BIN)/werkroute run_huey & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/werkroute runserver 127.0.0.1:$(PORT)

# The production stack on this machine (gunicorn, PostgreSQL, Redis, worker): see docs/operations.md.
prod-local: install
	PORT=$(PROD_PORT) deploy/prod-local.sh

# One test process per core (pytest-xdist); each gets its own test database.
test: install-dev
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The API as another system sees it: Spectral with the NL API Design Rules, then schemathesis against a
# server on API_CHECK_PORT (default 8765) with a real token (see docs/api.md).
api-check: install-dev
	.ci/api-check

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy src/werkroute

check: lint typecheck test

# Regenerate the message catalogues after changing user-facing text (needs GNU gettext). The staff pages
# speak Dutch and English (locale/en); the client's portal has its own catalogues in all its languages.
PORTAL_LANGUAGES := en ar ti fa uk
messages: install-dev
	cd src/werkroute && ../../$(BIN)/werkroute makemessages --locale en --no-obsolete --no-location --ignore 'demo/*' --ignore '*/tests/*' --ignore 'portal/*'
	cd src/werkroute && ../../$(BIN)/werkroute compilemessages --locale en --ignore 'portal/*'
	cd src/werkroute/portal && ../../../$(BIN)/werkroute makemessages $(addprefix --locale ,$(PORTAL_LANGUAGES)) --no-obsolete --no-location --ignore 'tests/*'
	cd src/werkroute/portal && ../../../$(BIN)/werkroute compilemessages $(addprefix --locale ,$(PORTAL_LANGUAGES))

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
