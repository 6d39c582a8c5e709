"""What `vnmon search` and `vnmon article` read before `display` renders it (kept apart so every
other command starts without loading the search side)."""

from __future__ import annotations

import json
import shutil

from indexer.client import connect
from indexer.lifecycle import articles_alias
from indexer.search import SearchParams, get_article, search, story_copies
from indexer.search.expansion import default_lexicon
from vnmon.cli.display import article_text, search_table
from vnmon.kernel.prominence import prominence
from vnmon.kernel.settings import get_settings


def search_output(params: SearchParams, width: int | None = None) -> str:
    """Search the configured cluster and render the page as `search_table` (what `vnmon search`
    prints); hits whose highlight matched no text get the passage naming Vietnam instead."""
    client = connect()
    result = search(client, params)
    lacking = [hit.id for hit in result.hits if "<mark>" not in hit.snippet]
    passages: dict[str, str] = {}
    if lacking:
        lexicon = default_lexicon()
        answer = client.mget(index=articles_alias(), ids=lacking, source_includes=["title", "lead", "body"])
        for doc in answer["docs"]:
            source = doc.get("_source")
            if source:
                found = prominence(source.get("title"), source.get("lead"), source.get("body"), lexicon)
                passages[doc["_id"]] = found.passage
    columns = width or shutil.get_terminal_size((120, 24)).columns
    return search_table(result, columns, passages, params.all_copies)


def article_output(article_id: str, *, as_json: bool = False) -> str:
    """The article `article_id` as `article_text`, or as JSON with its prominence
    (`ArticleNotFoundError` when there is none)."""
    client = connect()
    article = get_article(client, article_id)
    found = prominence(article.title, article.lead, article.body, default_lexicon())
    copies = len(story_copies(client, article.cluster_id)) if article.cluster_id else 1
    if as_json:
        data = article.model_dump(mode="json", exclude={"simhash", "simhash_bands"})
        data["prominence"] = {"level": found.level, "passage": found.passage, "mentions": found.mentions}
        data["copies"] = copies
        return json.dumps(data, ensure_ascii=False, indent=2)
    return article_text(article, found, copies, get_settings().public_url)
