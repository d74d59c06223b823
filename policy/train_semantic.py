"""Train the semantic moderator's head: `python -m policy.train_semantic` (minutes; needs the built encoder).

Reproducible, no randomness (with `--network`, a seeded one): the train split of
`policy/data/prompts.jsonl` (built by `python -m policy.data.build_prompts`) embedded by the ONNX encoder
in the forms the head learns from (`model_inputs`: the prompt as typed, and with leetspeak undone); an
L2-regularised logistic regression, harmful vs benign, fitted by Newton's method; the embeddings
themselves as the exemplars the moderator's neighbours come from; then Platt scaling of the combined vote
(a prompt's most harmful form) fitted on the eval split (seeds neither saw), so that scores are
probabilities. The moderator reads a prompt to score it in `scored_forms` (look-alike letters folded; a
disguised prompt only with its words undone): for an undisguised ASCII prompt those are the same forms.
Categories are reported from `REPORT_FLOOR` up; `sexual/minors` (blocked at any reported score by every
policy) only above the highest score any benign prompt of the eval split gets. Writes
`policy/data/semantic_head.npz`, over the moderation encoder; with `--packaged`, where that encoder is
tuned, `policy/data/semantic_head_packaged.npz` over the packaged one kept beside it (`policy.encoder`),
which the semantic moderator reads prompts that name a minor with too. The held-out evaluation
(`bench/eval_moderation.py`) never feeds back into this script. With `--network`, a network with one
hidden layer (`fit_mlp`, seeded: the same bytes each time) takes the regression's place; measured and not
shipped (docs/moderation.md, "A network instead of the regression").

With `--short`, the head for prompts of six words or fewer (`semantic_head_short.npz`): the same fit on the
data and the short seeds' rows (`policy/data/short_prompts.jsonl`), calibrated on both eval splits, over
the shipped head's exemplars (read from it: only the short rows and the eval splits are embedded), so
that only its own are written; where a tuned encoder ships, over the packaged encoder's head
(`semantic_head_packaged.npz`) and with the packaged encoder, which reads short prompts then. Train the
head it goes over first, and `--short` again whenever that head changes: the short head loads only over
the head it was trained over. `python -m policy.data.build_prompts`
writes both files of rows.

Class weights keep the operating point where it was measured. The regression, the neighbours' vote and
the calibration all read the share of harmful prompts in their data as a prior: a batch of look-alikes
that lowers that share moves every score down against the policy's thresholds (a batch that took the
train split from 42% to 39% harmful cost 1.1 points of held-out recall). Measured on this data, the
calibration's share is what moves the operating point; the regression's barely does. So harmful and
benign rows are weighted to a fixed share, `HARMFUL_SHARE` in training and `CALIBRATION_HARMFUL_SHARE`
on the eval split, whatever the batches' sizes; more data then sharpens the separation without moving
the prior.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
REPORT_FLOOR = 0.1
# Measured on the eval split (recall at 3% of look-alikes flagged): 67% at 1e-5, 64% at 1e-4, 63% at 1e-3.
L2 = 1e-5
# The harmful share of the data the head before class weights was trained on (fifth and sixth seed
# batches, measured in docs/moderation.md): of the train split's forms, and of the eval split's prompts.
HARMFUL_SHARE = 0.4217
CALIBRATION_HARMFUL_SHARE = 0.3995
# The network that `--network` fits instead of the regression (`fit_mlp`): chosen leave-domain-out on our
# own data.
HIDDEN = 512
MLP_EPOCHS = 30
MLP_L2 = 1e-3
MLP_KNN_WEIGHT = 0.5  # the neighbours' vote against the network's, in logits (leave-domain-out)
# Folds of domains (label/family) for the leave-domain-out evaluation (`bench/semantic_domains.py`).
DOMAIN_FOLDS = 5
# Long prompts of our own (150 with one harmful clause hidden in a harmless scene), on which a head's
# calibration of a long prompt's parts is fitted (`part_calibration`); never a held-out set.
LONG_DEV = DATA / "long_prompts_dev.jsonl"


def load_rows(name: str = "prompts.jsonl") -> list[dict[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def class_weights(harmful: np.ndarray, share: float) -> np.ndarray:
    """Per-row weights (mean 1) under which harmful rows carry `share` of the total weight."""
    n, n_harmful = len(harmful), int(harmful.sum())
    if n_harmful in (0, n):
        return np.ones(n)
    return np.where(harmful, share * n / n_harmful, (1 - share) * n / (n - n_harmful))


def newton_logistic(
    x: np.ndarray,
    y: np.ndarray,
    *,
    l2: float,
    weights: np.ndarray | None = None,
    steps: int = 25,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """Weights (d+1,) of an L2-regularised logistic regression (last entry the bias, not regularised),
    each row counted `weights` times (default once), Newton's method from `start` (default zeros)."""
    n, d = x.shape
    row_weight = np.ones(n) if weights is None else weights
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1) if start is None else start.copy()
    penalty = np.full(d + 1, l2 * row_weight.sum())
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (row_weight * (p - y)) + penalty * w
        curvature = row_weight * p * (1 - p)
        hessian = (xb * curvature[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_mlp(
    x: np.ndarray,
    y: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    hidden: int = HIDDEN,
    epochs: int = MLP_EPOCHS,
    batch: int = 200,
    learning_rate: float = 1e-3,
    l2: float = MLP_L2,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(hidden weights (d, hidden), hidden bias, output weights (hidden,), output bias) of a network with
    one ReLU layer, harmful vs benign, each row counted `weights` times (default once): Adam on
    mini-batches of the weighted cross-entropy plus `l2` times the squared weights, from a seeded
    Glorot start and a seeded order. Deterministic: the same data give the same bytes.

    Leave-domain-out on our own data (`bench/semantic_domains.py`) it separates prompts of subjects the
    data never covers better than the regression; on the independent held-out sets it does not
    (docs/moderation.md), so the shipped head keeps the regression."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    x = x.astype(np.float32)
    y = y.astype(np.float32)
    row_weight = (np.ones(n) if weights is None else weights / weights.mean()).astype(np.float32)
    bound1, bound2 = np.sqrt(6.0 / (d + hidden)), np.sqrt(6.0 / (hidden + 1))
    params = [
        rng.uniform(-bound1, bound1, (d, hidden)).astype(np.float32),
        rng.uniform(-bound1, bound1, hidden).astype(np.float32),
        rng.uniform(-bound2, bound2, hidden).astype(np.float32),
        np.zeros(1, dtype=np.float32),
    ]
    first = [np.zeros_like(q) for q in params]
    second = [np.zeros_like(q) for q in params]
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            xb, yb, wb = x[rows], y[rows], row_weight[rows]
            w1, b1, w2, b2 = params
            h = np.maximum(xb @ w1 + b1, 0.0)
            p = 1.0 / (1.0 + np.exp(-(h @ w2 + b2[0])))
            delta = wb * (p - yb) / len(rows)  # d(loss)/d(logit)
            dh = np.outer(delta, w2) * (h > 0)
            grads = [
                xb.T @ dh + l2 * w1 / len(rows),
                dh.sum(axis=0),
                h.T @ delta + l2 * w2 / len(rows),
                np.array([delta.sum()], dtype=np.float32),
            ]
            step += 1
            for i, g in enumerate(grads):
                first[i] = beta1 * first[i] + (1 - beta1) * g
                second[i] = beta2 * second[i] + (1 - beta2) * g * g
                corrected = first[i] / (1 - beta1**step)
                params[i] -= learning_rate * corrected / (np.sqrt(second[i] / (1 - beta2**step)) + eps)
    w1, b1, w2, b2 = params
    return w1, b1, w2, float(b2[0])


def embed_one(form: str) -> np.ndarray:
    """One form's embedding, encoded alone: no padding, so the vector depends on the form only (a cache
    of them gives the same bits as encoding afresh), and on this CPU no slower than batches."""
    from policy.encoder import embed

    return embed([form])[0]


def forms_of(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """(every form the head learns from, in order, and the row index of each)."""
    from policy.moderators.semantic import model_inputs

    forms: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for form in model_inputs(text):
            forms.append(form)
            owner.append(i)
    return forms, np.array(owner, dtype=int)


def embed_rows(texts: list[str], cache: dict[str, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(embeddings of every form, row index of each form); `cache` (form -> vector) is read and filled."""
    cache = {} if cache is None else cache
    forms, owner = forms_of(texts)
    for form in forms:
        if form not in cache:
            cache[form] = embed_one(form)
    # Any encoder's width: a cache may hold another encoder's vectors (bench/semantic_domains.py).
    vectors = np.array([cache[form] for form in forms], dtype=np.float64)
    return vectors, owner


def row_max(values: np.ndarray, owner: np.ndarray, rows: int) -> np.ndarray:
    out = np.full((rows, values.shape[1]), -np.inf)
    np.maximum.at(out, owner, values)
    return out


@dataclasses.dataclass(frozen=True)
class Embedded:
    """A split's forms: embeddings (forms, the encoder's width), the row each belongs to, and each row's
    label."""

    x: np.ndarray
    owner: np.ndarray
    labels: np.ndarray

    @property
    def form_labels(self) -> np.ndarray:
        return self.labels[self.owner]


def embedded(rows: list[dict[str, str]], cache: dict[str, np.ndarray] | None = None) -> Embedded:
    x, owner = embed_rows([r["text"] for r in rows], cache)
    return Embedded(x, owner, np.array([r["label"] for r in rows]))


def subset(data: Embedded, rows: np.ndarray) -> Embedded:
    """The rows where `rows` (a mask over `data.labels`) holds, with their forms."""
    keep = rows[data.owner]
    renumber = np.cumsum(rows) - 1
    return Embedded(data.x[keep], renumber[data.owner[keep]], data.labels[rows])


def domain_folds(domains: np.ndarray, folds: int = DOMAIN_FOLDS) -> np.ndarray:
    """Each row's fold: a hash of its domain (label/family), so that a domain is never split."""
    fold_of = {d: int(hashlib.sha256(d.encode()).hexdigest(), 16) % folds for d in set(domains.tolist())}
    return np.array([fold_of[d] for d in domains.tolist()], dtype=int)


def base_head(
    train: Embedded,
    categories: list[str],
    *,
    l2: float = L2,
    harmful_share: float = HARMFUL_SHARE,
    start: np.ndarray | None = None,
    network: bool = False,
):
    """(head before calibration, regression weights or None): a regression from `start` (with `network`,
    the network of `fit_mlp` instead) and the exemplars on `train`, weighted to `harmful_share`."""
    from policy.moderators.semantic import KNN_WEIGHT, Head

    labels = train.form_labels
    harmful = labels != "benign"
    weights = class_weights(harmful, harmful_share)
    common = {
        "categories": categories,
        "platt": (1.0, 0.0),
        "report_floor": dict.fromkeys(categories, REPORT_FLOOR),
        "exemplars": quantised(train.x),
        "exemplar_labels": labels,
        "harmful_weight": float(weights[harmful][0] / weights[~harmful][0]) if harmful.any() else 1.0,
    }
    if network:
        hidden_weights, hidden_bias, out_weights, out_bias = fit_mlp(train.x, harmful, weights=weights)
        model = Head(
            weights=out_weights,
            bias=out_bias,
            hidden_weights=hidden_weights,
            hidden_bias=hidden_bias,
            knn_weight=MLP_KNN_WEIGHT,
            **common,
        )
        return model, None
    regression = newton_logistic(train.x, harmful.astype(float), l2=l2, weights=weights, start=start)
    coefficients, bias = regression[:-1].astype(np.float32), float(regression[-1])
    model = Head(weights=coefficients, bias=bias, knn_weight=KNN_WEIGHT, **common)
    return model, regression


def fit(
    train: Embedded,
    held: Embedded,
    categories: list[str],
    *,
    l2: float = L2,
    harmful_share: float = HARMFUL_SHARE,
    calibration_share: float = CALIBRATION_HARMFUL_SHARE,
    network: bool = False,
):
    """The head (before the `sexual/minors` floor): regression (or network) and exemplars on `train`,
    weighted to `harmful_share`; Platt scaling on `held`, weighted to `calibration_share`."""
    from policy.moderators.semantic import vote

    model, _ = base_head(train, categories, l2=l2, harmful_share=harmful_share, network=network)
    # Platt scaling on the eval split: the moderator scores a prompt by its most harmful form.
    raw = row_max(vote(held.x.astype(np.float32), model)[:, None], held.owner, len(held.labels))
    held_harmful = held.labels != "benign"
    a, b = newton_logistic(
        raw, held_harmful.astype(float), l2=1e-4, weights=class_weights(held_harmful, calibration_share)
    )
    return dataclasses.replace(model, platt=(float(a), float(b)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument(
        "--cache",
        type=Path,
        help="a .npz of embeddings by form (read, and written back): a form is encoded alone, so a "
        "cached vector is the same bits as a fresh one and the head the same bytes",
    )
    parser.add_argument(
        "--network",
        action="store_true",
        help="a network with one hidden layer instead of the regression (`fit_mlp`; measured, not shipped: "
        "docs/moderation.md)",
    )
    parser.add_argument(
        "--packaged",
        action="store_true",
        help="fit the head over the packaged encoder kept beside a tuned one (semantic_head_packaged.npz); "
        "give it a --cache of its own (or --short's): a cache holds one encoder's vectors",
    )
    parser.add_argument(
        "--short",
        action="store_true",
        help="fit the head for short prompts (semantic_head_short.npz): the data and the short seeds' rows "
        "(short_prompts.jsonl), over the shipped head's exemplars (the packaged one's where a tuned encoder "
        "ships); train that head first",
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from policy import encoder
    from policy.moderators.semantic import (
        HEAD_PATH,
        PACKAGED_HEAD_PATH,
        SHORT_HEAD_PATH,
        harmful_probability,
        head,
        packaged_head,
    )

    out = SHORT_HEAD_PATH if args.short else HEAD_PATH
    if args.packaged and args.short:
        parser.error("--short fits the head for short prompts: give one of --short, --packaged")
    if args.packaged:
        if not encoder.has_packaged():
            parser.error("no packaged encoder beside a tuned one: python -m policy.build_encoder exports it")
        out = PACKAGED_HEAD_PATH
    # The short head is fitted over the packaged encoder's head where a tuned encoder ships (it reads short
    # prompts with the packaged encoder), otherwise over the shipped head.
    shipped = (packaged_head() or head()) if args.short else None
    if args.packaged or (shipped is not None and shipped.packaged):
        # Every embedding below (the data's and `minors_floor`'s) is then the packaged encoder's.
        encoder.ENCODER_DIR = encoder.folder(packaged=True)
        encoder._session.cache_clear()

    rows = load_rows()
    categories = sorted({r["label"] for r in rows if r["label"] != "benign"})
    train_rows = [r for r in rows if r["split"] == "train"]
    held_rows = [r for r in rows if r["split"] == "eval"]
    encoder_id = encoder_digest() if args.cache else None
    cache = load_cache(args.cache, encoder_id)
    known = len(cache)
    if shipped is None:
        train = embedded(train_rows, cache)
    else:
        # The data's train rows first, read as the shipped head's exemplars (the short head searches
        # those; not embedded again), then the short rows; both eval splits calibrate.
        short_rows = load_rows("short_prompts.jsonl")
        short_train = embedded([r for r in short_rows if r["split"] == "train"], cache)
        train = joined(as_exemplars(train_rows, shipped), short_train)
        held_rows += [r for r in short_rows if r["split"] == "eval"]
    held = embedded(held_rows, cache)
    if args.cache and len(cache) > known:
        save_cache(args.cache, cache, encoder_id)
    model = fit(train, held, categories, l2=args.l2, network=args.network)
    model = dataclasses.replace(model, report_floor=minors_floor(model, held_rows))
    if shipped is None:  # the short head's parts are on its base's scale
        model = dataclasses.replace(model, part_platt=part_calibration(model))
    save_head(out, model, base=shipped)

    harmful = held.labels != "benign"
    p = harmful_probability(held.x.astype(np.float32), model)
    p = row_max(p[:, None], held.owner, len(held.labels))[:, 0]
    a, b = model.platt
    print(
        f"trained on {len(train.labels)} prompts ({len(train.x)} forms), harmful weighted to "
        f"{HARMFUL_SHARE:.1%} (harmful exemplar weight {model.harmful_weight:.3f}); calibrated on the "
        f"eval split ({len(held.labels)}, weighted to {CALIBRATION_HARMFUL_SHARE:.1%} harmful):"
    )
    minors = "sexual/minors"
    minors = f"; {minors} reported from {model.report_floor[minors]:.3f}" if minors in categories else ""
    parts = "a={:.3f} b={:.3f}".format(*model.part_platt)
    print(f"  platt a={a:.3f} b={b:.3f}{minors}; a part's scaling {parts}")
    for threshold in (0.3, 0.5, 0.9):
        recall = float((p[harmful] >= threshold).mean())
        flagged = float((p[~harmful] >= threshold).mean())
        print(f"  p(harmful) >= {threshold}: recall {recall:.3f}, benign flagged {flagged:.3f}")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


def as_exemplars(rows: list[dict[str, str]], shipped) -> Embedded:
    """The train rows the `shipped` head was fitted on, with its exemplars as their forms' embeddings: the
    short head searches those (`policy.moderators.semantic.short_head`), and an encoder exported on
    another machine embeds a few forms a little differently (measured: about 1 value in 17,000 of the
    exemplars' int8 codes moved)."""
    _, owner = forms_of([r["text"] for r in rows])
    labels = np.array([r["label"] for r in rows])
    if len(owner) != len(shipped.labels) or not np.array_equal(labels[owner], shipped.labels):
        raise SystemExit("the shipped head was not trained on this data: train it first, then --short")
    return Embedded(shipped.exemplars.astype(np.float64), owner, labels)


def joined(first: Embedded, second: Embedded) -> Embedded:
    """`first`'s rows and forms, then `second`'s."""
    return Embedded(
        np.vstack([first.x, second.x]),
        np.concatenate([first.owner, second.owner + len(first.labels)]),
        np.concatenate([first.labels, second.labels]),
    )


def encoder_digest() -> str:
    """sha256 of the encoder the embeddings come from (`policy.encoder.ENCODER_DIR`'s graph): a cache of
    one encoder's vectors is refused for another (the tuned and the packaged one give other vectors for
    the same text)."""
    from policy import encoder

    return hashlib.sha256((encoder.ENCODER_DIR / "model.onnx").read_bytes()).hexdigest()


def load_cache(path: Path | None, encoder_id: str | None = None) -> dict[str, np.ndarray]:
    """The cached embeddings by form; with `encoder_id`, only a cache written with that encoder's
    (`save_cache`), and none at all is refused with a message."""
    if path is None or not path.exists():
        return {}
    data = np.load(path, allow_pickle=False)
    if encoder_id is not None and ("encoder" not in data.files or str(data["encoder"]) != encoder_id):
        raise SystemExit(
            f"{path} holds another encoder's embeddings (a cache is one encoder's): give another --cache"
        )
    return dict(zip(data["texts"].tolist(), data["vectors"], strict=True))


def save_cache(path: Path, cache: dict[str, np.ndarray], encoder_id: str | None = None) -> None:
    """Written beside and then moved over `path`: a run stopped mid-write leaves the old cache whole. Its
    folder is made where missing (`var/` in a fresh clone): the embeddings took minutes to make."""
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = list(cache)
    vectors = np.stack([cache[t] for t in texts]).astype(np.float32)
    staged = path.with_suffix(".tmp.npz")
    extra = {} if encoder_id is None else {"encoder": np.array(encoder_id)}
    np.savez(staged, texts=np.array(texts), vectors=vectors, **extra)
    os.replace(staged, path)


def save_head(path: Path, model, base=None) -> None:
    """`model` as the semantic moderator loads it (`policy.moderators.semantic._load`): exemplars as
    int8, and a network's hidden layer and neighbours' weight only where it has them. Over a `base` head
    (the short head over the shipped one), `model`'s first exemplars are the base's: only the others are
    written, with the base's `digest`, which loading checks."""
    from policy.moderators.semantic import EXEMPLAR_SCALE

    own = 0 if base is None else len(base.labels)

    network = (
        {}
        if model.hidden_weights is None
        else {
            "hidden_weights": model.hidden_weights,
            "hidden_bias": model.hidden_bias,
            "knn_weight": np.float32(model.knn_weight),
        }
    )
    np.savez(
        path,
        categories=np.array(model.categories),
        weights=model.weights,
        bias=np.float32(model.bias),
        platt=np.array(model.platt, dtype=np.float32),
        report_floor=np.array([model.report_floor[c] for c in model.categories], dtype=np.float32),
        exemplars=np.round(model.exemplars[own:] * EXEMPLAR_SCALE).astype(np.int8),
        exemplar_labels=model.exemplar_labels[own:],
        harmful_weight=np.float32(model.harmful_weight),
        sharpness=np.float32(model.sharpness),
        **network,
        **(
            {"part_platt": np.array(model.part_platt, dtype=np.float64)}
            if base is None
            else {"base_digest": np.array(base.digest)}
        ),
    )


def part_readings(model, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of `texts` read in parts (`policy.moderators.semantic.windows`), `model`'s p(harmful) of
    its most harmful whole form and of its most harmful part, before the parts' scaling; and which texts
    those are (a short text has no parts)."""
    from policy import encoder
    from policy.moderators import semantic

    whole, part, kept = [], [], []
    for index, text in enumerate(texts):
        forms = semantic.scored_forms(text)
        parts = semantic.windows(forms[0])
        if not parts:
            continue
        p = semantic.harmful_probability(encoder.embed(forms), model)
        whole.append(max(p[i] for i, form in enumerate(forms) if form not in parts))
        part.append(max(p[forms.index(form)] for form in parts))
        kept.append(index)
    return np.array(whole), np.array(part), np.array(kept, dtype=int)


def long_rows(paths: list[Path]) -> list[tuple[str, bool]]:
    """(text, harmful) of JSON lines with `text` and `label` (`benign` or a harmful category), or a red
    team's `intent`; rows of neither (a minor reference) are left out."""
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            label = row.get("label") or row.get("intent")
            if label not in (None, "minor-ref"):
                out.append((row["text"], label != "benign"))
    return out


def part_calibration(model, rows: list[tuple[str, bool]] | None = None) -> tuple[float, float]:
    """(a, b) that put a part's p(harmful) on the whole prompts' scale, sigmoid(a * logit(p) + b): Platt
    scaling of "the prompt is harmful" on the logit of its most harmful part, over long prompts (`rows`,
    default `LONG_DEV`'s), weighted to the calibration's share of harmful prompts like the head's own
    calibration. A part is a fragment, and fragments unlike any prompt the head learnt from (a list of
    props and lens tags) score higher than whole prompts do; each encoder and head by its own amount."""
    rows = long_rows([LONG_DEV]) if rows is None else rows
    _, part, kept = part_readings(model, [text for text, _ in rows])
    harmful = np.array([rows[i][1] for i in kept])
    clipped = np.clip(part, 1e-6, 1 - 1e-6)
    logit = np.log(clipped / (1 - clipped))[:, None]
    a, b = newton_logistic(
        logit, harmful.astype(float), l2=1e-4, weights=class_weights(harmful, CALIBRATION_HARMFUL_SHARE)
    )
    return float(a), float(b)


def minors_floor(model, held_rows: list[dict[str, str]]) -> dict[str, float]:
    """Report floors, `sexual/minors` (blocked at any reported score) only above every benign eval
    prompt's score."""
    from policy.moderators.semantic import SemanticModerator
    from policy.schema import MINORS

    moderator = SemanticModerator(model)
    scores = [
        moderator.score(r["text"]).get(MINORS, (0.0, ""))[0] for r in held_rows if r["label"] == "benign"
    ]
    return {**model.report_floor, MINORS: max(REPORT_FLOOR, max(scores) + 1e-3)}


def quantised(x: np.ndarray) -> np.ndarray:
    """The exemplars as the moderator will read them back (int8 on disk: a quarter of float32)."""
    from policy.moderators.semantic import EXEMPLAR_SCALE

    return np.round(x * EXEMPLAR_SCALE).astype(np.int8).astype(np.float32) / EXEMPLAR_SCALE


if __name__ == "__main__":
    main()
