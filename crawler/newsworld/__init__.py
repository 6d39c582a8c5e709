"""An offline world of realistic news sites on loopback, with the ground truth of a correct crawl."""

from __future__ import annotations

from crawler.newsworld.gate import Gate
from crawler.newsworld.model import ExpectedArticle
from crawler.newsworld.world import NewsWorld

__all__ = ["ExpectedArticle", "Gate", "NewsWorld"]
