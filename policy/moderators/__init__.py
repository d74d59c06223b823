"""Prompt moderators: text -> {category: (score, evidence)}, behind one protocol and a registry.

A moderator raises `ModeratorError` (or anything else) when it cannot answer; the decision then fails
closed as the policy's `moderation.on_error` says, never open.
"""

from __future__ import annotations

from policy.moderators.base import ModeratorError, PromptModerator
from policy.moderators.remote import HttpModerator, OpenAIModerator
from policy.moderators.rules import RulesModerator
from policy.schema import PolicyDocument


def build_moderators(document: PolicyDocument) -> list[PromptModerator | ModeratorError]:
    """The document's moderators in order; one that cannot be built is its error (failing closed)."""
    built: list[PromptModerator | ModeratorError] = []
    for name in document.moderation.moderators:
        if name == "rules":
            built.append(RulesModerator(document))
        elif name in ("semantic", "classifier"):  # "classifier": its former name in stored versions
            from policy.moderators.semantic import SemanticModerator

            built.append(SemanticModerator())
        elif name == "openai":
            built.append(OpenAIModerator.from_settings())
        elif name == "http" and document.moderation.http is not None:
            built.append(HttpModerator(document.moderation.http, document))
        else:
            built.append(ModeratorError(f"the {name} moderator is not installed on this server"))
    return built
