"""Turn moderator scores into a decision, per text field, under the policy's thresholds.

How the moderators combine, per category:
- the highest score of any moderator counts (a moderator that cannot answer makes the decision at least
  `moderation.on_error`: never allow);
- except an *ambiguous* term of the rules moderator (a word that is harmful in some contexts only:
  "bomb", "lingerie", "swastika", "open wound"), which counts only if the semantic moderator, which reads
  the whole prompt, also scores that category. The semantic moderator is what understands that a
  "bomb-shaped lamp" is a lamp; the rules stay the precise layer for unambiguous and obfuscated terms
  ("pipe bomb", "n.u.d.e", slurs, a tenant's own terms and protected names), which count on their own.
  When the semantic moderator is not in the policy, or failed, ambiguous terms count as they are.
- sexual content (any moderator, from `policy.minors.SEXUAL_FLOOR`, or sexual or suggestive wording:
  `policy.minors.suggestive_term`) in a text that refers to a minor is `sexual/minors` at 1.0: blocked
  by every policy;
- a prompt the moderators cannot read (another language: `policy.language`) is decided by
  `moderation.unsupported_language`; the semantic moderator does not score it (its reading of a
  language it was not trained on is noise), the rules and remote moderators still do;
- a prompt with a word interleaved to dilute it ("a flower how-to flower poster flower ...":
  `policy.normalise.without_filler`) is also read without that word, and one with words written
  backwards with them turned back (`turned_back`); each category keeps the highest score of the readings,
  read by the moderators that read the prompt (not the semantic one for a prompt it cannot read);
- tag characters, which spell text nobody sees, are read as that text in place
  (`policy.normalise.fold_confusables`), and every finding's evidence says what they spell; a hidden
  sentence in another language leaves the decision to `moderation.unsupported_language` too;
- a text that shows nothing (white space and invisible characters only: `foundation.text.blank`) has
  nothing to screen (the API refuses such a prompt; an invisible negative prompt no longer blocks a job).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from foundation.text import blank
from policy.language import Reading, reading
from policy.minors import SEXUAL_FLOOR, as_adult, minor_reference, suggestive_term
from policy.moderators import build_moderators
from policy.moderators.base import ModeratorError, PromptModerator
from policy.normalise import english_word, fold, hidden_sentence, hidden_text, other_readings, variants
from policy.schema import BUILTIN_CATEGORIES, MINORS, CategoryRule, PolicyDocument
from policy.types import MODERATOR_ERROR, UNSUPPORTED_LANGUAGE, Decision, PolicyDecision, Reason

# Scores below this are a moderator's noise floor (OpenAI scores every text ~1e-5 in every category),
# not a signal: without it `sexual/minors`, blocked at any score, would block everything.
MIN_SCORE = 0.01
SEMANTIC = "semantic"
MINORS_RULE = "minors"  # the source of a `sexual/minors` finding made by `policy.minors`' words alone
# The semantic moderator corroborates an ambiguous term if it scores the term's category or a neighbour
# (a "gore" prompt it reads as violence is not a false alarm).
_NEIGHBOURS: dict[str, frozenset[str]] = {
    "violence": frozenset({"violence", "violence/graphic"}),
    "violence/graphic": frozenset({"violence", "violence/graphic"}),
    "sexual": frozenset({"sexual", "sexual/minors"}),
    "sexual/minors": frozenset({"sexual", "sexual/minors"}),
    "hate": frozenset({"hate", "harassment"}),
    "harassment": frozenset({"hate", "harassment"}),
}
_DEFAULT_RULE = CategoryRule()


@dataclass
class Scored:
    """One text's scores: {category: (score, moderator, evidence)} keeping the max, the moderators that
    failed as [(moderator, error)], and, when the moderators cannot read it, why."""

    scores: dict[str, tuple[float, str, str]] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    unreadable: Reading | None = None


def category_scores(moderators: list[PromptModerator | ModeratorError], text: str) -> Scored:
    if blank(text):
        return Scored()  # nothing to read: the encoder's reading of nothing was `illicit` 0.94
    read = reading(text)
    if not read.readable and not read.in_part:
        # The semantic moderator's reading of a language it was not trained on is noise, not evidence. A
        # prompt unreadable in one clause only is still English around it: read by every moderator.
        moderators = _without_semantic(moderators)
    scores, errors = _combined(moderators, text)
    for_minors = _for_minors(moderators, read)
    if len(for_minors) > len(moderators) and (
        _sexual_reading(scores)[0] >= SEXUAL_FLOOR or suggestive_term(text) or minor_reference(text)
    ):
        # The semantic moderator the policy left out, asked for `sexual/minors` only (`_for_minors`), and
        # only where the text is sexual or names a minor: elsewhere the policy's own moderators decide,
        # and a prompt too long for it is not held for its sake.
        own, own_errors = _combined(for_minors[len(moderators) :], text)
        errors += own_errors
        if own.get(MINORS, (0.0,))[0] > scores.get(MINORS, (0.0,))[0]:
            scores[MINORS] = own[MINORS]
    _minors_rule(for_minors, scores, text, errors)
    for how, other in other_readings(text):
        # A word interleaved everywhere dilutes what the rest says and splits the minors rule's phrases
        # ("12 flower year flower old"); backwards words read as no word. Such a reading is read too, by
        # the same moderators, and the higher score counts.
        second, second_errors = _combined(moderators, other)
        _minors_rule(for_minors, second, other, second_errors)
        errors += [error for error in second_errors if error not in errors]
        for category, (score, source, evidence) in second.items():
            if score > scores.get(category, (0.0,))[0]:
                scores[category] = (score, source, f"{how}: {evidence}")
    if hidden := hidden_text(text):
        # The moderators read it in place (`fold_confusables`); the evidence says what nobody sees.
        shown = f"its invisible tag characters spell {hidden[:80]!r}"
        scores = {
            category: (score, source, f"{shown}; {ev}") for category, (score, source, ev) in scores.items()
        }
        if (
            read.readable
            and (sentence := hidden_sentence(text))
            and not (inside := reading(sentence)).readable
        ):
            # A hidden sentence in another language: the policy decides, as for a prompt in one; the
            # moderators still read the prompt shown around it.
            read = Reading(False, inside.language, f"its invisible tag characters spell: {inside.evidence}")
    return Scored(scores, errors, None if read.readable else read)


def _for_minors(
    moderators: list[PromptModerator | ModeratorError], read: Reading
) -> list[PromptModerator | ModeratorError]:
    """The moderators the minors rule asks: the policy's, and the semantic moderator where the policy
    leaves it out (a policy of rules or a remote moderator only). The rule holds in every policy, and
    only the semantic moderator reads a minor by meaning (`child_reading`) and a euphemism's sexual
    sense; without it, "a petite girl posing nude" was allowed where nudity is. Not for a text it
    cannot read (its reading of another language is noise)."""
    if (not read.readable and not read.in_part) or any(
        getattr(m, "name", None) == SEMANTIC for m in moderators
    ):
        return moderators
    return [*moderators, _platform_semantic()]


@cache
def _platform_semantic() -> PromptModerator:
    from policy.moderators.semantic import SemanticModerator

    return SemanticModerator()


def _without_semantic(
    moderators: list[PromptModerator | ModeratorError],
) -> list[PromptModerator | ModeratorError]:
    return [m for m in moderators if getattr(m, "name", None) != SEMANTIC]


def _combined(
    moderators: list[PromptModerator | ModeratorError], text: str
) -> tuple[dict[str, tuple[float, str, str]], list[tuple[str, str]]]:
    """Every moderator's scores for `text`, combined as the module docstring says."""
    results: dict[str, dict[str, tuple[float, str, bool]]] = {}
    errors: list[tuple[str, str]] = []
    modelled: frozenset[str] = frozenset()  # the categories the semantic moderator scores
    for moderator in moderators:
        if isinstance(moderator, ModeratorError):
            errors.append(("unavailable", str(moderator)))
            continue
        try:
            result = moderator.score(text)
            # Inside the try: the semantic moderator's categories come from its head, which may be missing.
            if moderator.name == SEMANTIC:
                modelled = frozenset(getattr(moderator, "categories", ()))
        except Exception as exc:  # any failure of a moderator fails closed, never open
            errors.append((moderator.name, f"{type(exc).__name__}: {exc}"))
            continue
        results[moderator.name] = {
            category: (float(found[0]), str(found[1]), bool(found[2]) if len(found) > 2 else False)
            for category, found in result.items()
        }
    semantic = results.get(SEMANTIC, {})
    scores: dict[str, tuple[float, str, str]] = {}
    for name, result in results.items():
        for category, (score, evidence, ambiguous) in result.items():
            neighbours = _NEIGHBOURS.get(category, frozenset({category}))
            if ambiguous and category in modelled and not neighbours & semantic.keys():
                # Not corroborated: kept at 0 (below every threshold, `sexual/minors` included).
                score, evidence = 0.0, f"{evidence} (ambiguous term; the semantic moderator disagrees)"
            if category not in scores or scores[category][0] < score:
                scores[category] = (score, name, evidence)
    return scores, errors


def _minors_rule(
    moderators: list[PromptModerator | ModeratorError],
    scores: dict[str, tuple[float, str, str]],
    text: str,
    errors: list[tuple[str, str]],
) -> None:
    """Sexual content plus a minor anywhere in the text is `sexual/minors` at 1.0.

    The sexual content is judged twice: as written, and with the minor written as an adult
    (`policy.minors.as_adult`), because a child in a prompt pulls a moderator's reading towards the
    innocent prompts about children it learnt from; "would this be sexual about an adult?" is the
    question that must not be missed. Sexual or suggestive wording decides on its own, whatever the
    moderators score: zero tolerance must not hang on a model's reading of a euphemism. Where the semantic
    moderator keeps a second encoder for this (`minors_reading`: the packaged one beside a tuned one), its
    reading counts too; if it fails, the text fails closed like any moderator's failure. Where the words
    name no minor but the text is sexual, the semantic moderator's child reading (`child_reading`) may
    find one by meaning (`_child_reading`)."""
    if scores.get(MINORS, (0.0,))[0] >= 1.0:
        return
    term = suggestive_term(text)
    if not (minor := minor_reference(text) or _child_reading(moderators, scores, text, term, errors)):
        return
    if term:
        scores[MINORS] = (1.0, MINORS_RULE, f"minor: {minor!r} + sexual or suggestive wording: {term!r}")
        return
    # A moderator's own `sexual/minors` reading is a sexual reading too: no need to ask how it reads about
    # an adult (and of the adult reading, either counts).
    sexual = _sexual_reading(scores)
    if sexual[0] < SEXUAL_FLOOR:
        adult = as_adult(text)
        sexual = _sexual_reading(_combined(moderators, adult)[0])
        sexual = (sexual[0], sexual[1], f"read as {adult!r}: {sexual[2]}")
    if sexual[0] < SEXUAL_FLOOR:
        sexual = max([sexual, *_minors_readings(moderators, text, errors)], key=lambda found: found[0])
    if sexual[0] >= SEXUAL_FLOOR:
        scores[MINORS] = (1.0, sexual[1], f"minor: {minor!r} + sexual {sexual[0]:.2f} ({sexual[2]})")


def _child_reading(
    moderators: list[PromptModerator | ModeratorError],
    scores: dict[str, tuple[float, str, str]],
    text: str,
    term: str | None,
    errors: list[tuple[str, str]],
) -> str | None:
    """A minor the words did not name, read by meaning (`child_reading`), where the text is sexual already
    (sexual or suggestive wording, `term`, or a sexual score at `SEXUAL_FLOOR`): its evidence, or None.
    Asked only then, so that it costs nothing elsewhere; like the rule for a minor it names, a prompt
    about a child that a moderator reads as slightly sexual ("a boy shirtless playing in the sprinkler")
    is then blocked (docs/moderation.md). A moderator that fails here fails closed, as in `_combined`."""
    if not term and _sexual_reading(scores)[0] < SEXUAL_FLOOR:
        return None
    for name, (probability, threshold, evidence) in _readings(moderators, "child_reading", text, errors):
        if probability >= threshold:
            return f"{name}: {evidence}"
    return None


def _sexual_reading(scores: dict[str, tuple[float, str, str]]) -> tuple[float, str, str]:
    """The higher of a text's `sexual` and `sexual/minors` scores (score, moderator, evidence)."""
    return max(scores.get("sexual", (0.0, "", "")), scores.get(MINORS, (0.0, "", "")), key=lambda f: f[0])


def _minors_readings(
    moderators: list[PromptModerator | ModeratorError], text: str, errors: list[tuple[str, str]]
) -> list[tuple[float, str, str]]:
    """The second readings for the minors rule of the moderators that keep one (`minors_reading`)."""
    return [
        (answer[0], name, answer[1]) for name, answer in _readings(moderators, "minors_reading", text, errors)
    ]


def _readings(
    moderators: list[PromptModerator | ModeratorError], method: str, text: str, errors: list[tuple[str, str]]
) -> list[tuple[str, tuple[Any, ...]]]:
    """(moderator name, reading) of each moderator that has `method` and answers it for `text`; one that
    fails is an error (the text fails closed, as in `_combined`)."""
    found: list[tuple[str, tuple[Any, ...]]] = []
    for moderator in moderators:
        read = getattr(moderator, method, None)
        if read is None:
            continue
        try:
            reading = read(text)
        except Exception as exc:
            errors.append((moderator.name, f"{type(exc).__name__}: {exc}"))
            continue
        if reading is not None:
            found.append((moderator.name, reading))
    return found


# A negative prompt says what the image must not show, so what a request asks for is its prompt without
# those things: read alone, neither says that a child "without clothes", or a nude "not adult", is asked
# for. Where the negative prompt takes away clothing, modesty or adulthood, the prompt is also read with
# those items negated (`with_negated`), as one more text, under this name. Other items are left out:
# taking "blurry, extra fingers" away adds nothing to a picture, and a list of "without ..." read by the
# semantic moderator looks like undressing whatever it lists.
WITH_NEGATIVE = "prompt without negative_prompt"
# Items are split at punctuation, "and"/"AND" and Stable Diffusion's prompt keyword BREAK (which may touch
# a word: "clothes BREAK", "BREAKadult"); a tag's underscores are spaces ("mature_female").
_ITEMS = re.compile(r"[,;|/\n\t]+|::|\.\s+|\s+(?:and|AND)\s+|BREAK")
# Stable Diffusion's emphasis "(clothes:1.4)", Midjourney's weight "clothes::2" (split off above).
_WEIGHT = re.compile(r"[()\[\]{}]|:\s*-?[\d.]+|^\s*-?[\d.]+\s*$")
# An item that says "no" already ("no clothing", "not wearing a swimsuit") asks for clothing: not negated.
_NEGATED = re.compile(r"(?:no|not|non|without|never|none|zero|nothing)\b|un(?:clothed|dressed|covered)")
# What a body wears: taking any of it away, alone, leaves a body without clothes, whatever word,
# language or spelling says it, so it is read as "without clothes". A qualified garment ("winter
# clothes") or an outer or partial one ("jacket", "shirt") is read as written: "without <it>".
_BODY_COVERING = (
    "clothes|clothing|clothed|dressed|garments?|outfits?|attire|apparel|cloths?|garb"
    "|raiment|duds|wearing|underwear|panties|underpants|knickers|bras?|lingerie|swimsuits?|swim suit"
    "|swimwear|bikinis?|bathing suit|swim trunks|speedos?|briefs|boxers|thong|g-string|leotard"
    "|fig leaf|fig leaves|pasties|nipple covers?|diaper|nappy|loincloth|topwear|bottomwear|innerwear"
    "|intimates|undergarments?"
    # the same in the languages a Latin-letter list is most often written in, which the language check
    # may not tell from English in a list this short
    "|ropa|ropa interior|traje de baño|bañador|kleidung|badeanzug|unterwäsche|vêtements?|maillot de bain"
    "|sous-vêtements|roupas?|vestiti|abiti|costume da bagno|biancheria intima"
)
_GARMENTS = (
    "dress|dresses|shirt|shirts|t-?shirt|top|tops|blouse|pants|trousers|jeans|skirt|shorts|leggings|tights"
    "|stockings|jacket|coat|hoodie|sweater|kimono|clothes on|dressed up|costume|uniform|robe|nightgown"
    "|pajamas|pyjamas|towel|sheet|blanket|covering|covers?|coverage|sarong|fabrics?|textiles?|vestidos?|kleid"
)
_UNDRESSING = re.compile(rf"(?:{_BODY_COVERING})|anything (?:she|he|they) (?:is|are) wearing")
_CLOTHING = re.compile(rf"(?:[\w-]+ ){{0,3}}(?:{_BODY_COVERING}|{_GARMENTS})")
_PRIVATE = (
    r"(?:chest|breasts?|boobs|nipples?|crotch|groin|privates|private parts|genitals|intimate parts|body|bust)"
)
_MODESTY = re.compile(
    r"(?:[\w-]+ )?(?:sfw|safe for work|censored|censor|censorship|censor bars?|mosaic|pixelated|modest"
    r"|modesty|covered|decent|family friendly|child safe)"
    # what hides a body in place of clothes ("hands covering chest", "strategically placed objects"); not
    # any cover ("hair covering face", "covered in mud", "snow covered peaks")
    r"|(?:[\w-]+ ){0,2}(?:covering|covers|covered|hiding|hides|concealing|obscuring)"
    rf"(?: (?:her|his|their|the))? {_PRIVATE}"
    rf"|{_PRIVATE} (?:covered|hidden|concealed|obscured)(?: by [\w-]+(?: [\w-]+)?)?"
    r"|strategically (?:placed|positioned)(?: [\w-]+){0,2}"
)
# An item that negates being an adult asks for a minor: written "under 18", which the minors rule reads.
# Not "old" or "wrinkles", which every portrait's negative lists, nor "woman" or "man" alone.
_ADULTHOOD = re.compile(
    r"(?:an? )?(?:adult|grown[- ]?up|mature|grown)(?:s|hood|ity)?"
    r"(?: (?:woman|women|man|men|body|bodies|face|faces|features|person|people|figure|proportions|anatomy"
    r"|female|male))?"
    r"|(?:of|legal) age|(?:over|above|older than) (?:18|eighteen)|18 ?\+"
    r"|(?:age|aged) (?:18|eighteen) or (?:over|older)"
    r"|adult[oae]s?|erwachsene?r?|madur[oa]s?|mujer madura|femme mûre|mûre|mayor de edad|maggiorenne"
    r"|mulher madura|maior de idade"
    r"|(?:adult|mature|grown)(?:woman|women|man|men|body|female|male|figure)|adult height|old enough"
    r"|fully grown|grown (?:lady|woman|man)|legal(?:ly)? (?:adult|age)"
    r"|(?:an? )?(?:woman|man|person|someone|lady)"
    r" (?:(?:over|older than|past) (?:\d\d|twenty|thirty|forty|fifty)"
    r"|in (?:her|his|their) (?:\d0s|twenties|thirties|forties|fifties))"
)
# An adult body's marks ("breasts, pubic hair", "post-pubescent") taken away beside a sexual or suggestive
# prompt ask for a child's body; beside any other ("an office lady" without "large breasts") they do not.
_ADULT_BODY = re.compile(
    r"(?:large |big |full |developed )?(?:breasts|boobs|bust)|busty|pubic hair|body hair|chest hair"
    r"|armpit hair|(?:fully )?developed(?: body| figure)?|post-?pubescent|pubescent|puberty"
    r"|hourglass(?: figure)?|voluptuous|curvy|curves|wide hips|milf"
)
# Misspelt items ("clotehs", "adlt", "aduIt") are read as the word they miss by one letter, where they are
# no English word themselves ("nature" stays nature, not "mature").
_SPELLED = tuple(
    sorted(
        {
            "clothes",
            "clothing",
            "clothed",
            "dress",
            "dressed",
            "swimsuit",
            "underwear",
            "bikini",
            "garment",
            "garments",
            "outfit",
            "apparel",
            "attire",
            "lingerie",
            "panties",
            "shirt",
            "covered",
            "censored",
            "adult",
            "adults",
            "mature",
            "grown",
            "grownup",
            "breasts",
            "developed",
        }
    )
)


def _near(word: str) -> str | None:
    """The word of `_SPELLED` that `word` misses by a letter left out or two letters swapped ("adlt",
    "clotehs"). Not a changed letter: the moderators' vocabulary lacks many English words one letter
    from a listed one ("manure", "cowered", "outwit")."""
    if len(word) < 4 or word in _SPELLED or english_word(word):
        return None
    if (lowercase_l := word.replace("i", "l")) in _SPELLED:
        return lowercase_l  # a capital I for a lowercase l ("aduIt"), which lowercasing made an i
    for target in _SPELLED:
        if _one_left_out_or_swapped(word, target):
            return target
    return None


def _one_left_out_or_swapped(word: str, target: str) -> bool:
    if len(word) == len(target) - 1:
        return any(target[:i] + target[i + 1 :] == word for i in range(len(target)))
    if len(word) == len(target):
        diff = [i for i, (x, y) in enumerate(zip(word, target, strict=True)) if x != y]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]]
    return False


def with_negated(prompt: str, negative: str) -> str | None:
    """`prompt`, then each item of `negative` (split at commas, semicolons, bars, lines and BREAK; emphasis
    brackets and weights dropped) that takes away clothing as "without clothes", modesty as "nsfw", and
    adulthood as "under 18" (where the prompt names no minor already); None when no item does."""
    negated = []
    minor = minor_reference(prompt) is not None
    sexual = suggestive_term(prompt) is not None
    for raw in _ITEMS.split(negative):
        # Look-alike letters (a Cyrillic "c"), spaced or dotted letters and digits for letters
        # ("c l o t h e s", "4dult") are read as the word they spell, as the moderators read a prompt.
        item = " ".join(_WEIGHT.sub(" ", fold(raw)).replace("_", " ").split())
        forms = dict.fromkeys((" ".join(_WEIGHT.sub(" ", raw).replace("_", " ").split()).lower(), item))
        forms = dict.fromkeys([*forms, *(variant for form in forms for variant in variants(form))])
        forms = dict.fromkeys(
            [*forms, *(" ".join(_near(word) or word for word in form.split()) for form in forms)]
        )
        if not any(forms) or any(_NEGATED.match(form) for form in forms):
            continue
        if any(_ADULTHOOD.fullmatch(form) for form in forms) or (
            sexual and any(_ADULT_BODY.fullmatch(form) for form in forms)
        ):
            # A prompt that names a minor asks for one already; "under 18" added to it read as sexual.
            if not minor:
                negated.append("under 18")
        elif any(_UNDRESSING.fullmatch(form) for form in forms):
            negated.append("without clothes")
        elif taken := next((form for form in forms if _CLOTHING.fullmatch(form)), None):
            negated.append(f"without {taken}")
        elif any(_MODESTY.fullmatch(form) for form in forms):
            negated.append("nsfw")
    if "without clothes" in negated:
        # Other garments add nothing to it, and a list of them blurred the minors rule's child reading
        # ("a girl at the beach; without clothes, without towel" read as an adult).
        negated = [item for item in negated if not item.startswith("without ") or item == "without clothes"]
    return f"{prompt}; {', '.join(dict.fromkeys(negated))}" if negated else None


def evaluate(
    *,
    document: PolicyDocument,
    texts: Mapping[str, str],
    policy_name: str,
    policy_version: str | None,
    moderators: list[PromptModerator | ModeratorError] | None = None,
) -> PolicyDecision:
    """Screen each text (prompt, negative prompt, edit instructions) under `document`; with a prompt and a
    negative prompt, the prompt with the negative prompt's items negated too (`WITH_NEGATIVE`)."""
    moderators = build_moderators(document) if moderators is None else moderators
    texts = dict(texts)
    prompt, negative = texts.get("prompt"), texts.get("negative_prompt")
    if prompt and negative and (negated := with_negated(prompt, negative)):
        texts[WITH_NEGATIVE] = negated
    scored = {field: category_scores(moderators, text) for field, text in texts.items() if text}
    if document.moderation.negative_prompt == "negated" and (own := scored.get("negative_prompt")):
        # What it takes away is read through the prompt above; of its own reading only a moderator
        # that failed and a language the moderators cannot read still decide.
        scored["negative_prompt"] = Scored(errors=own.errors, unreadable=own.unreadable)
    return decide(document=document, scored=scored, policy_name=policy_name, policy_version=policy_version)


def decide(
    *, document: PolicyDocument, scored: Mapping[str, Scored], policy_name: str, policy_version: str | None
) -> PolicyDecision:
    """The decision for scores already taken, per text field."""
    decision = Decision.ALLOW
    reasons: list[Reason] = []
    for field_name, text in scored.items():
        for source, error in text.errors:
            on_error = Decision(document.moderation.on_error)
            decision = max(decision, on_error, key=lambda d: d.severity)
            detail = f"{field_name}: moderator failed, failing closed ({on_error.value}): {error}"
            reasons.append(Reason(category=MODERATOR_ERROR, source=source, detail=detail[:500]))
        if text.unreadable is not None and document.moderation.unsupported_language != "allow":
            outcome = Decision(document.moderation.unsupported_language)
            decision = max(decision, outcome, key=lambda d: d.severity)
            reasons.append(
                Reason(
                    category=UNSUPPORTED_LANGUAGE,
                    source="language",
                    detail=(
                        f"{field_name}: {outcome.value}: the moderators read English; this reads as "
                        f"{text.unreadable.language} ({text.unreadable.evidence})"
                    )[:500],
                )
            )
        for category, (score, source, evidence) in sorted(text.scores.items()):
            if score < MIN_SCORE:
                continue
            rule = document.rule(category) or (_DEFAULT_RULE if category in BUILTIN_CATEGORIES else None)
            if rule is None:
                continue
            if score >= rule.block_at:
                outcome, threshold = Decision.BLOCK, rule.block_at
            elif score >= rule.review_at:
                outcome, threshold = Decision.REVIEW, rule.review_at
            else:
                continue
            decision = max(decision, outcome, key=lambda d: d.severity)
            reasons.append(
                Reason(
                    category=category,
                    source=source,
                    score=round(score, 4),
                    threshold=threshold,
                    detail=f"{field_name}: {outcome.value}: {evidence}"[:500],
                )
            )
    return PolicyDecision(
        stage="prompt",
        decision=decision,
        policy_name=policy_name,
        policy_version=policy_version,
        reasons=reasons,
    )
