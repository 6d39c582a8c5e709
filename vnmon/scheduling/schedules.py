"""Crawl schedules: what to run when (cron or interval, per source or tag, in a time zone), persisted."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from crawler.sources import Source, parse_config_yaml, read_config_text
from vnmon.kernel.errors import validation_message
from vnmon.kernel.settings import get_settings
from vnmon.scheduling.errors import ScheduleError

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_DURATION_PART = re.compile(r"(\d+)\s*([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
SPIDERS = ("news", "feeds", "sitemaps", "sections")


def parse_duration(text: str) -> timedelta:
    """`90s`, `15m`, `6h`, `1d`, `1h30m`, `2w` -> timedelta; ScheduleError names what is wrong."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not compact or "".join(f"{n}{u}" for n, u in parts) != compact:
        raise ScheduleError(f"interval {text!r} is not a duration: write e.g. 90s, 15m, 6h, 1d or 1h30m")
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds < 1:
        raise ScheduleError(f"interval {text!r} must be at least one second")
    return timedelta(seconds=seconds)


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"time zone {name!r} is not an IANA time zone (e.g. Asia/Ho_Chi_Minh)") from None
    return name


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _cron_weekdays(field: str) -> str:
    """Standard cron weekday numbers (0 or 7 = Sunday) as names: APScheduler 3 counts 0 as Monday."""
    days: list[str] = []
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        if any(c.isalpha() for c in base) or (base == "*" and not step_text):
            days.append(part)  # names, or every day: the same in both conventions
            continue
        step = int(step_text) if step_text.isdigit() else 1
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            low, _, high = base.partition("-")
            first, last = int(low), int(high)
        else:
            first = int(base)
            last = 6 if step_text else first
        if not (0 <= first <= 7 and 0 <= last <= 7 and first <= last and step > 0):
            raise ValueError(f"weekday {part!r} is out of range (0-7, 0 and 7 are Sunday)")
        days.extend(_WEEKDAYS[n % 7] for n in range(first, last + 1, step))
    return ",".join(dict.fromkeys(days))


def cron_trigger(expr: str, tz: str) -> Any:
    """The APScheduler trigger of a five-field crontab expression, with cron's weekday numbering."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields, got {len(fields)}")
    minute, hour, day, month, weekday = fields
    try:
        weekday = _cron_weekdays(weekday)
    except ValueError as exc:
        if "out of range" in str(exc):
            raise
        raise ValueError(f"weekday {weekday!r} is not a cron weekday") from None
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=weekday, timezone=ZoneInfo(tz)
    )


def _check_cron(expr: str, tz: str) -> str:
    try:
        trigger = cron_trigger(expr, tz)
    except (ValueError, TypeError) as exc:
        raise ScheduleError(
            f"cron expression {expr[:100]!r} is invalid: {exc} (five fields: minute hour day month weekday)"
        ) from None
    if trigger.get_next_fire_time(None, datetime.now(UTC)) is None:
        raise ScheduleError(f"cron expression {expr!r} never fires (no such date, e.g. 31 February)")
    return expr


class Schedule(BaseModel):
    """One recurring job. `kind` is `crawl` (of `sources` or of the sources tagged `tag`) or a job
    kind registered with `register_job_kind` (alert digests, exports), given `params`."""

    model_config = ConfigDict(extra="forbid")

    name: str
    cron: str | None = None
    every: str | None = None
    sources: list[str] = Field(default_factory=list)
    tag: str | None = None
    tz: str = Field(default_factory=lambda: get_settings().timezone)
    spider: str = "news"
    kind: str = "crawl"
    params: dict[str, str] = Field(default_factory=dict)
    paused: bool = False
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    # Kept up to date by the scheduler daemon; they are what lets it coalesce runs missed while it was down.
    next_run_at: datetime | None = None
    last_run_at: datetime | None = None
    last_run_id: str | None = None
    last_outcome: str | None = None
    run_requested_at: datetime | None = None

    @field_validator("name")
    @classmethod
    def _name_is_slug(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"{value!r} is not a name (lowercase letters, digits, '-' and '_')")
        return value

    @field_validator("tz")
    @classmethod
    def _tz_known(cls, value: str) -> str:
        return _check_timezone(value)

    @field_validator("every")
    @classmethod
    def _every_parses(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("spider")
    @classmethod
    def _spider_known(cls, value: str) -> str:
        if value not in SPIDERS:
            raise ValueError(f"unknown spider {value!r}; use one of {', '.join(SPIDERS)}")
        return value

    @model_validator(mode="after")
    def _one_timing_one_target(self) -> Schedule:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of a cron expression or an interval")
        if self.cron is not None:
            _check_cron(self.cron, self.tz)
        if self.kind == "crawl" and bool(self.sources) == bool(self.tag):
            raise ValueError("a crawl schedule names sources or one tag (exactly one of the two)")
        return self

    @property
    def timing(self) -> str:
        return f"cron {self.cron}" if self.cron else f"every {self.every}"

    @property
    def target(self) -> str:
        if self.kind != "crawl":
            return self.kind + "".join(f" {k}={v}" for k, v in sorted(self.params.items()))
        return f"tag {self.tag}" if self.tag else ", ".join(self.sources)

    def trigger(self) -> Any:
        """The APScheduler trigger computing this schedule's fire times."""
        from apscheduler.triggers.interval import IntervalTrigger

        zone = ZoneInfo(self.tz)
        if self.cron:
            return cron_trigger(self.cron, self.tz)
        interval = parse_duration(self.every or "")
        # Intervals count from the schedule's creation: the first run is one interval after it.
        return IntervalTrigger(
            seconds=int(interval.total_seconds()), start_date=self.created_at + interval, timezone=zone
        )

    def next_fire_after(self, moment: datetime) -> datetime:
        """The first fire time strictly after `moment` (UTC)."""
        fire = self.trigger().get_next_fire_time(None, moment + timedelta(microseconds=1))
        if fire is None:  # cron expressions that never fire again cannot be built from a crontab
            raise ScheduleError(f"schedule {self.name!r} never fires again")
        return fire.astimezone(UTC)

    def resolve_sources(self, configured: Sequence[Source]) -> list[str]:
        """The source ids this crawl schedule covers today (a tag follows the sources file)."""
        known = {s.id for s in configured}
        if self.tag:
            return [s.id for s in configured if self.tag in s.tags]
        return [s for s in self.sources if s in known]


def check_targets(schedule: Schedule, configured: Sequence[Source], where: str = "") -> None:
    """Refuse a crawl schedule whose sources are not in the sources file, or whose tag matches none."""
    if schedule.kind != "crawl":
        from vnmon.scheduling.jobs import job_kind

        job_kind(schedule.kind)  # raises on an unknown kind
        return
    known = {s.id for s in configured}
    unknown = [s for s in schedule.sources if s not in known]
    prefix = f"{where}schedule {schedule.name!r}: "
    if unknown:
        raise ScheduleError(
            f"{prefix}unknown source{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"(not in the sources file); known ids: {', '.join(sorted(known))}"
        )
    if schedule.tag and not schedule.resolve_sources(configured):
        tags = sorted({t for s in configured for t in s.tags})
        raise ScheduleError(f"{prefix}no source is tagged {schedule.tag!r}; tags in use: {', '.join(tags)}")


def make_schedule(where: str = "", **fields: Any) -> Schedule:
    """Build a validated schedule; ScheduleError says which field is wrong and why."""
    try:
        return Schedule.model_validate(fields)
    except ValidationError as exc:
        name = fields.get("name", "?")
        raise ScheduleError(f"{where}schedule {name!r}: {validation_message(exc)}") from None


def load_seed_file(path: Path, on_bad: Callable[[int, Any, object], None] | None = None) -> list[Schedule]:
    """The schedules of a YAML seed file (`schedules:` list); [] when the file does not exist.

    A bad entry raises ScheduleError, or, with `on_bad`, is handed to it and left out."""
    if not path.is_file():
        return []
    try:
        data = parse_config_yaml(read_config_text(path, "schedules file"), str(path))[0] or {}
    except ValueError as exc:
        raise ScheduleError(str(exc)) from None
    items = data.get("schedules") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ScheduleError(f"{path}: expected a top-level 'schedules:' list")
    schedules: list[Schedule] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ScheduleError(f"{path}: schedule #{index + 1}: expected a mapping of fields")
        try:
            schedules.append(make_schedule(f"{path}: ", **{str(k): v for k, v in item.items()}))
        except ScheduleError as exc:
            if on_bad is None:
                raise
            on_bad(index, item, exc)
    names = [s.name for s in schedules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ScheduleError(f"{path}: schedule {duplicates[0]!r} is defined twice")
    return schedules


class ScheduleStore:
    """Schedules in `VNMON_DATA_DIR/schedules.json`, seeded once from `VNMON_SCHEDULES`.

    A file rather than an index: the scheduler must keep starting crawls while Elasticsearch is
    down (crawls spool), and the schedules belong to the one host that runs the daemon. Every
    change is a locked read-modify-write with an atomic rename, so the CLI, the web app and the
    daemon can change it at the same time.
    """

    def __init__(self, path: Path | None = None, seed: Path | None = None) -> None:
        settings = get_settings()
        self.path = path or settings.data_dir / "schedules.json"
        self.seed = seed or settings.schedules
        self._lock_path = self.path.with_suffix(".lock")
        # What the last read left out: a message per bad entry, and the entries as they were.
        self.problems: list[str] = []
        self._invalid: list[Any] = []

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict[str, Schedule]:
        self.problems, self._invalid = [], []
        if not self.path.exists():
            return {s.name: s for s in load_seed_file(self.seed, self._skip)}
        try:
            items = json.loads(self.path.read_text(encoding="utf-8"))["schedules"]
            if not isinstance(items, list):
                raise TypeError("'schedules' is not a list")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ScheduleError(f"{self.path}: unreadable schedules file: {exc}") from None
        schedules: dict[str, Schedule] = {}
        for index, item in enumerate(items):
            try:
                schedule = Schedule.model_validate(item)
            except (ValidationError, ScheduleError, ValueError, TypeError) as exc:
                self._skip(index, item, validation_message(exc) if isinstance(exc, ValidationError) else exc)
                continue
            if schedule.name in schedules:
                self._skip(index, item, "a schedule of that name comes earlier in the file")
                continue
            schedules[schedule.name] = schedule
        return schedules

    def _skip(self, index: int, item: Any, why: object) -> None:
        """A bad entry is reported and left out, never fatal; it stays in the file for the operator."""
        name = item.get("name") if isinstance(item, dict) else None
        label = f"schedule {str(name)[:64]!r}" if name else f"schedule #{index + 1}"
        problem = f"{self.path}: {label} skipped: {str(why)[:300]}"
        log.warning("%s", problem)
        self.problems.append(problem)
        self._invalid.append(item)

    def _write(self, schedules: dict[str, Schedule]) -> None:
        kept = [s.model_dump(mode="json") for s in schedules.values()]
        document = {"schedules": kept + self._invalid}
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        tmp.replace(self.path)

    def load(self) -> list[Schedule]:
        """Every schedule (seeding the store from the seed file the first time)."""
        with self.edit() as schedules:
            return list(schedules.values())

    def get(self, name: str) -> Schedule:
        for schedule in self.load():
            if schedule.name == name:
                return schedule
        raise self._unknown(name, self.load())

    @contextmanager
    def edit(self) -> Iterator[dict[str, Schedule]]:
        """Lock the store and yield its schedules by name; changes are saved when the block ends."""
        with self._locked():
            schedules = self._read()
            before = {n: s.model_dump() for n, s in schedules.items()}
            yield schedules
            if not self.path.exists() or {n: s.model_dump() for n, s in schedules.items()} != before:
                self._write(schedules)

    def add(self, schedule: Schedule, replace: bool = False) -> None:
        with self.edit() as schedules:
            if schedule.name in schedules and not replace:
                raise ScheduleError(f"schedule {schedule.name!r} exists already (remove it first)")
            schedules[schedule.name] = schedule

    def remove(self, name: str) -> None:
        with self.edit() as schedules:
            if name not in schedules:
                raise self._unknown(name, schedules.values())
            del schedules[name]

    def update(self, name: str, **changes: Any) -> Schedule:
        """Change fields of one schedule (validated again) and return it."""
        with self.edit() as schedules:
            if name not in schedules:
                raise self._unknown(name, schedules.values())
            updated = make_schedule(**{**schedules[name].model_dump(), **changes})
            schedules[name] = updated
            return updated

    @staticmethod
    def _unknown(name: str, schedules: Any) -> ScheduleError:
        names = sorted(s.name for s in schedules)
        return ScheduleError(f"no schedule named {name!r}; schedules: {', '.join(names) or 'none'}")


def render_schedules(schedules: Sequence[Schedule], fmt: str = "table") -> str:
    """The schedules as an aligned table or as JSON."""
    if fmt == "json":
        return json.dumps([s.model_dump(mode="json") for s in schedules], indent=2, ensure_ascii=False)
    header = ["NAME", "WHEN", "TZ", "WHAT", "STATE", "NEXT RUN", "LAST RUN"]
    rows = [
        [
            s.name,
            s.timing,
            s.tz,
            s.target,
            "paused" if s.paused else "active",
            _next_run(s),
            f"{_local(s.last_run_at, s.tz)} {s.last_outcome or ''}".strip(),
        ]
        for s in schedules
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]
    )


def _next_run(schedule: Schedule) -> str:
    if schedule.paused:
        return "-"
    try:
        return _local(schedule.next_run_at or schedule.next_fire_after(datetime.now(UTC)), schedule.tz)
    except ScheduleError:
        return "never"


def _local(moment: datetime | None, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S %Z") if moment else "-"
