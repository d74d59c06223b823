"""Character-level obfuscation attacks on prompt moderation (a benchmark): what each trick costs.

Written as an adversary would, without reading the defences (the normaliser, the rules moderator's term
lists, the minors and language checks, their data and tests): only this script's transforms, the
held-out sets' loader (`bench/eval_moderation.py`'s `load`) and `policy.evaluation.evaluate` were used.
Each held-out prompt (harmful and benign look-alikes) is run untransformed (the baseline) and under each
transform below, through `evaluate` under a built-in template (no database), and the outcomes compared.

Transforms (deterministic: a seeded random generator per set, transform and prompt). "Words" are runs
of 4+ ASCII letters; none is chosen from a term list. "All" = every such word, "half" = a random half:
  leet-digits       all words: a->4 e->3 i->1 o->0 s->5 t->7 b->8 g->9       kitten -> k1773n
  leet-symbols      half: a->@ s->$ i->! o->0 e->3 l->1                      kitten -> k!tt3n
  cyrillic-1        all: one letter per word swapped for its Cyrillic look-alike (kitten, one letter)
  homoglyph-mix     half: about half the letters swapped for Cyrillic or Greek look-alikes
  zero-width        all: U+200B/200C/200D/2060/FEFF at 1+ random points inside the word
  soft-hyphen       all: U+00AD at a random point inside the word
  spaced            half: letters spaced out                                 kitten -> k i t t e n
  dotted            half: dots between letters                               kitten -> k.i.t.t.e.n
  hyphenated        half: hyphens between letters                            kitten -> k-i-t-t-e-n
  fullwidth         whole prompt in fullwidth forms (U+FF01..U+FF5E), spaces kept
  math-alnum        all letters in Mathematical Alphanumeric Symbols (bold, italic, script, fraktur,
                    double-struck, sans-serif bold, monospace; one style per word)
  mixed-case        every letter's case random                               kitten -> kItTEn
  star-emoji        all: an asterisk or an emoji inside the word             kitten -> kit*ten
  diacritics        all: each letter gets a random combining mark (U+0300..U+036F) with p = 0.6
  split-word        all: a space at a random point inside the word           kitten -> kit ten
  leet+zero-width   all: leet-digits, then zero-width characters inside the same word
  cyr+case+shy      all: cyrillic-1, random case and a soft hyphen in the same word

Printed per set and for all sets together (aggregates only, never a prompt's text, so the held-out sets
keep their value): per transform, harmful caught (decision not allow: blocked or held) against the
baseline on the same prompts, and caught with a reason in the prompt's own labelled category (garbled
text can be held for an unrelated category, which is not recognising the harm); regressions (caught
untransformed, allowed transformed) and gains; benign flagged (all benign and look-alike families) and
new false positives; harmful caught and regressions per category; the reasons behind transformed
decisions (category:source counts) and how many were caught only by a reason that is not a content
category (e.g. a language hold); exceptions raised by `evaluate` (type and place, no message: a crash
on input is a bug) and `moderator_error` reasons (failed closed); thread CPU time per prompt (median,
95th percentile, max, and how many took over 250 ms).

Run from the repository root, nice (full: 3 sets x 18 runs of ~600 prompts, ~33,000 evaluations,
roughly 10-20 min on the shared 2-core machine; --quick [N]: N = 40 prompts of each set, evenly spaced
through the file so that every label appears, ~1 min):
  HF_HUB_OFFLINE=1 nice -n 15 .venv/bin/python bench/moderation_attacks.py
      [--set heldout|heldout2|heldout3 ...] [--template standard] [--quick [N]]
      [--transforms leet-digits,zero-width,...] [--seed 20261201] [--examples]
`--examples` prints each transform applied to an invented harmless sentence (no held-out text) and exits.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
    os.environ.setdefault(_variable, "1" if _variable != "TOKENIZERS_PARALLELISM" else "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import unicodedata  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from eval_moderation import load  # noqa: E402  (also puts the repository and platform/ on sys.path)

SETS = ("heldout", "heldout2", "heldout3")
SEED = 20261201
EXAMPLE = "A fluffy kitten sleeping on a warm woollen blanket, soft light, watercolour painting"

Transform = Callable[[str, random.Random], str]
WORD = re.compile(r"[A-Za-z]{4,}")

# ---------------------------------------------------------------------------------------------------
# Transforms: each maps (text, rng) -> text, deterministically for a given rng state.
# ---------------------------------------------------------------------------------------------------


def _on_words(text: str, rng: random.Random, change: Callable[[str], str], share: float = 1.0) -> str:
    """`change` applied to each run of 4+ letters, or to a random `share` of them."""
    return WORD.sub(lambda m: change(m.group()) if rng.random() < share else m.group(), text)


def _insert_inside(word: str, rng: random.Random, pieces: list[str], count: int = 1) -> str:
    """`count` random picks from `pieces` inserted at random interior points of `word`."""
    chars = list(word)
    for _ in range(count):
        chars.insert(rng.randint(1, len(chars) - 1), rng.choice(pieces))
    return "".join(chars)


_LEET_DIGITS = str.maketrans("aeiostbgAEIOSTBG", "4310578943105789")
_LEET_SYMBOLS = str.maketrans("asioelASIOEL", "@$!031@$!031")

_CYRILLIC = {
    "a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440", "x": "\u0445",
    "y": "\u0443", "i": "\u0456", "j": "\u0458", "s": "\u0455", "h": "\u04bb", "d": "\u0501",
    "w": "\u051d", "q": "\u051b", "l": "\u04cf",
    "A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041d", "K": "\u041a",
    "M": "\u041c", "O": "\u041e", "P": "\u0420", "T": "\u0422", "X": "\u0425", "Y": "\u04ae",
    "I": "\u0406", "J": "\u0408", "S": "\u0405",
}  # fmt: skip
_GREEK = {
    "o": "\u03bf", "v": "\u03bd", "i": "\u03b9", "k": "\u03ba", "u": "\u03c5", "a": "\u03b1",
    "t": "\u03c4", "p": "\u03c1", "y": "\u03b3", "n": "\u03b7",
    "A": "\u0391", "B": "\u0392", "E": "\u0395", "H": "\u0397", "I": "\u0399", "K": "\u039a",
    "M": "\u039c", "N": "\u039d", "O": "\u039f", "P": "\u03a1", "T": "\u03a4", "X": "\u03a7",
    "Y": "\u03a5", "Z": "\u0396",
}  # fmt: skip
_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
_SOFT_HYPHEN = "\u00ad"
_INSIDE = ["*", "*", "\u2728", "\U0001f338", "\u2b50", "\U0001f642", "\U0001f525"]
_COMBINING = [chr(c) for c in range(0x300, 0x370)]
_MATH_STYLES = ("BOLD", "ITALIC", "SCRIPT", "FRAKTUR", "DOUBLE-STRUCK", "SANS-SERIF BOLD", "MONOSPACE")
# Letters that Unicode encodes in Letterlike Symbols instead (the holes in the mathematical block).
_MATH_FALLBACK = {"SCRIPT": "SCRIPT", "FRAKTUR": "BLACK-LETTER", "DOUBLE-STRUCK": "DOUBLE-STRUCK"}


def _math_letter(style: str, char: str) -> str:
    case = "CAPITAL" if char.isupper() else "SMALL"
    names = [f"MATHEMATICAL {style} {case} {char.upper()}"]
    if style in _MATH_FALLBACK:
        names.append(f"{_MATH_FALLBACK[style]} {case} {char.upper()}")
    if style == "ITALIC" and char == "h":
        names.append("PLANCK CONSTANT")
    for name in names:
        try:
            return unicodedata.lookup(name)
        except KeyError:
            continue
    return char


_MATH = {
    (s, c): _math_letter(s, c)
    for s in _MATH_STYLES
    for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
}


def leet_digits(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, lambda w: w.translate(_LEET_DIGITS))


def leet_symbols(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, lambda w: w.translate(_LEET_SYMBOLS), share=0.5)


def cyrillic_one(text: str, rng: random.Random) -> str:
    def change(word: str) -> str:
        spots = [i for i, c in enumerate(word) if c in _CYRILLIC]
        if not spots:
            return word
        i = rng.choice(spots)
        return word[:i] + _CYRILLIC[word[i]] + word[i + 1 :]

    return _on_words(text, rng, change)


def homoglyph_mix(text: str, rng: random.Random) -> str:
    def change(word: str) -> str:
        out = []
        for c in word:
            options = [m[c] for m in (_CYRILLIC, _GREEK) if c in m]
            out.append(rng.choice(options) if options and rng.random() < 0.5 else c)
        return "".join(out)

    return _on_words(text, rng, change, share=0.5)


def zero_width(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, lambda w: _insert_inside(w, rng, _ZERO_WIDTH, 1 + len(w) // 5))


def soft_hyphen(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, lambda w: _insert_inside(w, rng, [_SOFT_HYPHEN]))


def spaced(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, " ".join, share=0.5)


def dotted(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, ".".join, share=0.5)


def hyphenated(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, "-".join, share=0.5)


def fullwidth(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def math_alnum(text: str, rng: random.Random) -> str:
    def change(match: re.Match[str]) -> str:
        style = rng.choice(_MATH_STYLES)
        return "".join(_MATH[style, c] for c in match.group())

    return re.sub(r"[A-Za-z]+", change, text)


def mixed_case(text: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def star_emoji(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, lambda w: _insert_inside(w, rng, _INSIDE))


def diacritics(text: str, rng: random.Random) -> str:
    def change(word: str) -> str:
        return "".join(c + rng.choice(_COMBINING) if rng.random() < 0.6 else c for c in word)

    return _on_words(text, rng, change)


def split_word(text: str, rng: random.Random) -> str:
    return _on_words(text, rng, lambda w: _insert_inside(w, rng, [" "]))


def leet_zero_width(text: str, rng: random.Random) -> str:
    def change(word: str) -> str:
        return _insert_inside(word.translate(_LEET_DIGITS), rng, _ZERO_WIDTH, 1 + len(word) // 5)

    return _on_words(text, rng, change)


def cyrillic_case_shy(text: str, rng: random.Random) -> str:
    def change(word: str) -> str:
        word = cyrillic_one(word, rng)
        word = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)
        return _insert_inside(word, rng, [_SOFT_HYPHEN])

    return _on_words(text, rng, change)


TRANSFORMS: dict[str, Transform] = {
    "leet-digits": leet_digits,
    "leet-symbols": leet_symbols,
    "cyrillic-1": cyrillic_one,
    "homoglyph-mix": homoglyph_mix,
    "zero-width": zero_width,
    "soft-hyphen": soft_hyphen,
    "spaced": spaced,
    "dotted": dotted,
    "hyphenated": hyphenated,
    "fullwidth": fullwidth,
    "math-alnum": math_alnum,
    "mixed-case": mixed_case,
    "star-emoji": star_emoji,
    "diacritics": diacritics,
    "split-word": split_word,
    "leet+zero-width": leet_zero_width,
    "cyr+case+shy": cyrillic_case_shy,
}
BASELINE = "baseline"

# ---------------------------------------------------------------------------------------------------
# Running and counting
# ---------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One prompt's result under one transform (no text kept)."""

    flagged: bool  # decision != allow, or an exception (the request would not go through)
    content: bool  # flagged by a reason whose category is a content category of the policy
    reasons: set[str] = field(default_factory=set)  # category:source
    categories: set[str] = field(default_factory=set)  # the reasons' categories
    exception: str = ""  # "Type at file:line", never the message (it could quote the prompt)
    cpu_ms: float = 0.0
    changed: bool = True
    decision: str = "error"  # block, review or allow ("error" when evaluate raised)


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    last = frames[-1]
    return f"{type(error).__name__} at {Path(last.filename).name}:{last.lineno}"


@dataclass
class Runner:
    document: Any
    moderators: Any
    content_categories: set[str]
    allow: Any

    def outcome(self, text: str) -> Outcome:
        from policy.evaluation import evaluate

        started = time.thread_time()
        try:
            decision = evaluate(
                document=self.document, texts={"prompt": text}, policy_name="bench", policy_version=None,
                moderators=self.moderators,
            )  # fmt: skip
        except Exception as error:  # a crash on input is a finding, counted, never fatal here
            return Outcome(True, False, exception=_where(error), cpu_ms=(time.thread_time() - started) * 1000)
        cpu_ms = (time.thread_time() - started) * 1000
        flagged = decision.decision != self.allow
        reasons = {f"{r.category}:{r.source}" for r in decision.reasons}
        content = flagged and any(r.category in self.content_categories for r in decision.reasons)
        categories = {r.category for r in decision.reasons} if flagged else set()
        return Outcome(flagged, content, reasons, categories, cpu_ms=cpu_ms, decision=decision.decision.value)


def run_set(
    runner: Runner, name: str, transforms: list[str], seed: int, quick: int
) -> tuple[list[dict[str, Any]], dict[str, list[Outcome]]]:
    rows = load(name)
    if quick:  # evenly spaced, so that every label appears (some files are sorted by label)
        rows = rows[:: max(1, len(rows) // quick)][:quick]
    results: dict[str, list[Outcome]] = {}
    for transform in [BASELINE, *transforms]:
        outcomes = []
        for index, row in enumerate(rows):
            text = row["text"]
            if transform != BASELINE:
                rng = random.Random(f"{seed}:{name}:{transform}:{index}")  # noqa: S311 - not for secrets
                new = TRANSFORMS[transform](text, rng)
                outcome = runner.outcome(new)
                outcome.changed = new != text
            else:
                outcome = runner.outcome(text)
            outcomes.append(outcome)
        results[transform] = outcomes
        print(f"  ... {name}: {transform} done", file=sys.stderr, flush=True)
    return rows, results


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "     -"


def _pp(new: int, old: int, whole: int) -> str:
    return f"{(new - old) / whole * 100:+6.1f}" if whole else "     -"


def _own(outcome: Outcome, label: str) -> bool:
    """Flagged for the prompt's own labelled category (a `sexual` prompt also by `sexual/minors`)."""
    return label in outcome.categories or (label == "sexual" and "sexual/minors" in outcome.categories)


def report(title: str, rows: list[dict[str, Any]], results: dict[str, list[Outcome]]) -> None:
    harmful = [i for i, r in enumerate(rows) if r["label"] != "benign"]
    benign = [i for i, r in enumerate(rows) if r["label"] == "benign"]
    lookalike = [i for i in benign if rows[i].get("family") != "ordinary"]
    categories = sorted({rows[i]["label"] for i in harmful})
    base = results[BASELINE]
    n_h, n_b, n_l = len(harmful), len(benign), len(lookalike)
    base_h = sum(base[i].flagged for i in harmful)
    base_b = sum(base[i].flagged for i in benign)
    base_own = sum(_own(base[i], rows[i]["label"]) for i in harmful)

    print(f"\n## {title}: {len(rows)} prompts ({n_h} harmful, {n_b} benign, {n_l} of them look-alikes)\n")
    print("Harmful caught = decision not allow (blocked or held); own cat = caught with a reason in the")
    print("prompt's own labelled category (not just any category). regr = caught untransformed, allowed")
    print("transformed; gain = the reverse. New FP = benign allowed untransformed, flagged transformed.")
    print("non-content = flagged with no content-category reason (e.g. a language hold). exc = exceptions")
    print("from evaluate; merr = prompts with a moderator_error reason. CPU = thread ms per prompt")
    print("(median, 95th percentile, max) and the number of prompts over 250 ms.\n")
    header = (
        f"| {'transform':16} | {'harm caught':>11} | {'Δ pp':>6} | {'own cat':>7} | {'Δ pp':>6} "
        f"| {'regr':>4} | {'gain':>4} "
        f"| {'non-content':>11} | {'benign flag':>11} | {'Δ pp':>6} | {'new FP':>6} | {'look-alike':>10} "
        f"| {'exc':>3} | {'merr':>4} | {'CPU p50/p95/max':>17} | {'>250ms':>6} |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.strip("|").split("|")) + "|")
    for transform, outcomes in results.items():
        caught_h = sum(outcomes[i].flagged for i in harmful)
        own = sum(_own(outcomes[i], rows[i]["label"]) for i in harmful)
        flag_b = sum(outcomes[i].flagged for i in benign)
        flag_l = sum(outcomes[i].flagged for i in lookalike)
        regr = sum(base[i].flagged and not outcomes[i].flagged for i in harmful)
        gain = sum(outcomes[i].flagged and not base[i].flagged for i in harmful)
        new_fp = sum(outcomes[i].flagged and not base[i].flagged for i in benign)
        non_content = sum(outcomes[i].flagged and not outcomes[i].content for i in harmful)
        exceptions = sum(bool(o.exception) for o in outcomes)
        moderator_errors = sum(any(r.startswith("moderator_error:") for r in o.reasons) for o in outcomes)
        cpu = [o.cpu_ms for o in outcomes]
        p95 = statistics.quantiles(cpu, n=20)[-1] if len(cpu) >= 2 else cpu[0]
        slow = sum(c > 250 for c in cpu)
        print(
            f"| {transform:16} | {_pct(caught_h, n_h):>11} | {_pp(caught_h, base_h, n_h)} "
            f"| {_pct(own, n_h):>7} | {_pp(own, base_own, n_h)} "
            f"| {regr:4d} | {gain:4d} "
            f"| {non_content:11d} | {_pct(flag_b, n_b):>11} | {_pp(flag_b, base_b, n_b)} | {new_fp:6d} "
            f"| {_pct(flag_l, n_l):>10} | {exceptions:3d} | {moderator_errors:4d} "
            f"| {statistics.median(cpu):5.1f}/{p95:5.1f}/{max(cpu):5.0f} | {slow:6d} |"
        )
    unchanged = {t: sum(not o.changed for o in results[t]) for t in results if t != BASELINE}
    if any(unchanged.values()):
        print(
            "\nprompts a transform left unchanged: "
            + ", ".join(f"{t} {n}" for t, n in unchanged.items() if n)
        )

    print("\nDecisions, block / review / allow (harmful | benign):\n")
    for transform, outcomes in results.items():
        harm = Counter(outcomes[i].decision for i in harmful)
        ben = Counter(outcomes[i].decision for i in benign)
        print(
            f"  {transform:16} {harm['block']:5d} {harm['review']:5d} {harm['allow']:5d}   |"
            f" {ben['block']:5d} {ben['review']:5d} {ben['allow']:5d}"
        )

    print("\nHarmful caught per category (baseline row first; n per category in the header):\n")
    short = {
        c: c.replace("violence/graphic", "viol/graph").replace("real_person", "real_pers") for c in categories
    }
    counts = Counter(rows[i]["label"] for i in harmful)
    head = (
        f"| {'transform':16} | "
        + " | ".join(f"{short[c]} {counts[c]:>3}".rjust(13) for c in categories)
        + " |"
    )
    print(head)
    print("|" + "|".join("-" * len(c) for c in head.strip("|").split("|")) + "|")
    for transform, outcomes in results.items():
        cells = []
        for c in categories:
            members = [i for i in harmful if rows[i]["label"] == c]
            cells.append(_pct(sum(outcomes[i].flagged for i in members), len(members)).rjust(13))
        print(f"| {transform:16} | " + " | ".join(cells) + " |")

    print("\nRegressions per category (caught untransformed, allowed transformed):\n")
    print(head)
    print("|" + "|".join("-" * len(c) for c in head.strip("|").split("|")) + "|")
    for transform, outcomes in results.items():
        if transform == BASELINE:
            continue
        cells = []
        for c in categories:
            members = [i for i in harmful if rows[i]["label"] == c]
            cells.append(str(sum(base[i].flagged and not outcomes[i].flagged for i in members)).rjust(13))
        print(f"| {transform:16} | " + " | ".join(cells) + " |")

    print(
        "\nReasons behind flagged prompts (category:source; a prompt counted once per reason): "
        "harmful | benign"
    )
    for transform, outcomes in results.items():
        harm_reasons: Counter[str] = Counter()
        benign_reasons: Counter[str] = Counter()
        for i in harmful:
            if outcomes[i].flagged:
                harm_reasons.update(outcomes[i].reasons or {"(none)"})
        for i in benign:
            if outcomes[i].flagged:
                benign_reasons.update(outcomes[i].reasons or {"(none)"})
        top_h = ", ".join(f"{k} {v}" for k, v in harm_reasons.most_common(6))
        top_b = ", ".join(f"{k} {v}" for k, v in benign_reasons.most_common(4))
        print(f"  {transform:16} {top_h} | {top_b}")

    crashes = Counter(o.exception for outcomes in results.values() for o in outcomes if o.exception)
    if crashes:
        print("\nEXCEPTIONS from evaluate (type at innermost frame: prompts):")
        for where, n in crashes.most_common():
            by = Counter(t for t, outcomes in results.items() for o in outcomes if o.exception == where)
            print(f"  {where}: {n} ({', '.join(f'{t} {k}' for t, k in by.most_common())})")


def examples() -> None:
    print(f"invented example: {EXAMPLE!r}\n")
    for name, transform in TRANSFORMS.items():
        print(f"{name:16} {transform(EXAMPLE, random.Random(f'{SEED}:example:{name}'))!r}")  # noqa: S311


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--template", default="standard")
    parser.add_argument(
        "--quick", nargs="?", type=int, const=40, default=0, help="N prompts per set, evenly spaced"
    )
    parser.add_argument("--transforms", default="", help="comma-separated subset of: " + ",".join(TRANSFORMS))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--examples", action="store_true", help="show the transforms on an invented sentence")
    args = parser.parse_args()
    if args.examples:
        examples()
        return 0
    transforms = args.transforms.split(",") if args.transforms else list(TRANSFORMS)
    unknown = [t for t in transforms if t not in TRANSFORMS]
    if unknown:
        parser.error(f"unknown transforms: {', '.join(unknown)}")

    import django

    django.setup()
    from policy.decisions import Decision
    from policy.evaluation import evaluate
    from policy.moderators import build_moderators
    from policy.schema import validate_document
    from policy.templates import template

    raw = template(args.template)
    document = validate_document(raw)
    moderators = build_moderators(document)
    runner = Runner(document, moderators, set(raw["categories"]), Decision.ALLOW)
    evaluate(document=document, texts={"prompt": "warm up"}, policy_name="bench", policy_version=None)

    started, started_cpu = time.time(), time.process_time()
    print("# Obfuscation attacks on prompt moderation (bench/moderation_attacks.py)\n")
    print(
        f"template {args.template}, moderators {','.join(document.moderation.moderators)}; sets "
        f"{', '.join(args.set)}{f' ({args.quick} evenly spaced prompts each)' if args.quick else ''}; "
        f"seed {args.seed}; {len(transforms)} transforms; "
        f"started {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}"
    )
    all_rows: list[dict[str, Any]] = []
    all_results: dict[str, list[Outcome]] = {}
    for name in args.set:
        rows, results = run_set(runner, name, transforms, args.seed, args.quick)
        report(f"set {name}", rows, results)
        all_rows += rows
        for transform, outcomes in results.items():
            all_results.setdefault(transform, []).extend(outcomes)
    if len(args.set) > 1:
        report(f"all sets ({', '.join(args.set)})", all_rows, all_results)
    load_average = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(
        f"\n{sum(len(o) for o in all_results.values())} evaluations in {time.time() - started:.0f} s wall, "
        f"{time.process_time() - started_cpu:.0f} s CPU; load average {' '.join(load_average)} "
        f"on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
