"""The minors rule (`policy.minors.minor_reference`) on a held-out set of its own, in both directions.

`bench/data/minors_rule_heldout_N.json` holds references to a person under 18 (each must be found) and
suggestive or sexual prompts about adults only (each found one would block an adult's prompt as
`sexual/minors` under `permissive`), written by a helper who read no file of the project and frozen before
anything ran on them. Prints aggregates only, never a phrase, so that the set keeps measuring.

    .venv/bin/python bench/eval_minors_rule.py                 # the rule in this tree
    .venv/bin/python bench/eval_minors_rule.py --rev 4f8e5d0   # and the rule at another commit beside it
    .venv/bin/python bench/eval_minors_rule.py --decisions     # and what the policy decides (~1 min)

`--decisions` adds what the whole moderator decides under `permissive` (adult content allowed): each adult
prompt (blocked as `sexual/minors` is a false block), each reference as the subject of two of the adult
prompts (`composed`; allowed is the worst failure), and each reference found by the rule or by the
semantic moderator's child reading (`child_reading`, at its threshold). `--rule-alone` takes the child
reading away, for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def rule_at(rev: str) -> Callable[[str], str | None]:
    """`minor_reference` as `policy/minors.py` was at commit `rev` (its imports from this tree)."""
    git = ["git", "show", f"{rev}:policy/minors.py"]
    source = subprocess.run(git, cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S603
    module = types.ModuleType(f"minors_at_{rev}")
    exec(compile(source, f"policy/minors.py@{rev}", "exec"), module.__dict__)  # noqa: S102 - our own file
    return module.minor_reference


def measure(rule: Callable[[str], str | None], listed: dict[str, list[str]]) -> dict[str, int]:
    """How many of the set's minors and of its adults `rule` finds a minor in (the moderation latency
    that this rule is part of is `bench/eval_moderation.py`'s)."""
    minors = sum(bool(rule(phrase)) for phrase in listed["minors"])
    adults = sum(bool(rule(prompt)) for prompt in listed["adults"])
    return {"minors": minors, "adults": adults}


def composed(listed: dict[str, list[str]]) -> list[str]:
    """Each reference as the subject of two of the set's adult prompts, by the fixed process the bench's
    composed minors sets use (`eval_moderation.minors_rows`): sexual prompts about a minor."""
    from eval_moderation import composed as compose

    return compose(listed["adults"], listed["minors"])


def decisions(listed: dict[str, list[str]]) -> dict[str, int]:
    """Under `permissive`: adults blocked as `sexual/minors`, and composed prompts about a minor allowed;
    and the references found by the rule or the child reading (read alone, at its threshold)."""
    from policy.evaluation import evaluate
    from policy.minors import minor_reference
    from policy.moderators.semantic import SemanticModerator, child_head
    from policy.schema import MINORS, validate_document
    from policy.templates import template

    document = validate_document(template("permissive"))

    def decided(prompt: str):
        return evaluate(
            document=document, texts={"prompt": prompt}, policy_name="permissive", policy_version=None
        )

    blocked = sum(any(r.category == MINORS for r in decided(prompt).reasons) for prompt in listed["adults"])
    made = composed(listed)
    allowed = sum(decided(prompt).decision.value == "allow" for prompt in made)
    moderator = SemanticModerator()
    found = 0
    for phrase in listed["minors"]:
        reading = moderator.child_reading(phrase) if child_head() is not None else None
        found += bool(minor_reference(phrase)) or (reading is not None and reading[0] >= reading[1])
    return {
        "adults blocked": blocked,
        "composed": len(made),
        "composed allowed": allowed,
        "minors found": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="1", help="N of bench/data/minors_rule_heldout_N.json")
    parser.add_argument("--rev", help="also measure the rule at this commit")
    parser.add_argument("--decisions", action="store_true", help="also the policy's decisions (see above)")
    parser.add_argument(
        "--rule-alone", action="store_true", help="decisions without the child reading (the words alone)"
    )
    args = parser.parse_args()
    listed = json.loads((ROOT / "bench" / "data" / f"minors_rule_heldout_{args.set}.json").read_text())
    from policy.minors import minor_reference

    rules = {"this tree": minor_reference}
    if args.rev:
        rules[args.rev] = rule_at(args.rev)
    print(
        f"minors rule held-out set {args.set}: {len(listed['minors'])} minors, {len(listed['adults'])} adults"
    )
    for name, rule in rules.items():
        found = measure(rule, listed)
        print(
            f"{name:>12}: minors found {found['minors']} of {len(listed['minors'])}, "
            f"adults found {found['adults']} of {len(listed['adults'])} "
            f"({100 * found['adults'] / len(listed['adults']):.1f}%)"
        )

    if args.decisions:
        if args.rule_alone:
            import policy.moderators.semantic

            policy.moderators.semantic.child_head = lambda: None  # the minors rule then reads words alone
        made = decisions(listed)
        print(
            f"   decisions: adults blocked as sexual/minors under permissive {made['adults blocked']} of "
            f"{len(listed['adults'])}; minors found by the rule or the child reading "
            f"{made['minors found']} of {len(listed['minors'])}; composed prompts about a minor allowed "
            f"under permissive {made['composed allowed']} of {made['composed']}"
        )


if __name__ == "__main__":
    main()
