"""An offline world of realistic news sites on loopback, with the ground truth of a correct crawl."""

from __future__ import annotations

from vnmon.demo.newsworld.gate import Gate
from vnmon.demo.newsworld.model import ExpectedArticle
from vnmon.demo.newsworld.world import NewsWorld

__all__ = ["ExpectedArticle", "Gate", "NewsWorld"]
