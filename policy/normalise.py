"""Text normalisation that defeats the common ways of hiding a word from a blocklist.

`variants(text)` returns the forms the rules moderator matches against, each a string of lowercase
ASCII words separated by single spaces:

- Unicode NFKC (fullwidth and stylised letters), then confusable folding of look-alike letters
  (Cyrillic, Greek, Armenian, Cherokee and Lisu ones; squared, circled and regional indicator letters;
  small capitals; words written upside down), then diacritics stripped (NFKD without combining marks;
  letters whose mark is part of them read as their Latin letters: "ø", "ł", "æ"), then casefold;
- invisible characters removed (zero-width, soft hyphen, bidirectional controls, variation selectors:
  `nu\u200bde` is `nude`);
- emoji that stand for a child, for sex, for a weapon, a wound, death or a drug, and faiths' symbols, read
  as words (`EMOJI_WORDS`: 👧 is "young girl", 🔞 "nsfw", 🔪 "knife");
- separators between single letters collapsed (`n.u.d.e`, `n u d e`, `n-u-d-e` are `nude`);
- a second variant with leetspeak read as letters (`p0rn`, `n@k3d`, `$ex`), only inside words that
  also contain a letter, so numbers stay numbers.

Repeated letters (`nuuuude`) are handled by the matcher (each term letter matches one or more).

`without_filler(text)` is a prompt with a word interleaved to dilute it ("a flower how-to flower poster
flower showing ...") with that word taken out: the moderators read that view too (`policy.evaluation`).

`disguised(text)` / `undisguised(text)` are the semantic moderator's reading of a prompt that hides words:
besides the above, a symbol inside a word (`kit*ten`; between two whole words, `a*big*dog`, it is read as
a space) and a space inside one (`kitt en`, `ph oto`; never two words, `pen is`) are undone there.
The rules' variants keep words split by a space as they are.
"""

# ruff: noqa: RUF001, RUF003 - the confusables table maps look-alike letters on purpose
from __future__ import annotations

import json
import re
import string
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from foundation.text import INVISIBLE_RANGES

# Every invisible character (`foundation.text.INVISIBLE_RANGES`: zero-width, soft hyphen, bidirectional
# controls, variation selectors), removed: one inside a word splits it for the term lists. Tag characters
# are read as the text they spell (`_spelled_tags`).
ZERO_WIDTH = dict.fromkeys(code for first, last in INVISIBLE_RANGES for code in range(first, last + 1))

# Letters that look like Latin ones (after NFKC, before casefolding), from Unicode's confusables
# (UTS #39, confusables.txt) where it lists them: common Cyrillic and Greek ones, Armenian, Cherokee and
# Lisu ones.
_LOOK_ALIKES = {
    # Cyrillic lower / upper
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q",
    "ԝ": "w", "ɡ": "g", "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
    "С": "c", "Т": "t", "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s", "ӏ": "l", "Ӏ": "l",
    # Greek lower / upper
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i",
    "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    # Armenian lower / upper (ժ is not in confusables.txt; it passes for a d: "ոakeժ")
    "ա": "w", "գ": "q", "զ": "q", "հ": "h", "ո": "n", "ռ": "n", "ս": "u", "ց": "g", "ք": "f", "օ": "o",
    "ժ": "d", "Ս": "u", "Տ": "s", "Օ": "o",
    # Cherokee (capitals; their small letters below)
    "Ꭰ": "d", "Ꭱ": "r", "Ꭲ": "t", "Ꭵ": "i", "Ꭹ": "y", "Ꭺ": "a", "Ꭻ": "j", "Ꭼ": "e", "Ꮃ": "w", "Ꮇ": "m",
    "Ꮋ": "h", "Ꮍ": "y", "Ꮐ": "g", "Ꮒ": "h", "Ꮓ": "z", "Ꮟ": "b", "Ꮢ": "r", "Ꮤ": "w", "Ꮥ": "s", "Ꮩ": "v",
    "Ꮪ": "s", "Ꮮ": "l", "Ꮯ": "c", "Ꮲ": "p", "Ꮶ": "k", "Ꮷ": "d", "Ᏻ": "g", "Ᏼ": "b",
    # Lisu (ꓲ is a capital I)
    "ꓐ": "b", "ꓑ": "p", "ꓒ": "d", "ꓓ": "d", "ꓔ": "t", "ꓖ": "g", "ꓗ": "k", "ꓙ": "j", "ꓚ": "c", "ꓜ": "z",
    "ꓝ": "f", "ꓟ": "m", "ꓠ": "n", "ꓡ": "l", "ꓢ": "s", "ꓣ": "r", "ꓦ": "v", "ꓧ": "h", "ꓪ": "w", "ꓫ": "x",
    "ꓬ": "y", "ꓮ": "a", "ꓰ": "e", "ꓲ": "i", "ꓳ": "o", "ꓴ": "u",
}  # fmt: skip
_LOOK_ALIKES |= {
    cherokee.lower(): latin for cherokee, latin in _LOOK_ALIKES.items() if "Ꭰ" <= cherokee <= "Ᏼ"
}
# Letters that NFKC leaves alone and whose Unicode name says which Latin letter they show: the squared,
# circled and negative ones of the Enclosed Alphanumeric Supplement (🅰, 🆂), regional indicator symbols
# (🇸, a flag's halves: 🇺🇸 is "us") and small capitals (ᴀ).
_NAMED_LETTER = re.compile(
    r"(?:NEGATIVE )?(?:SQUARED|CIRCLED) LATIN CAPITAL LETTER ([A-Z])|REGIONAL INDICATOR SYMBOL LETTER ([A-Z])"
    r"|LATIN LETTER SMALL CAPITAL ([A-Z])"
)
_NAMED_BLOCKS = ((0x1F100, 0x1F1FF), (0x0250, 0x02AF), (0x1D00, 0x1D7F), (0xA720, 0xA7FF))


def _named_letters() -> dict[str, str]:
    letters = {}
    for first, last in _NAMED_BLOCKS:
        for code in range(first, last + 1):
            if match := _NAMED_LETTER.fullmatch(unicodedata.name(chr(code), "")):
                letters[chr(code)] = "".join(match.groups(default="")).lower()
    return letters


_CONFUSABLES = str.maketrans(_LOOK_ALIKES | _named_letters())

# Letters that pass for Latin ones but are too common in their own language to fold everywhere (folded,
# "собака бежит по снегу" reads as Latin letters, and Russian as English): read so only in a word that
# has a Latin letter typed as such ("cօсαiпe", "ρrоceѕsiпg").
_IN_LATIN_WORDS = str.maketrans({"п": "n"})
_IN_LATIN_WORD = re.compile(r"[^\W\d_]*п[^\W\d_]*")
_LATIN_LETTER = re.compile("[a-zA-Z]")

# Words written upside down (`uɐʞǝp`): the turned letters and, in a word with one of them, the Latin
# letters that are another one upside down (`d` is a turned `p`). `ı` and `ɔ` are read so only in such a
# word: they are letters of Turkish and of West African languages.
_UPSIDE_DOWN = str.maketrans({
    "ɐ": "a", "ɔ": "c", "ǝ": "e", "ɟ": "f", "ƃ": "g", "ɥ": "h", "ᴉ": "i", "ı": "i", "ɾ": "j", "ʞ": "k",
    "ɯ": "m", "ɹ": "r", "ʇ": "t", "ʌ": "v", "ʍ": "w", "ʎ": "y", "q": "b", "b": "q", "d": "p", "p": "d",
    "n": "u", "u": "n",
})  # fmt: skip
_UPSIDE_DOWN_WORD = re.compile(r"[^\W\d_]*[ɐǝɟƃɥᴉɾʞɯɹʇʌʍʎ][^\W\d_]*")

# Emoji read as words: the encoder reads an emoji as its unknown token, the term lists and the minors
# rule not at all. Only these: emoji that stand for a child or for sex, and those for weapons, wounds,
# death, drugs and the symbols of faiths (a red team's "a man 🔪 another, 🩸 everywhere" and "💣 in a 🕌"
# read as nothing), each as its Unicode name says (👶 "baby", 🍆 "aubergine", 💦 "splashing sweat",
# 💣 "bomb") except where that misleads: 🔞's name ("no one under eighteen") would read as a minor, 👧 and
# 👦 are children ("girl" alone is said of women too), 🔪's name is "hocho", 💥's "collision symbol",
# a faith's symbol is named with its faith, and the pride flags as such. Left out: emoji whose words the
# encoder flags in harmless prompts and which harm rarely needs (🐷 🐒 🦍 🦴 🪦 ☠: "a cute pig face on a
# farm", "a dog chewing a bone" and "skull and crossbones flag" were held or blocked).
EMOJI_WORDS = {
    "🔞": "nsfw", "👧": "young girl", "👦": "young boy", "🔪": "knife", "💥": "explosion", "🩸": "blood",
    "☪": "islamic star and crescent", "✡": "jewish star of david", "✝": "christian cross",
    # Flags joined by a zero-width joiner, which folding removes first (🏳️‍🌈 is 🏳 and 🌈 by then).
    "🏳🌈": "rainbow pride flag", "🏳⚧": "transgender pride flag",
} | {
    emoji: unicodedata.name(emoji).lower().removesuffix(" symbol")
    for emoji in "👶🧒🚼🍑🍆💦👅👄💋👙🩲" + "🔫🗡💣🧨🪓⚔🏹💀⚰🧟🫀💉💊🍄🌿🚬🔥🕌🕍⛪🐀🪳"
}  # fmt: skip
# An emoji between letters that make a word without it breaks that word (`so🔥fa`): a disguise
# `undisguised` undoes, not a word; glued between others it is one ("a💣at home").
_EMOJI = re.compile("|".join(map(re.escape, sorted(EMOJI_WORDS, key=len, reverse=True))))


def _emoji_words(text: str) -> str:
    def word(emoji: re.Match[str]) -> str:
        before = _LETTERS_BEFORE.search(text, 0, emoji.start())
        after = _LETTERS_AFTER.match(text, emoji.end())
        if before and after and english_word((before.group(0) + after.group(0)).casefold()):
            return emoji.group(0)  # `so🔥fa`: a word broken apart, which `undisguised` joins
        return f" {EMOJI_WORDS[emoji.group(0)]} "

    return _EMOJI.sub(word, text)


_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_LETTERS_AFTER = re.compile(r"[^\W\d_]+")


# Tag characters (U+E0020-U+E007E) are ASCII made invisible: U+E0041 is an "A" that no one sees but that a
# model reading the text may ("ASCII smuggling"). A run of them is read as the text it spells, set apart
# by spaces; a subdivision flag's tags (U+1F3F4 🏴, then "gbwls" in tags, then the cancel tag U+E007F: the
# flag of Wales) are the flag, read as nothing.
_TAG_FLAG = re.compile(
    "(\U0001f3f4)[\U000e0061-\U000e007a]{2}[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,4}\U000e007f"
)
_TAG_RUN = re.compile("[\U000e0000-\U000e007f]+")
_TAG_OFFSET = 0xE0000


def _tag_text(run: str) -> str:
    return "".join(chr(ord(c) - _TAG_OFFSET) if 0xE0020 <= ord(c) <= 0xE007E else " " for c in run)


def _spelled_tags(text: str) -> str:
    """Flags' tags dropped (only a real subdivision code: 2 letters and 1-4 letters or digits; a fake
    "flag" around a hidden prompt is read), every other run as the words it spells, set apart by spaces,
    and a run that spells no letter or digit removed like a zero-width character (`p<cancel tag>orn`)."""
    if not _TAG_RUN.search(text):
        return text

    def spelled(run: re.Match[str]) -> str:
        words = _tag_text(run.group(0))
        return f" {words} " if any(c.isalnum() for c in words) else ""

    return _TAG_RUN.sub(spelled, _TAG_FLAG.sub(r"\1", text))


def hidden_text(text: str) -> str | None:
    """The text that `text`'s tag characters spell (flags' tags aside), or None when they spell no letter."""
    if not _TAG_RUN.search(text):
        return None
    runs = [_tag_text(run.group(0)) for run in _TAG_RUN.finditer(_TAG_FLAG.sub(r"\1", text))]
    hidden = " ".join(" ".join(runs).split())
    return hidden if any(c.isalpha() for c in hidden) else None


def shown_text(text: str) -> str:
    """`text` without its tag characters: what a person sees."""
    return _TAG_RUN.sub("", _TAG_FLAG.sub(r"\1", text)) if _TAG_RUN.search(text) else text


# A hidden text is a prompt of its own (read alone, and checked for its language) from this many words of
# three letters or more: shorter fragments ("en-gb", "lang=en-GB", "user_id=88213 session=ab12") are what
# tag characters carry in earnest, and alone they read as garbled text, which the encoder flags whatever it
# says (4 of a red team's 28 harmless tag prompts). In place, inside the prompt, every hidden text is read.
HIDDEN_MIN_WORDS = 4
_HIDDEN_WORD = re.compile(r"[^\W\d_]{3,}")


def hidden_sentence(text: str) -> str | None:
    """`hidden_text(text)` when it has `HIDDEN_MIN_WORDS` words or more, else None."""
    hidden = hidden_text(text)
    return hidden if hidden and len(_HIDDEN_WORD.findall(hidden)) >= HIDDEN_MIN_WORDS else None


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9@$!|+]+")
_EDGE_SYMBOLS = "!|+"
_LETTER = re.compile(r"[a-z]")


def fold_confusables(text: str, *, emoji: bool = True) -> str:
    """NFKC, invisible characters removed, tag characters read as the text they spell, look-alike letters
    and upside-down words read as Latin letters, emoji of `EMOJI_WORDS` as words (unless `emoji` is
    false); case and accents kept (the language check counts scripts after this, so a
    homoglyph-disguised English prompt stays English)."""
    text = unicodedata.normalize("NFKC", _spelled_tags(text)).translate(ZERO_WIDTH)
    text = _UPSIDE_DOWN_WORD.sub(lambda word: word.group(0).translate(_UPSIDE_DOWN), text)
    text = _IN_LATIN_WORD.sub(_in_latin_word, text).translate(_CONFUSABLES)
    return _emoji_words(text) if emoji else text


def _in_latin_word(word: re.Match[str]) -> str:
    return word.group(0).translate(_IN_LATIN_WORDS) if _LATIN_LETTER.search(word.group(0)) else word.group(0)


# Latin letters whose diacritic is part of the letter, so that NFKD leaves them whole (a stroke, a hook, a
# bar: "ø", "ł", "đ", "ƒ"), read as the letter their Unicode name says; and the ligatures and old letters
# that stand for one or two Latin ones ("æ", "œ", "ð", "þ", dotless "ı"). Dropped before, they split a
# word for the term lists ("pørn" was "p rn", "łingerie" "ingerie"). Only in `fold` (the term lists' and
# the encoder's forms), and not for the language check (`fold(..., marked_letters=False)`).
_LETTER_WITH_MARK = re.compile(r"LATIN (?:SMALL|CAPITAL) (?:LETTER|LIGATURE) ([A-Z]{1,2})(?: WITH .+)?")
_OLD_LETTERS = {"ETH": "d", "THORN": "th", "DOTLESS I": "i", "DOTLESS J": "j", "ENG": "n", "KRA": "k"}
_OLD_LETTER = re.compile(rf"LATIN (?:SMALL|CAPITAL) LETTER ({'|'.join(_OLD_LETTERS)})")


# Latin-1 Supplement, Latin Extended-A and -B, IPA Extensions, Phonetic Extensions (and their supplement),
# Latin Extended Additional, -C, -D and -E
_LATIN_BLOCKS = (
    (0x00C0, 0x024F), (0x0250, 0x02AF), (0x1D00, 0x1DBF), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF), (0xAB30, 0xAB6F),
)  # fmt: skip


def _undecomposed_letters() -> dict[str, str]:
    letters = {}
    for code in (code for first, last in _LATIN_BLOCKS for code in range(first, last + 1)):
        character = chr(code)
        if unicodedata.decomposition(character):
            continue  # NFKD takes its mark off
        name = unicodedata.name(character, "")
        if (old := _OLD_LETTER.fullmatch(name)) is not None:
            letters[character] = _OLD_LETTERS[old.group(1)]
        elif match := _LETTER_WITH_MARK.fullmatch(name):
            letters[character] = match.group(1).lower()
    return letters


_UNDECOMPOSED = str.maketrans(_undecomposed_letters())


def fold(text: str, *, marked_letters: bool = True) -> str:
    """NFKC, zero-width removal, confusables, diacritics, casefold: one lowercase string. With
    `marked_letters`, the letters NFKD leaves whole are read as Latin ones (`_UNDECOMPOSED`); the language
    check keeps them (`policy.language`: read so, "mała" and "łące" were the English "mala" and "lace")."""
    text = fold_confusables(text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return (text.translate(_UNDECOMPOSED) if marked_letters else text).casefold()


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


# A word that makes up more than `FILLER_SHARE` of a prompt of `FILLER_MIN_WORDS` words or more is padding
# interleaved to dilute the rest ("a flower how-to flower poster flower showing ..." passed every policy in
# 33 of a red team's 175 tries). Never a function word: "a" is a quarter of many short prompts, and
# without its articles a prompt reads as something else to the encoder ("cowboy with lasso and revolver
# in western town" as `sexual` 0.52, from an allowed prompt), and a filler "the" or "and" hid 1 of the red
# team's 30 such prompts from `standard`. Nor a negation: "no blood, no gore, no ..." without it says the
# opposite. Of the 6,335 prompts of the held-out sets, 3 have such a word.
FILLER_SHARE = 0.25
FILLER_MIN_WORDS = 8
_NOT_FILLER = frozenset({
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "with", "for", "by", "from", "is",
    "no", "not", "never", "without", "nor", "non", "none", "nothing",
})  # fmt: skip


def without_filler(text: str) -> tuple[str, str] | None:
    """(the filler word, `text` without it) when one word makes up more than `FILLER_SHARE` of the words,
    or None. Words are compared casefolded without the punctuation around them (`flower,` is `flower`)."""
    words = text.split()
    if len(words) < FILLER_MIN_WORDS:
        return None
    keys = [word.casefold().strip(string.punctuation) for word in words]
    counts = Counter(key for key in keys if key and key not in _NOT_FILLER)
    if not counts:
        return None
    filler, count = counts.most_common(1)[0]
    if count <= FILLER_SHARE * len(words):
        return None
    rest = " ".join(word for word, key in zip(words, keys, strict=True) if key != filler)
    return (filler, rest) if rest else None


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
    """Tokens that symbols inside a word split apart, joined again: `kit*ten` -> `kitten`, `k*ll` -> `kll`.

    Two words with a symbol between them and no space (`burning\U0001f525car`, `a*big*dog`) are two words,
    read with a space between them, unless together they make a word (`kit*ten`, `sun*set`): joined, they
    would be one unreadable word. A part that is no word by itself (`nu\U0001f525de`, `k*ll`) joins."""
    words = _vocabulary()[0]
    out: list[Token] = []
    for separator, token in tokens:
        if out and _inner_symbols(separator):
            before = out[-1][1]
            if _two_words(before, token, words):
                out.append((" ", token))
            else:
                out[-1] = (out[-1][0], before + token)
        else:
            out.append((separator, token))
    return out


def _two_words(first: str, second: str, words: frozenset[str]) -> bool:
    """Whether `first` and `second`, a symbol between them, are two whole words (see `_join_broken`)."""
    if not (first.isalpha() and second.isalpha()):
        return False
    return _a_word(first, words) and _a_word(second, words) and not _a_word(first + second, words)


def _leetspeak(token: str) -> bool:
    if not (_LETTER.search(token) and _LEET_CHARACTER.search(token)) or _NAME_WITH_NUMBER.fullmatch(token):
        return False
    if token.translate(_LEET) == token:  # digits the table does not read as letters (`h2o`)
        return False
    unit = _NUMBER_WITH_UNIT.fullmatch(token)
    return not (unit and unit.group(1) in _UNITS)


# Words split by a space (`kitt en`, `ph oto`, `k itten`): two neighbouring parts are read as one word
# when together they make a word of four or more letters and at least one of them is no word by itself.
# The words are the encoder's WordPiece vocabulary (its whole words, no download) and the training
# prompts' words (`_vocabulary`), and those with an ending (`_ENDINGS`). Two words stay two words,
# whatever they make together: `pen is`, `the rapist`, `kit ten`, `sun set`. A one-letter part other than
# `a` and `i` is no word, nor is a two-letter one outside `_TWO_LETTER_WORDS` (the vocabulary holds nearly
# every pair of letters: `ki ll` is `kill`).
_SPLIT_WORD_MIN = 4
_LONG_PART = 6
_TWO_LETTER_WORDS = frozenset([
    "ad", "ai", "am", "an", "as", "at", "be", "by", "cm", "dj", "do", "ex", "go", "hd", "he", "hi", "id",
    "if", "in", "is", "it", "kg", "km", "me", "mm", "mr", "my", "no", "of", "oh", "ok", "on", "or", "pc",
    "so", "to", "tv", "uk", "up", "us", "vs", "we",
])  # fmt: skip
# Endings that make a word of a word: the vocabulary holds `rap` but not `rapist`.
_ENDINGS = (
    "s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "y", "ist", "ists", "ism", "ness", "ful", "less",
    "able", "ment", "ments", "ion", "ions", "al", "ive", "ity", "ies", "ied", "an", "ans", "ish",
)  # fmt: skip
# A letter beside one of these is a letter (an initial, a variable: `plan b and`, `the y axis`), not a
# part of a word: `wit h` and `s how` are split words, `b and` is not `band`.
_FUNCTION_WORDS = frozenset(["and", "are", "but", "can", "for", "had", "has", "not", "the", "than", "then",
                             "was", "were"])  # fmt: skip
# The ends of contractions and possessives (`let's`, `he'll`, `dad's`) written without the apostrophe,
# as the minors rule's reading writes them: `he ll` is not `hell`.
_CONTRACTED = frozenset(["s", "t", "d", "m", "ll", "re", "ve"])
# A split word stands alone: the start, a space or an opening bracket or quote before it, and a space,
# punctuation or the end after it. `a t-shirt`, `ukiyo-e` and `the kid's cream` hold no split word.
_BEFORE_SPLIT = frozenset(' \t\n\r("[\u201c')
_QUOTES = frozenset("'\u2018\u2019")  # an apostrophe after a letter, an opening quote after a space
_AFTER_SPLIT = frozenset(" \t\n\r,.;:!?)]\"'\u2019\u201d")


# The words of the prompts the semantic head is trained on (`policy/data/prompts.jsonl`, its train split,
# as written: not the obfuscated variants), which the WordPiece vocabulary often lacks (`lingerie`,
# `selfie`, `bokeh`, `swastika`, `noose`): any of them is a word, and split words are joined into those
# used at least `_PROMPT_WORD_MIN_USES` times.
PROMPTS_PATH = Path(__file__).resolve().parent / "data" / "prompts.jsonl"
_AS_WRITTEN = frozenset({"plain", "ordinary", "styled", "framed", "lookalike"})
_PROMPT_WORD_MIN_USES = 3


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(words, joinable): every word a part may be (the lowercase whole words of the encoder's WordPiece
    vocabulary and the training prompts' words), and the words split words are joined into (those used
    in the training prompts at least `_PROMPT_WORD_MIN_USES` times). None when the encoder is not built:
    then the semantic moderator, which alone reads split words joined, cannot answer anyway."""
    from policy.encoder import ENCODER_DIR

    try:
        vocab = json.loads((ENCODER_DIR / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset(), frozenset()
    try:
        lines = PROMPTS_PATH.read_text(encoding="utf-8").splitlines()
        rows = json.loads("[" + ",".join(line for line in lines if line.strip()) + "]")
    except (OSError, ValueError):
        rows = []
    uses = Counter(
        word
        for row in rows
        if row["split"] == "train" and row["variant"] in _AS_WRITTEN
        for word in re.findall(r"[a-z]{4,}", row["text"].casefold())
    )
    known = {word for word in vocab if word.isascii() and word.isalpha() and word.islower()}
    joinable = known | {word for word, count in uses.items() if count >= _PROMPT_WORD_MIN_USES}
    return frozenset(known | set(uses)), frozenset(joinable)


def english_word(word: str) -> bool:
    """Whether a lowercase word is English as far as the moderators know: a word of the encoder's
    vocabulary or of the training prompts, or one of those with an ending (`_a_word`). True for every
    word when the encoder is not built (nothing to tell by)."""
    words, _ = _vocabulary()
    return not words or _a_word(word, words)


def load_words() -> None:
    """Read the word lists now (a worker's warm-up), not on the first prompt that needs them."""
    _vocabulary()


def _a_word(part: str, vocabulary: frozenset[str]) -> bool:
    """Whether `part` is a word by itself: a one- or two-letter word, a word of the vocabulary, or one of
    those with an ending (`rapist`, `kittens`), on a stem of four letters or more, or of three with an
    ending of three or more (`rap|ist`; `int|ed` is a part of `painted`)."""
    if len(part) <= 2:
        return part in ("a", "i") or part in _TWO_LETTER_WORDS
    return part in vocabulary or any(
        part.endswith(ending)
        and len(part) - len(ending) >= (3 if len(ending) >= 3 else 4)
        and part[: -len(ending)] in vocabulary
        for ending in _ENDINGS
    )


def _split(first: str, second: str, words: frozenset[str], joinable: frozenset[str]) -> bool:
    """Whether two parts are one word split: together a joinable word (or, when neither part is a word,
    one with an ending), and not two words (`pen is`), a word and a contraction's end whose apostrophe
    went (`let s`, `he ll`), a word and a long part, or a letter beside a function word (`b and`)."""
    first_word, second_word = _a_word(first, words), _a_word(second, words)
    if first_word and (second_word or second in _CONTRACTED):
        return False
    shorter, longer = sorted((len(first), len(second)))
    if (first_word or second_word) and shorter >= _SPLIT_WORD_MIN and longer >= _LONG_PART:
        return False  # a long part beside a word: more likely a word the lists lack (`wood chipper`)
    word = first + second
    if word not in joinable and (first_word or second_word or not _a_word(word, joinable)):
        return False
    if len(first) == 1 and second_word:
        return second not in _FUNCTION_WORDS
    if len(second) == 1 and first_word:
        return first not in _FUNCTION_WORDS
    return True


def _opens(separator: str, first: bool) -> bool:
    """Whether a word may start after `separator` (what comes before a split word's first part)."""
    if not separator or separator[-1] in _BEFORE_SPLIT:
        return True
    if separator[-1] in _QUOTES:
        return first if len(separator) == 1 else separator[-2] in _BEFORE_SPLIT
    return False


def _join_split(tokens: list[Token], tail: str) -> list[Token]:
    """Words split by a space joined again: `ph oto` -> `photo`, `kitt en` -> `kitten`; not `pen is`."""
    words, joinable = _vocabulary()
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        separator, token = tokens[index]
        # The end of a contraction after its word is no word's first letter before another word
        # (`each other s nails` is not `snails`; `a s leeping` is `sleeping`).
        contracted = token in _CONTRACTED and separator == " " and index > 0 and len(tokens[index - 1][1]) > 1
        if index + 1 < len(tokens):
            between, following = tokens[index + 1]
            after = tokens[index + 2][0] if index + 2 < len(tokens) else tail
            if (
                between == " "
                and _opens(separator, index == 0)
                and (not after or after[0] in _AFTER_SPLIT)
                and len(token) + len(following) >= _SPLIT_WORD_MIN
                and (token + following).isalpha()
                and _split(token, following, words, joinable)
                and not (contracted and _a_word(following, words))
            ):
                out.append((separator, token + following))
                index += 2
                continue
        out.append((separator, token))
        index += 1
    return out


def _tail(folded: str) -> str:
    return folded[max((match.end() for match in _TOKEN.finditer(folded)), default=0) :]


@lru_cache(maxsize=4096)
def disguised(text: str) -> bool:
    """Whether `text` hides words: one spelled out letter by letter (`n u d e`, `n.u.d.e`), broken by a
    symbol inside it (`kit*ten`), split by a space (`ph oto`, `kitt en`) or written in leetspeak (`k1ll`,
    `70rn`). Then `undisguised(text)` is what it says, and the text as typed is garbled."""
    folded = fold(text)
    tokens = _tokens(folded)
    broken = _join_broken(tokens)  # the same tokens only where no symbol broke a word or stood between two
    joined = _collapse_spelled(broken)
    return (
        broken != tokens
        or len(joined) != len(broken)
        or len(_join_split(joined, _tail(folded))) != len(joined)
        or any(_leetspeak(t) for _, t in tokens)
    )


def undisguised(text: str, *, marked_letters: bool = True) -> str:
    """`text` folded (`fold`, with `marked_letters`) with its broken, spelled-out and split words joined and
    its leetspeak read as letters, and everything else as it was: the punctuation and the words between
    stay, as an encoder reads them best (`variants`' forms keep words only). Numbers and units (`1950s`,
    `4k`) stay."""
    folded = fold(text, marked_letters=marked_letters)
    tail = _tail(folded)
    tokens = _join_split(_collapse_spelled(_join_broken(_tokens(folded))), tail)
    words = "".join(
        separator + (token.translate(_LEET) if _leetspeak(token) else token) for separator, token in tokens
    )
    return words + tail


# Text written backwards ("ydob dekan a"): a word that is no word as typed but one reversed (`ydob`) is
# read reversed. A run of such words, with the words between them that read either way (`a`, `no`) or are
# no word either way (a name), is turned back as a whole, and the rest stays as typed ("a cat, ydob
# dekan" is read "a cat, naked body"), where the run holds at least `TURNED_MIN_WORDS` such words.
TURNED_MIN_WORDS = 2
_WORD_SPAN = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?;]")


@lru_cache(maxsize=4096)
def turned_back(text: str) -> str | None:
    """`text` (folded) with its runs of backwards words turned back, or None when it has too few."""
    words, _ = _vocabulary()
    if not words:
        return None
    folded = fold(text)
    spans = list(_WORD_SPAN.finditer(folded))
    backwards = [_a_word(span.group(0)[::-1], words) and not _a_word(span.group(0), words) for span in spans]
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        if not backwards[index]:
            index += 1
            continue
        first = last = index
        # Widen the run over words that are no plain forward word (the ones that read both ways, or none).
        while first > 0 and _joins(folded, spans[first - 1], spans[first - 1], spans[first], words):
            first -= 1
        while last + 1 < len(spans) and _joins(folded, spans[last + 1], spans[last], spans[last + 1], words):
            last += 1
        runs.append((first, last))
        index = last + 1
    # A run is turned with `TURNED_MIN_WORDS` backwards words of three letters or more in it: shorter ones
    # reverse into words by chance ("fi fo fum", "'em", leetspeak's fragments: `s3lf` is `s` and `lf`), and
    # so does one word the vocabulary lacks, or a name ("Nevaeh and her pals": `nevaeh`, `pals`).
    turned = [
        (first, last)
        for first, last in runs
        if sum(backwards[i] and len(spans[i].group(0)) >= 3 for i in range(first, last + 1))
        >= TURNED_MIN_WORDS
    ]
    if not turned:
        return None
    out, position = [], 0
    for first, last in turned:
        start, end = spans[first].start(), spans[last].end()
        out += [folded[position:start], folded[start:end][::-1]]
        position = end
    return "".join([*out, folded[position:]])


def _joins(
    folded: str, neighbour: re.Match[str], left: re.Match[str], right: re.Match[str], words: frozenset[str]
) -> bool:
    """Whether a run of backwards words widens over its `neighbour` (`left` or `right` of the two): no
    sentence ends between them, and it is no plain forward word (it reads both ways, `a`, `dog`, or is no
    word either way)."""
    between = folded[left.end() : right.start()]
    return not _SENTENCE_END.search(between) and not _forward_only(neighbour.group(0), words)


def _forward_only(word: str, words: frozenset[str]) -> bool:
    return _a_word(word, words) and not _a_word(word[::-1], words)


def other_readings(text: str) -> list[tuple[str, str]]:
    """The other texts a prompt is also read as, each with what it is: the prompt without a word
    interleaved to dilute it (`without_filler`) and the prompt with its backwards words turned back
    (`turned_back`). (The text that tag characters hide is read in place, `fold_confusables`: read alone,
    such a fragment, "lang=en-GB", read as garbled text, which the encoder flags whatever it says.)"""
    readings = []
    if filtered := without_filler(text):
        readings.append((f"read without the repeated word {filtered[0]!r}", filtered[1]))
    if turned := turned_back(text):
        readings.append(("read with its backwards words turned back", turned))
    return readings
