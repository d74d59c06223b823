"""The vocabulary of Assay's own model, derived from what its captions are made of, and written to its
folder (`generation/shapes/assay-shapes-1/vocabulary.json`, read by `generation.vocabulary`).

Every word a training caption can contain comes from `generation.shapes.data`: the colour, shape and
size names, the position phrases and the templates' own words; a few stop words that carry nothing a
picture could show are allowed besides. Regenerate the file after changing the data (a test fails
until it matches):

    python -m generation.shapes_vocabulary           # write it
    python -m generation.shapes_vocabulary --check   # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from generation.shapes import data
from generation.vocabulary import VOCABULARY_FILE, VOCABULARY_FORMAT

# The shipped model's folder (generation.catalog.SHIPPED_MODEL_FOLDER), found without Django so that
# this runs as a plain script.
MODEL_FOLDER = Path(data.__file__).resolve().parent / "assay-shapes-1"

# Words people put in a prompt that change nothing in the picture; none of them is a caption word
# the model could misread. Deliberately short: "and", "with" or "next to" would promise a second object.
STOP_WORDS = ("a", "an", "the", "one", "single", "please")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_WORD = re.compile(r"[a-z]+")


def _words(*texts: str) -> list[str]:
    return sorted({word for text in texts for word in _WORD.findall(text.lower())})


def shapes_vocabulary() -> dict[str, Any]:
    """The vocabulary.json document of the shipped model, from generation.shapes.data."""
    categories = {
        "colours": _words(*data.COLOURS),
        "shapes": _words(*data.SHAPES),
        "sizes": _words(*data.SIZES),
        "positions": _words(*(phrase for phrases in data.POSITION_PHRASES.values() for phrase in phrases)),
        "template words": _words(*(_PLACEHOLDER.sub(" ", template) for template in data.TEMPLATES)),
        "stop words": sorted(STOP_WORDS),
    }
    words = sorted({word for group in categories.values() for word in group})
    return {
        "vocabulary_format": VOCABULARY_FORMAT,
        "model": MODEL_FOLDER.name,
        "source": "generation/shapes/data.py (COLOURS, SHAPES, SIZES, POSITION_PHRASES, TEMPLATES) and "
        "generation.shapes_vocabulary.STOP_WORDS; written by `python -m generation.shapes_vocabulary`",
        "categories": categories,
        "words": words,
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale, write nothing")
    args = parser.parse_args(argv)
    path = MODEL_FOLDER / VOCABULARY_FILE
    text = render(shapes_vocabulary())
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        if current != text:
            print(f"{path} is stale: run python -m generation.shapes_vocabulary", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
