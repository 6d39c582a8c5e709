"""The daily volume chart as inline SVG: drawn server-side, so HTML and PDF show it with no script."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 16, 40
_BAR = "#9b1c1c"
_PREVIOUS = "#d9a3a3"


def daily_chart(
    days: Sequence[tuple[date, int]],
    day_names: Sequence[str],
    title: str,
    previous: Sequence[int] = (),
) -> str:
    """A bar per day (this week), with the previous week as a lighter bar behind when given."""
    peak = max([n for _, n in days] + list(previous) + [1])
    step = _nice_step(peak)
    top = step * -(-peak // step)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    slot = plot_w / max(len(days), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, top + 1, step):
        y = _TOP + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for i, ((day, n), name) in enumerate(zip(days, day_names, strict=True)):
        x = _LEFT + i * slot
        if previous:
            parts.append(_bar(x + slot * 0.12, slot * 0.5, previous[i], top, plot_h, _PREVIOUS))
        parts.append(_bar(x + slot * 0.3, slot * 0.5, n, top, plot_h, _BAR))
        h = plot_h * n / top
        parts.append(
            f'<text x="{x + slot * 0.55:.1f}" y="{_TOP + plot_h - h - 4:.1f}" '
            f'text-anchor="middle" class="value">{n}</text>'
        )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - _BOTTOM + 16}" text-anchor="middle" '
            f'class="day">{escape(name)}</text>'
        )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - _BOTTOM + 30}" text-anchor="middle" '
            f'class="date">{day:%d/%m}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _bar(x: float, width: float, n: int, top: int, plot_h: float, colour: str) -> str:
    h = plot_h * n / top
    y = _TOP + plot_h - h
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{colour}"/>'


def _nice_step(peak: int) -> int:
    """A grid step of 1, 2 or 5 times a power of ten giving about four lines."""
    raw = max(peak / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


_LABEL_W, _ROW_H, _VALUE_W = 190, 22, 70


def bar_chart(items: Sequence[tuple[str, int, int]], title: str, css_class: str = "") -> str:
    """A horizontal bar per item — (label, this week, previous week) — with the previous week as a
    thinner, lighter bar under it and "n (before)" at the end: long names stay readable."""
    peak = max([max(n, before) for _, n, before in items] + [1])
    plot_w = WIDTH - _LABEL_W - _VALUE_W
    height = _ROW_H * len(items) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="chart bars {css_class}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, n, before) in enumerate(items):
        y = 4 + i * _ROW_H
        now_w, before_w = plot_w * n / peak, plot_w * before / peak
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 13}" text-anchor="end" class="label">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{_LABEL_W}" y="{y + 2}" width="{now_w:.1f}" height="11" fill="{_BAR}"/>')
        parts.append(
            f'<rect x="{_LABEL_W}" y="{y + 14}" width="{before_w:.1f}" height="4" fill="{_PREVIOUS}"/>'
        )
        parts.append(
            f'<text x="{_LABEL_W + max(now_w, before_w) + 4:.1f}" y="{y + 13}" class="value">{n}</text>'
            f'<text x="{_LABEL_W + max(now_w, before_w) + 4 + 8 * len(str(n)):.1f}" y="{y + 13}" '
            f'class="tick"> ({before})</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
