"""What a search asks for (`SearchParams`), and its filters as Elasticsearch clauses."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indexer.search.errors import SearchQueryError
from indexer.search.vocabulary import place_ids, topic_ids
from vnmon.kernel.errors import validation_message
from vnmon.kernel.settings import get_settings

MAX_SIZE = 100
MAX_FILTER_VALUES = 200
MAX_VALUE_CHARS = 100  # one language, source, country, place or topic
# Dates a search may name: wide enough for any archive, narrow enough that a day's end and its
# time zone stay within what Python and Elasticsearch represent (9999-12-31 overflowed).
FIRST_DATE = date(1000, 1, 1)
LAST_DATE = date(9000, 12, 31)
Sort = Literal["relevance", "date"]


class SearchParams(BaseModel):
    """The parameters of one search, shared by the CLI, the JSON API and the web UI.

    Dates are calendar days (whole days, `date_to` included) or datetimes; naive ones are read
    in `VNMON_TIMEZONE`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(
        "",
        description='Query: words, "phrases", AND/OR/NOT, -word, (groups), prefix*, '
        "title:/source:/lang:/country:/place:/topic: filters",
    )
    langs: tuple[str, ...] = Field((), description="Detected languages (ISO 639-1)")
    sources: tuple[str, ...] = Field((), description="Source ids")
    countries: tuple[str, ...] = Field((), description="Outlet countries (ISO 3166 alpha-2)")
    places: tuple[str, ...] = Field((), description="Places: ids or names in any script (hue, Huế)")
    topics: tuple[str, ...] = Field((), description="Topic ids (config/topics.yaml)")
    date_from: date | datetime | None = Field(None, description="Published on or after")
    date_to: date | datetime | None = Field(None, description="Published on or before")
    min_relevance: float | None = Field(
        None, ge=0, le=1e6, allow_inf_nan=False, description="Minimum Vietnam relevance score"
    )
    sort: Sort = Field("relevance", description="relevance or date (newest first)")
    size: int = Field(20, ge=1, le=MAX_SIZE, description="Hits per page")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page")
    all_copies: bool = Field(False, description="Every syndicated copy instead of one per story")
    expand: bool = Field(True, description="Expand Vietnam terms to their forms in every language")
    facets: bool = Field(True, description="Compute facet counts and the date histogram")

    @field_validator("langs", "sources", "countries", "places", "topics", mode="before")
    @classmethod
    def _listish(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            value = value.split(",")
        return tuple(str(v).strip() for v in value if str(v).strip())

    @field_validator("langs")
    @classmethod
    def _lower(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.lower() for v in value)

    @field_validator("countries")
    @classmethod
    def _upper(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.upper() for v in value)

    @field_validator("langs", "sources", "countries", "places", "topics")
    @classmethod
    def _bounded(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > MAX_FILTER_VALUES:
            raise ValueError(f"at most {MAX_FILTER_VALUES} values, got {len(value)}")
        long = next((v for v in value if len(v) > MAX_VALUE_CHARS), None)
        if long is not None:
            raise ValueError(
                f"a value is {len(long)} characters long ({long[:40]!r}…); at most {MAX_VALUE_CHARS}"
            )
        return value

    @field_validator("date_from", "date_to")
    @classmethod
    def _plausible_date(cls, value: date | datetime | None) -> date | datetime | None:
        day = value.date() if isinstance(value, datetime) else value
        if day is not None and not FIRST_DATE <= day <= LAST_DATE:
            raise ValueError(f"{value} is outside {FIRST_DATE}..{LAST_DATE}")
        return value

    @field_validator("cursor", mode="before")
    @classmethod
    def _blank_cursor(cls, value: Any) -> Any:
        return value or None

    @model_validator(mode="after")
    def _ordered_dates(self) -> SearchParams:
        start, end = date_range(self)
        if start is not None and end is not None and start >= end:
            raise ValueError(f"date_from ({self.date_from}) is after date_to ({self.date_to})")
        return self

    def fingerprint(self) -> str:
        """Identifies the result list (not the page): a cursor only continues the same search."""
        identity = self.model_dump(mode="json", exclude={"size", "cursor", "facets"})
        digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
        return digest[:12]


def _zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def _instant(value: datetime | date, end: bool) -> datetime:
    """A day starts at local midnight; the end of a day is the next local midnight."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=_zone())
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time.min, tzinfo=_zone())


def date_range(params: SearchParams) -> tuple[datetime | None, datetime | None]:
    """The published-at window as aware datetimes: [start, end) for days, [start, end] for datetimes."""
    start = _instant(params.date_from, end=False) if params.date_from is not None else None
    end = _instant(params.date_to, end=True) if params.date_to is not None else None
    if end is not None and isinstance(params.date_to, datetime):
        end = end + timedelta(milliseconds=1)  # an exact end instant is included
    return start, end


def filter_clauses(params: SearchParams) -> list[dict[str, Any]]:
    """Language, source, country, place, topic, date and relevance filters (non-scoring).

    Place names resolve to place ids and topic values are checked (`UnknownFilterError`)."""
    clauses: list[dict[str, Any]] = []
    chosen = {"language": params.langs, "source": params.sources, "country": params.countries}
    if params.places:
        chosen["places"] = tuple(place_ids(params.places))
    if params.topics:
        chosen["topics"] = tuple(topic_ids(params.topics))
    for field, values in chosen.items():
        if values:
            clauses.append({"terms": {field: list(values)}})
    start, end = date_range(params)
    if start is not None or end is not None:
        bounds: dict[str, str] = {}
        if start is not None:
            bounds["gte"] = start.isoformat()
        if end is not None:
            bounds["lt"] = end.isoformat()
        clauses.append({"range": {"published_at": bounds}})
    if params.min_relevance is not None:
        clauses.append({"range": {"relevance": {"gte": params.min_relevance}}})
    return clauses


def make_params(**values: Any) -> SearchParams:
    """`SearchParams(**values)`, with validation errors turned into one `SearchQueryError` line."""
    from pydantic import ValidationError

    try:
        return SearchParams(**values)
    except ValidationError as exc:
        raise SearchQueryError(f"invalid search parameters: {validation_message(exc)}") from exc
