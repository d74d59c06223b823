"""A policy document as form fields, generated from its JSON Schema (`policy.schema.json_schema`).

Every scalar the schema declares (strings, numbers, integers, booleans, enums) becomes one field named
by its dotted path (`review.escalate_after_minutes`); a map of rules (`categories`) gets one group of
fields per entry of the document, and a section inside a section (`output.nsfw`) a group of its own.
Lists, optional sections (`moderation.http`) and other maps stay in the raw JSON editor. Reading a form
back only converts types: the rules (ranges, block_at >= review_at, minors never relaxed) are
`policy.schema.validate_document`'s, and its error names the field the page marks.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_SCALARS = ("string", "number", "integer", "boolean")


@dataclass
class Field:
    path: str
    label: str
    kind: str  # string | number | integer | boolean | enum
    value: Any
    description: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    error: str = ""

    @property
    def input_id(self) -> str:
        return "f-" + "".join(c if c.isalnum() else "-" for c in self.path)

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value)


@dataclass
class Group:
    title: str
    description: str
    fields: list[Field]


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if ref:
        return schema["$defs"][ref.rsplit("/", 1)[-1]]
    return node


def _scalar(node: Mapping[str, Any]) -> tuple[str, Mapping[str, Any], bool] | None:
    """(kind, the typed branch, nullable) for a scalar property, else None."""
    branches = node.get("anyOf") or [node]
    typed = [b for b in branches if b.get("type") != "null"]
    if len(typed) != 1:
        return None
    branch = typed[0]
    if "enum" in branch:
        return "enum", branch, len(typed) < len(branches)
    if branch.get("type") in _SCALARS:
        return branch["type"], branch, len(typed) < len(branches)
    return None


def _get(document: Mapping[str, Any], path: list[str]) -> Any:
    node: Any = document
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _fields(
    schema: Mapping[str, Any], node: Mapping[str, Any], document: Mapping[str, Any], prefix: list[str]
) -> list[Field]:
    fields = []
    for name, prop in node.get("properties", {}).items():
        found = _scalar(prop)
        if found is None:
            continue
        kind, branch, nullable = found
        path = [*prefix, name]
        value = _get(document, path)
        fields.append(
            Field(
                path=".".join(path),
                label=prop.get("title") or name,
                kind=kind,
                value=prop.get("default") if value is None and not nullable else value,
                description=prop.get("description", ""),
                choices=tuple(branch.get("enum", ())),
                minimum=branch.get("minimum"),
                maximum=branch.get("maximum"),
                nullable=nullable,
            )
        )
    return fields


def groups(schema: Mapping[str, Any], document: Mapping[str, Any]) -> list[Group]:
    result = [Group("Policy", schema.get("description", ""), _fields(schema, schema, document, []))]
    for name, prop in schema["properties"].items():
        node = _resolve(schema, prop)
        if node.get("type") != "object":
            continue
        entries = node.get("additionalProperties")
        if isinstance(entries, Mapping) and "$ref" in entries:
            rule = _resolve(schema, entries)
            for key in sorted((document.get(name) or {}).keys()):
                result.append(
                    Group(
                        f"{prop.get('title', name)}: {key}",
                        rule.get("description", ""),
                        _fields(schema, rule, document, [name, key]),
                    )
                )
        elif node.get("properties"):
            title = node.get("title", name)
            fields = _fields(schema, node, document, [name])
            if fields:
                result.append(Group(title, node.get("description", ""), fields))
            for inner_name, inner_prop in node["properties"].items():
                # A section inside a section (`output.nsfw`) gets a group of its own. One that may be
                # null (an optional moderator's settings) stays in the JSON editor: a field would make it.
                inner = _resolve(schema, inner_prop)
                if inner.get("type") == "object" and inner.get("properties"):
                    inner_fields = _fields(schema, inner, document, [name, inner_name])
                    if inner_fields:
                        inner_title = f"{title}: {inner_prop.get('title') or inner_name}"
                        result.append(Group(inner_title, inner.get("description", ""), inner_fields))
    return result


def _convert(field: Field, raw: str | None) -> Any:
    if field.kind == "boolean":
        return raw == "on"
    if raw is None or raw.strip() == "":
        if field.nullable:
            return None
        raise ValueError("Give a value.")
    raw = raw.strip()
    if field.kind == "integer":
        try:
            return int(raw)
        except ValueError:
            raise ValueError("Give a whole number.") from None
    if field.kind == "number":
        try:
            return float(raw)
        except ValueError:
            raise ValueError("Give a number, e.g. 0.75.") from None
    return raw


def apply(
    document: Mapping[str, Any], all_groups: list[Group], data: Mapping[str, str]
) -> tuple[dict[str, Any], bool]:
    """The document with the submitted values; False when a value has the wrong type (marked on its field)."""
    updated: dict[str, Any] = copy.deepcopy(dict(document))
    ok = True
    for group in all_groups:
        for field in group.fields:
            raw = data.get(field.path)
            field.value = raw if field.kind != "boolean" else raw == "on"
            try:
                value = _convert(field, raw)
            except ValueError as error:
                field.error, ok = str(error), False
                continue
            field.value = value
            node = updated
            *parents, last = field.path.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
    return updated, ok


def mark(all_groups: list[Group], path: str, message: str) -> bool:
    """Put a validation error on the field at `path` (or its nearest parent shown); False if none is."""
    for candidate in (path, path.rsplit(".", 1)[0]):
        for group in all_groups:
            for field in group.fields:
                if field.path == candidate:
                    field.error = message
                    return True
    return False


def pretty(document: Any) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
