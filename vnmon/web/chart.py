"""Charts drawn on the server as inline SVG (no script, no CDN): volume over time, horizontal bars."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from indexer.search import Bucket


def volume_svg(
    buckets: list[Bucket], title: str, width: int = 640, height: int = 140, peak: str = "max"
) -> Markup:
    """Bars of `buckets` (date, count), with the peak (`peak` names it) and the first/last dates labelled."""
    if not buckets:
        return Markup("")
    top = max(b.count for b in buckets) or 1
    left, bottom, plot_h = 4, 18, height - 34
    step = (width - left * 2) / len(buckets)
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg class="volume" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bucket in enumerate(buckets):
        h = plot_h * bucket.count / top
        x = left + i * step
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#2a6f97">'
            f"<title>{escape(bucket.key)}: {bucket.count}</title></rect>"
        )
    baseline = height - bottom
    parts.append(
        f'<line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" stroke="#999" stroke-width="1"/>'
    )
    label = 'font-size="11" fill="#444" font-family="sans-serif"'
    parts.append(f'<text x="{left}" y="{height - 4}" {label}>{escape(buckets[0].key)}</text>')
    last = escape(buckets[-1].key)
    parts.append(f'<text x="{width - left}" y="{height - 4}" text-anchor="end" {label}>{last}</text>')
    parts.append(f'<text x="{left}" y="12" {label}>{escape(peak)} {top}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal chart: its key (a data attribute), label, count and link."""

    key: str
    label: str
    count: int
    href: str


def bars_svg(bars: list[Bar], title: str, width: int = 640, row: int = 22, label_width: int = 190) -> Markup:
    """Horizontal bars, one row each (label, bar, count); a bar with a count links to `href`."""
    if not bars:
        return Markup("")
    top = max(b.count for b in bars) or 1
    plot = width - label_width - 50
    height = row * len(bars) + 4
    text = 'font-size="12" fill="#222" font-family="sans-serif" dominant-baseline="middle"'
    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = 2 + i * row
        middle = y + row / 2
        length = max(plot * bar.count / top, 1.0 if bar.count else 0.0)
        name = escape(bar.label)
        shapes = (
            f'<text x="{label_width - 6}" y="{middle:.1f}" text-anchor="end" {text}>{name}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" fill="#2a6f97"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{middle:.1f}" {text}>{bar.count}</text>'
        )
        tip = f"<title>{name}: {bar.count}</title>"
        key = escape(bar.key)
        if bar.count:
            parts.append(
                f'<a class="bar" href="{escape(bar.href)}" data-key="{key}" '
                f'data-count="{bar.count}">{tip}{shapes}</a>'
            )
        else:
            parts.append(f'<g class="bar empty" data-key="{key}" data-count="0">{tip}{shapes}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
