"""URL normalisation and canonical-URL choice: one article reached by many URLs gets one id."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url

# Query parameters that only say how a reader arrived (campaigns, click ids, referrers).
# Matched case-insensitively; any `utm_*` parameter is dropped as well.
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "twclid",
        "yclid", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi",
        "mkt_tok", "ref", "ref_src", "ref_url", "referrer", "cmpid", "cmp", "ocid", "ito",
        "icid", "s_cid", "smid", "smtyp", "at_medium", "at_campaign", "at_source",
        "at_custom1", "at_custom2", "at_custom3", "at_custom4", "at_format", "at_link",
        "at_ptr_name", "ns_source", "ns_mchannel", "ns_campaign", "ns_linkname", "ns_fee",
        "wt.mc_id", "xtor", "ncid", "sr_share", "spm", "share", "__twitter_impression",
        "soc_src", "soc_trk", "rss", "feature",
    }
)  # fmt: skip
TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)

# Query parameters that only switch a page to its AMP rendering.
_AMP_QUERY: frozenset[tuple[str, str]] = frozenset(
    {("amp", ""), ("amp", "1"), ("amp", "true"), ("outputtype", "amp"), ("_amp", "true")}
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Google's AMP cache: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path
_AMP_CACHE_PATH = re.compile(r"^/[cirv]/(?P<secure>s/)?(?P<rest>[^/].*)$")
# A canonical pointing at a site or language root is a CMS default, not the article.
_ROOT_PATH = re.compile(r"^/(?:index\.\w+|[a-z]{2}(?:[-_][a-z]{2})?/?|home/?)?$", re.IGNORECASE)


def normalize_url(url: str, base: str | None = None) -> str:
    """The normalised absolute form of `url` (resolved against `base` when relative).

    Lowercase scheme and IDNA host, no default port, sorted query without tracking or
    AMP-switch parameters, no fragment, percent-encoding normalised, AMP variants mapped
    to the main URL. Idempotent. Raises ValueError for anything but an http(s) URL.
    """
    raw = url.strip()
    if base:
        raw = urljoin(base.strip(), raw)
    elif raw.startswith("//"):
        raw = "https:" + raw
    parts = urlsplit(raw)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    raw = _unwrap_amp_cache(raw)
    parts = urlsplit(canonicalize_url(raw, keep_fragments=False))
    scheme = parts.scheme.lower()
    netloc = _normalize_netloc(scheme, parts.netloc, url)
    path = _strip_amp_path(parts.path) or "/"
    query = _filter_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def is_amp_url(url: str) -> bool:
    """Whether `url` looks like an AMP rendering of an article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("amp.") or host.endswith(".cdn.ampproject.org"):
        return True
    if _strip_amp_path(parts.path) != parts.path:
        return True
    return any(_is_amp_param(piece) for piece in parts.query.split("&") if piece)


def canonical_for(page_url: str, declared_canonical: str | None) -> str:
    """The normalised canonical URL of a page.

    The declared rel=canonical is used when it is a plausible http(s) URL of the same
    registered domain (any domain if the page is an AMP rendering) and not a site or
    language root; otherwise the page URL itself.
    """
    page = normalize_url(page_url)
    if not declared_canonical or not declared_canonical.strip():
        return page
    try:
        declared = normalize_url(declared_canonical, base=page_url)
    except ValueError:
        return page
    if _is_root(declared) and not _is_root(page):
        return page
    if not is_amp_url(page_url) and registered_domain(declared) != registered_domain(page):
        return page
    return declared


def document_id(canonical_url: str) -> str:
    """SHA-256 hex of the normalised canonical URL: the Article id."""
    return hashlib.sha256(normalize_url(canonical_url).encode("utf-8")).hexdigest()


def registered_domain(url: str) -> str:
    """The registrable domain of `url` (`bbc.co.uk` for `www.bbc.co.uk`), or its host."""
    host = (urlsplit(url).hostname or "").lower()
    found = _extractor()(host).top_domain_under_public_suffix
    return found or host


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot only: no network fetch, no cache directory.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _normalize_netloc(scheme: str, netloc: str, original: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if hostport.startswith("["):
        end = hostport.find("]")
        host, port = hostport[: end + 1], hostport[end + 2 :]
    elif ":" in hostport:
        host, _, port = hostport.partition(":")
    host = host.lower().rstrip(".")
    if not host:
        raise ValueError(f"URL has no host: {original!r}")
    if host.startswith("amp.") and host.count(".") >= 2:
        host = host[len("amp.") :]
    if port == _DEFAULT_PORTS[scheme]:
        port = ""
    hostport = f"{host}:{port}" if port else host
    return f"{userinfo}@{hostport}" if userinfo else hostport


def _unwrap_amp_cache(url: str) -> str:
    parts = urlsplit(url)
    if not (parts.hostname or "").lower().endswith(".cdn.ampproject.org"):
        return url
    match = _AMP_CACHE_PATH.match(parts.path)
    if not match:
        return url
    scheme = "https" if match.group("secure") else "http"
    inner = f"{scheme}://{match.group('rest')}"
    return f"{inner}?{parts.query}" if parts.query else inner


def _strip_amp_path(path: str) -> str:
    segments = path.split("/")
    kept = [s for s in segments if s.lower() != "amp"]
    if len(kept) != len(segments):
        # Keep a trailing slash only when the AMP segment was not the last one.
        trailing = path.endswith("/") and segments[-2].lower() != "amp"
        path = "/".join(kept)
        if trailing and not path.endswith("/"):
            path += "/"
    lowered = path.lower()
    if lowered.endswith(".amp.html"):
        return path[: -len(".amp.html")] + ".html"
    if lowered.endswith(".amp"):
        return path[: -len(".amp")]
    return path


def _filter_query(query: str) -> str:
    kept = [p for p in query.split("&") if p and not _is_tracking(p) and not _is_amp_param(p)]
    return "&".join(kept)


def _param_key_value(piece: str) -> tuple[str, str]:
    key, _, value = piece.partition("=")
    return unquote(key).lower(), unquote(value).lower()


def _is_tracking(piece: str) -> bool:
    key, _ = _param_key_value(piece)
    return key in TRACKING_PARAMETERS or key.startswith(TRACKING_PREFIXES)


def _is_amp_param(piece: str) -> bool:
    return _param_key_value(piece) in _AMP_QUERY


def _is_root(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.query and bool(_ROOT_PATH.match(parts.path or "/"))
