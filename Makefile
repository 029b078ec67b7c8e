# newsgraph — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= newsgraph-data
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test check lint setup ingest serve bench clean docs

# Create the venv and install the project with its pinned dependencies
# (the spaCy pipeline included). Re-runs only when pyproject.toml changes.
$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@touch $@

setup: $(BIN)/newsgraph

# Ingest the embedded seeds into the on-disk store (once: an existing store is
# served as it is), then serve GraphQL + SPARQL. Another port: make run PORT=8001.
run: setup
	@if [ -f $(STORE)/newsgraph.json ]; then \
		echo "$(STORE) already holds a store; serving it as it is (newsgraph ingest seeds/ --store $(STORE) to refresh)"; \
	else \
		$(BIN)/newsgraph ingest seeds/ --store $(STORE); \
	fi
	$(BIN)/newsgraph serve --store $(STORE) --host $(HOST) --port $(PORT)

# Node packages the GEXF tests parse with (graphology-gexf, the parser of Gephi Lite).
tests/js/node_modules: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund
	@touch $@

# Debian's Chromium for the browser tests (Playwright drives it; no browser build is downloaded).
/usr/bin/chromium:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

test: setup tests/js/node_modules /usr/bin/chromium
	$(BIN)/python -m pytest

# The quality gate: lint, format, types, import contracts, then the fast tests
# (no spaCy model, no process started; under a minute).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

check: lint
	$(BIN)/python -m pytest -m "not slow and not e2e" -q

# Regenerate the docs that tests keep in sync with the code.
# Screenshots of every explorer page (docs/img/) come from Chromium over a sample store;
# docs/img/gephi.png is the GEXF export of the seeds drawn by tools/render_gexf.py.
docs: setup /usr/bin/chromium
	$(BIN)/python -m graph.cli.docs > docs/cli.md
	$(BIN)/newsgraph schema > schema.graphql
	$(BIN)/python -m tests.browser.screenshots docs/img
	@tmp=$$(mktemp -d) && \
	$(BIN)/newsgraph ingest seeds/ --store $$tmp/store && \
	$(BIN)/newsgraph export --format gexf --store $$tmp/store -o $$tmp/seeds.gexf && \
	$(BIN)/python tools/render_gexf.py $$tmp/seeds.gexf docs/img/gephi.png \
		--title "seeds/ exported with newsgraph export --format gexf, drawn from the file's positions, sizes and colours"; \
	status=$$?; rm -rf $$tmp; exit $$status

# Benchmarks print figures; they need the `bench` extra (textacy baseline, `oxigraph serve`).
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/graphql.py
	$(BIN)/python bench/sparql.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache tests/js/node_modules
