"""Charts as server-rendered SVG: no chart library, no script, readable without colour.

Each chart is an `<svg role="img">` with a title and a description that states the numbers; the page
puts the same numbers in a table beside it for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Colours with at least 3:1 contrast against the white background (WCAG 1.4.11, graphics).
SERIES_COLOURS = {"generated": "#1f7a3d", "blocked": "#b3261e", "held": "#8a5a00", "other": "#5b6270"}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


def _nice_max(value: int) -> int:
    """The axis's top: the smallest 1, 2 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10


def stacked_bars(
    *, title: str, labels: Sequence[str], series: Sequence[Series], width: int = 640, height: int = 220
) -> SafeString:
    """Vertical stacked bars, one per label (a day), one colour per series, with a y axis."""
    left, bottom, top = 44, 28, 10
    plot_height = height - bottom - top
    plot_width = width - left - 8
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    slot = plot_width / max(len(labels), 1)
    bar = max(slot * 0.7, 1)
    rects = []
    for i, label in enumerate(labels):
        y = top + plot_height
        x = left + i * slot + (slot - bar) / 2
        for s in series:
            value = s.values[i]
            if not value:
                continue
            h = plot_height * value / top_value
            y -= h
            colour = SERIES_COLOURS.get(s.name, "#5b6270")
            rects.append((_n(x), _n(y), _n(bar), _n(h), colour, f"{label}: {value} {s.name}"))
    fractions = (0, 0.5, 1) if top_value % 2 == 0 else (0, 1)  # whole numbers only on the axis
    ticks = [(top + plot_height - plot_height * f, round(top_value * f)) for f in fractions]
    every = max(1, len(labels) // 7)
    description = "; ".join(
        f"{label}: " + ", ".join(f"{s.values[i]} {s.name}" for s in series) for i, label in enumerate(labels)
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t {id}-d">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
        "{grid}{bars}{xlabels}</svg>",
        w=width,
        h=height,
        id=_slug(title),
        title=title,
        desc=description,
        grid=format_html_join(
            "",
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
            '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
            ((left, width - 8, _n(y), _n(y), left - 6, _n(y + 4), value) for y, value in ticks),
        ),
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
            rects,
        ),
        xlabels=format_html_join(
            "",
            '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
            (
                (_n(left + i * slot + slot / 2), height - 8, label)
                for i, label in enumerate(labels)
                if i % every == 0 or i == len(labels) - 1
            ),
        ),
    )


def horizontal_bars(*, title: str, rows: Sequence[tuple[str, int]], width: int = 460) -> SafeString:
    """One labelled bar per row (a category and its count), longest first as given."""
    row_height, label_width = 26, 150
    height = max(len(rows), 1) * row_height + 6
    top_value = max((count for _, count in rows), default=0) or 1
    plot = width - label_width - 60
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t {id}-d">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{rows}</svg>',
        w=width,
        h=height,
        id=_slug(title),
        title=title,
        desc="; ".join(f"{label}: {count}" for label, count in rows) or "none",
        rows=format_html_join(
            "",
            '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="16" fill="#b3261e"/>'
            '<text x="{}" y="{}" class="axis">{}</text>',
            (
                (
                    label_width - 8,
                    i * row_height + 17,
                    label,
                    label_width,
                    i * row_height + 4,
                    _n(max(plot * count / top_value, 1)),
                    _n(label_width + max(plot * count / top_value, 1) + 6),
                    i * row_height + 17,
                    count,
                )
                for i, (label, count) in enumerate(rows)
            ),
        ),
    )


def _slug(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html escapes its arguments, so numbers arrive as text)."""
    return f"{value:.1f}"
