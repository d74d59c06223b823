"""Tuning the encoder for moderation (`policy.tune_encoder`): what it trains and what it ships."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from policy.build_encoder import base_model  # noqa: E402
from policy.tune_encoder import apply_tuned, save_tuned, tune, tuned_layer_names  # noqa: E402

FORMS = [
    "a watercolour fox in the snow",
    "a bowl of ramen on a wooden table",
    "a man stabbing a stranger in an alley, blood everywhere",
    "a crowd beating a prisoner to death",
] * 4
LABELS = ["benign", "benign", "violence", "violence"] * 4


def test_tuning_trains_the_top_layers_only_and_the_file_carries_them(tmp_path):
    _, packaged = base_model()
    before = {name: tensor.clone() for name, tensor in packaged.state_dict().items()}
    tuned = tune(FORMS, LABELS, layers=2, epochs=2, log=lambda line: None)
    top = tuple(tuned_layer_names(2))
    changed = {name for name, tensor in tuned.state_dict().items() if not torch.equal(tensor, before[name])}
    assert changed and all(name.startswith(top) for name in changed)
    assert any(name.startswith("encoder.layer.5.") for name in changed)

    path = tmp_path / "tuned.safetensors"
    save_tuned(tuned, path, layers=2)
    _, fresh = base_model()
    assert apply_tuned(fresh, path)
    for name in changed:  # float16 in the file: the same weights to its precision
        assert torch.allclose(fresh.state_dict()[name], tuned.state_dict()[name], atol=1e-3, rtol=1e-3)
    assert torch.equal(
        fresh.state_dict()["embeddings.word_embeddings.weight"], before["embeddings.word_embeddings.weight"]
    )


def test_tuning_can_start_from_tuned_layers_and_keeps_the_ones_it_does_not_train(tmp_path):
    # A shared trunk: the top layers tuned again over an encoder tuned before, whose lower layers stay.
    first = tune(FORMS, LABELS, layers=4, epochs=2, log=lambda line: None)
    path = tmp_path / "first.safetensors"
    save_tuned(first, path, layers=4)
    _, started = base_model()
    apply_tuned(started, path)
    again = tune(FORMS, LABELS, layers=2, epochs=2, start=path, log=lambda line: None)
    kept, trained = tuple(tuned_layer_names(4))[:2], tuple(tuned_layer_names(2))
    state, before, packaged = again.state_dict(), started.state_dict(), base_model()[1].state_dict()
    lower = [name for name in state if name.startswith(kept)]
    assert lower and all(torch.equal(state[name], before[name]) for name in lower)
    assert any(not torch.equal(state[name], packaged[name]) for name in lower)  # the first tuning's
    assert any(not torch.equal(state[name], before[name]) for name in state if name.startswith(trained))
    with pytest.raises(FileNotFoundError, match="no tuned layers"):
        tune(FORMS, LABELS, layers=2, epochs=1, start=tmp_path / "absent.safetensors", log=lambda line: None)


@pytest.mark.parametrize(
    "tensors",
    [
        {"encoder.layer.9.output.dense.weight": (2, 2)},  # a layer MiniLM does not have
        {"encoder.layer.5.output.dense.weight": (384,)},  # a known name, another shape (would broadcast)
    ],
)
def test_a_tuned_file_for_another_model_is_refused_whole(tmp_path, tensors):
    from safetensors.torch import save_file

    path = tmp_path / "tuned.safetensors"
    save_file({name: torch.ones(shape) for name, shape in tensors.items()}, str(path))
    _, bert = base_model()
    before = {name: tensor.clone() for name, tensor in bert.state_dict().items()}
    with pytest.raises(ValueError, match="tensors the encoder does not"):
        apply_tuned(bert, path)
    assert all(torch.equal(tensor, before[name]) for name, tensor in bert.state_dict().items())


def test_no_tuned_file_leaves_the_packaged_weights(tmp_path):
    _, bert = base_model()
    before = {name: tensor.clone() for name, tensor in bert.state_dict().items()}
    assert apply_tuned(bert, tmp_path / "absent.safetensors") is False
    assert all(torch.equal(tensor, before[name]) for name, tensor in bert.state_dict().items())


def _mean_cosine_to_packaged(bert) -> float:
    from policy.tune_encoder import pooled, tokenise

    tokenizer, packaged = base_model()
    batch = tokenise(tokenizer, FORMS[:4])
    with torch.no_grad():
        return float((pooled(bert.eval(), batch) * pooled(packaged.eval(), batch)).sum(-1).mean())


def test_the_anchor_holds_the_tuned_embeddings_near_the_packaged_ones():
    # 20 steps on the 16 forms: unanchored, their embeddings move to a mean cosine of about 0.94 from
    # the packaged ones; anchored, about 0.99.
    free = tune(FORMS, LABELS, layers=2, epochs=20, anchor=0.0, log=lambda line: None)
    anchored = tune(FORMS, LABELS, layers=2, epochs=20, anchor=20.0, log=lambda line: None)
    assert _mean_cosine_to_packaged(anchored) > _mean_cosine_to_packaged(free) + 0.02


def test_sexual_minors_rows_are_tuned_as_sexual_and_eval_rows_not_at_all():
    from policy.moderators.semantic import model_inputs
    from policy.tune_encoder import training_forms

    rows = [
        {"text": "a nude adult on a bed", "label": "sexual", "split": "train"},
        {"text": "a child in a swimsuit posing seductively", "label": "sexual/minors", "split": "train"},
        {"text": "a girl on her first day at school", "label": "benign", "split": "train"},
        {"text": "s3xy t33n", "label": "sexual/minors", "split": "train"},
        {"text": "a nude child", "label": "sexual/minors", "split": "eval"},
    ]
    forms, labels = training_forms(rows)
    expected = [
        (form, row["label"].replace("sexual/minors", "sexual"))
        for row in rows[:4]
        for form in model_inputs(row["text"])
    ]
    assert list(zip(forms, labels, strict=True)) == expected
    assert len(forms) == 5  # the leetspeak prompt in both its forms; the eval row in none
