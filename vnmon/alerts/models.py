"""What a saved search is: a named query with filters, its owner, delivery targets and frequency."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indexer.search import SearchParams, SearchQueryError, make_params
from vnmon.notify import webhook_url_problem

Sort = Literal["relevance", "date"]

_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNIT = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
# Named frequencies; `always` means at every `vnmon alerts run` (or every alerts job of the scheduler).
FREQUENCIES: dict[str, timedelta] = {
    "always": timedelta(0),
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
}
MAX_PERIOD = timedelta(days=366)
MAX_TARGETS = 20
NAME_MAX = 120


def frequency_period(text: str) -> timedelta:
    """`always`, `hourly`, `daily`, `weekly` or a duration such as `15m`, `6h`, `2d`; ValueError otherwise."""
    key = text.strip().lower()
    if key in FREQUENCIES:
        return FREQUENCIES[key]
    found = _DURATION.match(key)
    if not found or int(found.group(1)) == 0:
        raise ValueError(
            f"frequency {text!r} is not one of {', '.join(FREQUENCIES)} or a duration such as 15m, 6h, 2d"
        )
    seconds = int(found.group(1)) * _UNIT[found.group(2)]
    if seconds > MAX_PERIOD.total_seconds():
        raise ValueError(f"frequency {text!r} is longer than {MAX_PERIOD.days} days")
    return timedelta(seconds=seconds)


def _codes(values: list[str], upper: bool = False) -> list[str]:
    cleaned = (v.strip() for v in values)
    return list(dict.fromkeys(v.upper() if upper else v.lower() for v in cleaned if v))


class SavedQuery(BaseModel):
    """The search part of a saved search: the fields of `indexer.search.SearchParams` without paging."""

    model_config = ConfigDict(extra="forbid")

    q: str = ""
    langs: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)  # place ids or names (resolved when searched)
    topics: list[str] = Field(default_factory=list)
    date_from: date | datetime | None = None
    date_to: date | datetime | None = None
    min_relevance: float | None = None
    sort: Sort = "relevance"
    all_copies: bool = False
    expand: bool = True

    @field_validator("q")
    @classmethod
    def _query_length(cls, value: str) -> str:
        if len(value) > 2000:
            raise ValueError(f"query is {len(value)} characters long; at most 2000")
        return value.strip()

    @field_validator("langs", "sources")
    @classmethod
    def _lower_codes(cls, value: list[str]) -> list[str]:
        return _codes(value)

    @field_validator("countries")
    @classmethod
    def _upper_codes(cls, value: list[str]) -> list[str]:
        return _codes(value, upper=True)

    @model_validator(mode="after")
    def _a_valid_search(self) -> SavedQuery:
        # The search's own checks: dates in range and in order (a day, a naive or an aware
        # datetime compare as instants), codes bounded, relevance finite.
        try:
            self.to_params()
        except SearchQueryError as exc:
            raise ValueError(str(exc).removeprefix("invalid search parameters: ")) from None
        return self

    def to_params(self, size: int = 20) -> SearchParams:
        """The search this saved query stands for (first page); SearchQueryError if invalid."""
        return make_params(**self.model_dump(), size=size, facets=False)

    def describe(self) -> str:
        """A one-line human summary: `"vietnam coffee" lang=ru,uk source=tass`."""
        parts = [f'"{self.q}"' if self.q else "(everything)"]
        for label, values in (
            ("lang", self.langs),
            ("source", self.sources),
            ("country", self.countries),
            ("place", self.places),
            ("topic", self.topics),
        ):
            if values:
                parts.append(f"{label}={','.join(values)}")
        if self.date_from or self.date_to:
            parts.append(f"published={self.date_from or ''}..{self.date_to or ''}")
        if self.min_relevance is not None:
            parts.append(f"relevance>={self.min_relevance:g}")
        if self.all_copies:
            parts.append("all-copies")
        return " ".join(parts)


def saved_search_id(owner: str, name: str) -> str:
    """The document id of `owner`'s search `name`: one per owner and name (case-insensitive)."""
    key = f"{owner.strip().lower()}\n{name.strip().casefold()}".encode()
    return hashlib.sha256(key).hexdigest()[:24]


class LastRun(BaseModel):
    """What the last run of one saved search did (shown by `vnmon alerts list`)."""

    at: datetime
    matches: int = 0
    delivered: int = 0
    failed: int = 0
    errors: list[str] = Field(default_factory=list)


class SavedSearch(BaseModel):
    """A named query owned by a user, delivered as digests to email recipients and/or a webhook.

    `watermark`: articles fetched before it were handled (delivered, or the search did not exist);
    `pending`: the last run left something undelivered (a failure, or more than one digest's worth),
    so the next run handles this search whatever its frequency.
    """

    model_config = ConfigDict(extra="ignore")

    id: str = ""
    name: str
    owner: str = "local"
    query: SavedQuery = Field(default_factory=SavedQuery)
    emails: list[str] = Field(default_factory=list)
    webhook: str | None = None
    # Set only by an operator (CLI) or an admin: the webhook may be on loopback or the private
    # network. Otherwise delivery connects only to public addresses, checked when connecting.
    webhook_internal: bool = False
    frequency: str = "hourly"
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    watermark: datetime | None = None
    pending: bool = False
    # Paused by its owner: scheduled runs skip it; resuming starts from that moment.
    paused: bool = False
    resumed_at: datetime | None = None  # nothing fetched before it is sent
    last_run: LastRun | None = None

    @field_validator("name")
    @classmethod
    def _name_printable(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("a saved search needs a name")
        if len(value) > NAME_MAX:
            raise ValueError(f"name is {len(value)} characters long; at most {NAME_MAX}")
        return value

    @field_validator("owner")
    @classmethod
    def _owner_given(cls, value: str) -> str:
        value = value.strip().lower()  # user names are case-insensitive everywhere
        if not value or len(value) > 64:
            raise ValueError(f"owner {value!r} must be a user name of 1 to 64 characters")
        return value

    @field_validator("emails")
    @classmethod
    def _emails_valid(cls, value: list[str]) -> list[str]:
        cleaned = _codes(value)
        bad = [v[:80] for v in cleaned if len(v) > 254 or not _EMAIL.match(v)]
        if bad:
            raise ValueError(f"not an email address: {', '.join(bad)}")
        return cleaned

    @field_validator("webhook")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        problem = webhook_url_problem(value)
        if problem is not None:
            raise ValueError(f"webhook {value[:200]!r} {problem}")
        return value

    @field_validator("frequency")
    @classmethod
    def _frequency_known(cls, value: str) -> str:
        frequency_period(value)
        return value.strip().lower()

    @model_validator(mode="after")
    def _identity(self) -> SavedSearch:
        if len(self.targets) > MAX_TARGETS:
            raise ValueError(f"{len(self.targets)} delivery targets; at most {MAX_TARGETS}")
        self.id = saved_search_id(self.owner, self.name)
        if self.watermark is None:
            self.watermark = self.created_at
        return self

    @property
    def targets(self) -> list[str]:
        """Delivery targets as `email:<address>` and `webhook:<url>` (the keys of the delivery log)."""
        found = [f"email:{address}" for address in self.emails]
        return found + ([f"webhook:{self.webhook}"] if self.webhook else [])

    def is_due(self, now: datetime) -> bool:
        """Whether a run at `now` should handle this search (not paused, and its frequency has
        elapsed or it is pending)."""
        if self.paused:
            return False
        if self.pending or self.last_run is None:
            return True
        period = frequency_period(self.frequency)
        # A scheduler tick a little early must not push an hourly search to the next tick.
        slack = min(period / 10, timedelta(minutes=5))
        return now >= self.last_run.at + period - slack

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"id"})
