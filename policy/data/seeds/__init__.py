"""Hand-written seed prompts for `policy/data/build_prompts.py`, by the Assay policy team.

`HARMFUL` maps each harmful label to its families, each a list of seeds; `LOOKALIKES` maps each benign
look-alike family to its seeds (risky words in clearly benign contexts), and `ORDINARY` holds benign
prompts with no risky words. Seeds are phrased the way people type requests (some with typos); the
builder multiplies each into framed, styled and obfuscated variants. Each list is the first batch
(`harmful`, `benign`) followed by the later ones (`*_more`: indirect phrasing and look-alikes that
share a harmful category's topic, not only its words; `*_third`: harm only the whole sentence shows,
and more look-alikes; `*_fourth`: more such paraphrases, weighted to self-harm, violence, illicit and
hate, and look-alikes weighted to mental-health support, idioms and classical art; `*_fifth`: harm only
the whole sentence shows in framings the earlier batches used little (posters, memes, album covers, game
art, film stills, news photos, children's-book pages, product shots, terse and typo asks, long briefs),
with look-alikes across every family; `benign_sixth`: look-alikes only, weighted to idioms and slang that
use violent, drug, sexual or self-harm words harmlessly, plus everyday prompts; `*_seventh`: harmful
paraphrases across every category with hard look-alikes for each written against them (anatomy and
first aid, prevention posters, museum battles, props, idioms) and everyday prompts; `benign_named`: neutral
depictions of real public figures; `benign_edits`: edit instructions and terse prompts; `*_eighth`: harm an
encoder finds hard (indirect descriptions, slogans and caricatures without slurs, coded self-harm talk,
illicit shopping lists, deceptive pictures of real people, sexual euphemism, minors referred to
indirectly), some made from templates, with look-alikes for each, children in everyday scenes above all).
`EVERYDAY` (`benign_everyday.py`) maps everyday domains (trades, retail, sports, food, slang...) to
ordinary prompts made from hand-written subjects and settings plus hand-written prompts: breadth, so
that a prompt about a subject no look-alike covers has benign neighbours; `harmful_ninth` sets harm in
those same domains, so that an everyday setting is never a sign of benign on its own. `*_tenth`: the jargon
of specialised domains (software operations, film editing, veterinary work, mining, chess, brewing...),
benign in 56 domain families whose ordinary words sound violent, sexual or illicit, and harm phrased in
the same domains' jargon, so that neither a domain's words nor its setting decide on their own.
`benign_eleventh`: what a red-team helper found blocked (identity groups in everyday scenes, affection,
everyday bodies, babies and children in care scenes, very short and emoji-heavy requests).

Written and measured, not in the data (docs/moderation.md, "Long prompts, read in parts"):
`benign_twelfth` / `harmful_twelfth` (45 more everyday domains, benign and harmful) and
`benign_thirteenth` (harmless parts of long prompts: composition notes, negative prompts, lens tags...).
Each moved the held-out sets both ways by about a point; add a batch to the lists below to use it.
`benign_fourteenth` (children named by an indirect age in wholesome scenes, fictional characters by name)
was written for the tuned encoder and measured with it only (docs/moderation.md, "The tuned encoder
again, with the minors vote confirmed"). `benign_fifteenth` / `harmful_thirteenth` (short prompts of one
to five words) were measured with the packaged encoder and not added: short harmless prompts stopped
being flagged, but look-alikes on most held-out sets were flagged more (docs/moderation.md, "A second red
team"). They train the head for short prompts instead (`SHORT_SEEDS`, built into `short_prompts.jsonl`;
docs/moderation.md, "A head for short prompts"), which scores prompts of six words or fewer only, with
`harmful_fourteenth` (short coded harm: slang, dog whistles, clinical and chemical names, symbol names,
padding, and as many harmless look-alikes beside them), without which that head let coded requests pass,
`benign_sixteenth` (generic short prompts: "a photo of a man", "an old man"), which it blocked or held, and
`benign_seventeenth` (generic people, every opener with every kind of person, and the same people with
harmful additions), and `benign_eighteenth` (children named every way, by age, grade, team or kin, in
everyday scenes, and the same children with sexual euphemism). `benign_nineteenth_a` / `_b` (the jargon of
50 domains that neither the data nor any held-out set has, benign and harmful) were measured with the
encoder tuned again over them and are not yet in the data (docs/moderation.md, "A nineteenth data batch").
`benign_twentieth_a` / `_b` (50 more domains, leisure and work, written to keep away from the fifteenth
held-out set's families) were measured with both batches in the data and are not in it either
(docs/moderation.md, "The nineteenth batch judged on the fourteenth set"). `harmful_seventeenth_a` / `_b`
(480 harmful seeds set in those 100 domains, weighted to `illicit` and `sexual`, to even the batches' benign
rows) were measured with both batches and are not in the data either (docs/moderation.md, "The batches with
harmful seeds beside them").
"""

from policy.data.seeds.benign import LOOKALIKES as _LOOKALIKES
from policy.data.seeds.benign import ORDINARY as _ORDINARY
from policy.data.seeds.benign_edits import EDITS
from policy.data.seeds.benign_eighteenth import CHILDREN_NAMED, CHILDREN_NAMED_HARM
from policy.data.seeds.benign_eighth import LOOKALIKES_EIGHTH, ORDINARY_EIGHTH
from policy.data.seeds.benign_eleventh import LOOKALIKES_ELEVENTH
from policy.data.seeds.benign_everyday import everyday_seeds
from policy.data.seeds.benign_fifteenth import LOOKALIKES_FIFTEENTH
from policy.data.seeds.benign_fifth import LOOKALIKES_FIFTH, ORDINARY_FIFTH
from policy.data.seeds.benign_fourth import LOOKALIKES_FOURTH, ORDINARY_FOURTH
from policy.data.seeds.benign_more import LOOKALIKES_MORE, ORDINARY_MORE
from policy.data.seeds.benign_named import NAMED_NEUTRAL
from policy.data.seeds.benign_seventeenth import GENERIC_HARM, GENERIC_PEOPLE
from policy.data.seeds.benign_seventh import LOOKALIKES_SEVENTH, ORDINARY_SEVENTH
from policy.data.seeds.benign_sixteenth import GENERIC_SHORT
from policy.data.seeds.benign_sixth import LOOKALIKES_SIXTH, ORDINARY_SIXTH
from policy.data.seeds.benign_tenth import LOOKALIKES_TENTH
from policy.data.seeds.benign_third import LOOKALIKES_THIRD, ORDINARY_THIRD
from policy.data.seeds.harmful import HARMFUL as _HARMFUL
from policy.data.seeds.harmful_eighth import HARMFUL_EIGHTH
from policy.data.seeds.harmful_fifth import HARMFUL_FIFTH
from policy.data.seeds.harmful_fourteenth import HARMFUL_FOURTEENTH, LOOKALIKES_SIXTEENTH
from policy.data.seeds.harmful_fourth import HARMFUL_FOURTH
from policy.data.seeds.harmful_more import HARMFUL_MORE
from policy.data.seeds.harmful_ninth import HARMFUL_NINTH
from policy.data.seeds.harmful_seventh import HARMFUL_SEVENTH
from policy.data.seeds.harmful_tenth import HARMFUL_TENTH
from policy.data.seeds.harmful_third import HARMFUL_THIRD
from policy.data.seeds.harmful_thirteenth import HARMFUL_THIRTEENTH


def _merged(first: dict[str, dict[str, list[str]]], second: dict[str, dict[str, list[str]]]):
    merged = {
        label: {family: list(seeds) for family, seeds in families.items()}
        for label, families in first.items()
    }
    for label, families in second.items():
        for family, seeds in families.items():
            merged.setdefault(label, {}).setdefault(family, []).extend(seeds)
    return merged


HARMFUL: dict[str, dict[str, list[str]]] = _HARMFUL
for _batch in (
    HARMFUL_MORE,
    HARMFUL_THIRD,
    HARMFUL_FOURTH,
    HARMFUL_FIFTH,
    HARMFUL_SEVENTH,
    HARMFUL_EIGHTH,
    HARMFUL_NINTH,
    HARMFUL_TENTH,
):
    HARMFUL = _merged(HARMFUL, _batch)
_BENIGN_BATCHES = (
    _LOOKALIKES,
    LOOKALIKES_MORE,
    LOOKALIKES_THIRD,
    LOOKALIKES_FOURTH,
    LOOKALIKES_FIFTH,
    LOOKALIKES_SIXTH,
    LOOKALIKES_SEVENTH,
    {"named-person-neutral": NAMED_NEUTRAL},
    LOOKALIKES_EIGHTH,
    LOOKALIKES_TENTH,
    LOOKALIKES_ELEVENTH,
)
LOOKALIKES: dict[str, list[str]] = {
    family: [seed for batch in _BENIGN_BATCHES for seed in batch.get(family, [])]
    for family in dict.fromkeys(family for batch in _BENIGN_BATCHES for family in batch)
}
ORDINARY: list[str] = [
    *_ORDINARY,
    *ORDINARY_MORE,
    *ORDINARY_THIRD,
    *ORDINARY_FOURTH,
    *ORDINARY_FIFTH,
    *ORDINARY_SIXTH,
    *ORDINARY_SEVENTH,
    *EDITS,
    *ORDINARY_EIGHTH,
]

EVERYDAY: dict[str, list[str]] = everyday_seeds()

# The short-prompt head's extra seeds (`policy/data/short_prompts.jsonl`; docs/moderation.md, "A head for
# short prompts"): harmful seeds by label and family, and benign look-alike families.
SHORT_SEEDS: tuple[dict[str, dict[str, list[str]]], dict[str, list[str]]] = (
    _merged(_merged(_merged(HARMFUL_THIRTEENTH, HARMFUL_FOURTEENTH), GENERIC_HARM), CHILDREN_NAMED_HARM),
    {**LOOKALIKES_FIFTEENTH, **LOOKALIKES_SIXTEENTH, **GENERIC_SHORT, **GENERIC_PEOPLE, **CHILDREN_NAMED},
)

__all__ = ["EVERYDAY", "HARMFUL", "LOOKALIKES", "ORDINARY", "SHORT_SEEDS"]
