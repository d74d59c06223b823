# ruff: noqa: RUF001 - Turkish and Polish words carry their own letters on purpose
"""Can the moderators read this prompt? They read English: the term lists and the MiniLM encoder are English.

A prompt they cannot read is not allowed silently: the policy's `moderation.unsupported_language` decides
(`review` in `standard`, `block` in `strict`). The check is built to keep English prompts that carry
foreign names, places and dishes ("tacos al pastor in Ciudad de México") readable, and to catch prompts
written in another language:

- letters mostly outside the Latin script (Cyrillic, CJK, Arabic, Devanagari, ...): not readable;
- Latin letters that are mostly accented (Vietnamese, Polish, Czech): not readable;
- at least two function words of another language, and more than twice as many as English ones: not
  readable ("Día de los Muertos altar with marigolds" stays English);
- one such word, no English one, four words or more, and langid (a byte n-gram classifier shipped in
  its package) sure of one other language: not readable;
- a short prompt (up to `SHORT_PROMPT_WORDS` words) whose words are mostly no English word ("naakte
  vrouw", "sangue e budella"), and langid sure of one other language: not readable. The lists of function
  words cannot tell a language by two words, and a dictionary alone cannot either: the encoder's
  vocabulary lacks many English words ("petrichor", "poncho", "catamaran": 119 of an independent set's
  450 short English prompts), langid at 0.99 leaves 2 of those 450 to the policy.

Capitalised words (names, places) carry no weight either way. (A sentence hidden in tag characters is
checked on its own by `policy.evaluation`.) The evidence names the words that decided.
A prompt that hides its words (`policy.normalise.disguised`: `ph oto`, `kit*ten`, `k1tten`) has its words
read undone, and combining marks that no language puts on a Latin letter are dropped first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from policy.normalise import disguised, english_word, fold, fold_confusables, shown_text, undisguised
from policy.style_tags import unstyled

NON_LATIN_SHARE = 0.3
SHORT_PROMPT_WORDS = 6
ACCENTED_SHARE = 0.2
LANGID_SURE = 0.99
# `may_be_foreign`: chosen on the short sets of docs/moderation.md ("A head for short prompts").
LANGID_LEANS = 0.5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are common in English prompts and are not words of the languages below (so not "man",
# "was", "will", "also" or "is": German and Dutch words too).
_ENGLISH = _words(
    """
    the of with and an at from by for this that these those into over under near behind while who which
    what where when his her hers their its my your our they them he she we you it are were be been
    being has have having do does not no yes some any very just only than then there here out up down
    off about above below between through without within wearing holding standing sitting lying walking
    running looking showing made make making show like style photo photograph picture image painting
    drawing portrait illustration render realistic detailed background lighting light dark beautiful
    woman women men girl girls boy boys people person child children kid kids baby city house street
    night day morning evening old young little big small tall short two three red blue green black white
    yellow orange purple pink brown grey gray golden silver cat dog bird horse tree trees sky water fire
    sun moon snow rain flowers flower field forest mountain mountains river lake sea ocean beach road car
    room window door table chair book food poster cover logo art cinematic highly sharp soft close shot
    view side front back top bottom wide angle high quality masterpiece trending hyper style anime cartoon
    comic oil watercolor digital concept character scene landscape inside outside full body face hands
    eyes hair smiling happy sad angry wooden glass stone metal shaped looks should would could can
    how why each every other another same next first last new
    """
)

# Function words (and a few very common nouns) of other languages that are not English words.
_FOREIGN: dict[str, frozenset[str]] = {
    "es": _words(
        "el los las una unos unas del con por para que muy sin sobre entre y pero como cómo está están "
        "son sus mujer hombre niña niño chica chico foto imagen gato perro casa calle noche desnuda "
        "desnudo hacer quiero dibujo"
    ),
    "fr": _words(
        "le les une des du sur avec dans et est sont pour pas qui au aux femme homme fille garçon enfant "
        "chat chien maison rue nuit nue nu comment faire très cette je veux dessin"
    ),
    "de": _words(
        "der das ein eine einen einem einer mit und im auf ist sind nicht für von zu dem den frau mann "
        "mädchen kind katze hund haus straße nacht nackt nackte nackten wie bild ich möchte zeichnung "
        "eines"
    ),
    "it": _words(
        "il gli della dello degli delle con uno per che sono donna uomo ragazza ragazzo bambino bambina "
        "gatto cane notte nuda nudo fare voglio disegno"
    ),
    "pt": _words(
        "os uma um com não são mulher homem menina menino cachorro noite nua fazer em da das dos quero "
        "desenho"
    ),
    "nl": _words("het een met van niet zijn vrouw meisje kat hond naakt hoe ik wil tekening"),
    "pl": _words("jest nie się kobieta mężczyzna dziewczyna kot pies noc naga jak chcę zdjęcie"),
    "tr": _words("bir ve ile için bu kadın adam kız kedi köpek gece çıplak nasıl resim"),
    "id": _words(
        "yang dan di dengan untuk ini itu wanita pria gadis kucing anjing malam telanjang bagaimana gambar"
    ),
    # Shared by several: "en" (es/fr/nl), "la" (es/fr/it), "de" (es/fr/pt/nl), "al" (es/it).
    "Romance": _words("en la de al"),
}
_WORD = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    """`fold` with letters NFKD leaves whole kept as typed: read as Latin letters, foreign words became
    English ones ("łące" the English "lace", "þín" "thin")."""
    return fold(word, marked_letters=False)


@dataclass(frozen=True)
class Reading:
    readable: bool
    language: str  # "en", or the language or script that the prompt reads as
    evidence: str
    # Unreadable in one part only (a clause in another language inside English): the moderators still
    # read the rest, the semantic one included.
    in_part: bool = False


@cache
def _foreign_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for language, words in _FOREIGN.items():
        for word in words:
            table.setdefault(word, language)
            table.setdefault(_fold(word), language)
    return {word: language for word, language in table.items() if word not in _ENGLISH}


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


@cache
def _langid() -> object:
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


def load() -> None:
    """Load the language identifier now: a worker's warm-up, not a request's first unfamiliar word."""
    _langid()


def _unmarked(text: str) -> str:
    """`text` (NFKC) without the combining marks left on Latin letters. NFKC composes every accented letter
    that a language writes (`é`, `ñ`, `ự`, NFD input too); a mark it leaves is one that no letter of a
    language carries (`k` and a ring above, `e` and a double tilde), a disguise: it broke every word it sat in
    into parts (a mark is no letter) and counted as no accent. The accented letters it composed stay."""
    out = []
    latin = False  # whether the last character that is no mark is a Latin letter
    for char in text:
        if unicodedata.category(char) != "Mn":
            latin = char.isalpha() and _script(char) == "LATIN"
        elif latin:
            continue
        out.append(char)
    return "".join(out)


def reading(text: str) -> Reading:
    """Whether English moderators can read `text`, and why not. A prompt is also checked without its style
    words (`policy.style_tags.unstyled`): English quality and camera tags around a prompt in another
    language ("<a request in German>, highly detailed, 8k, best quality") made it read as English, and the
    semantic moderator read it as noise."""
    read = _reading(text)
    # Without its tag characters: a hidden sentence is checked on its own (`policy.evaluation`), and a
    # hidden fragment ("lang=de-DE") outweighed the few words left of a short prompt.
    if read.readable and (core := unstyled(shown_text(text))) is not None:
        inner = _reading(core)
        if not inner.readable:
            return Reading(False, inner.language, f"without its style words, {core!r}: {inner.evidence}")
    if read.readable:
        # Each sentence or clause on its own too: an English frame around a clause in another language
        # ("a quiet harbour at sunset, and in the middle: <a killing, in Spanish>") read as English whole,
        # and the clause was read by no moderator.
        for part in _parts(shown_text(text)):
            inner = _reading(part)
            if not inner.readable:
                return Reading(
                    False, inner.language, f"in the part {part[:80]!r}: {inner.evidence}", in_part=True
                )
    return read


_PART = re.compile(r"[.!?;:\n]+\s*|\s+[-\u2013\u2014]+\s+|[()\[\]\"\u201c\u201d]")
_COMMA = re.compile(r",\s*")
PART_WORDS = 5  # shorter runs are read with their neighbours: too short to tell a language by alone
# A clause between commas is read alone from this many words: English prompts name foreign dishes and
# places between commas ("tacos al pastor in Ciudad de México"), a sentence of another language is longer.
COMMA_PART_WORDS = 8


def _parts(text: str) -> list[str]:
    """`text`'s sentences and clauses (cut at sentence marks, colons, semicolons, dashes, brackets and
    quotes) of `PART_WORDS` words or more, each run of shorter neighbours read together (so that cutting a
    clause into short pieces does not hide it), and its clauses between commas of `COMMA_PART_WORDS` words
    or more; when it has more than one part. A part whose words are mostly capitalised is a name or a
    title ("Ludwig Mies van der Rohe"), not a language's sentence."""
    pieces = [piece.split() for piece in _PART.split(text)]
    pieces = [words for words in pieces if words]
    parts: list[str] = []
    run: list[str] = []
    for words in [*pieces, []]:
        if words and len(words) < PART_WORDS:
            run += words
            continue
        if len(run) >= PART_WORDS:
            parts.append(" ".join(run))
        run = []
        if words:
            parts.append(" ".join(words))
    clauses = [clause.split() for piece in pieces for clause in _COMMA.split(" ".join(piece))]
    if len(pieces) > 1 or len(clauses) > 1:
        parts += [" ".join(words) for words in clauses if len(words) >= COMMA_PART_WORDS]
    else:
        parts = []
    return [part for part in dict.fromkeys(parts) if not _mostly_names(part)]


def _mostly_names(part: str) -> bool:
    words = _WORD.findall(part)
    return 2 * sum(1 for word in words if word[0].isupper()) > len(words)


def _reading(text: str) -> Reading:
    # NFKC, zero-width characters removed, look-alike letters read as Latin: for the words below too (a
    # zero-width space inside every word made an English prompt read as one-letter words, i.e. Maltese).
    # Emoji stay emoji: the words the moderators read some as (`EMOJI_WORDS`) are no language of the
    # prompt's, and a prompt of emoji only ("🍆💦🍑") is still one no moderator reads.
    text = _unmarked(fold_confusables(text, emoji=False))
    letters = [c for c in text if c.isalpha()]
    if not letters:
        # Emoji, symbols or digits only: no moderator reads them (the encoder's unknown token landed in a
        # harmful region, "🐱" read as self-harm at 0.99), so the policy's `unsupported_language` decides.
        if text.strip():
            return Reading(False, "none", "no letters: emoji, symbols or digits only")
        return Reading(True, "en", "no letters")
    latin = [c for c in letters if _script(c) == "LATIN"]
    if len(latin) < len(letters) * (1 - NON_LATIN_SHARE):
        scripts: dict[str, int] = {}
        for c in letters:
            if c not in latin:
                scripts[_script(c)] = scripts.get(_script(c), 0) + 1
        script = max(scripts, key=lambda s: scripts[s]).title()
        return Reading(False, script, f"{len(letters) - len(latin)} of {len(letters)} letters are not Latin")
    accented = sum(1 for c in latin if not c.isascii())
    if latin and accented >= len(latin) * ACCENTED_SHARE and accented >= 3:
        return Reading(False, "Latin (accented)", f"{accented} of {len(latin)} letters are accented")

    foreign = _foreign_lookup()
    # Capitalised words (names, places, a sentence's first word) carry no weight; ALL-CAPS words do.
    typed = _WORD.findall(text)
    names = {w for w in typed if w[0].isupper() and w[1:].islower()}
    lowered = [w.casefold() for w in typed if w not in names]
    if disguised(text):
        # Words hidden by a space inside them (`ph oto`), a symbol (`kit*ten`), spelled out or in leetspeak
        # are read undone, as the semantic moderator reads them: as typed, their parts read as no language
        # or as another one's words (`mod el`, `app les`). `undisguised` is folded: names are left out
        # as they were typed.
        text = undisguised(text, marked_letters=False)
        folded_names = {_fold(w) for w in names}
        lowered = [w for w in _WORD.findall(text) if w not in folded_names]
    english = [w for w in lowered if w in _ENGLISH]
    other = [w for w in lowered if w not in _ENGLISH and (w in foreign or _fold(w) in foreign)]
    if len(other) >= 2 and len(other) > 2 * len(english):
        language = _majority([foreign.get(w) or foreign[_fold(w)] for w in other])
        return Reading(False, language, f"{language} words: {', '.join(other[:6])}")
    if len(other) == 1 and not english and len(_WORD.findall(text)) >= 4:
        language, probability = _langid().classify(text)  # type: ignore[attr-defined]
        if language != "en" and probability >= LANGID_SURE:
            return Reading(False, language, f"langid {language} p={probability:.3f}; word: {other[0]}")
    if len(typed) <= SHORT_PROMPT_WORDS and (unknown := _no_english_words(lowered)):
        language, probability = _langid().classify(text)  # type: ignore[attr-defined]
        if language != "en" and probability >= LANGID_SURE:
            words = ", ".join(unknown[:6])
            return Reading(
                False, language, f"langid {language} p={probability:.3f}; not English words: {words}"
            )
    return Reading(True, "en", f"{len(english)} English words, {len(other)} of another language")


def may_be_foreign(text: str) -> bool:
    """Whether `text`'s words (of three letters or more) are mostly no English words (`_no_english_words`)
    and langid leans to another language (`LANGID_LEANS`, short of the `LANGID_SURE` that makes a prompt
    unreadable). The semantic moderator's short-prompt head does not read such a prompt
    (`policy.moderators.semantic.is_short`); rare English words ("theremin", "zither") it does."""
    if not _no_english_words([word.casefold() for word in _WORD.findall(text)]):
        return False
    language, probability = _langid().classify(text)  # type: ignore[attr-defined]
    return language != "en" and probability >= LANGID_LEANS


def _no_english_words(words: list[str]) -> list[str]:
    """The words of a short prompt that are no English word, when they outnumber those that are ("naakte
    vrouw", "sangue e budella"; not "croissant café" or "tacos al pastor"): too few words for the other checks
    to tell a language by, and the encoder reads words it does not know as noise. Words of one or two
    letters count neither way; the English words are the encoder's vocabulary and the training prompts'
    (`policy.normalise.english_word`)."""
    words = [_fold(word) for word in words if len(word) > 2]
    unknown = [word for word in words if not english_word(word)]
    return unknown if len(unknown) > len(words) - len(unknown) else []


def _majority(languages: list[str]) -> str:
    counts: dict[str, int] = {}
    for language in languages:
        counts[language] = counts.get(language, 0) + 1
    return max(counts, key=lambda language: (counts[language], language != "Romance"))
