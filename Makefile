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
# Where torch's CPU build comes from. Empty: pip's own configuration (a machine whose index serves the
# CPU wheel). On a plain index, torch==$(TORCH_VERSION) is the multi-GB CUDA build; point this at
# PyTorch's CPU wheel index instead, e.g. `make install TORCH_INDEX_URL=<the CPU index URL>`.
TORCH_INDEX_URL ?=
# Models come from local folders and packages only, never from a hub.
export HF_HUB_OFFLINE := 1

.PHONY: run test lint format install mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes. torch first, pinned: the CPU build (see pyproject.toml).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL)) torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[dev,worker,deploy]'
	# Helm's lint (its metadata asks for Python 3.12; it runs on 3.11) and checkov, whose pins clash
	# with the dev extras, in a virtual environment of its own: the deploy checks (tests/deploy).
	$(BIN)/python -m pip install --quiet --ignore-requires-python 'helm-sdkpy==0.1.32'
	# aics-tlog, the independent C2SP verifier of the audit tests (its metadata also asks for 3.12).
	$(BIN)/python -m pip install --quiet --ignore-requires-python 'aics-tlog==0.2.1'
	$(PYTHON) -m venv $(VENV)/tools/checkov
	$(VENV)/tools/checkov/bin/python -m pip install --quiet 'checkov==3.3.30'
	touch $(STAMP)

# The prompt encoder, exported to ONNX from the packaged MiniLM weights (with layers tuned for moderation
# over them where policy/data/encoder_tuned.safetensors exists); the web process runs no torch.
ENCODER := policy/data/encoder/manifest.json
$(ENCODER): $(STAMP) $(wildcard policy/data/encoder_tuned.safetensors)
	$(BIN)/python -m policy.build_encoder

install: $(STAMP) $(ENCODER)

# Serves the API (gunicorn) and runs a Celery worker for the control, gpu and api queues beside it, with
# the periodic tasks (beat) embedded, and one for webhooks; `assay serve` restarts any that dies and stops
# them all on Ctrl-C.
run: install
	$(BIN)/assay migrate --no-input
	$(BIN)/assay model ensure-shipped
	$(BIN)/assay demo --url http://$(HOST):$(PORT) $(DEMO_FLAGS)
	$(BIN)/assay serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A bounded mutation check of the pipeline's transitions, the policy decision and the audit chain, in
# a private copy of the tree (bench/mutation.py); lists the mutants the tests let survive.
mutation: $(STAMP)
	nice $(BIN)/python bench/mutation.py $(MUTATION_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
