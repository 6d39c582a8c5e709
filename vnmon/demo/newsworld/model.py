"""The news world's content model: outlets, their stories, and the ground truth derived from them."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from urllib.robotparser import RobotFileParser

TRACKING_QUERY = "?utm_source=rss&utm_medium=feed"


@dataclass(frozen=True)
class Story:
    """One article (or broken link) an outlet publishes.

    `text` names `content/<text>.txt` (first line title, then paragraphs); a story without
    text is a feed item whose page is broken (`broken` is its HTTP status).
    """

    key: str
    section: str
    hours_ago: float
    about_vietnam: bool
    author: str = ""
    text: str | None = None
    title: str | None = None  # overrides the text's first line (e.g. a syndicated headline)
    dateline: str = ""  # prefixed to the first paragraph: how a syndicated copy differs
    path: str | None = None  # fixed path; otherwise the outlet's path pattern
    cluster: str | None = None  # same label on every copy of a syndicated story
    slow: bool = False  # the page answers after `slow_seconds`
    broken: int | None = None  # 404 or 500: linked from the feed, never a valid page
    redirect_from: str | None = None  # the feed links this path, which 301s to the article
    tracking_in_feed: bool = False  # the feed links the article with utm_* parameters
    amp: bool = False  # an AMP copy at /amp<path> (canonical → the article) is linked too
    in_feed: bool = True
    in_sitemap: bool = True
    slug: str = ""  # the URL slug (defaults to the key without its outlet prefix)

    @property
    def number(self) -> int:
        """A stable six-digit article number, as CMSs put in URLs."""
        return 100000 + zlib.crc32(self.key.encode()) % 900000


@dataclass(frozen=True)
class Outlet:
    """One fictional news site and the way it publishes."""

    id: str
    name: str
    country: str
    language: str
    tz_hours: float
    theme: str  # "classic" | "modern" | "portal": which article template
    sections: dict[str, str]  # section key → label, in navigation order
    stories: tuple[Story, ...]
    path_pattern: str  # e.g. "/{section}/{date:%Y/%m/%d}/{slug}/"
    charset: str = "utf-8"
    feed: str | None = None  # "rss" | "atom" | "rdf"
    feed_path: str = "/rss.xml"
    sitemap: str | None = None  # "index" (index → news + archive) | "plain"
    entry_sections: tuple[str, ...] = ()  # section keys given as entry points
    page_size: int = 2
    pagination: str = "/{section}/page/{page}/"  # path of listing page N ≥ 2
    robots_extra: tuple[str, ...] = ()
    domestic: bool = False
    max_age_days: int = 30
    tags: tuple[str, ...] = ()

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=self.tz_hours))

    def robots_txt(self, base_url: str) -> str:
        lines = ["User-agent: *", "Disallow: /search", "Disallow: /admin/", *self.robots_extra]
        if self.sitemap:
            lines += ["", f"Sitemap: {base_url}/sitemap.xml"]
        return "\n".join(lines) + "\n"

    def section_path(self, section: str, page: int = 1) -> str:
        if page == 1:
            return f"/{section}/"
        return self.pagination.format(section=section, page=page)


@dataclass(frozen=True)
class StoryText:
    """A story's title and paragraphs, as read from its content file."""

    title: str
    paragraphs: tuple[str, ...]
    signoff: str = ""  # the closing initials or agency tag some outlets print (e.g. "МИР")

    @property
    def lead(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""


@dataclass
class ExpectedArticle:
    """What the crawler should make of one article of the world (the ground truth)."""

    source: str
    url: str  # the article's canonical URL
    language: str
    title: str
    indexed: bool
    reason: str | None  # "irrelevant"|"domestic"|"robots"|"http_404"|"http_500"|"too_old"|None
    cluster: str | None
    published: datetime
    aliases: list[str] = field(default_factory=list)  # other URLs that reach the same article


def read_text(name: str) -> StoryText:
    """Load `content/<name>.txt`: first line the title, blank-line separated paragraphs."""
    raw = resources.files("vnmon.demo.newsworld").joinpath("content", f"{name}.txt")
    lines = raw.read_text(encoding="utf-8").strip().split("\n")
    paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    signoff = ""
    if paragraphs and _is_signoff(paragraphs[-1]):
        signoff = paragraphs.pop()
    return StoryText(title=lines[0].strip(), paragraphs=tuple(paragraphs), signoff=signoff)


def _is_signoff(paragraph: str) -> bool:
    """A last line like "МИР" or "(AFP)": a few letters, no sentence."""
    return len(paragraph) <= 12 and "\n" not in paragraph and not paragraph.endswith((".", "!", "?"))


def story_text(story: Story) -> StoryText:
    """The story's text with its title override and dateline applied."""
    if story.text is None:
        return StoryText(title=story.title or story.key, paragraphs=())
    text = read_text(story.text)
    paragraphs = list(text.paragraphs)
    if story.dateline and paragraphs:
        paragraphs[0] = story.dateline + paragraphs[0]
    return StoryText(story.title or text.title, tuple(paragraphs), text.signoff)


def published_at(story: Story, now: datetime) -> datetime:
    """The story's publication time in UTC, to the minute, relative to the world's `now`."""
    moment = now - timedelta(hours=story.hours_ago)
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def article_path(outlet: Outlet, story: Story, now: datetime) -> str:
    """The path of the story's canonical URL."""
    if story.path:
        return story.path
    local = published_at(story, now).astimezone(outlet.tz)
    slug = story.slug or (story.key.split("-", 1)[1] if "-" in story.key else story.key)
    return outlet.path_pattern.format(section=story.section, date=local, slug=slug, num=story.number)


def feed_link(outlet: Outlet, story: Story, base_url: str, now: datetime) -> str:
    """The URL the outlet's feed uses for the story (redirect, tracking or plain)."""
    if story.redirect_from:
        return base_url + story.redirect_from
    url = base_url + article_path(outlet, story, now)
    return url + TRACKING_QUERY if story.tracking_in_feed else url


def exclusion_reason(outlet: Outlet, story: Story, base_url: str, now: datetime) -> str | None:
    """Why the crawler must not index the story, or None when it must."""
    if story.broken:
        return f"http_{story.broken}"
    robots = RobotFileParser()
    robots.parse(outlet.robots_txt(base_url).splitlines())
    if not robots.can_fetch("vnmon", base_url + article_path(outlet, story, now)):
        return "robots"
    if outlet.domestic:
        return "domestic"
    if not story.about_vietnam:
        return "irrelevant"
    if now - published_at(story, now) > timedelta(days=outlet.max_age_days):
        return "too_old"
    return None


def expected_article(outlet: Outlet, story: Story, base_url: str, now: datetime) -> ExpectedArticle:
    """The ground truth for one story, computed from its definition."""
    url = base_url + article_path(outlet, story, now)
    aliases = [feed_link(outlet, story, base_url, now)] if story.in_feed else []
    if story.amp:
        aliases.append(base_url + "/amp" + article_path(outlet, story, now))
    reason = exclusion_reason(outlet, story, base_url, now)
    return ExpectedArticle(
        source=outlet.id,
        url=url,
        language=outlet.language,
        title=story_text(story).title,
        indexed=reason is None,
        reason=reason,
        cluster=story.cluster,
        published=published_at(story, now),
        aliases=[alias for alias in aliases if alias != url],
    )
