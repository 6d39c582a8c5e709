"""Topics of an article (economy, diplomacy, the East Sea ...) from multilingual keyword rules."""

from __future__ import annotations

from vnmon.kernel.topics.loading import default_topics_path, load_topics
from vnmon.kernel.topics.model import Topic, TopicScore, TopicsError, TopicSet

__all__ = ["Topic", "TopicScore", "TopicSet", "TopicsError", "default_topics_path", "load_topics"]
