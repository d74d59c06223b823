"""Prompts whose decision under the shipped templates tests rely on, named once."""

# Held for review under `standard` (sexual): the rules' ambiguous "lingerie" (0.6) counts because the
# semantic moderator reads the prompt as sexual too (about 0.4, far from `block_at` 0.9); `strict` blocks
# it, `permissive` allows it. Bare nudity is no such prompt: the semantic moderator reads "a nude woman"
# at 0.99 and "a nude figure" near `standard`'s block_at, so a retrained head may block it.
HELD_PROMPT = "a woman in lingerie posing"
