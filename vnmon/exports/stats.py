"""The numbers of a weekly report: totals, change, breakdowns, daily volume, top stories, new outlets."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from vnmon.exports.coverage import Coverage
from vnmon.exports.rows import ExportRow
from vnmon.exports.weeks import Week

TOP_STORIES = 10


@dataclass(frozen=True)
class Breakdown:
    """Articles (and distinct outlets) for one language or country."""

    code: str
    articles: int
    outlets: int


@dataclass(frozen=True)
class OutletStats:
    source: str
    outlet: str
    country: str
    language: str
    articles: int
    mean_relevance: float
    first: datetime
    last: datetime
    new: bool


@dataclass(frozen=True)
class Story:
    """A syndication cluster (or a lone article) as the report lists it."""

    lead: ExportRow  # the most relevant copy of the cluster in the export
    copies: int  # documents of the cluster in the whole week
    outlets: tuple[str, ...]  # outlets of the exported copies


@dataclass(frozen=True)
class WeekStats:
    week: Week
    total: int
    previous_total: int
    stories: int
    by_language: list[Breakdown]
    by_country: list[Breakdown]
    by_outlet: list[OutletStats]
    daily: list[tuple[date, int]]
    top_syndicated: list[Story]
    top_relevant: list[Story]
    new_outlets: list[OutletStats]
    # From the index (exact over the week, under the filters): `weekly.export_week` fills them.
    by_province: Coverage = field(default_factory=Coverage)
    by_topic: Coverage = field(default_factory=Coverage)

    @property
    def change(self) -> int:
        return self.total - self.previous_total

    @property
    def change_pct(self) -> float | None:
        """Percent change versus the previous week (None when it had no articles)."""
        if not self.previous_total:
            return None
        return 100.0 * self.change / self.previous_total


def compute_stats(
    week: Week, rows: Sequence[ExportRow], previous_total: int, earlier_sources: set[str]
) -> WeekStats:
    """Everything the report shows, from the exported rows and two numbers from the index:
    the previous week's count and the outlets seen in the four weeks before."""
    outlets = _outlets(rows, earlier_sources)
    stories = _stories(rows)
    return WeekStats(
        week=week,
        total=len(rows),
        previous_total=previous_total,
        stories=len(stories),
        by_language=_breakdown(rows, lambda r: r.language),
        by_country=_breakdown(rows, lambda r: r.country),
        by_outlet=outlets,
        daily=_daily(week, rows),
        top_syndicated=[s for s in sorted(stories, key=_by_copies) if s.copies > 1][:TOP_STORIES],
        top_relevant=sorted(stories, key=_by_relevance)[:TOP_STORIES],
        new_outlets=[o for o in outlets if o.new],
    )


def _breakdown(rows: Sequence[ExportRow], key: Callable[[ExportRow], str]) -> list[Breakdown]:
    articles: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        value = key(row) or "?"
        articles[value] += 1
        sources[value].add(row.source)
    ordered = sorted(articles.items(), key=lambda item: (-item[1], item[0]))
    return [Breakdown(code, n, len(sources[code])) for code, n in ordered]


def _outlets(rows: Sequence[ExportRow], earlier_sources: set[str]) -> list[OutletStats]:
    grouped: dict[str, list[ExportRow]] = defaultdict(list)
    for row in rows:
        grouped[row.source].append(row)
    stats = [
        OutletStats(
            source=source,
            outlet=group[0].outlet,
            country=group[0].country,
            language=Counter(r.language for r in group).most_common(1)[0][0],
            articles=len(group),
            mean_relevance=round(sum(r.relevance for r in group) / len(group), 2),
            first=min(r.published for r in group),
            last=max(r.published for r in group),
            new=source not in earlier_sources,
        )
        for source, group in grouped.items()
    ]
    return sorted(stats, key=lambda o: (-o.articles, o.outlet.lower()))


def _daily(week: Week, rows: Sequence[ExportRow]) -> list[tuple[date, int]]:
    per_day = Counter(row.published.date() for row in rows)
    return [(day, per_day.get(day, 0)) for day in week.days()]


def _stories(rows: Sequence[ExportRow]) -> list[Story]:
    clusters: dict[str, list[ExportRow]] = defaultdict(list)
    for row in rows:
        clusters[row.cluster_id or row.article_id].append(row)
    stories = []
    for group in clusters.values():
        lead = max(group, key=lambda r: (r.relevance, r.prominence_rank, -r.published.timestamp()))
        outlets = tuple(sorted({r.outlet for r in group}))
        stories.append(Story(lead=lead, copies=max(r.copies for r in group), outlets=outlets))
    return stories


def _by_copies(story: Story) -> tuple[float, ...]:
    return (-story.copies, -story.lead.relevance, story.lead.published.timestamp())


def _by_relevance(story: Story) -> tuple[float, ...]:
    """Most relevant first; equal scores (common: many articles score 4.0) by where Vietnam is
    named (headline, lead, in passing), then by how many outlets carry the story, then newest
    first. The report's notes say so (`top_relevant_note`)."""
    lead = story.lead
    return (-lead.relevance, -lead.prominence_rank, -len(story.outlets), -lead.published.timestamp())
