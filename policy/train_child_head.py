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
child. Measured leaving one list out at a time (`--cross-validate`), it reads as children 208 of the 390
texts about a child the rule misses, and 53 of the 1,270 adult look-alikes the rule leaves alone (4.2%;
look-alikes written to confuse; docs/moderation.md). Writes `policy/data/child_head.npz`, the same bytes
each time. The held-out sets (`bench/`) never feed back into it. Over an encoder tuned again (a data
batch), `--choose-quantile 0.97,0.98,0.99` takes the threshold from development data instead: the quantile
whose cross-validated cost (3 x children missed + adults read as children) is lowest.
"""

from __future__ import annotations

import argparse
import dataclasses
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
# The development lists the shipped head learns from. The seventh (adults called "girl" or "boy" with no
# age, and children named by such nouns) was measured and not learnt: `--lists 7 --quantile 0.98` makes
# the head measured (docs/moderation.md, "The nineteenth batch and a seventh list, measured again").
LEARNT_LISTS = 6
MISSED_CHILD_WEIGHT = 3
# The subject of a training `sexual` prompt, replaced by a reference to compose a prompt about it.
_SUBJECT = re.compile(
    r"\b(?:(?:a|an|the|one|my)\s+)?(?:(?:young|beautiful|hot|sexy|attractive|pretty|gorgeous|naked|nude"
    r"|busty|petite|slim|curvy)\s+)*(?:woman|girl|man|guy|lady|model|person|female|male|wife|husband|blonde"
    r"|brunette|redhead)\b",
    re.IGNORECASE,
)
_ADULT_NOUNS = ("woman", "man", "model", "wife", "husband", "nurse", "teacher", "dancer", "lawyer", "bride")


def _list_number(path: Path) -> int:
    """A development list's number: `minor_references_dev.json` is the first, `..._dev_N.json` the Nth
    (by number, so that a tenth list comes after the ninth)."""
    return int(match.group(1)) if (match := re.search(r"_(\d+)\.json$", path.name)) else 1


def _read(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """The head's probability that each row of `x` shows a person under 18."""
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


def examples(seed: int = SEED, lists: int = LEARNT_LISTS) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The texts the head learns from, their labels (1: a person under 18) and their groups (the number
    of the development list they come from, 1 to `lists`; 0 for the rest). A list from the seventh on
    brings its adult prompts (`adult_prompts_dev_N.json`) into its group."""
    pick = random.Random(seed)  # noqa: S311 - picks training sentences, not secrets
    rows = [json.loads(line) for line in (ROOT / "policy" / "data" / "prompts.jsonl").open()]
    train = [row for row in rows if row["split"] == "train"]
    sexual = [row["text"] for row in train if row["label"] == "sexual"]
    subjects = [text for text in sexual if _SUBJECT.search(text)]

    def composed(phrase: str) -> list[str]:
        return [_SUBJECT.sub(phrase, text, count=1) for text in pick.sample(subjects, 2)] + [phrase]

    texts: list[str] = []
    labels: list[int] = []
    groups: list[int] = []
    paths = sorted(LISTS.glob("minor_references_dev*.json"), key=_list_number)
    for number, path in enumerate(paths[:lists], start=1):
        listed = json.loads(path.read_text())
        for label, key in ((1, "minors"), (0, "adults")):
            for phrase in listed.get(key, []):
                made = composed(phrase)
                texts += made
                labels += [label] * len(made)
                groups += [number] * len(made)
        # From the seventh list on, a list's adult prompts are left out with it in cross-validation; the
        # sixth list's are learnt with the rest below, as when the shipped head was fitted (same bytes).
        prompts = LISTS / path.name.replace("minor_references", "adult_prompts")
        if number >= 7 and prompts.exists():
            adults_of_list = json.loads(prompts.read_text())["adults"]
            texts += adults_of_list
            labels += [0] * len(adults_of_list)
            groups += [number] * len(adults_of_list)
    minors = [row["text"] for row in train if row["label"] == "sexual/minors"]
    adults = json.loads((LISTS / "adult_prompts_dev_6.json").read_text())["adults"]
    ages = [f"a {age}-year-old {_ADULT_NOUNS[age % len(_ADULT_NOUNS)]}" for age in range(18, 71)]
    aged = [text for phrase in ages for text in composed(phrase)[:2]]
    for label, group in ((1, minors), (0, sexual), (0, adults), (0, aged)):
        texts += group
        labels += [label] * len(group)
        groups += [0] * len(group)
    return texts, np.array(labels), np.array(groups)


def fit(
    x: np.ndarray, labels: np.ndarray, quantile: float = ADULT_QUANTILE
) -> tuple[np.ndarray, float, float]:
    """Weights, bias and threshold (the adults' `quantile` score) fitted on `x`."""
    w = newton_logistic(
        x.astype(np.float64), labels.astype(float), l2=L2, weights=class_weights(labels == 1, 0.5)
    )
    scores = _read(x, w[:-1], w[-1])
    return w[:-1], float(w[-1]), float(np.quantile(scores[labels == 0], quantile))


@dataclasses.dataclass(frozen=True)
class CrossValidation:
    """Leaving each development list out, over the texts the minors rule finds no minor in."""

    children_read: int
    children: int
    adults_read: int
    adults: int
    report: str

    @property
    def cost(self) -> int:
        """A child missed weighs three adults read as children, as the criteria that judge the rule's
        held-out sets do (docs/moderation.md; `bench/eval_minors_rule.py` prints the counts)."""
        return MISSED_CHILD_WEIGHT * (self.children - self.children_read) + self.adults_read


def cheapest(results: dict[float, CrossValidation]) -> float:
    """The quantile of the lowest cost; a tie goes to the higher quantile (fewer adults blocked)."""
    return min(results, key=lambda quantile: (results[quantile].cost, -quantile))


def cross_validate(
    texts: list[str], x: np.ndarray, labels: np.ndarray, groups: np.ndarray, quantile: float = ADULT_QUANTILE
) -> CrossValidation:
    """Each development list left out in turn: of its texts the minors rule finds no minor in, the
    children the head fitted without it reads as children, and the adults it reads as children."""
    from policy.minors import minor_reference

    clean = np.array([minor_reference(text) is None for text in texts])
    lines = []
    caught = missed = flagged = adults = 0
    for number in range(1, int(groups.max()) + 1):
        held = groups == number
        weights, bias, threshold = fit(x[~held], labels[~held], quantile)
        read = _read(x[held & clean], weights, bias) >= threshold
        child = labels[held & clean] == 1
        found, children = int((read & child).sum()), int(child.sum())
        wrong, grown = int((read & ~child).sum()), int((~child).sum())
        lines.append(f"  list {number}: children {found} of {children}, adults {wrong} of {grown}")
        caught, missed, flagged, adults = caught + found, missed + children, flagged + wrong, adults + grown
    report = "\n".join(
        [
            f"leaving each list out: children the rule misses read as children {caught} of {missed}; "
            f"adults the rule leaves alone read as children {flagged} of {adults}",
            *lines,
        ]
    )
    return CrossValidation(caught, missed, flagged, adults, report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="also measure it leaving each list out (writes the same)",
    )
    parser.add_argument("--lists", type=int, default=LEARNT_LISTS, help="development lists to learn from")
    threshold = parser.add_mutually_exclusive_group()
    threshold.add_argument("--quantile", type=float, default=ADULT_QUANTILE, help="the adults' quantile")
    threshold.add_argument(
        "--choose-quantile",
        metavar="Q,Q,...",
        help="cross-validate each of these quantiles and write the head at the cheapest (`cheapest`): "
        "for a head over an encoder tuned again, chosen on development data only",
    )
    args = parser.parse_args()
    from policy import encoder
    from policy.moderators.semantic import whole_forms

    texts, labels, groups = examples(lists=args.lists)
    forms = [whole_forms(text)[0] for text in texts]
    x = np.concatenate([encoder.embed(forms[i : i + 256]) for i in range(0, len(forms), 256)])
    quantile = args.quantile
    results: dict[float, CrossValidation] = {}
    if args.choose_quantile:
        results = {
            float(q): cross_validate(texts, x, labels, groups, float(q))
            for q in args.choose_quantile.split(",")
        }
        for q, result in results.items():
            print(
                f"quantile {q}: children read {result.children_read} of {result.children}, adults read "
                f"{result.adults_read} of {result.adults}, cost {result.cost}"
            )
        quantile = cheapest(results)
        print(f"chosen: quantile {quantile}")
    weights, bias, threshold = fit(x, labels, quantile)
    np.savez(
        HEAD_PATH,
        weights=weights.astype(np.float32),
        bias=np.float32(bias),
        threshold=np.float32(threshold),
        examples=np.int64(len(texts)),
    )
    children = _read(x, weights, bias)[labels == 1]
    print(
        f"wrote {HEAD_PATH.relative_to(ROOT)}: {len(texts)} examples ({int(labels.sum())} children), "
        f"threshold {threshold:.3f}; children at or above it: {(children >= threshold).mean():.1%}"
    )
    if args.cross_validate:
        chosen = results.get(quantile) or cross_validate(texts, x, labels, groups, quantile)
        print(chosen.report)


if __name__ == "__main__":
    main()
