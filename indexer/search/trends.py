"""What is new: per language, the words that stand out in a recent period against the weeks before.

The foreground is the articles *published* in the last `days` days; the background the articles
published in the `weeks` weeks before it, in the same language. Publication date, not fetch date:
a backfill (GDELT discovery, a new source's first crawl) fetches months-old articles in one go,
and by fetch date their old words would look new. Articles without a publication date are left out.

Each language is one `significant_text` request on `title` and `body` (standard analyzer: the
words as written), over a sample diversified by story (`cluster_id`, so a wire story copied by
twenty outlets counts once) with duplicate paragraphs filtered out; each word carries a few
example articles (a second, multi-search request).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.search.errors import SearchError, SearchQueryError

MAX_DAYS = 90
MAX_WEEKS = 52
MAX_LANGUAGES = 8
TERMS_PER_LANGUAGE = 10
EXAMPLES_PER_TERM = 3
SAMPLE_SIZE = 1000
MIN_LIFT = 2.0
# Words that are only digits and punctuation (years, scores, amounts) are rarely "what is new".
_NUMBERS = "[0-9][0-9.,:]*"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_FIELDS = ("title", "body")


@dataclass(frozen=True)
class TrendExample:
    """An article that uses a trending word."""

    id: str
    url: str
    title: str
    source: str
    published_at: str | None


@dataclass(frozen=True)
class TrendTerm:
    """A word that stands out: in how many sampled articles of the period (`articles`) and of the
    background (`background_articles`), its significance `score`, and example articles."""

    term: str
    score: float
    articles: int
    background_articles: int
    fields: list[str]
    examples: list[TrendExample]


@dataclass(frozen=True)
class LanguageTrends:
    language: str
    articles: int
    background_articles: int
    terms: list[TrendTerm]


@dataclass(frozen=True)
class Trends:
    since: str
    until: str
    background_since: str
    languages: list[LanguageTrends] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_window(days: int, weeks: int, language: str | None) -> None:
    """SearchQueryError naming the bad value of a trends request."""
    if not 1 <= days <= MAX_DAYS:
        raise SearchQueryError(f"days must be between 1 and {MAX_DAYS}, got {days}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise SearchQueryError(f"weeks must be between 1 and {MAX_WEEKS}, got {weeks}")
    if language is not None and not _LANGUAGE.match(language):
        raise SearchQueryError(f"language must be an ISO 639-1 code such as 'en' or 'vi', got {language!r}")


def trends(
    client: Elasticsearch,
    alias: str,
    *,
    days: int = 7,
    weeks: int = 8,
    language: str | None = None,
    now: datetime | None = None,
) -> Trends:
    """What is new in the last `days` days against the `weeks` weeks before, per language (the
    languages with most articles in the period first, or only `language`)."""
    check_window(days, weeks, language)
    until = (now or datetime.now(UTC)).astimezone(UTC)
    since = until - timedelta(days=days)
    background_since = since - timedelta(weeks=weeks)
    period = _published(since, until)
    background = _published(background_since, since)
    try:
        languages = [language] if language else _top_languages(client, alias, period)
        found = [_language_trends(client, alias, code, period, background) for code in languages]
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the trends request on {alias} failed: {exc}") from exc
    return Trends(
        since=since.isoformat(),
        until=until.isoformat(),
        background_since=background_since.isoformat(),
        languages=[lang for lang in found if lang.articles],
    )


def _published(start: datetime, end: datetime) -> dict[str, Any]:
    return {"range": {"published_at": {"gte": start.isoformat(), "lt": end.isoformat()}}}


def _top_languages(client: Elasticsearch, alias: str, period: dict[str, Any]) -> list[str]:
    answer = client.search(
        index=alias,
        size=0,
        query={"bool": {"filter": [period]}},
        aggs={"languages": {"terms": {"field": "language", "size": MAX_LANGUAGES}}},
    )
    return [str(b["key"]) for b in answer["aggregations"]["languages"]["buckets"]]


def _language_trends(
    client: Elasticsearch, alias: str, language: str, period: dict[str, Any], background: dict[str, Any]
) -> LanguageTrends:
    same_language = {"term": {"language": language}}
    background_filter = {"bool": {"filter": [background, same_language]}}
    significant = {
        name: {
            "significant_text": {
                "field": name,
                "size": TERMS_PER_LANGUAGE,
                "filter_duplicate_text": True,
                "background_filter": background_filter,
                "exclude": _NUMBERS,
            }
        }
        for name in _FIELDS
    }
    answer = client.search(
        index=alias,
        size=0,
        query={"bool": {"filter": [period, same_language]}},
        aggs={
            "sample": {
                "diversified_sampler": {"shard_size": SAMPLE_SIZE, "field": "cluster_id"},
                "aggs": significant,
            },
        },
    )
    aggs = answer["aggregations"]
    terms = _merged([(name, _lifted(aggs["sample"][name])) for name in _FIELDS])
    foreground = [period, same_language]
    return LanguageTrends(
        language=language,
        articles=int(answer["hits"]["total"]["value"]),
        background_articles=int(aggs["sample"]["body"]["bg_count"]),
        terms=[
            replace(t, examples=e)
            for t, e in zip(terms, _examples(client, alias, terms, foreground), strict=True)
        ],
    )


def _examples(
    client: Elasticsearch, alias: str, terms: list[TrendTerm], foreground: list[dict[str, Any]]
) -> list[list[TrendExample]]:
    """For each word, the newest articles of the period using it (one per story): one msearch."""
    if not terms:
        return []
    searches: list[dict[str, Any]] = []
    for term in terms:
        uses = [{"term": {name: term.term}} for name in term.fields]
        searches.append({"index": alias})
        searches.append(
            {
                "size": EXAMPLES_PER_TERM * 3,
                "query": {"bool": {"filter": foreground, "should": uses, "minimum_should_match": 1}},
                "sort": [{"published_at": "desc"}],
                "_source": ["url", "title", "source", "published_at", "cluster_id"],
            }
        )
    answers = client.msearch(searches=searches)["responses"]
    return [_stories(answer.get("hits", {}).get("hits", [])) for answer in answers]


def _lifted(agg: dict[str, Any]) -> list[dict[str, Any]]:
    """The buckets of words at least MIN_LIFT times as frequent in the period as before: the
    significance score alone lets a function word through when the period is small (`in` in 3 of
    5 articles against 16 of 32)."""
    period, before = max(int(agg["doc_count"]), 1), max(int(agg["bg_count"]), 1)
    return [b for b in agg["buckets"] if b["doc_count"] / period >= MIN_LIFT * b["bg_count"] / before]


def _merged(per_field: list[tuple[str, list[dict[str, Any]]]]) -> list[TrendTerm]:
    """One entry per word, whether it stood out in titles, bodies or both (the higher score kept)."""
    best: dict[str, TrendTerm] = {}
    for name, buckets in per_field:
        for bucket in buckets:
            term = str(bucket["key"])
            seen = best.get(term)
            fields = [*(seen.fields if seen else []), name]
            if seen is None or float(bucket["score"]) > seen.score:
                best[term] = TrendTerm(
                    term=term,
                    score=round(float(bucket["score"]), 4),
                    articles=int(bucket["doc_count"]),
                    background_articles=int(bucket["bg_count"]),
                    fields=fields,
                    examples=[],
                )
            else:
                best[term] = replace(seen, fields=fields)
    ranked = sorted(best.values(), key=lambda t: (-t.score, t.term))
    return ranked[:TERMS_PER_LANGUAGE]


def _stories(hits: list[dict[str, Any]]) -> list[TrendExample]:
    """The newest articles using the word, one per story."""
    stories: set[str] = set()
    found: list[TrendExample] = []
    for hit in hits:
        source = hit["_source"]
        story = str(source.get("cluster_id") or hit["_id"])
        if story in stories:
            continue
        stories.add(story)
        found.append(
            TrendExample(
                id=str(hit["_id"]),
                url=str(source.get("url", "")),
                title=str(source.get("title") or ""),
                source=str(source.get("source", "")),
                published_at=source.get("published_at"),
            )
        )
    return found[:EXAMPLES_PER_TERM]


def render_text(found: Trends) -> str:
    """The trends as terminal text: per language, each word with its counts and example titles."""
    period = f"{found.since[:10]} to {found.until[:10]}"
    lines = [f"What is new from {period} (against {found.background_since[:10]} on)"]
    if not found.languages:
        lines.append("no article was published in the period")
    for lang in found.languages:
        lines.append("")
        lines.append(f"[{lang.language}] {lang.articles} articles, {lang.background_articles} before")
        if not lang.terms:
            lines.append("  nothing stands out")
        for term in lang.terms:
            lines.append(f"  {term.term}  ({term.articles} articles, {term.background_articles} before)")
            lines.extend(f"      {(e.published_at or '')[:10]}  {e.source}  {e.title}" for e in term.examples)
    return "\n".join(lines)
