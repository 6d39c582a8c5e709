"""The sources file: which outlets to crawl, through which entry points, with which limits."""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from crawler.dedup.urls import registered_domain
from crawler.errors import SourcesError

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST_PATTERN = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)
_LANGUAGE_CODES = frozenset(lang.alpha_2 for lang in pycountry.languages if getattr(lang, "alpha_2", None))
ENTRY_POINT_KINDS: tuple[str, ...] = ("feeds", "sitemaps", "sections")
# Bounds of a configuration file read by vnmon (sources, schedules): ~25 KB holds 60 outlets.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_VALUE_CHARS = 2000


class Source(BaseModel):
    """One outlet and how to reach its articles.

    `domestic` outlets (Vietnamese press) are crawled only to recognise their syndicated
    copies and are never indexed. The optional overrides replace the crawl-wide defaults.
    """

    # strict: a YAML "yes" or "10" in the wrong place is a typo, not something to coerce.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str
    name: str
    country: str
    language: str | None = None
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)
    domestic: bool = False
    verified: bool = False
    tags: list[str] = Field(default_factory=list)
    crawl_delay: float | None = Field(None, ge=0)
    max_pages: int | None = Field(None, ge=1)
    max_age_days: int | None = Field(None, ge=1)
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    allow_hosts: list[str] = Field(default_factory=list)
    section_depth: int = Field(2, ge=0)

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not _ID_PATTERN.match(value):
            raise ValueError(
                f"{quoted(value)} is not a slug (lowercase letters, digits and '-', "
                "starting with a letter or digit)"
            )
        return value

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("country")
    @classmethod
    def _country_is_iso(cls, value: str) -> str:
        if value not in _COUNTRY_CODES:
            hint = f" (write it in uppercase: {value.upper()!r})" if (value.upper() in _COUNTRY_CODES) else ""
            raise ValueError(f"{quoted(value)} is not an ISO 3166-1 alpha-2 code{hint}")
        return value

    @field_validator("language")
    @classmethod
    def _language_is_iso(cls, value: str | None) -> str | None:
        if value is not None and value not in _LANGUAGE_CODES:
            raise ValueError(f"{quoted(value)} is not an ISO 639-1 language code")
        return value

    @field_validator("feeds", "sitemaps", "sections")
    @classmethod
    def _urls_are_http(cls, values: list[str]) -> list[str]:
        for url in values:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
                raise ValueError(f"{quoted(url)} is not an http(s) URL")
        duplicates = [url for url, count in Counter(values).items() if count > 1]
        if duplicates:
            raise ValueError(f"{quoted(duplicates[0])} is listed twice")
        return values

    @field_validator("allow", "deny")
    @classmethod
    def _patterns_compile(cls, values: list[str]) -> list[str]:
        for pattern in values:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{quoted(pattern)} is not a valid regular expression: {exc}") from None
        return values

    @field_validator("allow_hosts")
    @classmethod
    def _hosts_are_names(cls, values: list[str]) -> list[str]:
        for host in values:
            if not _HOST_PATTERN.match(host):
                raise ValueError(f"{quoted(host)} is not a host name (e.g. bbc.co.uk; no scheme or path)")
        return [host.lower() for host in values]

    @model_validator(mode="after")
    def _has_entry_points(self) -> Source:
        if not (self.feeds or self.sitemaps or self.sections):
            raise ValueError("no entry points: give at least one of 'feeds', 'sitemaps', 'sections'")
        return self

    @property
    def entry_kinds(self) -> list[str]:
        """The kinds of entry points this source has, e.g. `["feeds", "sitemaps"]`."""
        return [kind for kind in ENTRY_POINT_KINDS if getattr(self, kind)]

    @property
    def entry_points(self) -> list[str]:
        """Every entry-point URL: feeds, then sitemaps, then sections."""
        return [*self.feeds, *self.sitemaps, *self.sections]

    @property
    def hosts(self) -> list[str]:
        """The host names of the entry points (the crawl stays on them)."""
        return sorted({urlsplit(url).hostname or "" for url in self.entry_points} - {""})

    def allows_host(self, host: str) -> bool:
        """Whether pages on `host` may be fetched for this source: a host of one of its entry
        points' registrable domains (`www.nytimes.com` for `rss.nytimes.com`), or one of
        `allow_hosts` or below it. IP addresses only match themselves."""
        host = host.lower().rstrip(".")
        if not host:
            return False
        own = [*self.hosts, *self.allow_hosts]
        if any(host == name or host.endswith(f".{name}") for name in own):
            return True
        domains = {_registrable(name) for name in self.hosts if not _is_ip(name)}
        return not _is_ip(host) and _registrable(host) in domains

    def allows_url(self, url: str) -> bool:
        """Whether `url` may be an article of this source: no `deny` matches, and some `allow` does.

        An empty `allow` list allows everything that is not denied.
        """
        if any(re.search(pattern, url) for pattern in self.deny):
            return False
        return not self.allow or any(re.search(pattern, url) for pattern in self.allow)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _registrable(host: str) -> str:
    return registered_domain(f"http://{host}/")


def quoted(value: object, limit: int = 80) -> str:
    """`value` for an error message: its repr, cut to `limit` characters with its full length said."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


class _StrictKeysLoader(yaml.SafeLoader):
    """A safe YAML loader that rejects a key given twice in one mapping (PyYAML keeps the last),
    and an alias that repeats a list or mapping (the "billion laughs": a few hundred bytes that
    expand to gigabytes)."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            if isinstance(self.anchors.get(event.anchor), yaml.CollectionNode):
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"alias *{quoted(event.anchor, 40)} repeats a list or mapping; write the values out",
                    event.start_mark,
                )
        return super().compose_node(parent, index)  # type: ignore[arg-type]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | None):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "keys must be names", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_config_text(path: Path, what: str) -> str:
    """The text of a configuration file of at most MAX_FILE_BYTES; ValueError says what is wrong."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the {what}: {exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{path}: the {what} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: the {what} is not UTF-8 text: {exc}") from None


def parse_config_yaml(text: str, label: str) -> tuple[Any, yaml.Node | None]:
    """The data and node tree of a configuration file's YAML, safely and within bounds (no
    expanding aliases, no value over MAX_VALUE_CHARS); ValueError says what is wrong and where."""
    try:
        loader = _StrictKeysLoader(text)  # reads the first characters already
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise ValueError(f"{label}: {_yaml_problem(exc)}") from None
    except RecursionError:
        raise ValueError(f"{label}: the YAML is nested too deeply") from None
    long_value = _first_long_value(data)
    if long_value is not None:
        raise ValueError(
            f"{label}: a value of {len(long_value)} characters, over the limit of {MAX_VALUE_CHARS}: "
            f"{quoted(long_value)}"
        )
    return data, root


def _first_long_value(data: Any) -> str | None:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
            return value
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def load_sources(path: Path) -> list[Source]:
    """Read and validate a sources file; raise SourcesError listing every problem found."""
    label = str(path)
    try:
        text = read_config_text(path, "sources file")
    except ValueError as exc:
        raise SourcesError(str(exc)) from None
    items, lines = _parse_document(text, label)
    sources: list[Source] = []
    problems: list[str] = []
    first_line_of: dict[str, int] = {}
    for index, item in enumerate(items):
        where = _source_label(item, index)
        if not isinstance(item, dict):
            problems.append(f"{label}: {where}: expected a mapping of fields, got {_kind(item)}")
            continue
        raw_id = item.get("id")
        if isinstance(raw_id, str) and raw_id in first_line_of:
            problems.append(
                f"{label}: {where}: field 'id': duplicate id, first used at line {first_line_of[raw_id]}"
            )
        elif isinstance(raw_id, str):
            first_line_of[raw_id] = lines[index]
        try:
            sources.append(Source.model_validate(item))
        except ValidationError as exc:
            problems.extend(f"{label}: {where}: {_describe(err)}" for err in exc.errors())
    if problems:
        raise SourcesError(problems)
    return sources


def _parse_document(text: str, label: str) -> tuple[list[Any], list[int]]:
    """The raw `sources:` items and the 1-based line where each starts."""
    try:
        data, root = parse_config_yaml(text, label)
    except ValueError as exc:
        raise SourcesError(str(exc)) from None
    if data is None:
        raise SourcesError(f"{label}: the file is empty; expected a top-level 'sources:' list")
    if not isinstance(data, dict):
        raise SourcesError(f"{label}: expected a mapping with a top-level 'sources:' list")
    unknown = sorted(str(key) for key in data if key != "sources")
    if unknown:
        raise SourcesError(f"{label}: unknown top-level key {unknown[0]!r} (only 'sources' is allowed)")
    items = data.get("sources")
    if not isinstance(items, list):
        raise SourcesError(f"{label}: 'sources' must be a list of sources, got {_kind(items)}")
    if not items:
        raise SourcesError(f"{label}: 'sources' is empty; define at least one source")
    lines = [node.start_mark.line + 1 for node in _sources_node(root).value]
    return items, lines


def _sources_node(root: yaml.Node | None) -> yaml.SequenceNode:
    assert isinstance(root, yaml.MappingNode)  # checked on the constructed data already
    for key_node, value_node in root.value:
        if key_node.value == "sources" and isinstance(value_node, yaml.SequenceNode):
            return value_node
    raise AssertionError("the 'sources' list was found in the data but not in the node tree")


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return f"YAML syntax error: {problem}"
    return f"line {mark.line + 1}, column {mark.column + 1}: YAML syntax error: {problem}"


def _source_label(item: object, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f"source {item['id']!r}"
    return f"source #{index + 1}"


def _kind(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", type(None): "nothing"}
    return names.get(type(value), f"a {type(value).__name__}")


_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
}


def _describe(error: ErrorDetails) -> str:
    """One pydantic error as `field 'x': problem`, in the words of the sources file."""
    loc = error["loc"]
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)[1:]
    kind = error["type"]
    if kind == "missing":
        return f"field {field!r}: required field is missing"
    if kind == "extra_forbidden":
        known = sorted(Source.model_fields)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
        return f"field {field!r}: unknown field ({hint})"
    if kind in _EXPECTED:
        return f"field {field!r}: expected {_EXPECTED[kind]}, got {quoted(error['input'])}"
    message = error["msg"].removeprefix("Value error, ")
    if kind in ("greater_than_equal", "greater_than"):
        message = f"{quoted(error['input'])} is too small: {message[0].lower()}{message[1:]}"
    return f"field {field!r}: {message}" if field else message


# The sources file shipped inside the package (a link to config/sources.yaml in the repository,
# copied into wheels): an installed vnmon finds a sources file wherever it is run from.
PACKAGED_SOURCES = Path(__file__).resolve().parent / "defaults" / "sources.yaml"


def sources_search_path() -> list[Path]:
    """Where vnmon looks for its sources file when neither `--sources` nor `VNMON_SOURCES` names one,
    first found wins: `config/sources.yaml` of the working directory (a checkout), the user's
    `$XDG_CONFIG_HOME/vnmon/sources.yaml` (~/.config/vnmon/sources.yaml), the system's
    `/etc/vnmon/sources.yaml`, then the default that ships with vnmon."""
    import os

    user_dir = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "vnmon"
    return [
        Path("config") / "sources.yaml",
        user_dir / "sources.yaml",
        Path("/etc/vnmon/sources.yaml"),
        PACKAGED_SOURCES,
    ]


def resolve_sources_path(cli_value: str | Path | None) -> Path:
    """The sources file to use: `--sources`, else `VNMON_SOURCES`, else the first that exists of
    `sources_search_path()` (the packaged default last, so one is always found)."""
    if cli_value:
        return Path(cli_value)
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    if "sources" in settings.model_fields_set:  # VNMON_SOURCES given: that file, found or not
        return settings.sources
    return next((path for path in sources_search_path() if path.is_file()), PACKAGED_SOURCES)


def select_sources(sources: Sequence[Source], ids: Iterable[str]) -> list[Source]:
    """The sources with the given ids, in the order asked; all of them when `ids` is empty."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return list(sources)
    by_id = {source.id: source for source in sources}
    unknown = [source_id for source_id in wanted if source_id not in by_id]
    if unknown:
        raise SourcesError(
            f"unknown source id{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u) for u in unknown)}; known ids: {', '.join(sorted(by_id))}"
        )
    return [by_id[source_id] for source_id in wanted]


def summarize_sources(sources: Sequence[Source]) -> str:
    """A one-line account such as `42 foreign, 2 domestic; 17 languages; 25 countries`."""
    domestic = sum(source.domestic for source in sources)
    languages = {source.language for source in sources if source.language}
    countries = {source.country for source in sources}
    verified = sum(source.verified for source in sources)
    return (
        f"{len(sources) - domestic} foreign, {domestic} domestic; {len(languages)} languages; "
        f"{len(countries)} countries; {verified} verified"
    )


def validate_sources_file(path: Path) -> str:
    """The `OK: N sources (...) in PATH` line for a valid file; raises SourcesError otherwise."""
    sources = load_sources(path)
    return f"OK: {len(sources)} sources ({summarize_sources(sources)}) in {path}"


def render_sources(sources: Sequence[Source], fmt: str = "table") -> str:
    """The sources as an aligned text table or as JSON (`fmt` is `table` or `json`)."""
    rows = [
        {
            "id": source.id,
            "name": source.name,
            "country": source.country,
            "language": source.language,
            "entry_points": source.entry_kinds,
            "verified": source.verified,
            "domestic": source.domestic,
        }
        for source in sources
    ]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use 'table' or 'json'")
    header = ["ID", "NAME", "COUNTRY", "LANG", "ENTRY POINTS", "VERIFIED", "DOMESTIC"]
    cells = [
        [
            str(row["id"]),
            str(row["name"]),
            str(row["country"]),
            str(row["language"] or "-"),
            ",".join(source.entry_kinds),
            "yes" if row["verified"] else "no",
            "yes" if row["domestic"] else "no",
        ]
        for row, source in zip(rows, sources, strict=True)
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [header, *cells]
    )
