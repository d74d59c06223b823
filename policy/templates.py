"""The built-in policy documents. A tenant with no version of its own gets `standard` as version 1.

Every template runs the rules and the semantic moderator. Scores share one scale: the rules moderator
gives 0.95 for a term that is harmful on its own and 0.6 for one that needs review in context (counted
only when the semantic moderator agrees), the semantic moderator its calibrated probability. So
`standard` blocks at 0.9 and holds from 0.5; `strict` holds anything scored 0.3 and blocks at 0.6;
`permissive` blocks only what is harmful on its own and lets adult (non-minor) content and fictional
violence through. Prompts the moderators cannot read (not English) are held in `standard` and
`permissive` and blocked in `strict`. A negative prompt is read as what it takes away from the prompt
(`negated`) in `standard` and `permissive`, and also as written (`as_prompt`) in `strict`.
"""

from __future__ import annotations

from typing import Any

from policy.schema import BUILTIN_CATEGORIES, MINORS

DEFAULT_TEMPLATE = "standard"


def _categories(review_at: float, block_at: float, **overrides: tuple[float, float]) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for category in BUILTIN_CATEGORIES:
        review, block = overrides.get(category.replace("/", "_").replace("-", "_"), (review_at, block_at))
        rules[category] = {"review_at": review, "block_at": block}
    rules[MINORS] = {"review_at": 0.0, "block_at": 0.0}
    return rules


TEMPLATES: dict[str, dict[str, Any]] = {
    "strict": {
        "name": "strict",
        "description": "Holds anything a moderator scores 0.3 for review; blocks at 0.6.",
        "categories": _categories(0.3, 0.6, real_person=(0.3, 0.6), trademark_ip=(0.3, 0.9)),
        "moderation": {
            "moderators": ["rules", "semantic"],
            "on_error": "block",
            "unsupported_language": "block",
            "negative_prompt": "as_prompt",
        },
        "output": {"likeness": "block", "any_face": "review", "input_face": "block", "on_error": "block"},
        "provenance": {"visible_label": True, "label_text": "AI-generated"},
        "review": {"four_eyes": ["real_person", "sexual"], "escalate_after_minutes": 30},
    },
    "standard": {
        "name": "standard",
        "description": (
            "Blocks clearly harmful prompts; holds borderline ones and named real people for review."
        ),
        "categories": _categories(0.5, 0.9, trademark_ip=(0.5, 1.0)),
        "moderation": {
            "moderators": ["rules", "semantic"],
            "on_error": "review",
            "unsupported_language": "review",
            "negative_prompt": "negated",
        },
        "output": {"likeness": "block", "any_face": "allow", "input_face": "review", "on_error": "review"},
        "provenance": {"visible_label": False, "label_text": "AI-generated"},
    },
    "permissive": {
        "name": "permissive",
        "description": (
            "Adult content and fictional violence allowed; harmful-on-its-own content still blocked."
        ),
        "categories": _categories(
            0.9, 0.95, sexual=(1.0, 1.0), violence=(1.0, 1.0), real_person=(0.9, 1.0), trademark_ip=(1.0, 1.0)
        ),
        "moderation": {
            "moderators": ["rules", "semantic"],
            "on_error": "review",
            "unsupported_language": "review",
            "negative_prompt": "negated",
        },
        "output": {"likeness": "review", "any_face": "allow", "input_face": "allow", "on_error": "review"},
        "provenance": {"visible_label": False, "label_text": "AI-generated"},
    },
}


def template(name: str) -> dict[str, Any]:
    """A deep copy of a built-in document (KeyError for an unknown name)."""
    import copy

    return copy.deepcopy(TEMPLATES[name])
