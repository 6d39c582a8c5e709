"""The volume-over-time chart: an inline SVG bar chart drawn on the server (no script, no CDN)."""

from __future__ import annotations

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
