"""The minors rule, in one place: sexual content plus any reference to a minor is `sexual/minors`.

`minor_reference(text)` finds a reference to a person under 18 in a prompt: words for children and
teenagers (and their common misspellings: "teeen", "chiId", "yung gurl", "teenagr"), ages under 18
however written ("13yo", "15 y/o", "fourteen-year-old", "aged 12", "who just turned 14", "16f", "looks
about 12"), school grades, years and school types, puberty ("hasn't hit puberty"), "under 18" and "too
young to drive", the coded words used for minor-looking characters ("loli", "jailbait", "barely legal",
"jk"), school years of other systems ("a class 7 pupil", "a second former", "a secondary 3 student"),
age-group teams and youth organisations ("an under-11 netball player", "a u14 swimmer", "a beaver
scout"), informal and borrowed words ("a rugrat", "a wee bairn", "a bambina"), and a child's things
with a young descriptor or with each other ("a petite girl with braces", "a girl with braces and a
backpack"). It errs towards finding one: it only ever matters together with
sexual content, where a false match costs a blocked prompt and a missed one is the worst failure the
platform can have.

`suggestive_term(text)` finds sexual or suggestive wording, explicit or euphemistic (nudity and states of
undress, underwear, poses, "boudoir", "seductive", "nsfw"), chosen so that ordinary prompts about children
(a birthday party, a school photo, a swimming gala) use none of it.

Findings meet in `policy.evaluation`: a minor plus a suggestive term blocks the prompt as
`sexual/minors` on the words alone, and so does a minor plus a sexual score from any moderator at or above
`SEXUAL_FLOOR` (below the policy's review threshold on purpose), whichever moderator saw it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policy.normalise import variants

SEXUAL_FLOOR = 0.35
_UNDER_18 = (
    r"(?:[1-9]|1[0-7]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen)"
)
_TEEN_AGE = r"(?:1[0-7]|thirteen|fourteen|fifteen|sixteen|seventeen)"
_GRADE = (
    r"(?:1st|2nd|3rd|[4-9]th|1[0-2]th|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth)"
)
# Words and phrases, matched letter by letter with each letter repeatable ("teeeen") and "l" read as
# "i" or "l" (a capital I passed off as an l: "chiId").
_WORDS = (
    "child", "children", "childs", "childlike", "child like", "child bodied", "kid", "kids", "kiddo",
    "kiddos", "kiddie", "kiddies", "kiddy", "kidz", "underage", "underaged", "under age",
    "under aged", "teen", "teens", "teenie", "teenies", "teenage", "teenaged", "teenager", "teenagers",
    "preteen", "pre teen", "preteens", "tween", "tweens", "tweenie", "adolescent", "adolescents",
    "toddler", "toddlers", "infant", "infants", "newborn", "schoolgirl", "schoolgirls",
    "schoolboy", "schoolboys", "school girl", "school girls", "school boy", "school boys", "schoolkid",
    "schoolkids", "school kid", "school kids", "schoolchild", "schoolchildren", "school uniform",
    "school age", "school aged", "kindergarten", "kindergartner", "kindergartener",
    "preschool", "preschooler", "nursery school", "daycare", "middle school", "middle schooler",
    "junior high", "high school", "highschool", "high schooler", "highschooler", "elementary school",
    "elementary schooler", "grade school", "grade schooler", "grader", "graders", "primary school",
    "primary schooler", "secondary school", "sixth form", "sixth former", "little girl", "little girls",
    "little boy", "little boys", "lil girl", "lil boy", "lil sis", "little sis", "little one", "little ones",
    "little miss", "young girl", "young girls", "young boy", "young boys", "little sister",
    "little brother", "kid sister", "kid brother", "girl scout", "boy scout", "cub scout", "brownie scout",
    "loli", "lolis", "lolicon", "lolita", "lolitas", "shota", "shotas", "shotacon", "nymphet", "nymphets",
    "jailbait", "barely legal", "almost legal", "nearly legal", "not legal yet", "daughter",
    "stepdaughter", "granddaughter", "niece", "juvenile", "juveniles", "youngster", "youngsters",
    "puberty", "pubescent", "prepubescent", "pre pubescent", "prepubescents", "jk girl", "jk uniform",
    "joshi kousei", "joshikousei", "imouto", "cp", "young looking", "underage looking", "child sized",
    # informal words for a child
    "nipper", "nippers", "teeny bopper", "teenybopper", "teeny boppers", "rugrat", "rugrats", "rug rat",
    "rug rats", "ankle biter", "ankle biters", "tyke", "tykes", "sprog", "sprogs", "bairn", "bairns",
    "young un", "young uns", "youngun", "younguns", "tiny tot", "tiny tots",
    # youth organisations, age-group sports and school years
    "girl guide", "girl guides", "brownie guide", "brownie guides", "rainbow guide", "beaver scout",
    "beaver scouts", "little league", "pop warner", "pee wee hockey", "pee wee football", "pee wee league",
    "junior lifeguard", "junior lifeguards", "transition year", "pre k", "prek", "pre kindergarten",
    # the same words in the languages English prompts borrow them from
    "bambino", "bambina", "bambini", "bambine", "ninos", "ninas", "chiquillo", "chiquilla", "ragazzino",
    "ragazzina", "petit garcon", "petite fille", "enfants", "schulkind", "schulkinder", "collegien",
    "collegienne", "lyceen", "lyceenne", "bachcha", "bacche",
)  # fmt: skip
# Misspellings the letter-by-letter match does not cover.
_MISSPELT = (
    r"(?:young|yung|yng|yunge|younge|lil|little|littel|litle|smol|tiny)"
    r" (?:gurl|gurls|grl|grls|girlie|boi|bois)"
    r"|(?:yung|yng|younge|yunge) (?:girl|girls|boy|boys|teen|teens|thing)"
    r"|skool ?(?:girl|boy|kid)s?|teenagr|teenger|tenager|teenegers?|chidren|childen|childern|chlid|chlidren"
    r"|todler|todlers|preeteen|pre ?tenn|tenn (?:girl|boy)s?|kinder ?garden|teenanger|tea?nager"
    r"|(?:a|the|little|wee|young) tot(?! of)|munchkins?(?! cat)|(?<!el )nino|enfant(?! terrible)"
)
_PERSON = (
    r"(?:girl|girls|boy|boys|kid|child|teen|cheerleader|student|daughter|son|model|gymnast|character|sister"
    r"|brother|niece|nephew|dancer|babysitter|virgin|bride|twink|lass|lad|schoolgirl|schoolboy|pupil"
    r"|stepdaughter|stepson|granddaughter|cousin|she|he|who)"
)
_AGE_WORDS = (
    r"(?:yo|y o|yr|yrs|yr old|yrs old|year old|years old|year olds|years of age|yrs of age|years young"
    r"|yeer old|yeers old|yer old|yers old|and a half year old|and a half years old)"
)


def _letters(word: str) -> str:
    """A word as a pattern: each letter one or more times, "l" as "l" or "i"."""
    return "".join("[li]+" if c == "l" else " " if c == " " else re.escape(c) + "+" for c in word)


# Words with an everyday sense besides a child ("baby oil", "a minor key", "dilated pupils").
_NARROWED = (
    r"bab(?:y|ies)(?! oil| doll| blue| pink| powder| shower| bump| grand| back| spinach| carrots| boomer)"
    r"|minors?(?! key| chord| detail| imperfection| flaw| injur| scratch| change| edit| tweak| adjustment)"
    r"|(?<!dilated )(?<!detailed )pupils?(?! dilat)"
)
_CONNECTOR = r"(?:(?:is|s|who|of|aged|age|barely|just|only|about|around|like|turned|turning|maybe) ){0,3}"
_NOT_AN_AGE = (
    r"(?! ?(?:ft|feet|foot|inch|inches|cm|m|mm|kg|lb|lbs|pounds|stone|percent|am|pm|o clock|hours|minutes"
    r"|days|weeks|months|times|points|stars|of|[0-9]|(?:year|yr)s? (?:ago|later|of experience)))"
)
# An age's last word after a word for tens is an adult's age ("twenty two year old", "thirty-five").
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NOT_TENS = "".join(rf"(?<!{tens} )" for tens in _TENS)
# After a word for a person, "one", "two" and "three" are seldom an age ("she is one of", "he's one
# sexy man"); toddlers are found by their own words and by "3 years old".
_AGE_AFTER_PERSON = (
    r"(?:[1-9]|1[0-7]|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen)"
)
_PATTERN = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(_letters(w) for w in sorted(_WORDS, key=len, reverse=True))
    + "|"
    + _NARROWED
    + "|"
    + _MISSPELT
    # an age under 18 that is not the end of an adult's ("twenty two year old", "thirty five")
    + rf"|{_NOT_TENS}{_UNDER_18} ?{_AGE_WORDS}"
    + rf"|(?:aged?|ages|age of|canonically|just turned|turned|barely) {_UNDER_18}{_NOT_AN_AGE}"
    # "a petite cheerleader, 15, in ...", "a girl who's fourteen", "a girl of thirteen"
    + rf"|{_PERSON} {_CONNECTOR}{_AGE_AFTER_PERSON}{_NOT_AN_AGE}"
    # "16f", "f15": the age-and-sex tags of forum posts ("f" before the age only with ages that are not
    # a lens's f-stops: "f/16" is an aperture)
    + r"|1[0-7] ?f|f ?1[03457]"
    + r"|(?:local|at|from|in) primary(?! colou?rs?| elections?| care| sources?)"
    + rf"|looks? (?:about |around |like |maybe |only |barely )?{_UNDER_18}{_NOT_AN_AGE}"
    + r"|(?:under|not yet|below|younger than) (?:18|eighteen|the age of consent|legal age|an adult)"
    + rf"|(?:not yet|younger than) {_UNDER_18}{_NOT_AN_AGE}"
    # school years of other systems ("a class 8 student", "a fifth former", "a secondary 2 pupil",
    # "a tenth standard student") and age-group teams ("an under 12 footballer", "a u10 player")
    + r"|(?:class|std|standard|secondary|sec|form) (?:[1-9]|1[01]) (?:student|pupil|girl|boy|kid|child)s?"
    + r"|(?:in|from|of) class (?:[1-9]|1[01])(?![0-9])|class (?:10|ten) boards?"
    + rf"|{_GRADE} (?:standard|std|form|class) (?:student|pupil|girl|boy|kid|child)s?"
    + r"|(?:first|second|third|fourth|fifth) formers?"
    + r"|(?:under|u) ?(?:[5-9]|1[0-7]) (?:[a-z]+ )?(?:team|squad|side|league|player|footballer"
    + r"|cricketer|gymnast|swimmer|athlete|runner|skater|dancer|girl|boy|kid)s?"
    + r"|(?:has not|hasn t|hasnt|not yet) started (?:school|kindergarten|primary school)"
    + r"|still believes? in (?:santa|father christmas|the tooth fairy|the easter bunny)"
    + r"|not (?:18|eighteen|an adult)|too young to (?:drive|vote|drink|consent|date)|not old enough"
    + r"|early teens|mid teens|sweet (?:16|sixteen)"
    + r"|(?:has not|hasn t|hasnt|not yet|before) (?:hit |reached |started |gone through )?puberty"
    + r"|voice (?:has not|hasn t|hasnt) broken"
    + rf"|{_GRADE} grade(?:r|rs)?|grade (?:[1-9]|1[0-2])(?: student| pupil)?|(?:[1-9]|1[0-2]) graders?"
    + r"|year (?:[1-9]|1[0-3]) (?:pupil|student|girl|boy|kid|class)s?|(?:in|from) year (?:[1-9]|1[0-3])"
    + r"|still in (?:school|middle school|high school|primary school|elementary school|grade school)"
    + r"|youth (?:gymnast|athlete|team|league|player|model|pageant|camp|group|club|choir|football|soccer)s?"
    + r")(?![a-z0-9])"
)
# A young descriptor with a child's things, or two of a child's things ("braces and a backpack").
_YOUNG = re.compile(
    r"(?<![a-z])(?:young|younger|little|tiny|petite|small|innocent|childish|youthful|cute)(?![a-z])"
)
_CHILD_THINGS = re.compile(
    r"(?<![a-z])(?:braces|backpack|back pack|school ?bag|book ?bag|pigtails|lunch ?box|teddy(?: bear)?"
    r"|training bra|hair bows|lollipop|crayons|knee socks|kneesocks|hello kitty|plushie|stuffed animal"
    r"|school uniform|school skirt|bookbag|sippy cup|pacifier|diaper|nappy|school desk)(?![a-z])"
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


@lru_cache(maxsize=1024)
def minor_reference_in(form: str) -> str | None:
    """The same, in a form `policy.normalise.variants` made."""
    if match := _PATTERN.search(form):
        return match.group(0)
    things = list(dict.fromkeys(m.group(0) for m in _CHILD_THINGS.finditer(form)))
    young = _YOUNG.search(form)
    if things and (young or len(things) > 1):
        return " ... ".join([young.group(0), things[0]] if young else things[:2])
    return None


# Sexual or suggestive wording (explicit or euphemistic) that a prompt about a child never needs, as
# patterns over the normalised text. Words with an everyday sense around children are narrowed to the
# suggestive one ("sheer curtains", "naked eye", "blue tits", "cum laude", "the sex of the baby" pass).
_SUGGESTIVE_PATTERNS = (
    r"naked(?! eye| mole| flame| truth)", r"nude(?! tights| colou?r| lipstick| shade| shoes| heels| tone)",
    "nudes", "nudity", "nudist", "topless", "undress(?:ed|es|ing)?", "unclothed", "disrobing",
    "no clothes", "without (?:any )?clothes", "(?:clothes|clothing) off", "wearing nothing",
    "with nothing on", "in the nude", "birthday suit", "half (?:naked|nude|dressed)",
    "barely (?:dressed|covered)",
    "partially (?:clothed|nude)", "scantily", "skimpy", "(?:and|with|in) nothing else",
    "(?:swimsuit|bikini|clothes|clothing|dress|shirt|top|outfit|underwear|skirt|replaced) with nothing",
    "wearing nothing but",
    "in nothing but", "revealing (?:outfit|clothes|clothing|dress|top|swimsuit|bikini|pose)",
    "(?:sheer|see through) (?:dress|top|nightie|nightgown|fabric|lingerie|blouse|shirt|slip|robe"
    "|clothes|clothing|outfit|swimsuit|bikini|underwear)",
    "lingerie", "negligee", "panties", "panty", "pantsu", r"thongs?(?! sandals| flip)", "g string",
    "underwear", "bras?", "training bra", "garter", "fishnets?", "(?:string|micro|tiny|thong) bikini",
    "wet (?:t )?shirt", "(?:only|just) a towel", "only wearing", "wearing only", "up ?skirt", "downblouse",
    "panty shot", "camel ?toe", "cleavage", "breasts", "boobs", r"(?<!blue )(?<!great )(?<!coal )tits",
    "nipples?", "crotch", "genitals", "genitalia", "private parts", "sexy", "sexi", "seductive(?:ly)?",
    "seduc(?:e|es|ing)", "sultry", "sensual(?:ly)?", "erotic(?:a)?", "provocative(?:ly)?",
    "suggestive(?:ly)?", "lewd", "lustful", "lust", "aroused", "arousing", "horny", "flirty",
    "flirtatious", "come hither", "bedroom eyes", "pinup",
    "pin up (?:girl|model|pose|style|photo|shoot|poster)",
    "boudoir", "playboy", "cent(?:er|re)fold", "strip ?tease", "stripper", "pole danc(?:e|er|ing)",
    "lap dance", "twerk(?:ing)?", "spread legs", "legs spread", "orgasm",
    r"(?<!the )sex(?! ed| education| of the)",
    "sexual(?! health| education| abuse (?:prevention|awareness))", "sexually(?! transmitted)", "porn",
    "porno", "pornographic", "nsfw", "xxx", "hentai", "ecchi", "fetish", "bdsm", "bondage",
    "fondl(?:e|es|ing)",
    "grop(?:e|es|ing)", "masturbat(?:e|es|ing|ion)", "touching (?:her|him)self", "intercourse",
    "making out", "between the sheets", "sugar daddy", "only ?fans", "fansly", "body oil", "oiled up",
    "thirst trap", "hot body", "bikini body", "jerk off", r"cum(?! laude)", "uncensored", "r ?18",
    "cunny", "bussy", "explicit", "mid act", "nothing covered", "nothing covering",
    "pleasur(?:e|es|ing) (?:herself|himself|themselves|each other)", "romantic (?:couple|date)",
    "candlelit date", "wedding night", "honeymoon", "as (?:a|his|her) (?:lover|girlfriend|boyfriend)",
    # euphemism: love-making, bodies, undressing and poses described without the explicit words
    "intimate (?:moment|photo|scene|pose|shoot|picture|session|encounter|act)s?", "steamy", "racy",
    "risque", "titillating", "alluring", "passionate(?:ly)? kiss(?:es|ing)?", "kissing passionately",
    "french kiss(?:ing)?", "making love", "love ?making", "in the throes", "post coital",
    "bodies (?:intertwined|entwined|pressed together)", "in bed together", "under the covers together",
    "one night stand", "seduction", "seductress", "temptress", "vixen", "busty", "voluptuous",
    "hourglass figure", "thick thighs", "plunging neckline", "low cut", "unbuttoned (?:shirt|blouse|top)",
    "straps? (?:slipping|falling|sliding)", "lifting (?:her|his) (?:shirt|top|skirt|dress)",
    "skirt (?:lifted|hiked|riding up)", "in the buff", "au naturel", "starkers", "unclad", "disrobed",
    "bare (?:skin|body|bodied|breasted|and ready)", "implied nudity", "strategically (?:placed|covered)",
    "covered only by", "only a sheet", "(?:silk|satin) sheets", "under the sheets",
    "(?:bite|bites|biting) (?:her|his) lip", "licking (?:her|his) lips", "invit(?:ing|es) the viewer",
    "(?:spicy|naughty) (?:pic|photo|picture|content|shoot|scene|selfie|pose|outfit)s?",
    "bedroom (?:pose|scene|photo|shoot|selfie)s?", "in heat", "dripping wet", "thigh highs?",
    "(?:silk|lace|fishnet|sheer) stockings", "lace (?:bra|panties|lingerie|bodysuit|teddy)",
    "latex (?:outfit|suit|catsuit|dress)", "catsuit", "leather (?:harness|collar)", "collar and leash",
    "(?:handcuffed|tied) to (?:the|a) bed", "spank(?:ing|ed)?", "dominatrix", "submissive",
)  # fmt: skip
_SUGGESTIVE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(_SUGGESTIVE_PATTERNS) + r")(?![a-z0-9])")


def suggestive_term(text: str) -> str | None:
    """The first sexual or suggestive words of `text` (normalised), or None."""
    for form in dict.fromkeys(variants(text)):
        if match := _SUGGESTIVE.search(form):
            return match.group(0)
    return None
