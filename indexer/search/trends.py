"""What is new: per language, the words that stand out in a recent period against the weeks before.

The foreground is the articles *published* in the last `days` days; the background the articles
published in the `weeks` weeks before it, in the same language. Publication date, not fetch date:
a backfill (GDELT discovery, a new source's first crawl) fetches months-old articles in one go,
and by fetch date their old words would look new. Articles without a publication date are left out.

Each language is one `significant_text` request on `title` and `body` (standard analyzer: the
words as written), over a sample diversified by story (`cluster_id`, so a wire story copied by
twenty outlets counts once) with duplicate paragraphs filtered out. Then phrases (2-3 words, see
`indexer.search.phrases`): candidates around the significant words in the texts of a sample of
the period's stories, counted in the period (stories) and before (articles) with `match_phrase`
in one msearch and scored as `significant_text` scores words. A phrase replaces its words (and
the shorter phrases inside it) when it covers them: when it occurs in at least COVERS of their
articles. A candidate that starts or ends with a word common in the background (`the`, `of`,
`của`, `の`) is left out. Each word or phrase carries a few example articles (a last msearch).

Filters (`SearchParams`: query, languages, sources, countries, places, topics, minimum
relevance) narrow both the period and the background, so "what is new about Huế" compares Huế
coverage with Huế coverage before. Their dates are not used: the period is `days` before `now`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.search.compiler import to_es_query
from indexer.search.errors import SearchError, SearchQueryError
from indexer.search.facets import GROUP_PRECISION
from indexer.search.params import SearchParams, filter_clauses
from indexer.search.phrases import Candidate, candidates, contains, jlh, phrases_supported, words_of

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
# Phrases: stories read for candidates, candidates counted, the least stories a phrase needs,
# the share of its words' articles a phrase must have to replace them, and the share of the
# background articles above which an edge word is a function word ("the", "của").
PHRASE_SAMPLE = 25
PHRASE_BODY_CHARS = 4000
PHRASE_CANDIDATES = 24
MIN_PHRASE_STORIES = 2
COVERS = 0.8
COMMON_SHARE = 0.25
_STORIES: dict[str, Any] = {
    "groups": {"cardinality": {"field": "cluster_id", "precision_threshold": GROUP_PRECISION}},
    "ungrouped": {"missing": {"field": "cluster_id"}},
}


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
    """A word or phrase (`phrase`) that stands out: in how many stories of the period (`articles`;
    for a word, of the sampled stories) and articles of the background (`background_articles`),
    its significance `score`, and example articles."""

    term: str
    score: float
    articles: int
    background_articles: int
    fields: list[str]
    examples: list[TrendExample]
    phrase: bool = False


@dataclass(frozen=True)
class LanguageTrends:
    """One language's words and phrases; `phrases` is False where none are looked for (Thai,
    Lao, Khmer, Burmese: the index does not split their words)."""

    language: str
    articles: int
    background_articles: int
    terms: list[TrendTerm]
    phrases: bool = True


@dataclass(frozen=True)
class Trends:
    since: str
    until: str
    background_since: str
    languages: list[LanguageTrends] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)

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
    filters: SearchParams | None = None,
    now: datetime | None = None,
) -> Trends:
    """What is new in the last `days` days against the `weeks` weeks before, per language (the
    languages with most articles in the period first, or only `language`), among the articles
    `filters` select (a saved search's, for example; their dates are not used).

    Raises `SearchQueryError` naming a bad window, query or filter value, `SearchError` when
    Elasticsearch refuses or cannot be reached.
    """
    check_window(days, weeks, language)
    for code in filters.langs if filters else ():
        check_window(days, weeks, code)
    chosen = filter_query(filters)
    until = (now or datetime.now(UTC)).astimezone(UTC)
    since = until - timedelta(days=days)
    background_since = since - timedelta(weeks=weeks)
    window = _Window(_published(since, until), _published(background_since, since))
    try:
        languages = [language] if language else _top_languages(client, alias, [window.period, *chosen])
        found = [_language_trends(client, alias, window, [_language(code), *chosen]) for code in languages]
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the trends request on {alias} failed: {exc}") from exc
    return Trends(
        since=since.isoformat(),
        until=until.isoformat(),
        background_since=background_since.isoformat(),
        languages=[lang for lang in found if lang.articles],
        filters=described(filters),
    )


def filter_query(filters: SearchParams | None) -> list[dict[str, Any]]:
    """The filter clauses of `filters` without its dates, and its query (expanded as a search
    expands it); SearchQueryError for a malformed query or an unknown place or topic."""
    if filters is None:
        return []
    clauses = filter_clauses(filters.model_copy(update={"date_from": None, "date_to": None}))
    if filters.q.strip():
        clauses.append(to_es_query(filters.q, expand=filters.expand))
    return clauses


def described(filters: SearchParams | None) -> dict[str, Any]:
    """The filters that narrow the trends, by name (nothing for none)."""
    if filters is None:
        return {}
    values = filters.model_dump(
        mode="json", include={"q", "langs", "sources", "countries", "places", "topics", "min_relevance"}
    )
    return {name: value for name, value in values.items() if value not in ("", (), [], None)}


@dataclass(frozen=True)
class _Window:
    period: dict[str, Any]
    background: dict[str, Any]


def _language(code: str) -> dict[str, Any]:
    return {"term": {"language": code}}


def _published(start: datetime, end: datetime) -> dict[str, Any]:
    return {"range": {"published_at": {"gte": start.isoformat(), "lt": end.isoformat()}}}


def _top_languages(client: Elasticsearch, alias: str, chosen: list[dict[str, Any]]) -> list[str]:
    answer = client.search(
        index=alias,
        size=0,
        query={"bool": {"filter": chosen}},
        aggs={"languages": {"terms": {"field": "language", "size": MAX_LANGUAGES}}},
    )
    return [str(b["key"]) for b in answer["aggregations"]["languages"]["buckets"]]


def _language_trends(
    client: Elasticsearch, alias: str, window: _Window, same: list[dict[str, Any]]
) -> LanguageTrends:
    """One language's words and phrases; `same` selects the language and the filters."""
    background_filter = {"bool": {"filter": [window.background, *same]}}
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
        query={"bool": {"filter": [window.period, *same]}},
        aggs={
            "sample": {
                "diversified_sampler": {"shard_size": SAMPLE_SIZE, "field": "cluster_id"},
                "aggs": significant,
            },
            **_STORIES,
        },
    )
    aggs = answer["aggregations"]
    words = _merged([(name, _lifted(aggs["sample"][name])) for name in _FIELDS])
    language = str(same[0]["term"]["language"])
    sizes = (_story_count(aggs), int(aggs["sample"]["body"]["bg_count"]))
    supported = phrases_supported(language)
    phrases, common = (
        _phrases(client, alias, window, same, words, sizes) if supported and words else ([], set())
    )
    terms = _combined([w for w in words if w.term not in common], phrases)
    foreground = [window.period, *same]
    return LanguageTrends(
        language=language,
        articles=int(answer["hits"]["total"]["value"]),
        background_articles=sizes[1],
        terms=[
            replace(t, examples=e)
            for t, e in zip(terms, _examples(client, alias, terms, foreground), strict=True)
        ],
        phrases=supported,
    )


def _story_count(aggs: dict[str, Any]) -> int:
    return int(aggs["groups"]["value"]) + int(aggs["ungrouped"]["doc_count"])


def _phrases(
    client: Elasticsearch,
    alias: str,
    window: _Window,
    same: list[dict[str, Any]],
    words: list[TrendTerm],
    sizes: tuple[int, int],
) -> tuple[list[TrendTerm], set[str]]:
    """The phrases around `words` that stand out, scored against `sizes` (the period's stories,
    the background's articles), and the words too common to be news (in COMMON_SHARE of the
    language's background, whatever the filters: "the", "của", "の"). Two requests: the
    sample's texts, then one msearch counting each candidate in both periods and the words and
    candidates' edge words in the language's background."""
    significant = {t.term for t in words}
    found = candidates(_sample_texts(client, alias, window, same, significant), significant,
                       PHRASE_CANDIDATES, MIN_PHRASE_STORIES)  # fmt: skip
    counted = sorted(significant | {w for c in found for w in (c.words[0], c.words[-1])})
    searches: list[dict[str, Any]] = [{"index": alias}, _word_counts(window, same[0], counted)]
    for candidate in found:
        searches += [{"index": alias}, _phrase_counts(window, same, candidate.text)]
    answers = client.msearch(searches=searches)["responses"]
    refused = next((a["error"] for a in answers if "error" in a), None)
    if refused is not None:
        raise SearchError(f"the phrase counts on {alias} were refused: {refused.get('reason', refused)}")
    fg_size, bg_size = sizes
    common = _common(answers[0], counted)
    scored = []
    for candidate, counts in zip(found, answers[1:], strict=True):
        aggs = counts["aggregations"]
        now, before = _story_count(aggs["now"]), int(aggs["before"]["doc_count"])
        if common.intersection((candidate.words[0], candidate.words[-1])) or now < MIN_PHRASE_STORIES:
            continue
        if now / max(fg_size, 1) < MIN_LIFT * before / max(bg_size, 1):
            continue
        score = round(jlh(now, fg_size, before, bg_size), 4)
        scored.append((candidate, TrendTerm(candidate.text, score, now, before, list(_FIELDS), [], True)))
    return _covering(scored, significant - common), common


def _sample_texts(
    client: Elasticsearch, alias: str, window: _Window, same: list[dict[str, Any]], significant: set[str]
) -> list[str]:
    """Title and body start of up to PHRASE_SAMPLE stories of the period using the words (one
    copy per story; those using most of them first)."""
    uses = [{"terms": {name: sorted(significant)}} for name in _FIELDS]
    answer = client.search(
        index=alias,
        size=PHRASE_SAMPLE * 2,
        query={"bool": {"filter": [window.period, *same], "should": uses, "minimum_should_match": 1}},
        source_includes=["title", "body", "cluster_id"],
    )
    texts: dict[str, str] = {}
    for hit in answer["hits"]["hits"]:
        source = hit["_source"]
        story = str(source.get("cluster_id") or hit["_id"])
        if story not in texts and len(texts) < PHRASE_SAMPLE:
            body = str(source.get("body") or "")[:PHRASE_BODY_CHARS]
            texts[story] = f"{source.get('title') or ''}\n{body}"
    return list(texts.values())


def _word_counts(window: _Window, language: dict[str, Any], words: list[str]) -> dict[str, Any]:
    """The language's background articles (unfiltered) using each word (in title or body)."""
    uses = {
        str(number): {"bool": {"should": [{"term": {name: word}} for name in _FIELDS]}}
        for number, word in enumerate(words)
    }
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"bool": {"filter": [window.background, language]}},
        "aggs": {"words": {"filters": {"filters": uses}}},
    }


def _common(answer: dict[str, Any], words: list[str]) -> set[str]:
    """The words in at least COMMON_SHARE of the language's background articles."""
    total = int(answer["hits"]["total"]["value"])
    buckets = answer["aggregations"]["words"]["buckets"]
    return {
        word
        for number, word in enumerate(words)
        if total and buckets[str(number)]["doc_count"] >= COMMON_SHARE * total
    }


def _phrase_counts(window: _Window, same: list[dict[str, Any]], phrase: str) -> dict[str, Any]:
    """Stories of the period and articles of the background using the phrase."""
    either = {"bool": {"should": [window.period, window.background], "minimum_should_match": 1}}
    uses = {
        "bool": {"should": [{"match_phrase": {name: phrase}} for name in _FIELDS], "minimum_should_match": 1}
    }
    return {
        "size": 0,
        "query": {"bool": {"filter": [*same, either, uses]}},
        "aggs": {"now": {"filter": window.period, "aggs": _STORIES}, "before": {"filter": window.background}},
    }


def _covering(scored: list[tuple[Candidate, TrendTerm]], significant: set[str]) -> list[TrendTerm]:
    """The phrases that say most. A phrase whose significant words all belong to a more frequent
    phrase is left out ("after typhoon", "typhoon yagi hit" beside "typhoon yagi"); a shorter
    phrase gives way to a longer one that covers it ("free trade" to "free trade agreement")."""

    def adds_nothing(c: Candidate, t: TrendTerm) -> bool:
        mine = significant.intersection(c.words)
        return any(
            o is not c and mine <= set(o.words) and t.articles < COVERS * ot.articles for o, ot in scored
        )

    kept = [(c, t) for c, t in scored if not adds_nothing(c, t)]
    return [
        t
        for c, t in kept
        if not any(contains(o.words, c.words) and ot.articles >= COVERS * t.articles for o, ot in kept)
    ]


def _combined(words: list[TrendTerm], phrases: list[TrendTerm]) -> list[TrendTerm]:
    """Words and phrases by score; a phrase replaces the words it covers."""
    split = {p.term: _words_of_phrase(p.term) for p in phrases}

    def covered(word: TrendTerm) -> bool:
        return any(word.term in split[p.term] and p.articles >= COVERS * word.articles for p in phrases)

    kept = [w for w in words if not covered(w)] + phrases
    return sorted(kept, key=lambda t: (-t.score, t.term))[:TERMS_PER_LANGUAGE]


def _words_of_phrase(phrase: str) -> set[str]:
    return {w for stretch in words_of(phrase) for w in stretch}


def _examples(
    client: Elasticsearch, alias: str, terms: list[TrendTerm], foreground: list[dict[str, Any]]
) -> list[list[TrendExample]]:
    """For each word or phrase, the newest articles of the period using it (one per story): one msearch."""
    if not terms:
        return []
    searches: list[dict[str, Any]] = []
    for term in terms:
        uses = [{"match_phrase": {name: term.term}} for name in term.fields]
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
    """The trends as terminal text: per language, each word or phrase with its counts and example titles."""
    period = f"{found.since[:10]} to {found.until[:10]}"
    lines = [f"What is new from {period} (against {found.background_since[:10]} on)"]
    if found.filters:
        lines.append("Among articles with " + describe_filters(found.filters))
    if not found.languages:
        lines.append("no article was published in the period")
    for lang in found.languages:
        lines.append("")
        lines.append(f"[{lang.language}] {lang.articles} articles, {lang.background_articles} before")
        if not lang.phrases:
            lines.append(
                f"  (words only: {lang.language} is written without spaces, phrases are not looked for)"
            )
        if not lang.terms:
            empty = "nothing stands out" if lang.background_articles else "nothing before to compare with"
            lines.append(f"  {empty}")
        for term in lang.terms:
            lines.append(f"  {term.term}  ({term.articles} articles, {term.background_articles} before)")
            lines.extend(f"      {(e.published_at or '')[:10]}  {e.source}  {e.title}" for e in term.examples)
    return "\n".join(lines)


def describe_filters(filters: dict[str, Any]) -> str:
    """`query "typhoon", places hue, topics disasters` from `Trends.filters`."""
    parts = []
    for name, value in filters.items():
        shown = f'"{value}"' if name == "q" else ", ".join(value) if isinstance(value, list) else str(value)
        parts.append(f"{_FILTER_NAMES.get(name, name)} {shown}")
    return "; ".join(parts)


_FILTER_NAMES = {
    "q": "query",
    "langs": "languages",
    "min_relevance": "relevance at least",
}
