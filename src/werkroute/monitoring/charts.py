"""Server-rendered SVG charts: no script, no inline style, nothing from another site.

Colours and line styles come from classes in ``werkroute.css`` (the Content Security Policy forbids
inline styles). Every chart is decorative for screen readers beyond its title: the page shows its data
in a table right beside it, which is what assistive technology reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 40


@dataclass
class Series:
    label: str
    points: list[tuple[float, float | None]]  # (x, y); y None where suppressed or not reached
    css: str = "series-1"
    band: list[tuple[float, float, float]] = field(default_factory=list)  # (x, lower, upper)
    markers_only: bool = False


def _x(value: float, x_max: float) -> str:
    return f"{LEFT + (WIDTH - LEFT - RIGHT) * (value / x_max if x_max else 0):.1f}"


def _y(value: float, y_max: float) -> str:
    return f"{TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value / y_max if y_max else 0)):.1f}"


def _segments(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points: a suppressed value breaks the line instead of bridging it."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def line_chart(
    title: str,
    series: Sequence[Series],
    x_max: float,
    x_ticks: Sequence[float],
    x_label: str,
    y_max: float = 1.0,
) -> SafeString:
    """A line chart of shares (0 to ``y_max``) against months."""
    parts: list[SafeString] = []
    for step in range(0, 6):
        value = y_max * step / 5
        y = _y(value, y_max)
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}%</text>',
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                LEFT - 6,
                f"{float(y) + 4:.1f}",
                round(value * 100),
            )
        )
    for tick in x_ticks:
        parts.append(
            format_html(
                '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                _x(tick, x_max),
                HEIGHT - BOTTOM + 16,
                int(tick),
            )
        )
    parts.append(
        format_html(
            '<text class="axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
            (LEFT + WIDTH - RIGHT) // 2,
            HEIGHT - 6,
            x_label,
        )
    )
    for item in series:
        if item.band:
            upper = " ".join(f"{_x(x, x_max)},{_y(high, y_max)}" for x, _, high in item.band)
            lower = " ".join(f"{_x(x, x_max)},{_y(low, y_max)}" for x, low, _ in reversed(item.band))
            parts.append(format_html('<polygon class="band {}" points="{} {}"/>', item.css, upper, lower))
        if not item.markers_only:
            for run in _segments(item.points):
                coordinates = " ".join(f"{_x(x, x_max)},{_y(y, y_max)}" for x, y in run)
                parts.append(format_html('<polyline class="line {}" points="{}"/>', item.css, coordinates))
        parts.append(
            format_html_join(
                "",
                '<circle class="marker {}" cx="{}" cy="{}" r="{}"/>',
                (
                    (item.css, _x(x, x_max), _y(y, y_max), 4 if item.markers_only else 2.5)
                    for x, y in item.points
                    if y is not None and not item.band  # a banded curve has a point every month
                ),
            )
        )
    return _svg(WIDTH, HEIGHT, title, parts)


def bar_chart(
    title: str, categories: Sequence[str], series: Sequence[Series], x_max: float = 1.0
) -> SafeString:
    """Horizontal grouped bars: one group per category, one bar per series (y is the share)."""
    row_height = 14
    group_height = row_height * len(series) + 10
    label_width = 230
    width = WIDTH
    height = TOP + group_height * len(categories) + 24
    scale = (width - label_width - RIGHT - 40) / (x_max or 1)
    parts: list[SafeString] = []
    for index, category in enumerate(categories):
        top = TOP + index * group_height
        parts.append(
            format_html(
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 8,
                top + group_height / 2,
                category,
            )
        )
        for number, item in enumerate(series):
            value = item.points[index][1]
            y = top + number * row_height
            if value is None:
                parts.append(
                    format_html(
                        '<text class="tick suppressed" x="{}" y="{}">–</text>',
                        label_width + 4,
                        y + row_height - 3,
                    )
                )
                continue
            parts.append(
                format_html(
                    '<rect class="bar {}" x="{}" y="{}" width="{}" height="{}"/>'
                    '<text class="tick" x="{}" y="{}">{}%</text>',
                    item.css,
                    label_width,
                    y,
                    f"{max(value * scale, 1):.1f}",
                    row_height - 3,
                    f"{label_width + max(value * scale, 1) + 4:.1f}",
                    y + row_height - 4,
                    round(value * 100),
                )
            )
    return _svg(width, height, title, parts)


def _svg(width: float, height: float, title: str, parts: Sequence[str]) -> SafeString:
    body = mark_safe("".join(parts))  # noqa: S308 - every part was escaped by format_html
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" focusable="false">{}</svg>',
        width,
        height,
        title,
        body,
    )
