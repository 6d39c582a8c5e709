"""HTML pages of the news world's sites: articles (three layouts and AMP), listings, plain pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from html import escape
from importlib import resources
from string import Template

from vnmon.demo.newsworld.model import Outlet, Story, article_path, published_at, story_text
from vnmon.demo.newsworld.ui import UI

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
}


@cache
def _template(name: str) -> Template:
    source = resources.files("vnmon.demo.newsworld").joinpath("templates", f"{name}.html")
    return Template(source.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SiteView:
    """One outlet as served: its definition, its base URL and the world's clock."""

    outlet: Outlet
    base_url: str
    now: datetime

    @property
    def ui(self) -> dict[str, str]:
        return UI[self.outlet.language]

    def path(self, story: Story) -> str:
        return article_path(self.outlet, story, self.now)

    def url(self, story: Story) -> str:
        return self.base_url + self.path(story)

    def local_time(self, story: Story) -> datetime:
        return published_at(story, self.now).astimezone(self.outlet.tz)

    def live_stories(self) -> list[Story]:
        """Stories with a real page, newest first."""
        live = [story for story in self.outlet.stories if not story.broken]
        return sorted(live, key=lambda story: story.hours_ago)

    def section_stories(self, section: str) -> list[Story]:
        return [story for story in self.live_stories() if story.section == section]

    def page_count(self, section: str) -> int:
        size = self.outlet.page_size
        return max(1, -(-len(self.section_stories(section)) // size))


def human_date(moment: datetime, language: str) -> str:
    """A publication date the way the outlet's readers see it."""
    hm = f"{moment:%H:%M}"
    months = _MONTHS.get(language, _MONTHS["en"]).split()
    month = months[moment.month - 1]
    formats = {
        "en": f"{month} {moment.day}, {moment.year} {hm}",
        "fr": f"Publié le {moment.day} {month} {moment.year} à {moment:%Hh%M}",
        "de": f"{moment:%d.%m.%Y}, {hm} Uhr",
        "ru": f"{moment.day} {month} {moment.year}, {hm}",
        "uk": f"{moment.day} {month} {moment.year}, {hm}",
        "ja": f"{moment.year}年{moment.month}月{moment.day}日 {moment.hour}時{moment.minute}分",
        "vi": f"{moment.day}/{moment.month}/{moment.year} {hm} (GMT{_offset_hours(moment):+d})",
    }
    return formats.get(language, f"{moment:%Y-%m-%d %H:%M}")


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _offset_hours(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 3600) if offset else 0


def _charset_meta(outlet: Outlet) -> str:
    if outlet.theme == "portal":  # old CMSs declare the charset the HTML 4 way
        return f'<meta http-equiv="Content-Type" content="text/html; charset={outlet.charset}" />'
    return f'<meta charset="{outlet.charset}">'


def _slug(name: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in name.lower().split()) or "staff"


def cookie_banner(view: SiteView) -> str:
    ui = view.ui
    return (
        '<div id="cookie-consent" class="cookie-banner" role="dialog">'
        f'<p>{escape(ui["cookies"])} <a href="/privacy/">{escape(ui["privacy"])}</a></p>'
        f'<button type="button" class="cookie-accept">{escape(ui["accept"])}</button></div>'
    )


def site_header(view: SiteView) -> str:
    ui = view.ui
    nav = "".join(
        f'<li><a href="/{key}/">{escape(label)}</a></li>' for key, label in view.outlet.sections.items()
    )
    return (
        '<header class="site-header">'
        f'<a class="logo" href="/"><img src="/static/img/logo.png" alt="{escape(view.outlet.name)}"></a>'
        f'<nav class="main-nav"><ul><li><a href="/">{escape(ui["home"])}</a></li>{nav}</ul></nav>'
        '<form class="search" action="/search" method="get"><input type="search" name="q"></form>'
        f'<a class="subscribe" href="/subscribe/">{escape(ui["subscribe"])}</a></header>'
    )


def site_footer(view: SiteView) -> str:
    ui = view.ui
    year = view.now.year
    return (
        '<footer class="site-footer"><ul class="footer-links">'
        f'<li><a href="/about/">{escape(ui["about"])}</a></li>'
        f'<li><a href="/privacy/">{escape(ui["privacy"])}</a></li>'
        f'<li><a href="/contact/">{escape(ui["contact"])}</a></li></ul>'
        '<ul class="social"><li><a href="https://www.facebook.com/example.news">Facebook</a></li>'
        '<li><a href="https://x.com/example_news">X</a></li></ul>'
        f"<p>&copy; {year} {escape(view.outlet.name)}. {escape(ui['rights'])}</p></footer>"
    )


def share_buttons(view: SiteView, url: str, title: str) -> str:
    ui = view.ui
    from urllib.parse import quote

    u, t = quote(url, safe=""), quote(title, safe="")
    return (
        f'<div class="share-buttons"><span>{escape(ui["share"])}</span>'
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a>'
        f'<a class="share-x" href="https://x.com/intent/tweet?url={u}&amp;text={t}">X</a>'
        f'<a class="share-telegram" href="https://t.me/share/url?url={u}">Telegram</a>'
        f'<a class="share-mail" href="mailto:?subject={t}&amp;body={u}">E-mail</a></div>'
    )


def related_box(view: SiteView, story: Story) -> str:
    """Links to other stories of the same kind (a sports page does not link Vietnam news)."""
    others = [
        other
        for other in view.live_stories()
        if other.key != story.key and other.about_vietnam == story.about_vietnam
    ][:3]
    if not others:
        return ""
    items = "".join(
        f'<li><a href="{view.path(other)}">{escape(story_text(other).title)}</a></li>' for other in others
    )
    return f'<aside class="related"><h2>{escape(view.ui["related"])}</h2><ul>{items}</ul></aside>'


def _json_ld(view: SiteView, story: Story, title: str, description: str) -> str:
    outlet = view.outlet
    published = view.local_time(story).isoformat()
    article = {
        "@type": "NewsArticle",
        "headline": title,
        "description": description,
        "datePublished": published,
        "dateModified": published,
        "inLanguage": outlet.language,
        "articleSection": outlet.sections.get(story.section, story.section),
        "author": [{"@type": "Person", "name": story.author or outlet.name}],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": outlet.name,
            "logo": {"@type": "ImageObject", "url": f"{view.base_url}/static/img/logo.png"},
        },
        "image": [f"{view.base_url}/images/{story.number}.jpg"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.url(story)},
    }
    document: dict[str, object]
    if outlet.theme == "modern":  # Yoast-style sites wrap everything in one @graph
        crumbs = {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": view.ui["home"], "item": view.base_url + "/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": outlet.sections.get(story.section, story.section),
                    "item": f"{view.base_url}/{story.section}/",
                },
            ],
        }
        document = {"@context": "https://schema.org", "@graph": [article, crumbs]}
    else:
        document = {"@context": "https://schema.org", **article}
    # "</" inside a <script> would end it early.
    return json.dumps(document, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _body_html(view: SiteView, story: Story, paragraphs: tuple[str, ...], amp: bool) -> str:
    blocks = [f"      <p>{escape(p)}</p>" for p in paragraphs]
    related = [
        other
        for other in view.live_stories()
        if other.key != story.key and other.about_vietnam == story.about_vietnam
    ]
    if related and len(blocks) > 3 and not amp:
        other = related[0]
        teaser = (
            f'      <div class="read-also"><strong>{escape(view.ui["related"])}:</strong> '
            f'<a href="{view.path(other)}">{escape(story_text(other).title)}</a></div>'
        )
        blocks.insert(2, teaser)
        blocks.insert(4, '      <div class="ad-inline" data-slot="mid-article"></div>')
    return "\n".join(blocks)


def render_article(view: SiteView, story: Story, amp: bool = False) -> str:
    """The article page (or its AMP copy) of `story`."""
    outlet, ui = view.outlet, view.ui
    text = story_text(story)
    local = view.local_time(story)
    canonical = view.url(story)
    author = story.author or outlet.name
    image = f"{view.base_url}/images/{story.number}.jpg"
    fields = {
        "lang": outlet.language,
        "charset_meta": _charset_meta(outlet),
        "title": escape(text.title),
        "site_name": escape(outlet.name),
        "description": escape(shorten(text.lead, 200)),
        "canonical": canonical,
        "amphtml": f'<link rel="amphtml" href="{view.base_url}/amp{view.path(story)}">'
        if story.amp and not amp
        else "",
        "image_url": image,
        "image_url_2x": image.replace(".jpg", "@2x.jpg"),
        "published_iso": local.isoformat(),
        "modified_iso": local.isoformat(),
        "published_human": escape(human_date(local, outlet.language)),
        "modified_human": escape(human_date(local, outlet.language)),
        "author": escape(author),
        "author_slug": _slug(author),
        "by_label": escape(ui["by"]),
        "updated_label": escape(ui["updated"]),
        "photo_label": escape(ui["photo"]),
        "home_label": escape(ui["home"]),
        "subscribe_label": escape(ui["subscribe"]),
        "newsletter": escape(ui["newsletter"]),
        "section": story.section,
        "section_label": escape(outlet.sections.get(story.section, story.section)),
        "section_url": f"/{story.section}/",
        "og_locale": f"{outlet.language}_{outlet.country}",
        "jsonld": _json_ld(view, story, text.title, shorten(text.lead, 200)),
        "cookie_banner": cookie_banner(view),
        "header": site_header(view),
        "footer": site_footer(view),
        "body": _body_html(view, story, text.paragraphs, amp)
        + (f'\n      <p class="signoff"><strong>{escape(text.signoff)}</strong></p>' if text.signoff else ""),
        "share": share_buttons(view, canonical, text.title),
        "related": related_box(view, story),
    }
    return _template("amp" if amp else f"article_{outlet.theme}").substitute(fields)


def _teaser(view: SiteView, story: Story, amp_link: bool = False) -> str:
    text = story_text(story)
    href = f"/amp{view.path(story)}" if amp_link and story.amp else view.path(story)
    local = view.local_time(story)
    return (
        f'    <article class="teaser"><a href="{href}"><img src="/images/{story.number}-thumb.jpg" '
        f'alt=""></a><h2><a href="{href}">{escape(text.title)}</a></h2>'
        f"<p>{escape(shorten(text.lead, 160))}</p>"
        f'<time datetime="{local.isoformat()}">{escape(human_date(local, view.outlet.language))}</time>'
        "</article>"
    )


def render_listing(view: SiteView, section: str | None, page: int = 1) -> str:
    """A section's listing page `page` (or the home page when `section` is None)."""
    outlet, ui = view.outlet, view.ui
    if section is None:
        stories, heading, pages = view.live_stories(), outlet.name, 1
        canonical = view.base_url + "/"
    else:
        size = outlet.page_size
        stories = view.section_stories(section)[(page - 1) * size : page * size]
        heading, pages = outlet.sections[section], view.page_count(section)
        canonical = view.base_url + outlet.section_path(section, page)
    links, rel_links = [], []
    # the old portal CMS only prints a text link; the others mark it rel=next/prev too
    rel_prev, rel_next = (' rel="prev"', ' rel="next"') if outlet.theme != "portal" else ("", "")
    if section is not None and page > 1:
        prev_href = outlet.section_path(section, page - 1)
        links.append(f'<a class="prev"{rel_prev} href="{prev_href}">{escape(ui["previous"])}</a>')
        rel_links.append(f'<link rel="prev" href="{view.base_url}{prev_href}">')
    if section is not None and page < pages:
        next_href = outlet.section_path(section, page + 1)
        links.append(f'<a class="next"{rel_next} href="{next_href}">{escape(ui["next"])}</a>')
        if outlet.theme == "classic":
            rel_links.append(f'<link rel="next" href="{view.base_url}{next_href}">')
    most_read = "".join(
        f"<li>{_teaser(view, story, amp_link=True)}</li>" for story in view.live_stories()[:3]
    )
    fields = {
        "lang": outlet.language,
        "charset_meta": _charset_meta(outlet),
        "heading": escape(heading),
        "site_name": escape(outlet.name),
        "canonical": canonical,
        "rel_links": "\n".join(rel_links),
        "cookie_banner": cookie_banner(view),
        "header": site_header(view),
        "footer": site_footer(view),
        "teasers": "\n".join(_teaser(view, story) for story in stories),
        "pagination": " ".join(links),
        "most_read": (
            f'<aside class="most-read"><h2>{escape(ui["most_read"])}</h2><ol>{most_read}</ol></aside>'
        ),
    }
    return _template("listing").substitute(fields)


def render_plain(view: SiteView, heading: str, text: str) -> str:
    """A non-article page: about, privacy, contact, error pages."""
    outlet = view.outlet
    return (
        f'<!DOCTYPE html>\n<html lang="{outlet.language}">\n<head>\n{_charset_meta(outlet)}\n'
        f"<title>{escape(heading)} | {escape(outlet.name)}</title>\n"
        '<link rel="stylesheet" href="/static/css/site.css">\n</head>\n<body>\n'
        f"{site_header(view)}\n<main><h1>{escape(heading)}</h1><p>{escape(text)}</p></main>\n"
        f"{site_footer(view)}\n</body>\n</html>\n"
    )
