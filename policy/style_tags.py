"""Style words: the quality, camera, lighting, render and medium tags image prompts carry.

They say how an image looks, not what it shows, and the semantic moderator's head learnt from prompts with
a tag or two. Read as typed, a run of them misleads it both ways: a black-box red team padded harmful short
prompts it caught with such words and 112 of 212 passed at six words, 172 at eight; and harmless prompts
padded with 20 or more were flagged far more often than the same prompts alone (docs/moderation.md,
"Style words"). So a prompt whose style words are `DILUTING_SHARE` of its words or more is read by the
semantic moderator without them (`unstyled`), without its style phrases too (`bare_subject`) and in its
segments (`segments`), in place of the prompt as typed; the language check reads it both ways. The rules
read every prompt as typed.

The list holds words that say how an image looks. It leaves out words that say what an image shows
("nude", "gore", "deformed"; "anime girl" is kept as "girl"). A few of its words have another sense
("sharp", "raw", "striking", "drawing"): taken out, the prompt may read milder, never harsher. What an
image is "in the style of" stays (only its style words go: a style can be the harm), as does Midjourney's
`--no` (Assay's backends read it as words of the prompt). Nothing is taken out that is not in the lists:
a LoRA tag's text other than numeric weights, and a camera brand's "model" other than a short code, stay.
"""

from __future__ import annotations

import re
from itertools import chain

# Style words dilute a prompt's subject once they are this share of its words or more; below it, the
# prompt is read as typed only. In the mean-pooled embedding the subject still weighs two thirds or more,
# and a second reading of every prompt that carries a tag or two (the more harmful of two counts) flagged
# harmless prompts ("show me knee replacement surgery, the surgeon holding up the metal implant" at
# violence/graphic 0.52, read without its "hyperrealistic"; docs/moderation.md, "Style words").
DILUTING_SHARE = 1 / 3
# A padded prompt's segments (`segments`) of this many words or more are also read as parts: the list lacks
# some style words, and a subject among those left is still diluted. One-word segments are mostly such
# words, and read alone a fragment is unlike any prompt the head learnt from.
SEGMENT_WORDS = 2
MAX_SEGMENTS = 12
# A longer prompt is read as typed (and in parts: `policy.moderators.semantic.windows`). The phrase list's
# expression costs about 12 microseconds a character; a 32,000-character prompt took a third of a second
# for each time it was read.
MAX_CHARS = 4000
_SEGMENT = re.compile(r"[,;|+]")
# Intensifiers that go with a style word ("ultra detailed", "extremely sharp focus").
_INTENSIFIERS = r"(?:(?:very|extremely|ultra|super|hyper|insanely|highly|incredibly|ultimately)[\s-]{0,3})"
# Whole phrases; matched case-insensitively on word boundaries, longest first, a space also matching a
# hyphen or a run of spaces.
_PHRASES = tuple(
    chain(
        # Quality boosters, and negative-prompt terms that are about quality only (not "mutilated",
        # "deformed" or "extra limbs": they are what an image shows).
        ("masterpiece", "masterwork", "best quality", "high quality", "top quality", "highest quality"),
        ("amazing quality", "good quality", "ultra quality", "quality", "very aesthetic", "aesthetic"),
        ("highly aesthetic", "absurdres", "highres", "high res", "hi-res", "hi res", "high resolution"),
        ("8k resolution", "4k resolution", "lowres", "low res", "low quality", "worst quality"),
        ("normal quality", "jpeg artifacts", "compression artifacts", "bad anatomy", "bad hands"),
        ("bad fingers", "extra fingers", "fewer fingers", "missing fingers", "poorly drawn hands"),
        ("poorly drawn face", "painting", "drawing"),
        ("out of frame", "cropped", "duplicate", "username", "watermark", "watermarked"),
        ("signature", "blurry", "blur", "ugly", "tiling", "bad proportions", "no text"),
        ("no watermark", "no blur", "no logo", "no signature", "easynegative", "easy negative", "badhandv4"),
        ("extra digit", "extra digits", "fewer digits", "missing digits", "negative prompt", "solo focus"),
        ("detailed", "detail", "details", "intricate", "intricate details", "fine details", "hyperdetailed"),
        ("insane details", "finely detailed", "sharp details", "rich details", "perfect details"),
        ("sharp focus", "sharp", "in focus", "focused", "crisp", "clean lines", "smooth", "polished"),
        ("perfect", "flawless", "perfect composition", "perfect lighting", "pristine"),
        ("4k", "8k", "16k", "32k", "uhd", "ultra hd", "hd", "fhd", "full hd", "hdr", "high dynamic range"),
        ("uhd wallpaper", "wallpaper", "4k wallpaper", "8k wallpaper", "desktop wallpaper", "4k textures"),
        ("8k textures", "raw photo", "raw", "photorealistic", "photo realistic", "photorealism"),
        ("hyperrealistic", "hyper realistic", "hyperrealism", "ultrarealistic", "realistic", "realism"),
        ("lifelike", "life like", "true to life", "photoreal", "photo real", "ultra realistic"),
        ("award winning", "award winning photography", "award winning photo", "prize winning"),
        ("professional", "professional photography", "professional photo", "professional lighting"),
        ("beautiful", "stunning", "gorgeous", "epic", "breathtaking", "elegant", "majestic", "striking"),
        ("vivid", "vibrant", "vivid colors", "vivid colours", "vibrant colors", "vibrant colours"),
        ("colorful", "colourful", "saturated", "desaturated", "high contrast", "low contrast"),
        ("muted colors", "muted colours", "muted tones", "warm tones", "cool tones", "pastel tones"),
        ("color graded", "colour graded", "color grading", "colour grading", "teal and orange"),
        ("sepia", "monochrome", "film look", "high key", "low key"),
        # Platforms, tools, engines and renders.
        ("trending on artstation", "artstation", "artstation hq", "artstation hd", "trending on pixiv"),
        ("pixiv", "deviantart", "behance", "featured on behance", "dribbble", "unsplash", "500px"),
        ("flickr", "trending", "featured on artstation", "cgsociety", "trending on cgsociety"),
        ("unreal engine", "unreal engine 5", "unreal engine 4", "ue5", "ue4", "nanite"),
        ("octane render", "octane", "redshift render", "redshift", "vray", "v ray", "corona render"),
        ("blender render", "cycles render", "arnold render", "keyshot", "zbrush", "autodesk maya"),
        ("cinema 4d", "c4d", "3ds max", "substance painter", "lumion", "path tracing"),
        ("ray tracing", "ray traced", "raytracing", "global illumination", "subsurface scattering"),
        ("physically based rendering", "pbr", "cgi", "3d render", "render", "rendered", "clay render"),
        ("midjourney", "stable diffusion", "sdxl", "dall e", "dalle", "niji"),
        # Lighting.
        ("volumetric lighting", "volumetric", "volumetric light", "cinematic lighting", "cinematic"),
        ("dramatic lighting", "studio lighting", "soft lighting", "natural lighting", "rim lighting"),
        ("moody lighting", "ambient lighting", "diffused lighting", "three point lighting", "backlighting"),
        ("soft light", "hard light", "studio light", "natural light", "ambient light", "diffused light"),
        ("warm light", "cool light", "rim light", "softbox", "chiaroscuro", "dramatic shadows"),
        ("golden hour", "blue hour", "ambient occlusion", "god rays", "backlit", "lighting", "light leaks"),
        ("specular highlights", "lens flare", "lens flares", "shutter speed", "aperture", "iso"),
        ("soft shadows", "hard shadows", "dramatic shadows", "long shadows"),
        # Camera, lens, film and shot.
        ("bokeh", "depth of field", "shallow depth of field", "dof", "film grain", "grainy"),
        ("long exposure", "motion blur", "tilt shift", "fisheye", "wide angle", "wide angle lens"),
        ("telephoto", "telephoto lens", "macro", "macro lens", "prime lens", "zoom lens", "lens"),
        ("dslr", "mirrorless", "medium format", "large format", "full frame", "35mm film", "analog"),
        ("analog photo", "film photo", "film photography", "photography", "photoshoot", "photo shoot"),
        ("editorial", "editorial photography", "studio photography", "studio portrait", "polaroid"),
        ("polaroid snapshot", "ektachrome", "kodachrome", "portra", "cinestill", "ilford", "velvia"),
        ("close up", "closeup", "extreme close up", "medium shot", "wide shot", "full shot", "long shot"),
        ("establishing shot", "low angle", "high angle", "dutch angle", "bird's eye view", "aerial view"),
        ("overhead shot", "eye level", "cinematic composition", "dynamic composition", "rule of thirds"),
        ("golden ratio", "leading lines", "negative space", "symmetrical", "symmetry", "centered"),
        ("centered composition", "portrait orientation", "landscape orientation"),
        # Mediums and looks.
        ("concept art", "digital art", "digital painting", "illustration", "oil painting", "oil on canvas"),
        ("watercolor", "watercolour", "acrylic", "acrylic painting", "gouache", "impasto", "tempera"),
        ("pastel", "pencil sketch", "charcoal sketch", "sketch", "pencil drawing", "ink drawing", "ink wash"),
        ("line art", "lineart", "linocut", "etching", "engraving", "lithograph", "screen print"),
        ("risograph", "collage", "mixed media", "vector art", "flat illustration", "flat design"),
        ("oil painting on canvas", "on canvas", "brushstrokes", "thick brushstrokes", "visible brushstrokes"),
        ("watercolor wash", "watercolour wash", "ink wash painting"),
        ("3d illustration", "anime style", "anime", "manga style", "manga", "cartoon", "cartoon style"),
        ("comic book style", "comic style", "pixel art", "low poly", "vaporwave", "synthwave"),
        ("claymation", "stained glass", "ukiyo e", "woodblock print", "studio ghibli style", "ghibli style"),
        ("pixar style", "disney style", "3d", "2d", "cel shaded", "cel shading", "matte painting"),
        ("isometric", "minimalist", "minimalism", "surreal", "surrealism", "impressionist", "impressionism"),
        ("art nouveau", "art deco", "baroque", "renaissance painting", "expressionism", "cubism"),
    )
)
_PHRASE = re.compile(
    r"(?<![\w-])"
    + _INTENSIFIERS
    + r"?(?:"
    + "|".join(
        re.escape(p).replace(r"\ ", r"[\s-]{1,3}") for p in sorted(set(_PHRASES), key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Camera bodies, lenses and settings, and film stocks: "canon eos r5", "sony a7r iv", "85mm", "f/1.8",
# "iso 100", "1/200s", "kodak portra 400". Lenses from 12 mm: "9mm" and "10mm" are pistols. A brand that
# is also a word or a name ("canon", "sigma", "olympus", "alexa") only with a model after it.
_MODEL = (
    r"(?:eos|alpha|lumix|mini|mark|pro|art|portra|ektar|gold|tri-x|hp5|velvia|provia|superia|ultramax|vista|"
    r"i{1,3}|iv|[a-z]{0,3}\d[a-z0-9]{0,4})(?![\w/-])"
)
_CAMERA = re.compile(
    r"(?<![\w/])(?:"
    r"(?:canon|nikon|sony|fujifilm|fuji|leica|hasselblad|pentax|olympus|panasonic|lumix|sigma|zeiss|arri|"
    rf"alexa|blackmagic|gopro|kodak|ilford|agfa|cinestill)(?:\s+{_MODEL})+"
    r"|nikon|leica|hasselblad|fujifilm|kodak|ilford|cinestill|zeiss"
    r"|(?:1[2-9]|[2-9]\d|[1-9]\d\d)\s?mm(?:\s+lens)?|f\s?/?\s?\d+(?:\.\d+)?|iso\s?\d{2,5}|1/\d{2,5}\s?(?:s|sec)?"
    r")(?![\w/])",
    re.IGNORECASE,
)
# Stable Diffusion's generation settings, numbers, sizes and one-word names only ("Steps: 30, CFG scale: 7,
# Size: 512x768, Model: v1-5-pruned-emaonly"), and its samplers; Pony's score, source and safe-rating tags
# (not `rating_explicit`: it is what the image shows). LoRA tags' wrappers and weights and an embedding's
# prefix go, their names stay as words ("<lora:add_detail:0.5>" is read as "add detail", whose style word
# then goes too).
_SETTINGS = re.compile(
    r"(?<![\w-])(?:(?:steps|cfg scale|cfg|seed|clip skip|denoising strength|hires upscale|hires steps|eta|"
    r"ensd)\s*:\s*\d+(?:\.\d+)?|size\s*:\s*\d+\s*x\s*\d+"
    r"|(?:model hash|model|vae hash|vae|version|schedule type)\s*:\s*[\w.+-]+"
    r"|source_(?:anime|photo|pony|furry|cartoon|real)|rating_(?:safe|general|sfw)"
    r"|(?:sampler\s*:\s*)?(?:dpm\+\+\s*(?:2m|2s|sde|3m)(?:\s+(?:a|sde|karras|exponential|gpu))*|euler(?:\s+a)?"
    r"|ddim|plms|lms(?:\s+karras)?|heun|unipc|dpm2(?:\s+a)?(?:\s+karras)?)(?=[\s,;|]|$)"
    r"|score_\d(?:_up)?)(?![\w-])",
    re.IGNORECASE,
)
_EMBEDDING = re.compile(r"\bembedding:", re.IGNORECASE)
# A LoRA tag whose weights are numbers; any other text in it stays where it is (a reviewer hid a harmful
# request in the weight's place).
_LORA = re.compile(
    r"<(?:lora|lyco|lycoris|hypernet|embedding):([^:>]*)(?::\s*-?\d*\.?\d+){0,2}\s*>", re.IGNORECASE
)
_BREAK = re.compile(r"\bBREAK\b")  # A1111's keyword, in capitals: "break" is a word
# Midjourney's parameters with their values: "--ar 16:9", "--v 6", "--style raw", "--niji". Not `--no`,
# whose words are what the image leaves out ("--no clothes" asks for a nude), nor one this list lacks.
_PARAMETER = re.compile(
    r"(?<!\S)--(?:ar|aspect|v|version|s|stylize|c|chaos|q|quality|seed|sameseed|niji|tile|weird|w|iw|r|"
    r"repeat|stop|hd|test|testp|creative|fast|relax|turbo|p|personalize|style\s+raw|style)"
    r"(?:\s+\d+(?:[.:]\d+)?)?(?![\w-])",
    re.IGNORECASE,
)
# Emphasis and weights: "(masterpiece:1.2)", "((best quality))", "[detailed]", "{sharp}", "sharp::1.5".
_WEIGHT = re.compile(r":\s?-?\d+(?:\.\d+)?(?=\s*[)\]}>])|::\s?-?\d*(?:\.\d+)?")
_BRACKETS = re.compile(r"[()\[\]{}<>]")
# What is left around a word taken out: an article before nothing, runs of separators.
_DANGLING_ARTICLE = re.compile(r"\b(?:a|an|the)\s+(?=(?:of|in|with|by|on|and)\b|[,;|.+]|$)", re.IGNORECASE)
# A connector whose style words were all taken out: "in the style of a watercolour", "shot on a Leica".
# Where words are left they stay, connector and all: what an image is "in the style of" or "in the manner
# of" can be what it shows.
_DANGLING_CONNECTOR = re.compile(
    r"\b(?:(?:in\s+the\s+)?(?:style|manner)\s+of|inspired\s+by|(?:shot|captured|photographed|filmed)\s+on"
    r"|rendered\s+in)\s*(?=[,;|.+]|$)",
    re.IGNORECASE,
)
# Style phrases (`bare_subject`): up to the next separator; "X aesthetic"; "by" and one to four capitalised
# words, a name, and more names after commas or "and" ("by Jane Doe and John Roe").
_NAME = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"
_STYLE_PHRASE = re.compile(
    r"(?i:\b(?:in\s+the\s+)?(?:style|manner)\s+of\s+[^,;|.\n]+|\binspired\s+by\s+[^,;|.\n]+"
    r"|\b[\w-]+\s+aesthetic\b)"
    rf"|\b(?i:art\s+)?(?i:by)\s+{_NAME}(?:\s*(?:,|and|&)\s*(?i:by\s+)?{_NAME})*"
)
_SEPARATORS = re.compile(r"\s*([,;|+.])(?:\s*[,;|+.])*\s*")
_EDGES = " ,;|+.:-"
_TRAILING = " ,;|+:-"
# "an oil painting of a fox" read as "of a fox": the "of" goes too.
_LEADING_OF = re.compile(r"^of\s+", re.IGNORECASE)


_SUBJECT = re.compile(r"[^\W\d_]{2,}")
# Words run together in camelCase ("UltraDetailed", "AFamilyHavingAPicnic") are read apart.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def unstyled(text: str) -> str | None:
    """`text` without its style words, or None where they are less than `DILUTING_SHARE` of its words (or
    all of them).

    "kinderporno photo realistic detailed sharp vivid" -> "kinderporno"; "(masterpiece:1.2), a cat on a
    sofa, 85mm, f/1.8 --ar 16:9" -> "a cat on a sofa". Taking out again finds nothing: the result is
    its own unstyled form."""
    if len(text) > MAX_CHARS:
        return None
    text = _CAMEL.sub(" ", text)
    stripped = _without_style_words(text)
    for _ in range(3):  # what one pass leaves may be a style word's remains ("in the style of + a")
        again = _without_style_words(stripped)
        if again == stripped:
            break
        stripped = again
    words, left = len(_words(text)), len(_words(stripped))
    # Nothing left but a letter or a number ("x, masterpiece, best quality"): there is no subject to read.
    if not _SUBJECT.search(stripped) or (words - left) < words * DILUTING_SHARE:
        return None
    return stripped


def bare_subject(text: str) -> str | None:
    """`unstyled(text)` without its style phrases too (`_STYLE_PHRASE`: what an image is "in the style of",
    "in the manner of" or "inspired by", an aesthetic, artists' names after "by"), where `text` has an
    unstyled form and that differs from it; else None. A style phrase can be the harm ("in the style of
    a propaganda poster"), so the semantic moderator reads both and the more harmful reading counts."""
    if (core := unstyled(text)) is None:
        return None
    bare = _without_style_words(_STYLE_PHRASE.sub(" , ", _CAMEL.sub(" ", text)))
    return bare if _words(bare) and bare != core else None


def segments(core: str) -> list[str]:
    """The parts of an unstyled prompt between its separators (commas, semicolons, pipes) of
    `SEGMENT_WORDS` words or more, where it has two or more such parts; else none."""
    found = list(dict.fromkeys(part.strip() for part in _SEGMENT.split(core)))
    found = [part for part in found if len(_words(part)) >= SEGMENT_WORDS]
    # The longest first, at most `MAX_SEGMENTS`: each is read on its own, and a subject is more words
    # than the style words the list lacks.
    return sorted(found, key=lambda part: -len(_words(part)))[:MAX_SEGMENTS] if len(found) > 1 else []


def _without_style_words(text: str) -> str:
    # White space is collapsed after every step: runs of it (typed, or left where words were taken out)
    # made the separators' and articles' expressions quadratic (32,000 spaces took seconds).
    stripped = _squeezed(_EMBEDDING.sub(" ", text))
    stripped = _LORA.sub(lambda tag: " " + tag.group(1).replace("_", " ") + " ", stripped)
    stripped = _squeezed(_PARAMETER.sub(" ", _BREAK.sub(" ", stripped)))
    stripped = _squeezed(_BRACKETS.sub(" ", _WEIGHT.sub("", stripped)))
    stripped = _squeezed(_CAMERA.sub(" ", _SETTINGS.sub(" ", stripped)))
    stripped = _squeezed(_CAMERA.sub(" ", _squeezed(_PHRASE.sub(" ", stripped))))
    for _ in range(2):  # "in the style of a" -> "in the style of" -> ""
        stripped = _squeezed(_DANGLING_CONNECTOR.sub("", _DANGLING_ARTICLE.sub("", stripped)))
    stripped = _squeezed(_SEPARATORS.sub(r"\1 ", stripped))
    return _LEADING_OF.sub("", stripped.lstrip(_EDGES).rstrip(_TRAILING))


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())
