"""What the Dockerfile promises, read from its text (no Docker engine runs here: the images are not
built by the tests)."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement

from tests.deploy.helpers import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text()


def stages() -> dict[str, str]:
    """Stage name -> its instructions."""
    parts = re.split(r"^FROM\s+\S+\s+AS\s+(\S+)\s*$", DOCKERFILE, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_app_and_worker_targets_run_as_the_unprivileged_account():
    found = stages()
    for target in ("app", "worker"):
        assert re.search(r"^USER 10001:10001$", found[target], flags=re.MULTILINE), target
        assert 'ENTRYPOINT ["/usr/bin/tini", "--"]' in found[target]
        assert "migrate" not in found[target]  # migrations run as the chart's hook Job


def test_the_variant_picks_the_worker_base_and_torch_stays_in_the_worker_extras_range():
    assert re.search(r"^ARG VARIANT=cpu$", DOCKERFILE, flags=re.MULTILINE)
    assert re.search(r"^FROM os-\$\{VARIANT\} AS worker$", DOCKERFILE, flags=re.MULTILINE)
    assert re.search(r"^FROM \$\{CUDA_IMAGE\} AS os-cuda$", DOCKERFILE, flags=re.MULTILINE)
    torch_version = re.search(r"^ARG TORCH_VERSION=(\S+)$", DOCKERFILE, flags=re.MULTILINE).group(1)
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    torch = next(Requirement(r) for r in project["optional-dependencies"]["worker"] if r.startswith("torch"))
    assert torch.specifier.contains(torch_version), (torch_version, str(torch.specifier))


def test_the_app_image_gets_no_torch_but_the_encoder_and_static_files():
    app_build = stages()["build-app"]
    assert re.search(r'pip install --no-cache-dir "\.\[s3\]"', app_build)
    assert "collectstatic --no-input" in app_build
    assert "COPY --from=build-encoder /opt/assay/encoder /opt/assay/encoder" in stages()["app"]
    assert "python -m policy.build_encoder" in stages()["build-encoder"]
    assert "python -m policy.build_encoder" in stages()["build-worker"]


def bases() -> dict[str, str]:
    """Stage name -> the image or stage it starts FROM."""
    return {
        name: base for base, name in re.findall(r"^FROM\s+(\S+)\s+AS\s+(\S+)\s*$", DOCKERFILE, re.MULTILINE)
    }


def needs(target: str) -> set[str]:
    """Every stage or base a target's build goes through: its FROM and COPY --from, transitively."""
    found, todo = set(), [target]
    while todo:
        stage = todo.pop()
        if stage in found:
            continue
        found.add(stage)
        if stage in stages():
            todo.append(bases()[stage])
            todo += re.findall(r"^COPY --from=(\S+)", stages()[stage], flags=re.MULTILINE)
    return found


def test_building_the_app_never_touches_the_variant_or_the_worker_stages():
    """`docker build --target app` builds neither the CUDA base nor the worker's torch: the encoder is
    exported on the CPU base, with TORCH_CPU_INDEX_URL's torch."""
    app = needs("app")
    assert "build-encoder" in app
    assert {"build-worker", "worker", "os-cuda", "os-${VARIANT}", "${CUDA_IMAGE}"} & app == set()
    assert bases()["build-encoder"] == "os-cpu"
    assert '"$TORCH_CPU_INDEX_URL"' in stages()["build-encoder"]
    assert "TORCH_INDEX_URL" not in stages()["build-encoder"].replace("TORCH_CPU_INDEX_URL", "")


def test_the_dockerfile_names_no_package_index_host():
    """The indexes are build arguments, described in words ("PyTorch's CPU wheel index")."""
    assert not re.search(r"https?://", DOCKERFILE)
