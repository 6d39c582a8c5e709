"""Scrapy's robots.txt middleware, with every request that waits for a host's robots.txt obeying it."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class ObeyingRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy 2.19 hands the parser to the first request waiting for a host's robots.txt and
    `None` ("no robots.txt: allowed") to the others (Twisted's `Deferred.asFuture` swallows the
    result for later awaiters), so requests that reach a new host together skip robots.txt.
    That is common when crawler processes share a frontier. Those requests take the parser
    stored for the host once robots.txt is parsed."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser
