"""The minors rule, in one place: sexual content plus any reference to a minor is `sexual/minors`.

`minor_reference(text)` finds a reference to a person under 18 in a prompt: words for children and
teenagers, ages under 18 however written ("13yo", "15 y/o", "fourteen-year-old", "aged 12"), school
grades and school types, and the coded words used for minor-looking characters ("loli", "barely legal").
It errs towards finding one: it only ever matters together with sexual content, where a false match
costs a review and a missed one is the worst failure the platform can have.

Two moderators' findings meet here (`policy.evaluation`): a minor found in the text plus a sexual score
from any moderator at or above `SEXUAL_FLOOR` (below the policy's review threshold on purpose) blocks the
prompt as `sexual/minors`, whichever moderator saw the sexual content.
"""

from __future__ import annotations

import re

from policy.normalise import variants

SEXUAL_FLOOR = 0.35
_UNDER_18 = (
    r"(?:[1-9]|1[0-7]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen)"
)
_GRADE = (
    r"(?:1st|2nd|3rd|[4-9]th|1[0-2]th|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth)"
)
_WORDS = (
    "child", "children", "childs", "kid", "kids", "kiddo", "minor", "minors", "underage", "under age",
    "teen", "teens", "teenage", "teenager", "teenagers", "preteen", "pre teen", "preteens", "tween",
    "tweens", "adolescent", "adolescents", "toddler", "toddlers", "infant", "infants", "newborn", "baby",
    "babies", "schoolgirl", "schoolgirls", "schoolboy", "schoolboys", "school girl", "school boy",
    "schoolchild", "schoolchildren", "school uniform", "pupil", "pupils", "kindergarten", "kindergartner",
    "kindergartener", "preschool", "preschooler", "middle school", "middle schooler", "junior high",
    "high schooler", "high school girl", "high school boy", "high school student", "elementary school",
    "grade school", "grade schooler", "primary school", "secondary school", "little girl", "little girls",
    "little boy", "little boys", "young girl", "young girls", "young boy", "young boys", "little sister",
    "little brother", "girl scout", "boy scout", "cub scout", "brownie scout", "loli", "lolis",
    "lolicon", "lolita", "shota", "shotacon", "jailbait", "barely legal", "daughter", "stepdaughter",
    "niece", "juvenile", "youngster", "youngsters", "freshman in high school", "sophomore in high school",
)  # fmt: skip
_PATTERN = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
    + rf"|{_UNDER_18} ?(?:yo|y o|yr|yrs|yr old|yrs old|year old|years old)"
    + rf"|(?:aged?|age of|canonically) {_UNDER_18}"
    # "a petite cheerleader, 15, in ...": an age right after a word for a person
    + r"|(?:girl|boy|cheerleader|student|daughter|son|model|gymnast|character|sister|brother|niece|nephew"
    + r"|dancer|babysitter|virgin|bride|twink) (?:[1-9]|1[0-7])(?! ?(?:ft|feet|cm|m|kg|lb|lbs|[0-9]))"
    + rf"|{_GRADE} grade(?:r|rs)?|grade (?:[1-9]|1[0-2])(?: student| pupil)?"
    + r"|year (?:[1-9]|1[0-1]) (?:pupil|student)"
    + r")(?![a-z0-9])"
)


def minor_reference(text: str) -> str | None:
    """The first words of `text` that refer to a minor (normalised), or None."""
    for form in dict.fromkeys(variants(text)):
        if found := minor_reference_in(form):
            return found
    return None


_CHILD_WORDS = re.compile(r"(?<![a-z])(girl|girls|boy|boys)(?![a-z])")
_ADULT_WORDS = {"girl": "woman", "girls": "women", "boy": "man", "boys": "men"}


def as_adult(text: str) -> str:
    """The prompt with every minor written as an adult (normalised): what it asks about an adult."""
    form = _PATTERN.sub("person", variants(text)[1])
    return _CHILD_WORDS.sub(lambda m: _ADULT_WORDS[m.group(1)], form)


def minor_reference_in(form: str) -> str | None:
    """The same, in a form `policy.normalise.variants` made."""
    match = _PATTERN.search(form)
    return match.group(0) if match else None
