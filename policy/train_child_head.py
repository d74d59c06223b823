"""Train the child reading: `python -m policy.train_child_head` (about a minute; needs the built encoder).

The minors rule (`policy.minors`) finds a minor by its words; a reference of a kind no list taught it is
missed, and under `permissive` a sexual prompt about that child is then allowed. The child reading is a
second, semantic answer to "does this sexual prompt show a person under 18?": an L2-regularised logistic
regression over the moderation encoder's embedding of the whole prompt (its first `whole_forms`, the
form the semantic moderator has encoded already), child vs adult.

Its data, reproducible (a fixed seed picks the sentences):
- children: every reference of the six development lists (`tests/policy/data/minor_references_dev*.json`,
  written by helpers who read no file of the project) alone and as the subject of two of the training
  data's `sexual` prompts, and the training data's `sexual/minors` prompts;
- adults: those lists' adult look-alikes the same way, the training data's `sexual` prompts as they are,
  the suggestive prompts about adults of `adult_prompts_dev_6.json`, and adults of every age from 18 to 70
  as the subject of two `sexual` prompts each.

The threshold is the 99th percentile of the adults' scores: one adult example in a hundred reads as a
child. Measured leaving one list out at a time, it found about half of the references the rule missed,
and flagged 3.5% of the rule-clean adults, most of them look-alikes written to confuse
(docs/moderation.md). Writes `policy/data/child_head.npz`. The held-out sets (`bench/`) never feed back
into it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import numpy as np

from policy.train_semantic import class_weights, newton_logistic

ROOT = Path(__file__).resolve().parents[1]
HEAD_PATH = ROOT / "policy" / "data" / "child_head.npz"
LISTS = ROOT / "tests" / "policy" / "data"
SEED = 7
L2 = 1e-5
ADULT_QUANTILE = 0.99
# The subject of a training `sexual` prompt, replaced by a reference to compose a prompt about it.
_SUBJECT = re.compile(
    r"\b(?:(?:a|an|the|one|my)\s+)?(?:(?:young|beautiful|hot|sexy|attractive|pretty|gorgeous|naked|nude"
    r"|busty|petite|slim|curvy)\s+)*(?:woman|girl|man|guy|lady|model|person|female|male|wife|husband|blonde"
    r"|brunette|redhead)\b",
    re.IGNORECASE,
)
_ADULT_NOUNS = ("woman", "man", "model", "wife", "husband", "nurse", "teacher", "dancer", "lawyer", "bride")


def examples(seed: int = SEED) -> tuple[list[str], np.ndarray]:
    """The texts the head learns from and their labels (1: a person under 18)."""
    pick = random.Random(seed)  # noqa: S311 - picks training sentences, not secrets
    rows = [json.loads(line) for line in (ROOT / "policy" / "data" / "prompts.jsonl").open()]
    train = [row for row in rows if row["split"] == "train"]
    sexual = [row["text"] for row in train if row["label"] == "sexual"]
    subjects = [text for text in sexual if _SUBJECT.search(text)]

    def composed(phrase: str) -> list[str]:
        return [_SUBJECT.sub(phrase, text, count=1) for text in pick.sample(subjects, 2)] + [phrase]

    texts: list[str] = []
    labels: list[int] = []
    for path in sorted(LISTS.glob("minor_references_dev*.json")):
        listed = json.loads(path.read_text())
        for label, key in ((1, "minors"), (0, "adults")):
            for phrase in listed.get(key, []):
                made = composed(phrase)
                texts += made
                labels += [label] * len(made)
    minors = [row["text"] for row in train if row["label"] == "sexual/minors"]
    adults = json.loads((LISTS / "adult_prompts_dev_6.json").read_text())["adults"]
    ages = [f"a {age}-year-old {_ADULT_NOUNS[age % len(_ADULT_NOUNS)]}" for age in range(18, 71)]
    aged = [text for phrase in ages for text in composed(phrase)[:2]]
    for label, group in ((1, minors), (0, sexual), (0, adults), (0, aged)):
        texts += group
        labels += [label] * len(group)
    return texts, np.array(labels)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    from policy import encoder
    from policy.moderators.semantic import whole_forms

    texts, labels = examples()
    forms = [whole_forms(text)[0] for text in texts]
    x = np.concatenate([encoder.embed(forms[i : i + 256]) for i in range(0, len(forms), 256)])
    w = newton_logistic(
        x.astype(np.float64), labels.astype(float), l2=L2, weights=class_weights(labels == 1, 0.5)
    )
    scores = 1.0 / (1.0 + np.exp(-(x @ w[:-1] + w[-1])))
    threshold = float(np.quantile(scores[labels == 0], ADULT_QUANTILE))
    np.savez(
        HEAD_PATH,
        weights=w[:-1].astype(np.float32),
        bias=np.float32(w[-1]),
        threshold=np.float32(threshold),
        examples=np.int64(len(texts)),
    )
    children = scores[labels == 1]
    print(
        f"wrote {HEAD_PATH.relative_to(ROOT)}: {len(texts)} examples ({int(labels.sum())} children), "
        f"threshold {threshold:.3f}; children at or above it: {(children >= threshold).mean():.1%}"
    )


if __name__ == "__main__":
    main()
