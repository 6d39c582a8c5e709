"""Promotes a discovered outlet into the sources file: a validated entry with its feeds and sitemaps.

The entry points are read from the outlet itself: the `Sitemap:` lines of its robots.txt and the
RSS/Atom feeds its home page announces (`<link rel="alternate">`); with neither, its home page
is the one section. The entry is validated as any source, appended to the file (its comments
kept), and the whole file validated again; on any problem the file is left as it was.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from lxml import html
from pydantic import ValidationError

from crawler.dedup.urls import registered_domain
from crawler.downloadermiddlewares.addresses import OPT_IN, address_problem
from crawler.errors import SourcesError
from crawler.sources import Source, load_sources
from crawler.spiders.discover import outlet_id
from vnmon.kernel.settings import get_settings

MAX_BYTES = 2 * 1024 * 1024
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def _fetch(url: str, timeout: float) -> str | None:
    """The text at `url`, or None when it cannot be had; a private address is refused unless allowed."""
    host = urlsplit(url).hostname or ""
    if not get_settings().allow_private_addresses:
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError:
            return None
        problems = [p for p in map(str, addresses) if address_problem(p)]
        if problems:
            raise SourcesError(
                f"{url}: {host} resolves to a non-public address; not fetched ({OPT_IN} allows it)"
            )
    request = urllib.request.Request(url, headers={"User-Agent": "vnmon/0.1 (outlet promotion)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bytes(response.read(MAX_BYTES)).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def entry_points(homepage: str, timeout: float = 20.0) -> dict[str, list[str]]:
    """Feeds and sitemaps the outlet announces, on its own registrable domain."""
    domain = registered_domain(homepage)
    sitemaps: list[str] = []
    feeds: list[str] = []
    robots = _fetch(urljoin(homepage, "/robots.txt"), timeout) or ""
    for line in robots.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            sitemaps.append(value.strip())
    page = _fetch(homepage, timeout)
    if page:
        try:
            tree = html.fromstring(page)
        except (ValueError, html.etree.ParserError):
            tree = None
        if tree is not None:
            for link in tree.xpath('//link[@rel="alternate"][@href]'):
                if (link.get("type") or "").lower() in _FEED_TYPES:
                    feeds.append(urljoin(homepage, link.get("href")))
    found = {
        "feeds": [u for u in dict.fromkeys(feeds) if registered_domain(u) == domain],
        "sitemaps": [u for u in dict.fromkeys(sitemaps) if registered_domain(u) == domain],
    }
    if not found["feeds"] and not found["sitemaps"]:
        found["sections"] = [homepage]
    return found


def promote(outlet: dict[str, Any], sources_path: Path, country: str | None = None) -> dict[str, Any]:
    """Append a validated source for `outlet` (a registry record) to `sources_path`; returns it."""
    configured = load_sources(sources_path)
    domain = outlet["domain"]
    taken = {s.id for s in configured}
    if any(s.allows_host(domain) for s in configured):
        raise SourcesError(f"{sources_path}: {domain} is already crawled as a source")
    source_id = outlet_id(domain)
    if source_id in taken:
        source_id = f"web-{source_id}"
    homepage = outlet.get("homepage") or f"https://{domain}/"
    languages = [code for code in outlet.get("languages", []) if code and code != "und"]
    entry: dict[str, Any] = {
        "id": source_id,
        "name": outlet.get("name") or domain,
        "country": country or outlet.get("country"),
        **({"language": languages[0]} if len(languages) == 1 else {}),
        **entry_points(homepage),
        "verified": False,
        "tags": ["promoted"],
    }
    try:
        Source.model_validate(entry)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        hint = " (give it with --country)" if "country" in problems else ""
        raise SourcesError(f"{domain}: the new source is not valid: {problems}{hint}") from None
    original = sources_path.read_text(encoding="utf-8")
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    first_item = re.search(r"^( *)- ", original, re.MULTILINE)  # the list's own indentation
    pad = first_item.group(1) if first_item else "  "
    indented = "".join(f"{pad}{line}\n" for line in block.splitlines())
    sources_path.write_text(
        original.rstrip("\n") + f"\n\n{pad}# promoted from the outlets registry (discovery)\n{indented}",
        encoding="utf-8",
    )
    try:
        load_sources(sources_path)
    except SourcesError:
        sources_path.write_text(original, encoding="utf-8")
        raise
    return entry
