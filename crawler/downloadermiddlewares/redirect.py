"""Scrapy's redirect and meta-refresh middlewares, with a redirect target that is no URL ignored.

Scrapy raises ValueError out of the download for a `Location:` or `<meta http-equiv="refresh">`
such as `javascript:…` or `http://[::1`, and the page is lost. Here the page is kept as fetched:
a refresh target is not part of an article, and a 3xx page with a broken target is counted as the
page it is.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.http import Response

log = logging.getLogger(__name__)


class _KeepsPageOnBadTarget:
    """Passes the response on when the redirect middleware cannot build a request to its target."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            result: Request | Response = super().process_response(request, response)  # type: ignore[misc]
        except ValueError as exc:
            log.info("%s: redirect target not followed (%s); the page is kept as fetched", request.url, exc)
            return response
        return result


class LenientRedirectMiddleware(_KeepsPageOnBadTarget, RedirectMiddleware):  # type: ignore[misc]
    """RedirectMiddleware that passes a response on when its redirect target is no URL."""


class LenientMetaRefreshMiddleware(_KeepsPageOnBadTarget, MetaRefreshMiddleware):  # type: ignore[misc]
    """MetaRefreshMiddleware that passes a page on when its refresh target is no URL."""


