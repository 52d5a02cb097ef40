# Two commands on a fresh machine: `make serve` and `make test`. Both install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

LS_VENV := .venv-ls
LS_STAMP := $(LS_VENV)/.installed
LABEL_STUDIO_VERSION ?= 1.23.2

.PHONY: install ls-venv model serve test bench clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Label Studio lives in its own virtual environment: its pins clash with ours. sentry-sdk 3 removed an
# option Label Studio 1.23.2 passes at start-up (TypeError: Unknown option 'send_default_pii'), so it stays below 3.
$(LS_STAMP):
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install -q 'label-studio==$(LABEL_STUDIO_VERSION)' 'sentry-sdk<3'
	touch $(LS_STAMP)

ls-venv: $(LS_STAMP)

# The trained model is not committed: build and promote it once if none is promoted (about 13 minutes on 2 cores).
model: install
	@test -f models/packaged/CURRENT || $(BIN)/claimscope train

# Local use: the API answers without keys (CLAIMSCOPE_AUTH_MODE=open); deployments use keys (the default).
serve: model
	CLAIMSCOPE_AUTH_MODE=$${CLAIMSCOPE_AUTH_MODE:-open} $(BIN)/claimscope serve --host $(HOST) --port $(PORT)

test: install ls-venv
	$(BIN)/claimscope corpus validate
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m evaluation.bench
	$(BIN)/python -m evaluation.load_bench
	$(BIN)/python -m evaluation.bench_matching

# Debian packages some tests use: a PostgreSQL server and Chromium (needs root; CI runs it).
system-deps:
	@if ! getent passwd postgres >/dev/null || ! test -x /usr/bin/chromium; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info
