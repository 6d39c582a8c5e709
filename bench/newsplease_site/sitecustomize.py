"""Loaded by news-please's processes (PYTHONPATH): turns off newspaper's image fetching.

news-please's crawler builds `newspaper.Article('')` with the default `fetch_images=True`, which
downloads the page's images from their (real, remote) sites; this machine has no network, so
every article would wait for those requests to time out. Its own `from_html()` API passes
`fetch_images=False`; we do the same for its crawler.
"""

from __future__ import annotations

try:
    from newsplease.pipeline.extractor.extractors.newspaper_extractor import NewspaperExtractor
except ImportError:  # not a news-please process
    pass
else:
    NewspaperExtractor._article_kwargs = lambda self: {"fetch_images": False}
