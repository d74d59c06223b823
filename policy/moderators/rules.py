"""The rules moderator: term and phrase lists plus regexes per category, over normalised text.

Terms are written in normalised form (lowercase ASCII words). Each compiles to a regex that needs a
word boundary on both sides (so `cunt` does not fire in "Scunthorpe", nor `cock` in "cocktail"),
accepts common inflections, lets each letter repeat (`nuuude`) and lets a space between words go
missing (`killmyself`). BLOCK terms are harmful on their own (0.95); REVIEW terms need a person to
look (0.6), and drop to 0.2 when the prompt has a medical, art-history, news or educational context
word for that category. Benign phrases that contain a listed word ("naked mole rat", "photo shoot",
"blood orange") and negated words ("no gore") are removed before matching. REVIEW findings are
*ambiguous*: where the semantic moderator runs, they count only if it agrees (`policy.evaluation`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from policy.minors import minor_reference_in
from policy.moderators.base import Scores
from policy.normalise import ZERO_WIDTH, variants
from policy.schema import PolicyDocument

BLOCK = 0.95
REVIEW = 0.6
IN_CONTEXT = 0.2
LISTED = 1.0  # a tenant's own term or protected name

_BLOCK_TERMS: dict[str, tuple[str, ...]] = {
    "sexual": (
        "porn", "porno", "pornographic", "pornography", "hardcore sex", "sex act", "sex scene", "having sex",
        "blowjob", "handjob", "cumshot", "gangbang", "explicit sex", "masturbating",
        "masturbation", "sexual intercourse", "hentai", "yiff",
        # sex acts by their slang names, which a red team's short prompts and then an independent set's
        # euphemisms passed with (2026-12-05); not those with an everyday sense ("queening" a pawn,
        # "pegging" laundry, "bukkake" udon, a "missionary position" in a church, a round "face sitting"
        # on a bench, a "banana creampie", "coitus" in a Latin dictionary)
        "doggystyle", "paizuri", "facesitting", "tribbing", "balls deep", "getting railed",
        "sixty nine position", "reverse cowgirl", "bumping uglies",
    ),
    "sexual/minors": (
        "child porn", "child pornography", "csam", "lolicon", "shotacon", "loli", "shota", "jailbait",
        "pedophilia", "paedophilia",
        # Abuse material's own names and coded words, which a red team's short prompts passed with
        # (docs/moderation.md, "A third red team"): a request that uses one asks for it. Not the clinical
        # words ("pedophilic disorder", Spanish "pedofilia"), genre names ("boylove" drama) or phrases a
        # harmless prompt makes ("map, pride flag", "junior idol group"): the semantic moderator's.
        "pthc", "kiddie porn", "kiddy porn", "kinderporno", "kinderpornografie", "childlove", "boylover",
        "girllover", "pedobear", "minor attracted", "cub porn", "cub yiff", "nymphet",
    ),
    "violence": (
        "behead", "beheading", "decapitate", "mass shooting", "school shooting", "execution video",
        "massacre the", "murdering", "execute the hostages", "murder him", "murder her",
        "murder them", "lynching",
    ),
    "violence/graphic": (
        "dismember", "dismembered", "disembowel", "disemboweled", "entrails", "mutilated",
        "mutilation", "severed head", "decapitated", "flayed", "guts spilling", "brains splattered",
    ),
    "self-harm": (
        "kill myself", "killing myself", "cut myself", "cutting myself", "slit my wrists", "slit wrists",
        "hang myself", "hanging myself", "end my life", "pro ana", "thinspo", "thinspiration",
        "how to commit suicide", "suicide method", "cutting herself", "cutting himself", "cut herself",
        "cut himself", "cutting themselves", "slitting her wrists", "slitting his wrists",
    ),
    "hate": (
        "nigger", "niggers", "faggot", "kike", "chink", "spic", "wetback", "tranny", "gas the jews",
        "white power", "heil hitler", "sieg heil", "1488", "master race", "race war", "ethnic cleansing now",
        "nazi propaganda", "glorifying the holocaust", "holocaust denial", "holocaust never happened",
    ),
    "harassment": (
        "kill yourself", "kys", "go die", "you should die", "doxx", "dox her", "dox him",
        # Slang for an abuser (which a red team's short prompts passed with): most prompts that use one
        # accuse someone, and a request for "pedo" pictures is not to be allowed either. The clinical
        # words ("a convicted pedophile in court") are left to the semantic moderator.
        "pedo", "paedo", "chomo",
    ),
    "illicit": (
        "cook meth", "make meth", "how to make meth", "pipe bomb", "car bomb", "make a bomb", "build a bomb",
        "making a bomb", "bomb making", "synthesize fentanyl", "counterfeit money", "counterfeit bills",
        "fake passport", "ghost gun", "3d printed gun", "printed gun", "gun blueprint",
    ),
}  # fmt: skip

_REVIEW_TERMS: dict[str, tuple[str, ...]] = {
    "sexual": (
        "nude", "naked", "nudity", "topless", "bottomless", "nsfw", "erotic", "boobs", "undressed",
        "clothes off", "without clothes", "no clothes", "provocatively", "undressing",
        "striptease", "strip tease", "lingerie", "penis", "vagina", "genitals", "nipples", "seductive",
        "sensual", "slutty", "fetish", "bdsm", "orgy", "xxx", "penetration",
        # nudity and sex acts by euphemism and slang (an independent set's prompts, 2026-12-05); with a
        # minor named, a review term here is `sexual/minors` on its own (below), so none has an everyday
        # sense beside a child ("in the buff" would read "in the buffer zone", "full frontal" a passport
        # photo, "sitting on his face" a cat: left out)
        "birthday suit", "cupless", "crotchless", "oral sex", "ahegao", "butt plug", "happy ending massage",
    ),
    "violence": (
        "shoot him", "shoot her", "shoot them", "shoot people", "shooting people", "kill him", "kill her",
        "kill them", "kill people", "killing people", "kill the president", "stab", "stabbing", "murder",
        "murdered", "assassinate", "assassination of", "gun to his head", "gun to her head", "massacre",
        "terrorist attack", "strangle", "strangling", "torturing", "bludgeon", "shooting at people",
        "torture", "lynch",
    ),
    "violence/graphic": (
        "bloody", "blood splatter", "corpse", "dead body", "open wound", "bleeding", "gore", "gory",
    ),
    "self-harm": ("suicide", "suicidal", "self harm", "selfharm", "overdose", "anorexic"),
    "hate": ("nazi", "swastika", "kkk", "subhuman", "retard", "ethnic cleansing", "genocide"),
    "harassment": ("bitch", "whore", "slut", "cunt", "worthless", "ugly fat", "humiliate", "bully"),
    "illicit": (
        "meth", "methamphetamine", "cocaine", "heroin", "fentanyl", "crack pipe", "drug deal", "lsd",
        "fake id", "counterfeit", "lockpick", "bomb",
    ),
    "trademark_ip": (
        "mickey mouse", "disney", "pikachu", "pokemon", "super mario", "nintendo", "marvel", "spider man",
        "spiderman", "batman", "superman", "harry potter", "star wars", "darth vader", "hello kitty",
        "minecraft", "coca cola logo", "nike logo", "apple logo", "mcdonalds logo", "simpsons", "shrek",
    ),
    "real_person": ("deepfake", "deep fake", "face swap", "faceswap"),
}  # fmt: skip

# Minors plus sexual content is `sexual/minors` at 1.0, whatever the sexual term's own weight
# (`policy.minors` finds the minor). Words that sexualise a minor although on their own they are not
# sexual content:
_SEXUALISING = ("sexy", "seductive", "provocative", "provocatively", "lingerie", "sensual", "bikini pose")
# Context words that make a REVIEW term in that category ordinary (medical, art, news, education).
_CONTEXT: dict[str, tuple[str, ...]] = {
    "sexual": (
        "sculpture", "statue", "painting", "renaissance", "classical", "museum", "art history", "fresco",
        "anatomy", "anatomical", "medical", "diagram", "textbook", "breastfeeding", "mammogram", "botticelli",
        "michelangelo", "figure drawing", "life drawing",
    ),
    "violence": ("news", "history", "historical", "documentary", "memorial", "museum", "textbook"),
    "violence/graphic": ("medical", "surgery", "surgical", "first aid", "textbook", "anatomy", "veterinary"),
    "self-harm": (
        "prevention", "awareness", "hotline", "helpline", "support group", "crisis line", "recovery",
    ),
    "hate": ("history", "historical", "museum", "documentary", "textbook", "memorial", "holocaust", "ww2",
             "world war", "anti racism", "education"),
    "illicit": ("news", "documentary", "bath", "awareness", "prevention", "museum"),
}  # fmt: skip

# Phrases that contain a listed word but are benign, removed before matching.
_BENIGN = (
    "naked mole rat", "naked eye", "nude lipstick", "nude color", "nude colour", "nude tones", "nude heels",
    "nude palette", "nude beige", "chink in the armor", "chink in the armour", "blue tit", "great tit",
    "killer whale", "blood orange", "blood moon", "bloody mary", "photo shoot", "photoshoot", "bath bomb",
    "photobomb", "bombshell", "da bomb", "kill the heat", "kill the lights", "kill the engine",
    "kill time", "killing time", "shoot a portrait", "shoot the portrait", "shoot photos", "minor key",
    "minor chord", "minor league", "baby blue", "baby shower", "kid gloves", "murder mystery",
    "murder of crows", "assassin s creed", "assassins creed", "stab at", "bleeding edge",
    "overdose of cuteness", "pedo mellon", "chomo lhari",
)  # fmt: skip
# A negated word is not asked for: "a horror poster with no gore". Only these words, so that "no clothes"
# (asking for nudity) still counts.
_NEGATED = re.compile(
    r"(?<![a-z])(?:no|without|zero|not|non|free of|nothing)(?: any| explicit| visible| actual| real)?"
    r" (?:gore|gory|blood|bloody|bloodshed|nudity|violence|violent|weapons?|guns?|drugs?|corpses?)(?![a-z])"
)

_SUFFIX = r"(?:s|es|ed|d|ing|er|ers)?"


def _pattern(term: str) -> str:
    """A normalised term as a regex: letters may repeat, spaces may be missing, words are bounded.

    A letter written three times or more in a row matches as many times or more, not fewer: "xxx" read as
    "x+" held every lone "x" ("a 2 x 4 plank", "1024 x 1024") as sexual, and "kkk" every "king" as hate.
    A doubled letter still matches once: "doxxing" is "doxing" too, "killing" "kiling"."""
    plain, _ = variants(term)
    parts = []
    for run in re.finditer(r"(.)\1*", plain):
        char, times = run.group(1), len(run.group(0))
        if char == " ":
            parts.append(" ?")
        else:
            parts.append(re.escape(char) + ("+" if times < 3 else f"{{{times},}}"))
    if plain.endswith("e") and len(plain) > 3:
        # "torture" also matches "torturing", "tortured": the final e drops before a suffix.
        return r"(?<![a-z0-9])" + "".join(parts[:-1]) + r"(?:e+" + _SUFFIX + r"|ing|ed|er|ers)(?![a-z0-9])"
    return r"(?<![a-z0-9])" + "".join(parts) + _SUFFIX + r"(?![a-z0-9])"


def _compile(terms: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Longest first, so the evidence is the longest phrase that matched.
    ordered = sorted({t for t in terms if variants(t)[0]}, key=len, reverse=True)
    return re.compile("|".join(f"(?:{_pattern(t)})" for t in ordered)) if ordered else None


_BLOCK_RE = {category: _compile(terms) for category, terms in _BLOCK_TERMS.items()}
_REVIEW_RE = {category: _compile(terms) for category, terms in _REVIEW_TERMS.items()}
_CONTEXT_RE = {category: _compile(terms) for category, terms in _CONTEXT.items()}
_SEXUALISING_RE = _compile(_SEXUALISING)
_BENIGN_RE = _compile(_BENIGN)

# "photo of Jane Doe": a capitalised two- or three-word name after a depiction word (original text).
_NAMED_PERSON = re.compile(
    r"\b(?:photo|photograph|picture|pic|portrait|image|selfie|video|footage|nudes?)s?\s+of\s+"
    r"((?:[A-Z][a-z'\-]+)(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'\-]+){1,2})"
)
_NOT_A_PERSON_FIRST = frozenset(
    [
        "A",
        "An",
        "The",
        "My",
        "Our",
        "Your",
        "His",
        "Her",
        "Their",
        "This",
        "That",
        "Young",
        "Old",
        "New",
        "San",
        "Los",
        "Las",
        "Saint",
        "St",
        "Mount",
        "Lake",
        "Golden",
        "Grand",
        "Big",
        "Little",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Great",
        "Times",
        "Eiffel",
        "Mona",
        "Starry",
    ]
)
_NOT_A_PERSON_LAST = frozenset(
    [
        "City",
        "Square",
        "Street",
        "Park",
        "Bridge",
        "York",
        "Tower",
        "River",
        "Lake",
        "Mountain",
        "Mountains",
        "Island",
        "Beach",
        "Hall",
        "Palace",
        "Cathedral",
        "Church",
        "Castle",
        "Station",
        "Museum",
        "Garden",
        "Gardens",
        "Valley",
        "Canyon",
        "Falls",
        "Forest",
        "Desert",
        "Sea",
        "Ocean",
        "Bay",
        "United",
        "Rovers",
        "Town",
        "Stadium",
        "Arena",
        "FC",
        "Coast",
        "Road",
        "Avenue",
        "Building",
        "Temple",
        "Lisa",
        "Night",
        "Sky",
        "Day",
        "Morning",
    ]
)


def _keep_case(text: str) -> str:
    """NFKC without zero-width characters, capitals kept: names are found by their capitals."""
    return unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH)


@dataclass(frozen=True)
class _Match:
    score: float
    evidence: str
    ambiguous: bool = False


class RulesModerator:
    name = "rules"

    def __init__(self, document: PolicyDocument) -> None:
        self._protected = _compile(document.real_people.protected_names)
        self._named_person_score = document.real_people.named_person_score
        self._custom = {
            category: _compile(rule.terms) for category, rule in document.categories.items() if rule.terms
        }

    def score(self, text: str) -> Scores:
        forms = [
            _NEGATED.sub(" ", _BENIGN_RE.sub(" ", form) if _BENIGN_RE else form)
            for form in dict.fromkeys(variants(text))
        ]
        found: dict[str, _Match] = {}

        def hit(category: str, score: float, evidence: str, ambiguous: bool = False) -> None:
            if category not in found or found[category].score < score:
                found[category] = _Match(score, evidence, ambiguous)

        for form in forms:
            for category, pattern in _BLOCK_RE.items():
                if pattern and (m := pattern.search(form)):
                    hit(category, BLOCK, m.group(0))
            for category, pattern in _REVIEW_RE.items():
                if pattern and (m := pattern.search(form)):
                    context = _CONTEXT_RE.get(category)
                    in_context = context is not None and context.search(form) is not None
                    hit(category, IN_CONTEXT if in_context else REVIEW, m.group(0), ambiguous=True)
            for category, pattern in self._custom.items():
                if pattern and (m := pattern.search(form)):
                    hit(category, LISTED, m.group(0))
            if self._protected and (m := self._protected.search(form)):
                hit("real_person", LISTED, f"protected name: {m.group(0)}")
            sexual = (
                _BLOCK_RE["sexual"].search(form)  # type: ignore[union-attr]
                or _REVIEW_RE["sexual"].search(form)  # type: ignore[union-attr]
                or _SEXUALISING_RE.search(form)  # type: ignore[union-attr]
            )
            if sexual and (minor := minor_reference_in(form)):
                hit("sexual/minors", LISTED, f"{minor} + {sexual.group(0)}")
        for m in _NAMED_PERSON.finditer(_keep_case(text)):
            words = m.group(1).split()
            if words[0] not in _NOT_A_PERSON_FIRST and words[-1] not in _NOT_A_PERSON_LAST:
                hit("real_person", self._named_person_score, f"named person: {m.group(1)}")
        return {category: (match.score, match.evidence, match.ambiguous) for category, match in found.items()}
