"""Feeds (RSS 2.0, Atom, RSS 1.0/RDF) and sitemaps (index, news, plain) of the news world's sites."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from vnmon.demo.newsworld.model import Story, feed_link, published_at, story_text
from vnmon.demo.newsworld.pages import SiteView, shorten

NEWS_SITEMAP_HOURS = 72  # news sitemaps carry only recent articles
SITEMAP_INDEX_PATH = "/sitemap.xml"
NEWS_SITEMAP_PATH = "/sitemaps/news.xml"
ARCHIVE_SITEMAP_PATH = "/sitemaps/archive.xml"


def _declaration(view: SiteView) -> str:
    return f'<?xml version="1.0" encoding="{view.outlet.charset}"?>\n'


def _feed_stories(view: SiteView) -> list[Story]:
    stories = [story for story in view.outlet.stories if story.in_feed]
    return sorted(stories, key=lambda story: story.hours_ago)


def _link(view: SiteView, story: Story) -> str:
    return feed_link(view.outlet, story, view.base_url, view.now)


def _summary(story: Story) -> str:
    text = story_text(story)
    return shorten(text.lead, 300) if text.lead else text.title


def _newest(view: SiteView) -> datetime:
    stories = _feed_stories(view) or list(view.outlet.stories)
    return view.local_time(stories[0])


def render_rss(view: SiteView) -> str:
    """An RSS 2.0 feed of the outlet's recent stories."""
    outlet = view.outlet
    items = []
    for story in _feed_stories(view):
        section = outlet.sections.get(story.section, story.section)
        author = f"<dc:creator>{escape(story.author)}</dc:creator>" if story.author else ""
        items.append(
            "  <item>\n"
            f"    <title>{escape(story_text(story).title)}</title>\n"
            f"    <link>{escape(_link(view, story))}</link>\n"
            f'    <guid isPermaLink="false">{outlet.id}-{story.number}</guid>\n'
            f"    <pubDate>{format_datetime(view.local_time(story))}</pubDate>\n"
            f"    <category>{escape(section)}</category>\n"
            f"    {author}\n"
            f"    <description>{escape(_summary(story))}</description>\n"
            f'    <enclosure url="{view.base_url}/images/{story.number}.jpg" type="image/jpeg" '
            'length="0"/>\n'
            "  </item>"
        )
    return (
        _declaration(view) + '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"  <title>{escape(outlet.name)}</title>\n"
        f"  <link>{view.base_url}/</link>\n"
        f'  <atom:link href="{view.base_url}{outlet.feed_path}" rel="self" type="application/rss+xml"/>\n'
        f"  <description>{escape(outlet.name)}</description>\n"
        f"  <language>{outlet.language}</language>\n"
        f"  <lastBuildDate>{format_datetime(_newest(view))}</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )


def render_atom(view: SiteView) -> str:
    """An Atom 1.0 feed of the outlet's recent stories."""
    outlet = view.outlet
    entries = []
    for story in _feed_stories(view):
        moment = view.local_time(story).isoformat()
        entries.append(
            "  <entry>\n"
            f"    <id>tag:{outlet.id},{view.now:%Y}:{story.number}</id>\n"
            f"    <title>{escape(story_text(story).title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href={quoteattr(_link(view, story))}/>\n'
            f"    <published>{moment}</published>\n"
            f"    <updated>{moment}</updated>\n"
            f"    <author><name>{escape(story.author or outlet.name)}</name></author>\n"
            f"    <summary>{escape(_summary(story))}</summary>\n"
            "  </entry>"
        )
    return (
        _declaration(view) + f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{outlet.language}">\n'
        f"  <id>{view.base_url}/</id>\n"
        f"  <title>{escape(outlet.name)}</title>\n"
        f"  <updated>{_newest(view).isoformat()}</updated>\n"
        f'  <link rel="self" href="{view.base_url}{outlet.feed_path}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{view.base_url}/"/>\n'
        + "\n".join(entries)
        + "\n</feed>\n"
    )


def render_rdf(view: SiteView) -> str:
    """An RSS 1.0 (RDF) feed of the outlet's recent stories."""
    outlet = view.outlet
    stories = _feed_stories(view)
    seq = "\n".join(f"        <rdf:li rdf:resource={quoteattr(_link(view, story))}/>" for story in stories)
    items = "\n".join(
        f"  <item rdf:about={quoteattr(_link(view, story))}>\n"
        f"    <title>{escape(story_text(story).title)}</title>\n"
        f"    <link>{escape(_link(view, story))}</link>\n"
        f"    <description>{escape(_summary(story))}</description>\n"
        f"    <dc:date>{view.local_time(story).isoformat()}</dc:date>\n"
        f"    <dc:creator>{escape(story.author or outlet.name)}</dc:creator>\n"
        "  </item>"
        for story in stories
    )
    return (
        _declaration(view) + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'  <channel rdf:about="{view.base_url}{outlet.feed_path}">\n'
        f"    <title>{escape(outlet.name)}</title>\n"
        f"    <link>{view.base_url}/</link>\n"
        f"    <description>{escape(outlet.name)}</description>\n"
        f"    <dc:language>{outlet.language}</dc:language>\n"
        f"    <items>\n      <rdf:Seq>\n{seq}\n      </rdf:Seq>\n    </items>\n"
        "  </channel>\n" + items + "\n</rdf:RDF>\n"
    )


def render_feed(view: SiteView) -> str:
    """The outlet's feed in its format."""
    renderers = {"rss": render_rss, "atom": render_atom, "rdf": render_rdf}
    return renderers[view.outlet.feed or "rss"](view)


def _sitemap_stories(view: SiteView, news_only: bool) -> list[Story]:
    stories = [story for story in view.live_stories() if story.in_sitemap]
    if news_only:
        cutoff = view.now - timedelta(hours=NEWS_SITEMAP_HOURS)
        stories = [story for story in stories if published_at(story, view.now) >= cutoff]
    return stories


def render_sitemap_index(view: SiteView) -> str:
    """A sitemap index pointing at the news sitemap and the archive sitemap."""
    lastmod = _newest(view).isoformat()
    entries = "\n".join(
        f"  <sitemap><loc>{view.base_url}{path}</loc><lastmod>{lastmod}</lastmod></sitemap>"
        for path in (NEWS_SITEMAP_PATH, ARCHIVE_SITEMAP_PATH)
    )
    return (
        _declaration(view)
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + entries
        + "\n</sitemapindex>\n"
    )


def render_news_sitemap(view: SiteView) -> str:
    """A Google News sitemap of the last days' articles."""
    outlet = view.outlet
    urls = "\n".join(
        "  <url>\n"
        f"    <loc>{escape(view.url(story))}</loc>\n"
        "    <news:news>\n"
        "      <news:publication>\n"
        f"        <news:name>{escape(outlet.name)}</news:name>\n"
        f"        <news:language>{outlet.language}</news:language>\n"
        "      </news:publication>\n"
        f"      <news:publication_date>{view.local_time(story).isoformat()}</news:publication_date>\n"
        f"      <news:title>{escape(story_text(story).title)}</news:title>\n"
        "    </news:news>\n"
        f"    <image:image><image:loc>{view.base_url}/images/{story.number}.jpg</image:loc></image:image>\n"
        "  </url>"
        for story in _sitemap_stories(view, news_only=True)
    )
    return (
        _declaration(view) + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n' + urls + "\n</urlset>\n"
    )


def render_plain_sitemap(view: SiteView) -> str:
    """A plain sitemap of every article, old ones included, plus the section pages."""
    pages = [f"{view.base_url}/{section}/" for section in view.outlet.sections]
    urls = [f"  <url><loc>{escape(url)}</loc><changefreq>hourly</changefreq></url>" for url in pages]
    urls += [
        f"  <url><loc>{escape(view.url(story))}</loc>"
        f"<lastmod>{view.local_time(story).isoformat()}</lastmod></url>"
        for story in _sitemap_stories(view, news_only=False)
    ]
    return (
        _declaration(view)
        + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )
