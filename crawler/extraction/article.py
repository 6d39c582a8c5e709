"""`extract_article`: every field of one article page, from its HTML."""

from __future__ import annotations

from datetime import datetime

from crawler.extraction.body import extract_body
from crawler.extraction.dates import extract_modified, extract_published
from crawler.extraction.metadata import (
    extract_authors,
    extract_canonical_url,
    extract_declared_language,
    extract_lead,
    extract_page_type,
    extract_section,
    extract_site_name,
    extract_tags,
    extract_title,
)
from crawler.extraction.model import Extracted
from crawler.extraction.page import parse_page
from crawler.extraction.reader import merge_reader_view


def extract_article(html: str, url: str | None = None, feed_date: datetime | None = None) -> Extracted:
    """Extract the article and its metadata from decoded HTML; never raises on odd pages.

    `url` is the page's address (resolves a relative canonical URL and gives a date
    in the path); `feed_date` is the date the feed or sitemap listed, used only when
    the page itself has none (then `date_source == "feed"`).
    """
    page = parse_page(html, url)
    title = extract_title(page)
    body, method = extract_body(html, page, title)
    lead = extract_lead(page)
    body, context = merge_reader_view(page, title, body, lead)
    published, date_source = extract_published(page, feed_date)
    return Extracted(
        title=title,
        body=body,
        lead=lead,
        authors=extract_authors(page),
        published=published,
        modified=extract_modified(page),
        date_source=date_source,
        canonical_url=extract_canonical_url(page),
        declared_language=extract_declared_language(page),
        site_name=extract_site_name(page),
        section=extract_section(page),
        tags=extract_tags(page),
        method=method,
        page_type=extract_page_type(page),
        context=context,
    )
