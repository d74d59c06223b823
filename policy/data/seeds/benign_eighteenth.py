"""An eighteenth batch of seed prompts, by the Assay policy team: short prompts about children named every
way (ages in digits and words, grades and school years, youth teams and scouts, kinship words) in
everyday scenes. An independent set of harmless prompts about children was flagged one time in seven
(docs/moderation.md, "Sexual euphemism beside a child"): the short head had seen children named by a
plain word ("a boy", "a toddler") but not "a 9yo", "a year 5 pupil" or "my niece" in a classroom, and read
an age beside an everyday scene as the harmful seeds that name ages.

`CHILDREN_NAMED` (benign) pairs each way of naming a child with school, sport, play, food, outdoor and
teenage scenes; as in `benign_seventeenth`, never a pose, a bed, a bath, swimwear or a lap: those are
the contexts where harm to children hides, and the head is not taught that they are harmless.
`CHILDREN_NAMED_HARM` pairs the same children with sexual euphemism (`sexual/minors`), so that the head
learns that the addition decides, not the way the child is named. Both are the short head's
(`SHORT_SEEDS`).
"""

from __future__ import annotations

import re

from policy.data.seeds.benign_seventeenth import OPENERS, _hash, _pick, _seed, _short

CHILD_NAMES = [
    "a 9 year old",
    "a 7-year-old girl",
    "an 8 year old boy",
    "my 10 year old",
    "a 12 year old",
    "a 14 year old",
    "a 16 year old girl",
    "a 15yo boy",
    "9yo",
    "a 6yo",
    "a five year old",
    "an eleven-year-old",
    "a 3rd grader",
    "a fifth grader",
    "a first grader",
    "a year 5 pupil",
    "a year 9 student",
    "a kindergartner",
    "a preschooler",
    "a tween",
    "a tween girl",
    "a teen boy",
    "teens",
    "an under-12s player",
    "under-10s footballers",
    "a cub scout",
    "a girl scout",
    "a little leaguer",
    "my little brother",
    "my little sister",
    "my niece",
    "my 8 year old nephew",
    "my 4 year old son",
    "my daughter",
    "her 6 year old grandson",
    "his granddaughter",
    "toddlers",
    "a newborn",
    "a baby girl",
    "a schoolgirl",
    "middle schoolers",
    "high schoolers",
    "a junior high student",
    "twin toddlers",
    "a 13 year old",
]

SCENES = [
    # school
    "at their lockers",
    "passing notes in class",
    "at a spelling bee",
    "at the science fair",
    "on the school bus",
    "doing homework",
    "in the school play",
    "raising a hand in class",
    "on the first day of school",
    "with a lunchbox",
    "at recess",
    "at graduation",
    "in a school library",
    # sport
    "at football practice",
    "at a chess tournament",
    "doing a cartwheel",
    "in a karate uniform",
    "at a ballet recital",
    "at bat",
    "in goalkeeper gloves",
    "at a track meet",
    "muddy after rugby",
    "stretching before a race",
    "holding a trophy",
    # play
    "on a trampoline",
    "going down a slide",
    "on the monkey bars",
    "playing hide and seek",
    "blowing bubbles",
    "flying a kite",
    "building with lego",
    "playing video games",
    "playing the drums",
    "making slime",
    "at a puppet show",
    "painting a birdhouse",
    # home and food
    "baking cookies",
    "licking the mixing spoon",
    "eating spaghetti",
    "at the dinner table",
    "on dad's shoulders",
    "getting a piggyback ride",
    "hugging grandma",
    "cuddling a puppy",
    "packing a school bag",
    "trying on new shoes",
    "in a new suit",
    "in a party dress",
    "helping wash the car",
    "at a lemonade stand",
    # care
    "at the doctor's",
    "getting a vaccine",
    "with braces",
    "getting a haircut",
    "losing a tooth",
    "with a cast on",
    # outdoors
    "camping with family",
    "toasting marshmallows",
    "fishing with grandpa",
    "climbing a tree",
    "exploring a cave",
    "sledding",
    "making a snowman",
    "splashing in puddles",
    "riding a pony",
    "at the zoo",
    "on a hike",
    "at the beach with a bucket",
    # teenage life
    "with headphones",
    "texting on a phone",
    "taking a selfie",
    "at a school dance",
    "at a part-time job",
    "studying for exams",
    "at the skatepark",
    "jamming in a garage",
    "at a concert",
    "with a first phone",
]

# Sexual euphemism, with a child always `sexual/minors` (the minors rule's words find most of it; the head
# learns it too, so that a reading below the rule's words still scores it).
EUPHEMISMS = [
    "with his junk out",
    "with her bum out",
    "in the altogether",
    "skinny dipping",
    "legs parted",
    "bare bottom up",
    "with nothing on",
    "showing everything",
    "shorts pulled down",
    "giving oral",
    "hooking up",
    "in a cam show",
    "our little secret",
    "first time in bed",
    "in a happy ending massage",
    "doggy style",
    "getting frisky",
    "spread eagle, bare",
    "bumping uglies",
    "straddling him",
]
_HIS = re.compile(r"\bhis\b")
_HER = re.compile(r"\bher\b")
_GIRL = re.compile(r"\b(?:girl|sister|niece|daughter|granddaughter|schoolgirl)\b")
_BOY = re.compile(r"\b(?:boy|brother|nephew|son|grandson)\b")
_PLURAL = (
    "teens",
    "under-10s footballers",
    "toddlers",
    "middle schoolers",
    "high schoolers",
    "twin toddlers",
)


def _fits(child: str, addition: str) -> bool:
    """No "his" beside a girl, no "her" beside a boy, neither beside several children."""
    his, her = _HIS.search(addition), _HER.search(addition)
    if child in _PLURAL:
        return not (his or her)
    return not (his and _GIRL.search(child)) and not (her and _BOY.search(child))


def _opener(*parts: str) -> str:
    return OPENERS[_hash("opener18|".join(parts)) % len(OPENERS)]


def _benign() -> list[str]:
    seeds = [
        _seed(_opener("scene", child, scene), child, scene)
        for child in CHILD_NAMES
        for scene in SCENES
        if _pick("scene18", child, scene, one_in=2)
    ]
    return _short(seeds)


def _harmful() -> list[str]:
    seeds = [
        _seed(_opener("euphemism", child, addition), child, addition)
        for child in CHILD_NAMES
        for addition in EUPHEMISMS
        if _fits(child, addition) and _pick("euphemism18", child, addition, one_in=3)
    ]
    return _short(seeds, 9)


CHILDREN_NAMED: dict[str, list[str]] = {"short-children-named": _benign()}
CHILDREN_NAMED_HARM: dict[str, dict[str, list[str]]] = {
    "sexual/minors": {"short-children-euphemism": _harmful()}
}
