"""ISO weeks in the configured time zone: parsing `YYYY-Www`, exact boundaries, the last complete week."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from vnmon.exports.errors import ExportError

_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Week:
    """One ISO week (Monday 00:00 to the next Monday 00:00) in a named time zone."""

    year: int
    number: int
    tz_name: str

    @property
    def label(self) -> str:
        """`2026-W47`: the folder name and the way users write it."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> list[date]:
        """The seven local dates of the week, Monday first."""
        return [self.monday + timedelta(days=i) for i in range(7)]

    @property
    def start(self) -> datetime:
        """Monday 00:00 local, as an aware datetime (included)."""
        return datetime.combine(self.monday, time(0), self.tz)

    @property
    def end(self) -> datetime:
        """The next Monday 00:00 local (excluded). Computed from the date, not +7 days, so a week
        holding a DST change still ends at local midnight."""
        return datetime.combine(self.monday + timedelta(days=7), time(0), self.tz)

    def shifted(self, weeks: int) -> Week:
        """The week `weeks` later (negative: earlier)."""
        year, number, _ = (self.monday + timedelta(weeks=weeks)).isocalendar()
        return Week(year, number, self.tz_name)

    def es_range(self) -> dict[str, dict[str, str]]:
        """A `range` query on `published_at` for exactly this week (start included, end excluded)."""
        return {
            "published_at": {
                "gte": self.start.astimezone(UTC).isoformat(),
                "lt": self.end.astimezone(UTC).isoformat(),
            }
        }


def parse_week(text: str, tz_name: str) -> Week:
    """`2026-W47` (or `2026W47`) as a `Week`; `ExportError` says what is wrong."""
    match = _WEEK.match(text.strip())
    if not match:
        raise ExportError(f"week {text!r} is not an ISO week like 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    if not 1000 <= year <= 9000:  # the week's end and time zone must stay representable
        raise ExportError(f"week {text!r} is outside the years 1000..9000")
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError as exc:
        raise ExportError(f"week {text!r} does not exist: {year} has no week {number}") from exc
    return Week(year, number, tz_name)


def week_of(moment: datetime, tz_name: str) -> Week:
    """The ISO week holding `moment` (aware) in the given time zone."""
    year, number, _ = moment.astimezone(ZoneInfo(tz_name)).isocalendar()
    return Week(year, number, tz_name)


def last_complete_week(tz_name: str, now: datetime | None = None) -> Week:
    """The most recent week that has fully ended in the time zone (on Monday: the week before)."""
    return week_of(now or datetime.now(UTC), tz_name).shifted(-1)
