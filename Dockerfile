# syntax=docker/dockerfile:1
# Assay's container images; the Helm chart (helm/assay) runs them. Two targets:
#
#   app     Assay without torch: the web server, beat, the migrations Job, and the control and api worker
#           pools. The web process never imports torch (an import-linter contract in pyproject.toml), and
#           neither do the control and api queues' tasks (checked: they run from an install without
#           torch), so this image carries no torch, diffusers or CUDA libraries, which are most of the
#           worker image's size. The prompt encoder it needs is exported to ONNX in a build stage of its
#           own, `build-encoder` (that export is torch's job), always on the CPU base image whatever
#           VARIANT says, and copied in as plain files: building `app` never builds the worker stages.
#   worker  Assay with the `worker` extra (torch, diffusers, transformers): the gpu pool. VARIANT picks
#           the torch build: cpu (default, on python:3.11-slim) or cuda (on a CUDA base image).
#
# WHICH TORCH: plain PyPI's torch for Linux x86_64 is the CUDA build, which pulls several GB of NVIDIA
# libraries. Only PyTorch's CPU wheel index has the small CPU build, and this file names no index host,
# so pass it (pip's own configuration is used when empty):
#   TORCH_CPU_INDEX_URL  the CPU torch of `build-encoder` (every `app` build) and of a VARIANT=cpu
#                        worker: `--build-arg TORCH_CPU_INDEX_URL=<PyTorch's CPU wheel index>`. Without
#                        it even `--target app` downloads the CUDA torch once, for the export alone
#                        (the app image still carries no torch).
#   TORCH_INDEX_URL      overrides the worker's torch index, any VARIANT (e.g. a CUDA wheel index of
#                        PyTorch's for another CUDA release); empty for VARIANT=cuda uses PyPI's CUDA build.
# TORCH_VERSION pins torch in both (within pyproject's range).
#
#   docker build --target app --build-arg TORCH_CPU_INDEX_URL=<PyTorch's CPU wheel index> -t assay:0.1.0 .
#   docker build --target worker --build-arg TORCH_CPU_INDEX_URL=<...> -t assay-worker:0.1.0 .
#   docker build --target worker --build-arg VARIANT=cuda -t assay-worker:0.1.0-cuda .
#
# No weights are downloaded: the images hold what the Python packages ship (MiniLM, Open NSFW, dlib's
# face models) and Assay's own small model (generation/shapes/assay-shapes-1, inside the package).
# Other models are mounted read-only at ASSAY_MODELS_DIR. Nothing migrates at container start: the
# chart runs `assay migrate` as a hook Job.

ARG VARIANT=cpu
ARG TORCH_VERSION=2.13.0
ARG TORCH_CPU_INDEX_URL=""
ARG TORCH_INDEX_URL=""
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# The `base` flavour is enough: torch's CUDA wheels bring their own CUDA runtime and cuDNN, and the
# node's driver is mounted by the NVIDIA container toolkit. It only has to be no newer than the driver.
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu22.04

# ---- the source: only what `pip install .` builds from (tests, benchmarks and docs stay out).
FROM scratch AS source
COPY pyproject.toml README.md LICENSE /src/
COPY platform/ /src/platform/
COPY foundation/ /src/foundation/
COPY generation/ /src/generation/
COPY policy/ /src/policy/
COPY provenance/ /src/provenance/
COPY audit/ /src/audit/

# ---- operating systems: the shared libraries Assay's wheels load, tini, and the account it runs as.
FROM ${PYTHON_IMAGE} AS os-cpu
# libgl1 and libglib2.0-0: opencv-python (the watermark); libgomp1: onnxruntime's OpenMP.
# Versions unpinned (DL3008): the base image's release fixes them, and pins would break with each
# security update of the distribution.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 libgomp1 tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 assay \
    && useradd --system --uid 10001 --gid assay --no-create-home --home-dir /var/lib/assay \
        --shell /usr/sbin/nologin assay \
    && install -d -o assay -g assay -m 0700 /var/lib/assay

FROM ${CUDA_IMAGE} AS os-cuda
ARG DEBIAN_FRONTEND=noninteractive
# Ubuntu 22.04's python3.11 (universe): Assay needs 3.11 and the CUDA images are Ubuntu only.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv \
        libgl1 libglib2.0-0 libgomp1 tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 assay \
    && useradd --system --uid 10001 --gid assay --no-create-home --home-dir /var/lib/assay \
        --shell /usr/sbin/nologin assay \
    && install -d -o assay -g assay -m 0700 /var/lib/assay

# ---- the prompt encoder for the app image: exported from the packaged MiniLM weights (never a hub:
# HF_HUB_OFFLINE) with a CPU torch on the CPU base, whatever VARIANT says (torch first, pinned: a looser
# request picks any build). Only its output, /opt/assay/encoder, leaves this stage.
FROM os-cpu AS build-encoder
ARG TORCH_VERSION
ARG TORCH_CPU_INDEX_URL
ENV PATH=/opt/assay/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    ASSAY_ENCODER_DIR=/opt/assay/encoder
RUN python3.11 -m venv /opt/assay/venv \
    && if [ -n "$TORCH_CPU_INDEX_URL" ]; then export PIP_INDEX_URL="$TORCH_CPU_INDEX_URL"; fi \
    && pip install --no-cache-dir "torch==${TORCH_VERSION}"
COPY --from=source /src /src
WORKDIR /src
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[worker]" \
    && python -m policy.build_encoder \
    && chmod -R a+rX /opt/assay/encoder

# ---- the worker's virtual environment (torch first, pinned), and its own export of the prompt
# encoder (the same weights give the same graph).
# DL3006 (tag the image): os-cpu and os-cuda are this file's own stages, not images to pull.
# hadolint ignore=DL3006
FROM os-${VARIANT} AS build-worker
ARG VARIANT
ARG TORCH_VERSION
ARG TORCH_CPU_INDEX_URL
ARG TORCH_INDEX_URL
ENV PATH=/opt/assay/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    ASSAY_ENCODER_DIR=/opt/assay/encoder
# The index: TORCH_INDEX_URL, else TORCH_CPU_INDEX_URL for the cpu variant, else pip's configuration.
RUN python3.11 -m venv /opt/assay/venv \
    && index="$TORCH_INDEX_URL" \
    && if [ -z "$index" ] && [ "$VARIANT" = cpu ]; then index="$TORCH_CPU_INDEX_URL"; fi \
    && if [ -n "$index" ]; then export PIP_INDEX_URL="$index"; fi \
    && pip install --no-cache-dir "torch==${TORCH_VERSION}"
COPY --from=source /src /src
WORKDIR /src
# The versions come from pyproject.toml (DL3013 asks for pins on the command line).
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[worker,s3]" \
    && python -m policy.build_encoder \
    && chmod -R a+rX /opt/assay

# ---- the app's virtual environment (no torch) and the admin's static files (WhiteNoise serves them).
FROM os-cpu AS build-app
ENV PATH=/opt/assay/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=source /src /src
WORKDIR /src
# hadolint ignore=DL3013
RUN python3.11 -m venv /opt/assay/venv \
    && pip install --no-cache-dir ".[s3]"
# STATIC_ROOT is ASSAY_VAR_DIR/static: collected under a scratch state folder (which also receives a
# throwaway development key) and moved to /var/lib/assay/static. The settings' umask makes files 0600,
# hence the chmod: the app runs as another user than the build.
RUN ASSAY_VAR_DIR=/tmp/collect assay collectstatic --no-input \
    && mkdir -p /opt/assay/var \
    && mv /tmp/collect/static /opt/assay/var/static \
    && rm -rf /tmp/collect \
    && chmod -R a+rX /opt/assay

# ---- the runtime images: nothing of the build tree, the account 10001, tini as PID 1 so that signals
# reach Assay's own process (which hands them on; see controlplane/worker.py) and orphans are reaped.
FROM os-cpu AS app
COPY --from=build-app /opt/assay/venv /opt/assay/venv
COPY --from=build-app /opt/assay/var/static /var/lib/assay/static
COPY --from=build-encoder /opt/assay/encoder /opt/assay/encoder
ENV PATH=/opt/assay/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    ASSAY_ENV=production \
    ASSAY_VAR_DIR=/var/lib/assay \
    ASSAY_ENCODER_DIR=/opt/assay/encoder \
    ASSAY_MODELS_DIR=/models
WORKDIR /var/lib/assay
USER 10001:10001
EXPOSE 8000
# No HEALTHCHECK: this image also runs workers, beat and migrations, which serve no HTTP, and
# Kubernetes ignores it anyway; the chart probes the web server's /healthz and /readyz.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["assay", "web", "--bind", "0.0.0.0:8000"]

# hadolint ignore=DL3006
FROM os-${VARIANT} AS worker
COPY --from=build-worker /opt/assay/venv /opt/assay/venv
COPY --from=build-worker /opt/assay/encoder /opt/assay/encoder
ENV PATH=/opt/assay/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    ASSAY_ENV=production \
    ASSAY_VAR_DIR=/var/lib/assay \
    ASSAY_ENCODER_DIR=/opt/assay/encoder \
    ASSAY_MODELS_DIR=/models
WORKDIR /var/lib/assay
USER 10001:10001
# A worker serves no health endpoint (its metrics port, ASSAY_METRICS_PORT, is set by the chart); a
# `celery inspect ping` every interval would load Django and talk to the broker. /readyz on the web
# reports whether a control worker ran its heartbeat lately.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["assay", "worker", "--queues", "gpu", "--concurrency", "1"]
