"""What changed between two policy documents, field by field, in words a tenant admin reads.

Both documents are first read as the policy stage reads them (`policy.schema.validate_document`, then
`canonical_document`): a default written out in one version and left implicit in the other is no
change, because it decides nothing differently. A map (categories, sections) yields a change per key
added, removed or changed; a list (terms, protected names, moderators, models) yields the items added
and removed; a scalar (a threshold, an action) yields its old and new value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policy.schema import PolicyDocumentError, canonical_document, validate_document

# Readable names for the document's sections and the fields admins change most.
_NAMES = {
    "categories": "Category",
    "moderation": "Moderation",
    "real_people": "Real people",
    "allowed": "Allowed models",
    "vocabulary": "Vocabulary",
    "output": "Output screening",
    "provenance": "Provenance",
    "review": "Review",
    "review_at": "review at",
    "block_at": "block at",
    "terms": "blocklist terms",
    "protected_names": "protected names",
}


@dataclass(frozen=True)
class Change:
    path: tuple[str, ...]
    kind: str  # added | removed | changed | items
    before: Any = None
    after: Any = None
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)

    @property
    def where(self) -> str:
        """The section's name, then the keys under it: "Category violence", "block at" (joined by an
        angle quote in the page)."""
        first, *rest = self.path
        head = _NAMES.get(first, first.replace("_", " ").capitalize())
        parts = [head + (f" {rest[0]}" if first == "categories" and rest else "")]
        parts += [
            _NAMES.get(part, part.replace("_", " ")) for part in rest[1 if first == "categories" else 0 :]
        ]
        return " \u203a ".join(parts)


def _normalised(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document as it decides (defaults filled in); as stored when it no longer validates."""
    try:
        return canonical_document(validate_document(dict(document)))
    except PolicyDocumentError:
        return dict(document)


def _walk(before: Any, after: Any, path: tuple[str, ...], changes: list[Change]) -> None:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in sorted(set(before) | set(after)):
            child = (*path, str(key))
            if key not in after:
                changes.append(Change(child, "removed", before=before[key]))
            elif key not in before:
                changes.append(Change(child, "added", after=after[key]))
            else:
                _walk(before[key], after[key], child, changes)
    elif isinstance(before, list) and isinstance(after, list):
        added = [item for item in after if item not in before]
        removed = [item for item in before if item not in after]
        if added or removed:
            changes.append(Change(path, "items", added=added, removed=removed))
        elif before != after:
            changes.append(Change(path, "changed", before=before, after=after))  # only the order
    elif before != after:
        changes.append(Change(path, "changed", before=before, after=after))


def policy_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every field-level change from `before` to `after`, in document order of their paths."""
    changes: list[Change] = []
    _walk(_normalised(before), _normalised(after), (), changes)
    return changes
