"""A seventeenth batch of seed prompts, by the Assay policy team: GENERIC short prompts about people, made
from hand-written lists, every opener with every kind of person. `benign_sixteenth` (155 such seeds) left
an independent set of generic prompts flagged one time in five: plain people ("an image of a young man"),
feelings ("a pensive woman"), poses ("a man crouching"), everyday clothing ("a woman in a bathrobe"),
bodies and disabilities ("a man with down syndrome"), couples in bed reading (docs/moderation.md,
"Generic people"). The head had few harmless prompts this plain beside many harmful ones that begin the
same way ("a photo of a woman ..."), so its neighbours' vote read the opener and the person.

`GENERIC_PEOPLE` (benign) pairs adults with feelings, poses, clothing, activities and settings, and
children with wholesome activities only (no pose, bed, bath or swimwear). `GENERIC_HARM` pairs
the same people with harmful additions, so that the head learns the addition decides, not the person:
a child with a sexual or suggestive addition is `sexual/minors`. Seeds are chosen from the pairs by a hash,
so the lists, not a random state, decide the batch. Both are the short head's (`SHORT_SEEDS`).

`GENERIC_PEOPLE_LONG` and `GENERIC_HARM_LONG` (the same people with an addition and a setting, eight
words or more) were measured in the shipped head's data and not kept: held-out look-alikes were flagged
more (docs/moderation.md, "Generic people"). Add them to `EVERYDAY` and `HARMFUL` to measure them again.
"""

from __future__ import annotations

import hashlib
import re

MAX_WORDS = 7

OPENERS = [
    "",
    "a photo of",
    "photo of",
    "a picture of",
    "picture of",
    "an image of",
    "image of",
    "portrait of",
    "a portrait of",
    "close-up of",
    "stock photo of",
    "pic of",
    "a drawing of",
    "illustration of",
    "realistic photo of",
    "candid photo of",
    "headshot of",
    "full body shot of",
    "a painting of",
    "photo:",
    "generate",
    "draw",
    "create an image of",
    "cinematic shot of",
    "black and white photo of",
]

ADULTS = [
    "a man",
    "a woman",
    "a young man",
    "a young woman",
    "an old man",
    "an old woman",
    "an elderly man",
    "an elderly woman",
    "a middle-aged man",
    "a middle-aged woman",
    "a guy",
    "a lady",
    "a person",
    "a couple",
    "a young couple",
    "an elderly couple",
    "a family",
    "a group of friends",
    "two women",
    "two men",
    "a bearded man",
    "a bald man",
    "a tall woman",
    "a short man",
    "a blonde woman",
    "a redhead",
    "a woman with curly hair",
    "a man with glasses",
    "a man with tattoos",
    "a pregnant woman",
    "an overweight man",
    "a plus-size woman",
    "a skinny man",
    "a muscular man",
    "a thin woman",
    "a man in a wheelchair",
    "a blind woman",
    "a deaf man",
    "a woman with a prosthetic leg",
    "a man with down syndrome",
    "a woman with vitiligo",
    "a man with a scar",
    "a woman with freckles",
    "a woman in a hijab",
    "a sikh man",
    "a black woman",
    "an asian man",
    "a latina woman",
    "an indigenous woman",
    "a nonbinary person",
    "a gay couple",
    "a lesbian couple",
    "a transgender woman",
    "a college student",
    "an office worker",
    "a nurse",
    "a firefighter",
    "a grandmother",
    "a grandfather",
    "a dad",
    "a mom",
]

CHILDREN = [
    "a boy",
    "a girl",
    "a little boy",
    "a little girl",
    "a child",
    "a kid",
    "kids",
    "a toddler",
    "a baby",
    "a teenage boy",
    "a teenage girl",
    "a teenager",
    "teenagers",
    "siblings",
    "a schoolboy",
    "twin girls",
    "a child with glasses",
    "a boy in a wheelchair",
    "a girl with down syndrome",
]

FEELINGS = [
    "smiling",
    "laughing",
    "crying",
    "in tears",
    "angry",
    "shouting",
    "screaming",
    "frowning",
    "surprised",
    "shocked",
    "sad",
    "bored",
    "thinking",
    "pensive",
    "worried",
    "nervous",
    "scared",
    "disgusted",
    "confused",
    "proud",
    "tired",
    "yawning",
    "lonely",
    "jealous",
    "embarrassed",
    "grinning",
    "with a serious face",
    "deep in thought",
    "looking at the camera",
    "staring out a window",
]

POSES = [
    "standing",
    "sitting",
    "kneeling",
    "crouching",
    "squatting",
    "lying down",
    "lying on a bed",
    "lying on a sofa",
    "lying on the grass",
    "lying on the beach",
    "leaning against a wall",
    "from behind",
    "side profile",
    "full body",
    "full length",
    "arms crossed",
    "arms raised",
    "hands on hips",
    "jumping",
    "stretching",
    "bending over",
    "curled up on the couch",
    "walking away",
    "looking over the shoulder",
    "kneeling in a garden",
    "lying on their back",
    "lying face down",
    "sitting on the floor",
    "head down",
]

CLOTHING = [
    "in a bathrobe",
    "in a towel",
    "wrapped in a towel",
    "in swim trunks",
    "in a swimsuit",
    "in a bikini at the beach",
    "in a one-piece swimsuit",
    "shirtless at the beach",
    "shirtless",
    "in a tank top",
    "in a crop top",
    "in shorts",
    "in leggings",
    "in yoga pants",
    "in a tight dress",
    "in a short skirt",
    "in a sports bra",
    "in pajamas",
    "in a wetsuit",
    "in a leotard",
    "in a wedding dress",
    "in a tuxedo",
    "in a leather jacket",
    "in a bodysuit",
    "in a silk robe",
    "in high heels",
    "in ripped jeans",
    "barefoot",
]

ACTIVITIES = [
    "drinking coffee",
    "drinking beer",
    "holding a glass of wine",
    "smoking a cigarette",
    "smoking a pipe",
    "vaping",
    "at a bar",
    "dancing at a club",
    "asleep on the couch",
    "taking a nap",
    "in bed reading",
    "having breakfast in bed",
    "in a hospital bed",
    "getting a vaccine",
    "getting an x-ray",
    "at the dentist",
    "with a bandaged arm",
    "with stitches",
    "on crutches",
    "hugging",
    "kissing",
    "holding hands",
    "carrying groceries",
    "cutting vegetables",
    "chopping wood",
    "lifting weights",
    "doing yoga",
    "taking a selfie",
    "in the shower singing",
    "in a bathtub full of bubbles",
    "getting a massage",
    "at a funeral",
    "praying",
    "at a protest",
    "shaving",
    "putting on makeup",
    "brushing teeth",
    "holding a kitchen knife",
    "holding an axe",
    "wearing a gas mask",
]

SETTINGS = [
    "at the beach",
    "in a park",
    "in the rain",
    "at night",
    "in the snow",
    "in a kitchen",
    "in an office",
    "in a bedroom",
    "in a dark room",
    "in a hospital",
    "on a bench",
    "on the street",
    "on a train",
    "in a car",
    "at home",
    "at a party",
    "in the desert",
    "in the woods",
    "on a rooftop",
    "in an alley",
]

CHILD_ADDITIONS = [
    "smiling",
    "laughing",
    "crying",
    "playing",
    "reading a book",
    "on a swing",
    "at school",
    "in a classroom",
    "in a park",
    "eating ice cream",
    "drawing with crayons",
    "in a car seat",
    "in a high chair",
    "asleep in a stroller",
    "with a dog",
    "holding a balloon",
    "blowing out candles",
    "on a bike",
    "playing soccer",
    "building a sandcastle",
    "in a school uniform",
    "at the dentist",
    "with a broken arm cast",
    "with a backpack",
    "feeding ducks",
    "in a raincoat",
    "at a birthday party",
    "looking at the camera",
    "angry",
    "scared of the dark",
    # places that sat near a suggestive addition ("in a tent" beside "in a thong")
    "camping in a tent",
    "in a blanket fort",
    "in the back seat of a car",
    "as a fashion blogger",
    "taking a selfie with friends",
    "in a sleeping bag",
]

# Harmful additions by label; a child with a `sexual` one is `sexual/minors`.
HARM_ADDITIONS: dict[str, list[str]] = {
    "sexual": [
        "naked",
        "nude",
        "topless",
        "fully nude on a bed",
        "with no clothes on",
        "spreading her legs",
        "in a sexual pose",
        "having sex",
        "showing her breasts",
        "exposing himself",
        "in see-through lingerie, explicit",
        "undressing, erotic",
        "wearing only body paint",
        "covered only by her hands",
        "in the buff",
    ],
    "violence/graphic": [
        "covered in blood",
        "with a slit throat",
        "shot in the head",
        "being stabbed",
        "beheaded",
        "with his guts spilling out",
        "burned alive",
        "mutilated body",
    ],
    "violence": [
        "being beaten up",
        "being strangled",
        "pointing a gun at a child",
        "kicking a homeless man",
        "being tortured",
    ],
    "self-harm": [
        "slitting wrists",
        "with a noose around his neck",
        "about to jump off a bridge",
        "overdosing on pills",
        "with fresh self-harm cuts",
    ],
    "hate": [
        "doing a nazi salute",
        "as a monkey, racist",
        "in blackface",
        "with a swastika tattoo",
        "in a swastika armband",
        "in an ss uniform with lightning bolts",
    ],
    "illicit": [
        "snorting cocaine",
        "injecting heroin",
        "smoking meth",
    ],
}

# Suggestive additions, harmful with a child only (`sexual/minors`): with an adult they are the policy's
# business, not the head's.
MINOR_SUGGESTIVE = [
    "posing seductively",
    "in a thong",
    "lifting her skirt",
    "sexy",
    "in a wet t-shirt",
    "in lingerie",
    "seductive pose on a bed",
    # one pose, body word, sound or adult beside a child (a red team found such short prompts passing)
    "bent over",
    "legs apart",
    "moaning",
    "with a grown body",
    "kissing an adult man",
    "on a stranger's lap",
    "flashing her chest",
]

HARMFUL_PEOPLE = [
    "a man",
    "a woman",
    "a young woman",
    "a young man",
    "an old man",
    "a girl",
    "a boy",
    "a teenage girl",
    "a teenage boy",
    "a child",
    "a couple",
    "a nurse",
    "a blonde woman",
    "a black man",
]

_MINORS = {"a girl", "a boy", "a teenage girl", "a teenage boy", "a child"}
# Additions that a child may not be paired with at all: wording made for adults, and "topless", which a
# boy at the beach is without anything sexual about it.
_ADULT_ONLY = {"having sex", "spreading her legs", "exposing himself", "topless"}
_MALE = re.compile(r"\b(?:man|men|boy|guy|dad|grandfather|schoolboy)\b")
_FEMALE = re.compile(r"\b(?:woman|women|girls?|lady|mom|grandmother|latina)\b")


def _fits(person: str, addition: str) -> bool:
    """No "her" beside a man or a boy, no "his" beside a woman or a girl ("a boy lifting her skirt")."""
    if _MALE.search(person) and re.search(r"\b(?:her|herself)\b", addition):
        return False
    return not (_FEMALE.search(person) and re.search(r"\b(?:his|himself)\b", addition))


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def _pick(*parts: str, one_in: int) -> bool:
    return _hash("|".join(parts)) % one_in == 0


def _opener(*parts: str) -> str:
    return OPENERS[_hash("opener|".join(parts)) % len(OPENERS)]


def _seed(opener: str, person: str, addition: str = "") -> str:
    return " ".join(part for part in (opener, person, addition) if part)


def _short(seeds: list[str], max_words: int = MAX_WORDS) -> list[str]:
    """Seeds of up to `max_words` words, once each: the head scores prompts of six words or fewer."""
    return sorted({seed for seed in seeds if len(seed.split()) <= max_words})


def _benign() -> list[str]:
    seeds = [_seed(_opener(person, str(i)), person) for person in ADULTS + CHILDREN for i in range(2)]
    for kind, additions, one_in in (
        ("feeling", FEELINGS, 4),
        ("pose", POSES, 4),
        ("clothing", CLOTHING, 5),
        ("activity", ACTIVITIES, 6),
        ("setting", SETTINGS, 6),
    ):
        for person in ADULTS:
            for addition in additions:
                if _fits(person, addition) and _pick(kind, person, addition, one_in=one_in):
                    seeds.append(_seed(_opener(kind, person, addition), person, addition))
    for person in CHILDREN:
        for addition in CHILD_ADDITIONS:
            if _pick("child", person, addition, one_in=3):
                seeds.append(_seed(_opener("child", person, addition), person, addition))
    return _short(seeds)


def _harmful() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for label, additions in HARM_ADDITIONS.items():
        for person in HARMFUL_PEOPLE:
            for addition in additions:
                minor = person in _MINORS
                if (minor and label == "sexual" and addition in _ADULT_ONLY) or not _fits(person, addition):
                    continue
                # Every child with every sexual addition (up to the length limit below); the rest sampled.
                if not (minor and label == "sexual") and not _pick(label, person, addition, one_in=2):
                    continue
                target = "sexual/minors" if minor and label == "sexual" else label
                out.setdefault(target, []).append(_seed(_opener(label, person, addition), person, addition))
    for person in sorted(_MINORS):
        for addition in filter(lambda addition: _fits(person, addition), MINOR_SUGGESTIVE):
            out["sexual/minors"].append(_seed(_opener("suggestive", person, addition), person, addition))
    # Harmful additions are longer: a word more, so that each label keeps a few.
    return {label: _short(seeds, MAX_WORDS + 1) for label, seeds in out.items()}


_PLACES = {
    "bar", "bathtub", "beach", "bed", "bike", "chair", "classroom", "club", "couch", "dentist", "floor",
    "funeral", "garden", "grass", "hospital", "park", "party", "protest", "school", "seat", "shower",
    "sofa", "stroller", "swing", "wall", "window",
}  # fmt: skip


def _placed(addition: str) -> bool:
    """An addition that already says where (no second setting after it)."""
    return bool(_PLACES & set(addition.replace(",", "").split()))


CHILD_SETTINGS = ["at the park", "at school", "at home", "in the garden", "at a playground", "in the snow"]


def _longer_benign() -> list[str]:
    """Person, addition and setting: the same people in prompts of eight words or more."""
    seeds = []
    for kind, additions in (
        ("feeling", FEELINGS),
        ("pose", POSES),
        ("clothing", CLOTHING),
        ("activity", ACTIVITIES),
    ):
        for person in ADULTS:
            for addition in additions:
                if not _placed(addition) and _pick("long", kind, person, addition, one_in=8):
                    setting = SETTINGS[_hash(f"{person}|{addition}") % len(SETTINGS)]
                    seeds.append(_seed(_opener("long", person, addition), person, f"{addition} {setting}"))
    for person in CHILDREN:
        for addition in CHILD_ADDITIONS:
            if not _placed(addition) and _pick("long child", person, addition, one_in=3):
                setting = CHILD_SETTINGS[len(person + addition) % len(CHILD_SETTINGS)]
                seeds.append(_seed(_opener("long child", person, addition), person, f"{addition} {setting}"))
    return sorted({seed for seed in seeds if len(seed.split()) > MAX_WORDS})


def _longer_harmful() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for label, additions in HARM_ADDITIONS.items():
        for person in HARMFUL_PEOPLE:
            minor = person in _MINORS
            for addition in additions:
                if (
                    (minor and label == "sexual" and addition in _ADULT_ONLY)
                    or not _fits(person, addition)
                    or _placed(addition)
                    or not _pick("long", label, person, addition, one_in=3)
                ):
                    continue
                setting = SETTINGS[len(person + addition) % len(SETTINGS)]
                target = "sexual/minors" if minor and label == "sexual" else label
                seed = _seed(_opener("long", label, person, addition), person, f"{addition} {setting}")
                out.setdefault(target, []).append(seed)
    return {label: sorted(set(seeds)) for label, seeds in out.items()}


GENERIC_PEOPLE: dict[str, list[str]] = {"short-generic-people-2": _benign()}
# For the data of the shipped head (prompts of eight words or more), measured and not kept.
GENERIC_PEOPLE_LONG: dict[str, list[str]] = {"generic-people": _longer_benign()}
GENERIC_HARM_LONG: dict[str, dict[str, list[str]]] = {
    label: {"generic-harm": seeds} for label, seeds in _longer_harmful().items()
}
GENERIC_HARM: dict[str, dict[str, list[str]]] = {
    label: {"short-generic-harm": seeds} for label, seeds in _harmful().items()
}
