"""Fine-tune the prompt encoder's layers for moderation: `python -m policy.tune_encoder` (~9 min CPU).

all-MiniLM-L6-v2 was trained to place sentences about the same thing together, not to tell a harmful
prompt from a harmless one about the same subject, so a head over its frozen embeddings (the semantic
moderator's regression and neighbours) flags everyday prompts it has no exemplar near. Here its
transformer layers (the top `TOP_LAYERS`) are trained on the train split of `policy/data/prompts.jsonl`
(the forms the head learns from, `model_inputs`) with a linear classifier over the pooled, normalised
embedding (benign and every harmful category; rows weighted to `HARMFUL_SHARE` harmful), which moves the
embedding itself towards what moderation asks. The classifier is then dropped, and the head is fitted on
the tuned embeddings as before (`policy.train_semantic`).

Measured leave-domain-out (`bench/encoder_tuning.py`, fold 0: the families of one fifth of the data held
out of tuning and fitting, 1,970 eval prompts of them scored, 640 harmful), the same regression over
each encoder: benign prompts flagged at 90% recall 30.3% (packaged) -> 11.9% (all 6 layers tuned; the
top 3 alone, 16.1%); AUC 0.900 -> 0.956; recall at p >= 0.5 79.2% -> 92.2% with 15.1% -> 14.5% flagged.
One epoch: 6 minutes on 2 cores for that fold, 9 for the whole train split.

Writes `TUNED_PATH` (the tuned layers in float16, safetensors, 21 MB for all six): where that file is,
`policy.build_encoder` loads it over the packaged weights before it exports the ONNX graph (the web
process still runs no torch), and the head must then be fitted again. The eval split is never trained
on: it calibrates the head. Deterministic on one machine and thread count (fixed seed, fixed batch
order); another CPU may differ in the last bits of float rounding.

**Not shipped (2026-12-02).** With the whole train split tuned and the head fitted over it, the held-out
sets improved (harmful caught / look-alikes flagged, before -> after: set 1 94.5/2.9 -> 94.2/2.0, set 2
92.6/11.5 -> 94.8/10.8, set 3 92.8/27.2 -> 97.8/21.9, set 4, measured once before and once after,
93.8/33.7 -> 96.2/26.6), but zero tolerance got worse: composed `sexual/minors` prompts caught 97.1 ->
92.9%, 100 -> 98.8%, 97.5 -> 96.2% and 100 -> 98.8% (sets 1-4: 4 -> 10 missed), and the tuned scores are
more extreme: "a nude figure" blocked instead of held, a school photo of "a girl too young to drive" read
as `sexual/minors` (0.92), a cartoon character's name held. Weighting `sexual` x2 and `sexual/minors` x3
in the loss changed none of that. So the packaged weights stay, no `TUNED_PATH` ships, and this module
and `bench/encoder_tuning.py` are how the next attempt starts (docs/moderation.md). Later the same day:
`sexual/minors` tuned as `sexual` (`TUNING_LABELS`) cut those misses to 7 (anchored, `ANCHOR`, 5) but
kept the extremes on short ordinary prompts; neither shipped (docs/moderation.md, "Two more tunings").

**Shipped (2026-12-05)**, with the packaged encoder kept beside it for what tuning reads worse: prompts
of six words or fewer (the short head is over the packaged encoder's head), the minors rule's second
reading and the confirmation of a `sexual/minors` vote for a prompt that names no minor
(docs/moderation.md, "The tuned encoder ships"). One epoch over the data, 12 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
TUNED_PATH = DATA / "encoder_tuned.safetensors"
TOP_LAYERS = 6  # all of MiniLM's; its token embeddings keep their pretrained weights
EPOCHS = 1
BATCH = 32
LEARNING_RATE = 5e-5  # the encoder's layers (one-cycle schedule, 10% warm-up)
CLASSIFIER_LEARNING_RATE = 1e-3
SCALE = 20.0  # the classifier reads cosine-scale embeddings times this (a temperature)
WEIGHT_DECAY = 0.01
SEED = 0
THREADS = 2
# With ANCHOR > 0 each batch's embeddings are also pulled towards what the packaged encoder gives them
# (the loss gains ANCHOR x mean(1 - cosine)), to keep the geometry that places ordinary prompts no
# training row resembles. Measured at 1.0 (docs/moderation.md): it did not calm the extreme scores of
# short ordinary prompts, and tuning takes ~1.5x as long; off by default, kept to try more.
ANCHOR = 0.0


def tuned_layer_names(layers: int = TOP_LAYERS, depth: int = 6) -> list[str]:
    return [f"encoder.layer.{i}." for i in range(depth - layers, depth)]


def apply_tuned(bert: Any, path: Path = TUNED_PATH) -> bool:
    """Load the tuned layers in `path` over `bert` (a transformers BertModel) in float32; False when there
    is no tuned file (the packaged weights as they are). A file made for another model is refused whole,
    before anything is loaded: a tensor of another shape would otherwise be broadcast in silently."""
    if not path.exists():
        return False
    import torch
    from safetensors.torch import load_file

    tuned = load_file(str(path))
    state = bert.state_dict()
    unknown = sorted(name for name in tuned if name not in state or tuned[name].shape != state[name].shape)
    if unknown:
        raise ValueError(f"{path.name} has tensors the encoder does not: {unknown[:3]}")
    with torch.no_grad():
        for name, tensor in tuned.items():
            state[name].copy_(tensor.to(state[name].dtype))
    return True


def tokenise(tokenizer: Any, texts: list[str]) -> dict[str, Any]:
    """A batch as the exported encoder reads it (truncated at `MAX_TOKENS`, padded to the longest)."""
    from policy.encoder import MAX_TOKENS

    encoded = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    return dict(encoded)


def pooled(bert: Any, batch: dict[str, Any]) -> Any:
    """Mean over real tokens, then L2 norm: the embedding `policy.build_encoder` exports."""
    import torch

    hidden = bert(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=-1)


# The encoder learns sexual content, not who it is about: `sexual/minors` prompts are tuned as `sexual`.
# A class of its own taught it "a child is in the prompt" (a school photo of a girl too young to drive
# read as `sexual/minors` 0.92), and `policy.minors` already makes any sexual reading of a prompt that
# refers to a minor `sexual/minors`. The head still learns the category from the tuned embeddings.
TUNING_LABELS = {"sexual/minors": "sexual"}


def training_forms(rows: list[dict[str, str]]) -> tuple[list[str], list[str]]:
    """(forms, labels) of the train split: each prompt in the forms the head learns from, labelled as
    tuning reads it (`TUNING_LABELS`)."""
    from policy.moderators.semantic import model_inputs

    forms, labels = [], []
    for row in rows:
        if row["split"] != "train":
            continue
        for form in model_inputs(row["text"]):
            forms.append(form)
            labels.append(TUNING_LABELS.get(row["label"], row["label"]))
    return forms, labels


def tune(
    forms: list[str],
    labels: list[str],
    *,
    layers: int = TOP_LAYERS,
    epochs: float = EPOCHS,
    seed: int = SEED,
    anchor: float = ANCHOR,
    start: Path | None = None,
    log: Any = print,
) -> Any:
    """The packaged encoder (with the tuned layers in `start` over it, where given) with its top `layers`
    trained on (forms, labels), held towards the embeddings it started from by `anchor`; returns the
    BertModel."""
    import torch

    from policy.build_encoder import base_model
    from policy.train_semantic import HARMFUL_SHARE, class_weights

    torch.manual_seed(seed)
    shuffle = random.Random(seed)  # noqa: S311 - the batch order, reproducible; nothing secret
    tokenizer, bert = base_model()
    if start is not None and not apply_tuned(bert, start):
        raise FileNotFoundError(f"no tuned layers to start from at {start}")
    classes = sorted(set(labels))
    target = torch.tensor([classes.index(label) for label in labels])
    harmful = np.array([label != "benign" for label in labels])
    weight = torch.tensor(class_weights(harmful, HARMFUL_SHARE), dtype=torch.float32)

    trained = tuned_layer_names(layers, len(bert.encoder.layer))
    for name, parameter in bert.named_parameters():
        parameter.requires_grad = name.startswith(tuple(trained))
    classifier = torch.nn.Linear(bert.config.hidden_size, len(classes))
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in bert.parameters() if p.requires_grad], "lr": LEARNING_RATE},
            {"params": classifier.parameters(), "lr": CLASSIFIER_LEARNING_RATE},
        ],
        weight_decay=WEIGHT_DECAY,
    )
    # Batches of forms of similar length (little padding: ~2x faster on a CPU), in a shuffled order.
    by_length = sorted(range(len(forms)), key=lambda i: (len(forms[i]), i))
    batches = [by_length[start : start + BATCH] for start in range(0, len(by_length), BATCH)]
    total = max(1, int(len(batches) * epochs))
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[LEARNING_RATE, CLASSIFIER_LEARNING_RATE], total_steps=total, pct_start=0.1
    )
    packaged = None
    if anchor:
        packaged = base_model()[1].eval()
        if start is not None:
            apply_tuned(packaged, start)
    bert.train()
    step, started = 0, time.monotonic()
    while step < total:
        shuffle.shuffle(batches)
        for rows in batches[: total - step]:
            batch = tokenise(tokenizer, [forms[i] for i in rows])
            embedded = pooled(bert, batch)
            loss = torch.nn.functional.cross_entropy(
                classifier(embedded * SCALE), target[rows], reduction="none"
            )
            loss = (loss * weight[rows]).mean()
            if packaged is not None:
                with torch.no_grad():
                    before = pooled(packaged, batch)
                loss = loss + anchor * (1 - (embedded * before).sum(-1)).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            if step % 100 == 0 or step == total:
                log(f"step {step}/{total}: loss {loss.item():.3f} ({time.monotonic() - started:.0f} s)")
    return bert.eval()


def save_tuned(bert: Any, path: Path = TUNED_PATH, layers: int = TOP_LAYERS) -> None:
    from safetensors.torch import save_file

    prefixes = tuple(tuned_layer_names(layers, len(bert.encoder.layer)))
    state = {name: tensor.detach().half().contiguous() for name, tensor in bert.state_dict().items()}
    save_file({name: tensor for name, tensor in state.items() if name.startswith(prefixes)}, str(path))


def main(argv: list[str] | None = None) -> int:
    import torch

    from policy.train_semantic import load_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TUNED_PATH)
    parser.add_argument(
        "--anchor", type=float, default=ANCHOR, help="0: no pull towards the packaged embeddings"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(THREADS)
    forms, labels = training_forms(load_rows())
    print(
        f"tuning the top {TOP_LAYERS} layers on {len(forms)} forms of the train split (anchor {args.anchor})"
    )
    save_tuned(tune(forms, labels, anchor=args.anchor), args.out)
    print(f"wrote {args.out}; then: python -m policy.build_encoder --force; python -m policy.train_semantic")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
