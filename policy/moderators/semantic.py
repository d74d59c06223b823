"""The semantic moderator: what a prompt means, not which words it uses.

A calibrated nearest-exemplar scorer over the prompt's MiniLM embedding (`policy.encoder`, ONNX Runtime,
no torch), trained by `python -m policy.train_semantic` on `policy/data/prompts.jsonl`:

- how harmful: a logistic regression (harmful vs benign) and the share of harmful prompts among the 25
  nearest training exemplars (similarity-weighted) vote together, and Platt scaling fitted on the eval
  split (seeds neither saw) turns the vote into a probability that the prompt is harmful. Measured on
  that split, the two together separate better than either alone or than one head per category;
- which category: the categories of the harmful exemplars among those neighbours. The leading category
  gets the probability, the others a share in proportion to their weight (`real_person` at most 0.6:
  see `SCORE_CAP`).

So a score is on the scale the policy's `review_at` / `block_at` mean for every moderator, and a decision
names the nearest exemplars. Leetspeak is read as letters too: when the normalised form differs from the
prompt, both are scored and the higher score counts. The head ships as `policy/data/semantic_head.npz`.

A prompt of six words or fewer is scored by a head of its own (`short_head`, `SHORT_WORDS`): trained on the
data and batches of short prompts (harmless ones, and coded harm beside look-alikes), over its base head's
exemplars and its own. Short prompts are almost absent from the data, and the shipped head flagged
rare one-word prompts ("dirndl", "brutalism"); the short batches added to the one head fixed them but
flagged more look-alikes of ordinary length. Where a tuned encoder ships, the short head's base is the
packaged encoder's head and a short prompt is read by the packaged encoder: the tuned one read short
suggestive prompts at the extremes ("a woman in lingerie posing" blocked, not held).

A prompt padded with style words (a third of its words or more: `policy.style_tags`) is read without them,
as a prompt of its own, also without its style phrases ("in the style of ...") and in its segments as
parts, in place of the prompt as typed; the most harmful of those readings counts. Read as typed, a run of
quality and camera tags diluted a harmful subject until it passed, and moved harmless prompts to where
the head flags them. (The packaged encoder's minors reading, where one ships, reads the prompt as typed.)

A prompt of more than 24 words is also read in parts of up to 20 words (`windows`), each scored like a
prompt and put back on the whole prompts' scale (the head's `part_platt`): a harmful clause hidden in a
long scene is otherwise diluted, or past the encoder's 128 tokens cut off.

Where the encoder is tuned for moderation (`policy.encoder`; shipped), a prompt of more than six words
that names a minor is also read by the packaged encoder with its own head (`semantic_head_packaged.npz`,
`minors_reading`), for the minors rule: zero tolerance keeps whichever reading finds sexual content.
The tuned encoder learnt `sexual/minors` rows as `sexual`, so its head's `sexual/minors` vote for a
prompt that names no minor stands only where the packaged head agrees, and otherwise counts as `sexual`
(`confirmed_minors`). A score of the tuned head below `CONFIDENT`, of a category other than the sexual
ones, is lowered to its mean with the packaged head's reading where that is lower (`_seconded`): most
look-alikes flagged were held on such a score, which the other reader did not share.

Speed (docs/moderation.md): all of a reading's forms go through the encoder in one call per length and the
exemplar search in one product. For a prompt that names a minor, the reading the minors rule asks for next
(the minor written as an adult) is read right after, reusing the forms both share, and answered from
memory; only where the rule will ask (no suggestive wording, not sexual as typed).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from policy import encoder
from policy.exemplar_search import SCALE, ExemplarSearch, JoinedSearch
from policy.language import may_be_foreign
from policy.minors import SEXUAL_FLOOR, as_adult, minor_reference, suggestive_term
from policy.moderators.base import ModeratorError, Scores
from policy.normalise import disguised, fold_confusables, hidden_sentence, turned_back, undisguised, variants
from policy.style_tags import bare_subject, segments, unstyled

HEAD_PATH = Path(__file__).resolve().parents[1] / "data" / "semantic_head.npz"
# The head over the packaged encoder, where the moderation encoder is tuned (`minors_reading`).
PACKAGED_HEAD_PATH = HEAD_PATH.with_name("semantic_head_packaged.npz")
# The head for short prompts (`short_head`): trained with short seeds as well, over the shipped head's
# exemplars and its own.
SHORT_HEAD_PATH = HEAD_PATH.with_name("semantic_head_short.npz")
# The child reading (`child_reading`, trained by `python -m policy.train_child_head`).
CHILD_HEAD_PATH = HEAD_PATH.with_name("child_head.npz")
# A prompt of this many words or fewer (as read: `whole_forms`) is scored by the short head. The data
# holds few prompts this short; the head trained on it flagged one harmless short prompt in six
# ("poncho", "sextant": docs/moderation.md, "A second red team"). The language check's limit for short
# prompts (`policy.language.SHORT_PROMPT_WORDS`) is another rule that happens to be six words too.
SHORT_WORDS = 6
NEIGHBOURS = 25
# Neighbour weight exp(SHARPNESS * cosine) for heads trained now; a head saves its own (heads saved
# before it did used 10). On the eval split 20 separates better: 69% recall at 3% look-alikes, 67% at 10.
SHARPNESS = 20.0
_OLD_SHARPNESS = 10.0
KNN_WEIGHT = 2.0  # the neighbours' vote against the regression's, in logits (heads saved without their own)
_EPS = 0.02
EXPLAIN = 3  # nearest exemplars named in the evidence
EXEMPLAR_SCALE = SCALE  # exemplar embeddings are stored as int8: round(x * 127)
# Whether a named real person is shown deceptively (a fake arrest) or not (a concert photo) turns on
# context the encoder barely separates from the name itself: for this category the semantic moderator
# can hold a prompt for a person to look at (the rules' named-person score), never block it alone.
SCORE_CAP = {"real_person": 0.6}
REMEMBERED = 64  # texts whose scores a moderator keeps (a request's readings; repeats in a batch)
# Where a tuned encoder ships, its head's reading of a category other than the sexual ones stands alone
# from this score up; below it, the packaged encoder's head reads the prompt too, and the lower of the
# tuned score and the two readings' mean counts (`SemanticModerator._seconded`, docs/moderation.md).
CONFIDENT = 0.9
# A long prompt is also read in overlapping parts (`windows`): one harmful clause in a long scene
# otherwise weighs little in the mean-pooled embedding, and past the encoder's 128 tokens not at all.
WINDOW_FROM = 24  # words: a prompt this long or shorter is read whole only
WINDOW_WORDS = 20  # about the length of the training prompts, which is what the head knows
# Reading in parts costs about 1 ms a word (600 words: 0.55 s of one core). A longer prompt is not read
# partly either: the moderator does not answer, and the policy's `moderation.on_error` decides.
MAX_WORDS = 1000
# Words are counted at spaces, and a "word" may be many tokens (a run of dots, tags joined by commas
# without a space): a part the encoder would cut at its `MAX_TOKENS` is read in pieces of PIECE_TOKENS
# tokens, each overlapping the next by half, and a prompt of more than MAX_READ_TOKENS tokens is not read.
PIECE_TOKENS = 32
MAX_READ_TOKENS = 3 * MAX_WORDS
# A part is a fragment, and fragments unlike any prompt the head learnt from (a list of props and lens
# tags) score higher than whole prompts do: a part's probability is scaled again, sigmoid(a * logit + b),
# fitted on long prompts of our own (`policy.train_semantic.part_calibration`), so that a score means the
# same there. Each head saves its own; this is the one of heads saved before they did (fitted over the
# packaged encoder's head).
PART_PLATT = (1.006, -2.387)
_SEXUAL = ("sexual", "sexual/minors")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*")
_CLAUSE = re.compile(r"(?<=[;:,)\]])\s+|\s+(?=\()")


@dataclass(frozen=True)
class Head:
    categories: list[str]  # the harmful categories
    weights: np.ndarray  # (384,) harmful-vs-benign regression, or the network's output layer (hidden,)
    bias: float
    platt: tuple[float, float]  # probability = sigmoid(a * vote + b)
    report_floor: dict[str, float]  # a category's score below its floor is not reported
    exemplars: np.ndarray  # (own, 384) float32, unit length (to int8 precision); after the base's, if any
    exemplar_labels: np.ndarray  # (own,) str: a category or "benign", of `exemplars`
    # A harmful exemplar's weight in the neighbours' vote against a benign one's: training's class
    # weights, so that the vote, like the regression, does not move with the batches' sizes.
    harmful_weight: float = 1.0
    sharpness: float = SHARPNESS
    # A network's hidden ReLU layer ((384, hidden) and (hidden,)) under `weights`; None: a regression.
    hidden_weights: np.ndarray | None = None
    hidden_bias: np.ndarray | None = None
    knn_weight: float = KNN_WEIGHT  # the neighbours' vote against the regression's or network's, in logits
    part_platt: tuple[float, float] = PART_PLATT  # a part's probability = sigmoid(a * logit(p) + b)
    # A head whose exemplars come before this one's own (`exemplars` are then only the extra ones): the
    # short head's are the shipped head's and its own, searched without a second copy.
    base: Head | None = field(default=None, repr=False)
    # Whether the head reads the packaged encoder's embeddings (`packaged_head`, and the short head over
    # it) rather than the moderation encoder's.
    packaged: bool = False
    digest: str = ""  # `exemplar_digest` of the head as loaded: a head trained over it records it
    # Over all n exemplars: the base's first, then the own ones.
    labels: np.ndarray = field(init=False, repr=False)  # (n,) each exemplar's label
    harmful: np.ndarray = field(init=False, repr=False)  # (n,) 1.0 where the exemplar is harmful
    class_weight: np.ndarray = field(init=False, repr=False)  # (n,) harmful_weight or 1.0
    search: ExemplarSearch | JoinedSearch = field(init=False, repr=False)  # nearest-neighbour search

    def __post_init__(self) -> None:
        own = ExemplarSearch(self.exemplars)
        if self.base is None:
            labels, search = self.exemplar_labels, own
        else:
            labels = np.concatenate([self.base.labels, self.exemplar_labels])
            search = JoinedSearch(self.base.search, own)
        harmful = (labels != "benign").astype(np.float32)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "harmful", harmful)
        object.__setattr__(
            self, "class_weight", np.where(harmful > 0, self.harmful_weight, 1.0).astype(np.float32)
        )
        object.__setattr__(self, "search", search)


@cache
def head() -> Head:
    """The head over the moderation encoder."""
    return _load(HEAD_PATH)


@cache
def packaged_head() -> Head | None:
    """The head over the packaged encoder (`minors_reading`); None where none ships (one encoder)."""
    return _load(PACKAGED_HEAD_PATH, packaged=True) if PACKAGED_HEAD_PATH.exists() else None


@dataclass(frozen=True)
class ChildHead:
    """Child vs adult over the moderation encoder's embedding of a whole prompt (`child_reading`)."""

    weights: np.ndarray
    bias: float
    threshold: float


@cache
def child_head() -> ChildHead | None:
    """The child reading's head; None where none ships (the minors rule then reads words alone)."""
    if not CHILD_HEAD_PATH.exists():
        return None
    with np.load(CHILD_HEAD_PATH) as saved:
        return ChildHead(saved["weights"], float(saved["bias"]), float(saved["threshold"]))


def short_head() -> Head:
    """The head for prompts of `SHORT_WORDS` words or fewer: trained on the data and the short seeds
    (`python -m policy.train_semantic --short`), its exemplars its base's followed by its own. Its base is
    the packaged encoder's head where a tuned encoder ships (`packaged_head`: a short prompt is read by
    the packaged encoder, which the tuned one reads no better there; docs/moderation.md), otherwise the
    shipped head (`head()`); as loaded now: loaded again, it is read again."""
    base = packaged_head() or head()
    with _short_lock:
        if _short.get("head") is None or _short["head"].base is not base:
            _short["head"] = _load(SHORT_HEAD_PATH, base=base)
        return _short["head"]


_short_lock = threading.Lock()
_short: dict[str, Head] = {}  # "head": the short head over the shipped head loaded last


def is_short(form: str) -> bool:
    """Whether a prompt read as `form` (its first `whole_forms`) is scored by `short_head`: up to
    `SHORT_WORDS` words, unless they may be another language's (`policy.language.may_be_foreign`). Such a
    prompt is the shipped head's: read by the first short head, which had learnt that rare short prompts
    are mostly harmless, 10 of 150 more short harmful prompts in other languages that langid was not
    sure of passed, one `sexual/minors` among them (docs/moderation.md)."""
    return len(form.split()) <= SHORT_WORDS and not may_be_foreign(form)


def _load(path: Path, base: Head | None = None, packaged: bool = False) -> Head:
    if not path.exists():
        command = "python -m policy.train_semantic" + (" --short" if base is not None else "")
        raise ModeratorError(f"the semantic head {path.name} is missing: run {command}")
    data = np.load(path)
    if base is not None and ("base_digest" not in data.files or str(data["base_digest"]) != base.digest):
        raise ModeratorError(
            f"{path.name} was trained over another head than the one it loads over: "
            "run python -m policy.train_semantic --short"
        )
    categories = [str(c) for c in data["categories"]]
    return Head(
        categories=categories,
        weights=data["weights"].astype(np.float32),
        bias=float(data["bias"]),
        platt=(float(data["platt"][0]), float(data["platt"][1])),
        report_floor=dict(zip(categories, map(float, data["report_floor"]), strict=True)),
        # Row-major: the search scores again only the rows its int8 product cannot rule out.
        exemplars=data["exemplars"].astype(np.float32) / EXEMPLAR_SCALE,
        exemplar_labels=data["exemplar_labels"].astype(str),
        # Heads trained before class weights have none: every exemplar counts the same.
        harmful_weight=float(data["harmful_weight"]) if "harmful_weight" in data.files else 1.0,
        sharpness=float(data["sharpness"]) if "sharpness" in data.files else _OLD_SHARPNESS,
        hidden_weights=data["hidden_weights"].astype(np.float32) if "hidden_weights" in data.files else None,
        hidden_bias=data["hidden_bias"].astype(np.float32) if "hidden_bias" in data.files else None,
        knn_weight=float(data["knn_weight"]) if "knn_weight" in data.files else KNN_WEIGHT,
        # The short head's parts are on its base's scale: it reads prompts of up to six words, and a part
        # of its own only among a styled prompt's segments.
        part_platt=(
            base.part_platt
            if base is not None
            else (float(data["part_platt"][0]), float(data["part_platt"][1]))
            if "part_platt" in data.files
            else PART_PLATT
        ),
        base=base,
        packaged=base.packaged if base is not None else packaged,
        digest=exemplar_digest(data["exemplars"], data["exemplar_labels"].astype(str)),
    )


def exemplar_digest(codes: np.ndarray, labels: np.ndarray) -> str:
    """sha256 of a head's int8 exemplar codes and labels. The short head records its base's, and loads only
    over that one: a shipped head fitted again (another encoder, the same data) has as many exemplars."""
    digest = hashlib.sha256(np.ascontiguousarray(codes, dtype=np.int8).tobytes())
    digest.update("\n".join(labels.tolist()).encode())
    return digest.hexdigest()


def model_inputs(text: str) -> list[str]:
    """The forms the head learns from (`policy.train_semantic`): the prompt as typed, and its
    leetspeak-undone form when that differs. Its exemplars keep obfuscated prompts as they were typed;
    the moderator reads a prompt in `scored_forms`."""
    plain, leet = variants(text)
    return [text] if leet == plain else [text, leet]


def scored_forms(text: str) -> list[str]:
    """The forms the moderator reads to score a prompt; the one that looks most harmful counts.

    - The prompt with look-alike characters read as the letters they imitate (`fold_confusables`:
      NFKC, invisible characters, look-alike letters of other scripts, squared and regional indicator
      letters, upside-down words; emoji for a child or for sex as words). The encoder's tokenizer knows none
      of fullwidth (an East Asian keyboard's Latin), mathematical bold or script letters, or
      look-alikes: read as typed, such a prompt was unknown tokens, which the head scored as harmful
      whatever it said (a kitten, fullwidth: `self-harm` 0.98). An ASCII prompt is its own folded form.
    - A prompt that hides words (`policy.normalise.disguised`: spelled out letter by letter, `n.u.d.e`,
      `k i t t e n`, broken by a symbol, `kit*ten`, split by a space, `kitt en`, or leetspeak, `k1ll`)
      is read only with them undone (`undisguised`, punctuation and the other words as typed): as typed
      it is garbled, and garbled text read as harmful whatever it said (a kitten in leetspeak or spelled
      out: flagged nearly always; benign prompts with every word split by a space: 86%).
    - A prompt with words written backwards (`policy.normalise.turned_back`: `ydob dekan`) is read only
      with them turned back: as typed, backwards words are garbled text too (a harmless prompt written
      backwards read as `illicit` 0.99).
    - Otherwise the prompt as typed, and where `variants` read digits as leetspeak ("a 1950s poster",
      no disguise) that form too.
    - A long prompt's parts too (`windows` of the first form), and the text that tag characters hide
      (`policy.normalise.hidden_text`) as a part of its own: read in place, a hidden sentence was
      diluted by the prompt shown around it."""
    whole = whole_forms(text)
    return [*whole, *read_parts(text, whole[0])]


def read_parts(text: str, first_form: str) -> list[str]:
    """The parts of `text` read on the parts' scale (`part_probability`): `windows` of its first form and
    the text its tag characters hide, when it is a sentence (`policy.normalise.hidden_sentence`)."""
    found = windows(first_form)
    hidden = hidden_sentence(text)
    return [*found, hidden] if hidden and hidden not in found else found


def whole_forms(text: str) -> list[str]:
    """`scored_forms` without the parts; each `_loosened` where the encoder would cut it."""
    return [_loosened(form) for form in _forms(text)]


def _forms(text: str) -> list[str]:
    if disguised(text):
        return [undisguised(text)]
    if (turned := turned_back(text)) is not None:
        return [turned]
    plain, leet = variants(text)
    typed = fold_confusables(text)
    return [typed] if leet == plain else [typed, leet]


_PUNCTUATION_RUN = re.compile(r"([^\w\s])\1{3,}")
_JOIN = re.compile(r"(?<=\w)([^\w\s]+)(?=\w)")


def _loosened(form: str) -> str:
    """A form the encoder would cut at `encoder.MAX_TOKENS`, with the padding that made it long undone: a
    run of four or more of one punctuation mark is one mark, and a word of five or more pieces joined by
    punctuation ("a,cat,on,a,porch") is its pieces, spaced. Counted at spaces, such a prompt was a few
    words, so it was read whole, and what followed the encoder's cut was never read; the loosened prompt is
    read in parts (`windows`) as any long prompt is. A form the encoder reads whole is left as typed."""
    if encoder.token_count(form) <= encoder.MAX_TOKENS:
        return form
    form = _PUNCTUATION_RUN.sub(r"\1", form)
    return " ".join(
        _JOIN.sub(r"\1 ", word) if len(_JOIN.findall(word)) >= 4 else word for word in form.split(" ")
    )


def windows(text: str) -> list[str]:
    """A long prompt's parts of at most `WINDOW_WORDS` words: its sentences (short ones that follow
    each other read together), and a sentence longer than that in parts cut at clause boundaries, each
    starting with the last clause of the one before, so that any two neighbouring clauses are read
    together somewhere. The parts encode every word once more, and the overlap again (about 1.3x).

    Read whole, a harmful clause after a paragraph of scenery and camera tags ("... a cat sleeping on a
    porch, 50mm f1.4, HDR. A banner across the street reads: <a call to kill>") moves the mean-pooled
    embedding too little to be seen, and past `encoder.MAX_TOKENS` it is cut off unread. Read in parts,
    it is a prompt of the length the head learnt from. A prompt of `WINDOW_FROM` words or fewer: none,
    unless the encoder would cut it; and any part the encoder would cut is read in pieces (`_pieces`)."""
    if len(text.split()) <= WINDOW_FROM:
        return _pieces(text)
    return [piece for part in _word_windows(text) for piece in _pieces(part) or [part]]


def _pieces(text: str) -> list[str]:
    """`text` in overlapping pieces of `PIECE_TOKENS` tokens when the encoder would cut it (read whole,
    what follows its first `encoder.MAX_TOKENS` tokens was never read: 120 dots before a clause hid it);
    else none."""
    if encoder.token_count(text) <= encoder.MAX_TOKENS:
        return []
    return encoder.spans(text, PIECE_TOKENS, PIECE_TOKENS // 2)


def _word_windows(text: str) -> list[str]:
    """`windows` at words: sentences and clauses."""
    parts: list[str] = []
    run: list[str] = []  # short sentences in a row
    for sentence in _SENTENCE.split(text):
        words = sentence.split()
        if run and (not words or len(run) + len(words) > WINDOW_WORDS):
            parts.append(" ".join(run))
            run = []
        if len(words) > WINDOW_WORDS:
            parts += _clause_windows(sentence)
        else:
            run += words
    return [*parts, " ".join(run)] if run else parts


def _clause_windows(sentence: str) -> list[str]:
    """`windows` of one sentence longer than a part."""
    units: list[list[str]] = []
    for clause in _CLAUSE.split(sentence):
        words = clause.split()
        # A clause longer than half a part is cut in halves of parts, so that parts overlap it.
        step = WINDOW_WORDS // 2
        units += [words[i : i + step] for i in range(0, len(words), step) if words[i : i + step]]
    parts: list[str] = []
    start = 0
    while True:
        end, size = start + 1, len(units[start])
        while end < len(units) and size + len(units[end]) <= WINDOW_WORDS:
            size += len(units[end])
            end += 1
        if end == len(units) and parts:
            # The last part ends the sentence and reaches back to half a part at least: a few words
            # alone ("8k, editorial photography.") are a fragment the head never learnt from.
            while start > 0 and size < WINDOW_WORDS // 2 and size + len(units[start - 1]) <= WINDOW_WORDS:
                start -= 1
                size += len(units[start])
        parts.append(" ".join(word for unit in units[start:end] for word in unit))
        if end == len(units):
            return parts
        start = max(end - 1, start + 1)


def neighbours(embeddings: np.ndarray, model: Head) -> tuple[np.ndarray, np.ndarray]:
    """(indices, weights) of each embedding's nearest exemplars, nearest first."""
    index, similarity = model.search.nearest(embeddings, NEIGHBOURS)
    return index, np.exp(model.sharpness * similarity)


def vote(
    embeddings: np.ndarray, model: Head, near: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """(n,) uncalibrated harmfulness: the regression's or network's logit plus the neighbours' harmful
    share as a logit."""
    return learnt_logit(embeddings, model) + model.knn_weight * neighbours_logit(embeddings, model, near)


def learnt_logit(embeddings: np.ndarray, model: Head) -> np.ndarray:
    """(n,) the regression's logit, or the network's where the head has a hidden layer."""
    if model.hidden_weights is None or model.hidden_bias is None:
        return embeddings @ model.weights + model.bias
    return np.maximum(embeddings @ model.hidden_weights + model.hidden_bias, 0.0) @ model.weights + model.bias


def neighbours_logit(
    embeddings: np.ndarray, model: Head, near: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """(n,) the harmful share of the nearest exemplars' weight, as a logit."""
    index, weight = near if near is not None else neighbours(embeddings, model)
    weight = weight * model.class_weight[index]
    share = (model.harmful[index] * weight).sum(axis=1) / weight.sum(axis=1)
    return np.log((share + _EPS) / (1 + _EPS - share))


def harmful_probability(
    embeddings: np.ndarray, model: Head, near: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    a, b = model.platt
    return 1.0 / (1.0 + np.exp(-(a * vote(embeddings, model, near) + b)))


class SemanticModerator:
    name = "semantic"

    def __init__(
        self,
        model: Head | None = None,
        *,
        read_ahead: bool = True,
        recent: encoder.Recent | None = None,
    ) -> None:
        self._model = model  # None: the shipped head (training passes the head it is making)
        # Whether a prompt that names a minor has its adult reading read with it (the minors rule asks
        # for it next); not by the second reader (`_second_reader`), which the rule never asks.
        self._read_ahead = read_ahead
        self._remembered: OrderedDict[str, Scores] = OrderedDict()
        # The embeddings made lately, shared with the readers this one asks (`_second_reader`, a short
        # head's base): a form one evaluation reads twice is encoded once.
        self._recent = encoder.Recent() if recent is None else recent
        self._lock = threading.Lock()
        self._second: SemanticModerator | None = None  # `_second_reader`

    @property
    def categories(self) -> list[str]:
        """The categories it scores (an ambiguous term of another category is not its to judge)."""
        return (self._model or head()).categories

    def score(self, text: str) -> Scores:
        with self._lock:
            remembered = self._remembered.get(text)
        if remembered is not None:
            return dict(remembered)
        if (words := len(text.split())) > MAX_WORDS:
            raise ModeratorError(
                f"the prompt is {words} words long; the semantic moderator reads prompts of up to "
                f"{MAX_WORDS} words: shorten it"
            )
        if (tokens := encoder.token_count(text)) > MAX_READ_TOKENS:
            raise ModeratorError(
                f"the prompt is {tokens} tokens long; the semantic moderator reads prompts of up to "
                f"{MAX_READ_TOKENS} tokens: shorten it (runs of punctuation or symbols count one token each)"
            )
        if (core := unstyled(text)) is not None:
            # A prompt padded with style words is read without them (`policy.style_tags`), as a prompt of
            # its own (so by the head its length calls for): they say how an image looks, not what it shows,
            # and the head learnt from prompts with a tag or two. Read as typed, a run of them diluted a
            # harmful subject until it passed, and moved harmless prompts to where the head flags them.
            # Without its style phrases too ("in the style of ..."), and each of its segments as a part: style
            # words the list lacks are left, and a subject among them is diluted still. The most harmful
            # reading counts.
            result: Scores = {}
            bare = bare_subject(text)
            readings = [(core, False), *([(bare, False)] if bare else [])]
            # The segments of the bare subject where there is one: a style phrase ("by <an artist>") read
            # as a part is a fragment, and the first reading has read it.
            readings += [(segment, True) for segment in segments(bare or core)]
            for reading, part in readings:
                scale = self._model or self._head_for(whole_forms(reading)[0])
                for category, (score, evidence) in self.score(reading).items():
                    if part:
                        score = float(part_probability(np.array([score]), scale)[0])
                    if score > result.get(category, (0.0, ""))[0]:
                        how = f"in the part {reading!r}" if part else f"as {reading!r}"
                        result[category] = (score, f"{evidence}; read without style words {how}")
            self._remember([(text, result)])
            return dict(result)
        if self._model is None and packaged_head() is not None and not encoder.has_packaged():
            # Heads for a tuned encoder over an export made before it: the tuned head would read the
            # packaged encoder's embeddings, and score them without a word of warning.
            raise ModeratorError(
                "the prompt encoder was exported without the tuned layers the semantic heads need: "
                "run python -m policy.build_encoder --force (make install does)"
            )
        whole = whole_forms(text)
        model = self._model or self._head_for(whole[0])
        parts = read_parts(text, whole[0])
        names_minor = bool(minor_reference(text))
        result = self._confirmed(model, text, self._read(model, text, whole, parts), names_minor)
        result = self._seconded(model, text, result)
        self._remember([(text, result)])
        sexual = max(result.get(category, (0.0, ""))[0] for category in _SEXUAL)
        if self._read_ahead and names_minor and sexual < SEXUAL_FLOOR and not suggestive_term(text):
            # The minors rule (`policy.evaluation`) asks next how this text reads with the minor written
            # as an adult: read that now, with this reading's model and the embeddings already made, and
            # answer the question from memory. Not where the rule never asks: the text reads as sexual
            # already, or its sexual or suggestive wording decides (docs/moderation.md, "Where a
            # prompt's time goes"). The adult reading's parts are its own (`read_parts`: written as an
            # adult, a long prompt has other words, so other windows); the forms it shares with this
            # reading are not encoded again. Only where the shipped head reads it and would read it
            # alone: the short head's `sexual/minors` vote is confirmed only for the prompt asked about,
            # and the adult reading's own head may be the other one ("a 16 year old ..." read as "a
            # person ..."). Otherwise it is scored on its own when asked: a text's score never depends on
            # what was read first (to the encoder's float precision: a form encoded in another batch).
            adult = as_adult(text)
            adult_whole = whole_forms(adult)
            if self._model is not None or (model is head() and self._head_for(adult_whole[0]) is model):
                read = self._read(model, adult, adult_whole, read_parts(adult, adult_whole[0]))
                read = self._confirmed(model, adult, read, bool(minor_reference(adult)))
                self._remember([(adult, self._seconded(model, adult, read))])
        return dict(result)

    def _confirmed(self, model: Head, text: str, result: Scores, names_minor: bool) -> Scores:
        """`result` with a `sexual/minors` vote for a text that names no minor confirmed by another reading
        (`confirmed_minors`): the short head's by its base head (its short coded-harm seeds put "a nude
        figure" among them), the tuned encoder's by the packaged one. A moderator given its head (training,
        benches) reads with that head alone."""
        if self._model is not None or names_minor or "sexual/minors" not in result:
            return result
        if model.base is not None:
            base = SemanticModerator(model.base, recent=self._recent)
            result = confirmed_minors(result, [base.score(text)])
        if not model.packaged:
            result = confirmed_minors(result, self._packaged([text]))
        return result

    def _seconded(self, model: Head, text: str, result: Scores) -> Scores:
        """`result` with each score the tuned encoder's head is not confident of (below `CONFIDENT`, of a
        category other than `sexual` and `sexual/minors`) lowered to its mean with the packaged encoder's
        reading of the prompt (the highest score that head reports; 0 where it reports none), where that
        reading is the lower. The tuned head catches more harmful prompts, and flags more harmless ones
        of kinds nobody wrote data for; where the other reader finds nothing, its hold rests on less.
        A confident score stands, and the sexual categories are the minors rule's evidence (zero
        tolerance): neither is lowered. A moderator given its head (training, benches), the packaged
        heads' own readings and a single encoder keep their scores."""
        if self._model is not None or model.packaged or (packaged := packaged_head()) is None:
            return result
        unsure = [c for c, (score, _) in result.items() if c not in _SEXUAL and score < CONFIDENT]
        if not unsure:
            return result
        second = self._second_reader(packaged).score(text)
        other = max((score for score, _ in second.values()), default=0.0)
        seconded = dict(result)
        for category in unsure:
            score, evidence = result[category]
            if other < score:
                seconded[category] = (
                    (score + other) / 2,
                    f"{evidence}; mean with the packaged encoder's reading, {other:.2f}",
                )
        return seconded

    def _second_reader(self, packaged: Head) -> SemanticModerator:
        """The packaged encoder's head as a moderator of its own, kept with its memory of the texts read."""
        with self._lock:
            if self._second is None or self._second._model is not packaged:
                self._second = SemanticModerator(packaged, read_ahead=False, recent=self._recent)
            return self._second

    def _read(self, model: Head, text: str, whole: list[str], parts: list[str]) -> Scores:
        """One reading's scores: its whole forms and its parts (a long prompt's), encoded in one call but
        for the forms encoded lately (`encoder.Recent`)."""
        encoded = list(dict.fromkeys([*whole, *parts]))
        embeddings = self._embed(encoded, packaged=model.packaged)
        near = neighbours(embeddings, model)
        probability = harmful_probability(embeddings, model, near)
        part_rows = {encoded.index(part) for part in parts}
        if part_rows:
            probability[list(part_rows)] = part_probability(probability[list(part_rows)], model)
        # A prompt read turned back says so: its evidence quotes what was read.
        turned = {encoded.index(whole[0])} if whole[0] == turned_back(text) else set()
        return _scores(model, encoded, list(range(len(encoded))), probability, near, part_rows, turned)

    def _embed(self, forms: list[str], *, packaged: bool) -> np.ndarray:
        try:
            return self._recent.embed(forms, packaged=packaged)
        except encoder.EncoderMissing as exc:
            raise ModeratorError(str(exc)) from exc

    def _remember(self, scored: list[tuple[str, Scores]]) -> None:
        with self._lock:
            for text, scores in scored:
                self._remembered[text] = scores
                self._remembered.move_to_end(text)
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)

    @staticmethod
    def _head_for(form: str) -> Head:
        """The head that scores a prompt read as `form` (its first `whole_forms`)."""
        return short_head() if is_short(form) else head()

    def minors_reading(self, text: str) -> tuple[float, str] | None:
        """The packaged encoder's sexual reading of `text` and of it with the minor written as an adult
        (`as_adult`): the higher score (`sexual`, or `sexual/minors` where its head reports that) with its
        evidence. None where one encoder scores everything (no `packaged_head`), or where both are short
        prompts, which the packaged encoder has read already (`short_head`).

        The minors rule (`policy.evaluation`) asks for it when the moderation encoder reads neither as
        sexual enough: tuning that encoder for the categories weakened its sexual reading of some prompts
        that name a minor (docs/moderation.md), and zero tolerance keeps the reading that finds more."""
        if packaged_head() is None:
            return None
        readings = [
            reading
            for reading in dict.fromkeys([text, as_adult(text)])
            if self._model is not None or not self._head_for(whole_forms(reading)[0]).packaged
        ]
        packaged = self._packaged(readings) if readings else None
        if packaged is None:
            return None
        best: tuple[float, str] | None = None
        for reading, scores in zip(readings, packaged, strict=True):
            read_as = "" if reading == text else f"read as {reading!r}: "
            for category in _SEXUAL:
                if category in scores and (best is None or scores[category][0] > best[0]):
                    score, evidence = scores[category]
                    best = (score, f"packaged encoder, {read_as}{category}: {evidence}")
        return best

    def child_reading(self, text: str) -> tuple[float, float, str] | None:
        """Whether `text` shows a person under 18, read by meaning (`policy.train_child_head`): the child
        head's probability of the prompt read whole (its first `whole_forms`, by the moderation encoder:
        encoded already when the shipped head scored it; a short or style-padded prompt's costs one more
        encoder call), the head's threshold and the evidence; None where no child head ships. The
        encoder reads a prompt's first 128 tokens: a child described past them is not read (measured, and
        the reading of windows that would was not shipped: docs/moderation.md).

        The minors rule (`policy.evaluation`) asks for it only where its words find no minor and the
        text is sexual: a reference of a kind no list taught the rule ("a girl whose mum still signs her
        reading log") is read as the child it describes."""
        model = child_head()
        if model is None:
            return None
        form = whole_forms(text)[0]
        embedding = self._embed([form], packaged=False)[0]
        probability = float(1.0 / (1.0 + np.exp(-(float(embedding @ model.weights) + model.bias))))
        return probability, model.threshold, f"child reading {probability:.2f} of {form!r}"

    def _packaged(self, readings: list[str]) -> list[Scores] | None:
        """Each reading's scores by the packaged encoder and its head, in one encoder call; None where none
        ships."""
        model = packaged_head()
        if model is None:
            return None
        whole = {form for reading in readings for form in whole_forms(reading)}
        forms = [scored_forms(reading) for reading in readings]
        encoded = list(dict.fromkeys(form for reading_forms in forms for form in reading_forms))
        embeddings = self._embed(encoded, packaged=True)
        near = neighbours(embeddings, model)
        probability = harmful_probability(embeddings, model, near)
        parts = {row for row, form in enumerate(encoded) if form not in whole}
        if parts:
            probability[list(parts)] = part_probability(probability[list(parts)], model)
        return [
            _scores(model, encoded, [encoded.index(form) for form in reading_forms], probability, near, parts)
            for reading_forms in forms
        ]


def confirmed_minors(scores: Scores, packaged: list[Scores] | None) -> Scores:
    """`scores` with a `sexual/minors` vote another reading does not confirm counted as `sexual`.

    The tuned encoder learnt `sexual/minors` rows as `sexual` (`policy.tune_encoder.TUNING_LABELS`), so
    its head's neighbours' vote can name `sexual/minors` for a prompt about adults ("a woman in
    lingerie"); the short head's, among its short coded-harm seeds, for "a nude figure". For a prompt that
    names no minor (the minors rule finds none), that vote stands only where the other reading
    (`packaged`: the packaged encoder's head, or for the short head the shipped head; None where there is
    none) also reports `sexual/minors`; otherwise its score counts as `sexual`, which the policy still
    reviews or blocks at that category's thresholds (measured in docs/moderation.md)."""
    if packaged is None or "sexual/minors" not in scores or "sexual/minors" in packaged[0]:
        return scores
    scores = dict(scores)
    score, evidence = scores.pop("sexual/minors")
    if score > scores.get("sexual", (0.0, ""))[0]:
        scores["sexual"] = (score, f"{evidence} (counted as sexual: no minor named)")
    return scores


def part_probability(probability: np.ndarray, model: Head | None = None) -> np.ndarray:
    """A part's p(harmful) on the whole prompts' scale (`model`'s `part_platt`; the shipped head's where
    none is given)."""
    a, b = (model or head()).part_platt
    p = np.clip(probability, 1e-6, 1 - 1e-6)
    return (1.0 / (1.0 + np.exp(-(a * np.log(p / (1 - p)) + b)))).astype(probability.dtype)


def _scores(
    model: Head,
    encoded: list[str],
    rows: list[int],
    probability: np.ndarray,
    near: tuple[np.ndarray, np.ndarray],
    parts: set[int],
    turned: frozenset[int] | set[int] = frozenset(),
) -> Scores:
    """One reading's scores from its forms' rows: the form that looks most harmful counts, and where
    that is a part of a long prompt (in `parts`) or a prompt read turned back (in `turned`) the evidence
    quotes it."""
    form = rows[int(probability[rows].argmax())]
    p = float(probability[form])
    labels, weight = model.labels[near[0][form]], near[1][form]
    by_category = {c: float(weight[labels == c].sum()) for c in model.categories}
    top = max(by_category.values())
    nearest = ", ".join(labels[:EXPLAIN])
    if form in parts:
        nearest += f"; read in the part {encoded[form]!r}"
    elif form in turned:
        nearest += f"; read turned back as {encoded[form]!r}"
    scores: Scores = {}
    for category, category_weight in by_category.items():
        if top <= 0 or category_weight <= 0:
            continue
        score = min(p * category_weight / top, SCORE_CAP.get(category, 1.0))
        if score >= model.report_floor[category]:
            share = category_weight / float(weight.sum())
            scores[category] = (
                score,
                f"semantic p(harmful)={p:.2f}, {share:.0%} of the neighbours' weight is {category}; "
                f"nearest exemplars: {nearest}",
            )
    return scores
