"""Text normalisation that defeats the common ways of hiding a word from a blocklist.

`variants(text)` returns the forms the rules moderator matches against, each a string of lowercase
ASCII words separated by single spaces:

- Unicode NFKC (fullwidth and stylised letters), then confusable folding of Cyrillic and Greek
  look-alikes, then diacritics stripped (NFKD without combining marks), then casefold;
- zero-width and soft-hyphen characters removed (`nu\u200bde` is `nude`);
- separators between single letters collapsed (`n.u.d.e`, `n u d e`, `n-u-d-e` are `nude`);
- a second variant with leetspeak read as letters (`p0rn`, `n@k3d`, `$ex`), only inside words that
  also contain a letter, so numbers stay numbers.

Repeated letters (`nuuuude`) are handled by the matcher (each term letter matches one or more).
"""

# ruff: noqa: RUF001 - the confusables table maps look-alike letters on purpose
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
)

# Common Cyrillic and Greek letters that look like Latin ones (after NFKC, before casefolding).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic lower / upper
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q",
        "ԝ": "w", "ɡ": "g", "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
        "С": "c", "Т": "t", "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s",
        # Greek lower / upper
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
        "υ": "u", "χ": "x", "ω": "w", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k",
        "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    }
)  # fmt: skip

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9@$!|+]+")
_EDGE_SYMBOLS = "!|+"
_LETTER = re.compile(r"[a-z]")


def fold_confusables(text: str) -> str:
    """NFKC, zero-width removal and Cyrillic/Greek look-alikes read as Latin letters; case and accents kept
    (the language check counts scripts after this, so a homoglyph-disguised English prompt stays English)."""
    return unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH).translate(_CONFUSABLES)


def fold(text: str) -> str:
    """NFKC, zero-width removal, confusables, diacritics, casefold: one lowercase string."""
    text = fold_confusables(text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.casefold()


def _tokens(folded: str) -> list[tuple[str, str]]:
    """(separator before, token) pairs."""
    tokens = []
    position = 0
    for match in _TOKEN.finditer(folded):
        token = match.group(0).strip(_EDGE_SYMBOLS)
        if token:
            tokens.append((folded[position : match.start()], token))
        position = match.end()
    return tokens


Token = tuple[str, str]  # (separator before, token)


def _join_run(run: list[Token], spaced: bool) -> list[Token]:
    """A run of one-letter tokens joined into one word, which keeps the separator before the run."""
    if len(run) < 3:
        return run
    if spaced and len(run) >= 4 and run[0][1] in ("a", "i"):
        # "a n u d e": the English one-letter word before a spelled-out one stays a word.
        return [run[0], (run[1][0], "".join(token for _, token in run[1:]))]
    return [(run[0][0], "".join(token for _, token in run))]


def _collapse_spelled(tokens: list[Token]) -> list[Token]:
    """Join runs of three or more one-character tokens with the same separator: `n.u.d.e` -> `nude`.

    A run ends where the separator changes, so the article in "a b.o.m.b a day" stays a word."""
    out: list[Token] = []
    run: list[Token] = []
    run_separator = ""
    for separator, token in tokens:
        if len(token) != 1:
            out.extend(_join_run(run, spaced=not run_separator.strip()))
            run = []
            out.append((separator, token))
        elif len(run) == 1 or (run and separator.strip() == run_separator.strip()):
            run_separator = separator if len(run) == 1 else run_separator
            run.append((separator, token))
        elif len(run) == 2:
            # The separator changed after one pair: its second letter starts this run ("a b.o.m.b").
            out.append(run[0])
            run, run_separator = [run[1], (separator, token)], separator
        elif run:
            out.extend(_join_run(run, spaced=not run_separator.strip()))
            run, run_separator = [(separator, token)], ""
        else:
            run = [(separator, token)]
    out.extend(_join_run(run, spaced=not run_separator.strip()))
    return out


def _plain(token: str) -> str:
    return "".join(c for c in token if c.isalnum())


@lru_cache(maxsize=4096)  # a prompt is read by the rules, the semantic moderator and the minors rule
def variants(text: str) -> tuple[str, str]:
    """(plain, leet) forms of `text`; see the module docstring."""
    tokens = [token for _, token in _collapse_spelled(_tokens(fold(text)))]
    plain = " ".join(t for t in (_plain(token) for token in tokens) if t)
    leet = " ".join(
        t
        for t in ((token.translate(_LEET) if _LETTER.search(token) else _plain(token)) for token in tokens)
        if t
    )
    return plain, leet


# Leetspeak: a word with letters and digits or symbols read as letters (`k1ll`, `70rn`, `7h3`, `$ex`),
# unless it is a number with a unit (`1950s`, `4k`, `3d`, `35mm`, `14yo`) or a name with a number
# after its letters (`ak47`, `mp3`, `b52`).
_LEET_CHARACTER = re.compile(r"[0-9@$!|+]")
# Symbols that do not occur inside words of ordinary text (unlike `-`, `'`, `.`, `&`, `/`, and `_`, which
# joins whole words: `kill_the_president` joined would be one unreadable word), and any emoji or other
# pictograph: one of them between letters, with no space, breaks a word apart.
_INNER_SYMBOLS = frozenset("*~^#`")
_NUMBER_WITH_UNIT = re.compile(r"[0-9]+([a-z]+)")
_NAME_WITH_NUMBER = re.compile(r"[a-z]+[0-9]+")
_UNITS = frozenset({
    "s", "k", "d", "p", "x", "m", "g", "l", "v", "w", "mm", "cm", "km", "kg", "mg", "ml", "th", "st",
    "nd", "rd", "yo", "yr", "yrs", "ft", "in", "px", "hp", "fps", "mp", "gb", "tb", "mb", "am", "pm",
    "hz", "bc", "ad", "ce", "bce",
})  # fmt: skip


def _inner_symbols(separator: str) -> bool:
    """A separator of symbols only, no space: inserted into a word to break it (`kit*ten`, `kit🔥ten`)."""
    return bool(separator) and all(
        c in _INNER_SYMBOLS or unicodedata.category(c) in ("So", "Sk", "Mn") for c in separator
    )


def _join_broken(tokens: list[Token]) -> list[Token]:
    """Tokens that symbols inside a word split apart, joined again: `kit*ten` -> `kitten`."""
    out: list[Token] = []
    for separator, token in tokens:
        if out and _inner_symbols(separator):
            out[-1] = (out[-1][0], out[-1][1] + token)
        else:
            out.append((separator, token))
    return out


def _leetspeak(token: str) -> bool:
    if not (_LETTER.search(token) and _LEET_CHARACTER.search(token)) or _NAME_WITH_NUMBER.fullmatch(token):
        return False
    if token.translate(_LEET) == token:  # digits the table does not read as letters (`h2o`)
        return False
    unit = _NUMBER_WITH_UNIT.fullmatch(token)
    return not (unit and unit.group(1) in _UNITS)


@lru_cache(maxsize=4096)
def disguised(text: str) -> bool:
    """Whether `text` hides words: one spelled out letter by letter (`n u d e`, `n.u.d.e`), broken by a
    symbol inside it (`kit*ten`) or written in leetspeak (`k1ll`, `70rn`). Then `undisguised(text)` is
    what it says, and the text as typed is garbled."""
    tokens = _tokens(fold(text))
    return (
        len(_join_broken(tokens)) != len(tokens)
        or len(_collapse_spelled(tokens)) != len(tokens)
        or any(_leetspeak(t) for _, t in tokens)
    )


def undisguised(text: str) -> str:
    """`text` folded (`fold`) with its broken and spelled-out words joined and its leetspeak read as letters,
    and everything else as it was: the punctuation and the words between stay, as an encoder reads them
    best (`variants`' forms keep words only). Numbers and units (`1950s`, `4k`) stay."""
    folded = fold(text)
    words = "".join(
        separator + (token.translate(_LEET) if _leetspeak(token) else token)
        for separator, token in _collapse_spelled(_join_broken(_tokens(folded)))
    )
    tail = folded[max((match.end() for match in _TOKEN.finditer(folded)), default=0) :]
    return words + tail
