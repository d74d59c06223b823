"""Small formatting helpers for the console's templates."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django import template

from controlplane.console.access import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def console_nav(context: template.Context) -> list[Any]:
    member = getattr(context.get("request"), "member", None)
    return navigation(member) if member is not None else []


@register.filter
def duration(value: timedelta | None) -> str:
    """A short age: 45 s, 12 min, 3 h 20 min, 2 d 4 h."""
    if value is None:
        return "—"
    seconds = max(int(value.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.filter
def score(value: Any) -> str:
    """A classifier score to two places; "—" for none (a reviewer's reason, a missing key renders "")."""
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "—"


@register.filter
def percent(value: float) -> str:
    return f"{100 * value:.1f}%"


@register.filter
def get(mapping: dict, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def policy_value(value: Any) -> str:
    """A policy field's value as a person reads it: yes/no, "none", numbers and words as they are, and a
    nested rule as compact JSON."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else "empty"
    return str(value)


@register.filter
def as_json(value: Any) -> str:
    """A stored JSON value as JSON (keys sorted, indented), as the API and an export show it: not Python's
    repr, whose None, True and single quotes are not what was hashed."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=str)


@register.filter
def transition(value: str) -> str:
    """`allow->block` as `allow → block` (a replay's count of decisions that moved)."""
    return value.replace("->", " → ")


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form: Any, name: str) -> Any:
    """A bound field by name (templates cannot index a form with a variable)."""
    return form[name]
