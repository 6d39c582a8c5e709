"""Tests of the sources file: the starter list, the model, and the error messages."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.errors import SourcesError
from crawler.sources import Source, load_sources, resolve_sources_path, select_sources
from vnmon.cli import main
from vnmon.kernel.settings import get_settings

REPO = Path(__file__).resolve().parents[2]
STARTER = REPO / "config" / "sources.yaml"

GOOD_SOURCE = """\
  - id: good
    name: Good Outlet
    country: GB
    feeds: [https://good.example/rss.xml]
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    return info.value.problems


def test_starter_list_validates_with_enough_outlets_and_languages() -> None:
    sources = load_sources(STARTER)
    foreign = [s for s in sources if not s.domestic]
    assert len(foreign) >= 40
    assert len({s.language for s in foreign}) >= 15
    assert all(not s.verified for s in sources)
    assert {s.id for s in sources if s.domestic} >= {"vnexpress", "tuoi-tre"}
    vietnamese_services = {s.id for s in foreign if s.language == "vi"}
    assert vietnamese_services >= {
        "bbc-vietnamese",
        "voa-vietnamese",
        "rfa-vietnamese",
        "rfi-vietnamese",
        "dw-vietnamese",
    }


def test_source_fields_defaults_and_helpers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        sources:
          - id: wire-one
            name: Wire One
            country: FR
            language: fr
            feeds: [https://wire.example/rss]
            sitemaps: [https://wire.example/sitemap.xml]
            crawl_delay: 1
            allow: ['/\\d{4}/']
            deny: ['/video/']
        """,
    )
    (source,) = load_sources(path)
    assert source.section_depth == 2
    assert source.domestic is False and source.verified is False
    assert source.crawl_delay == 1.0
    assert source.entry_kinds == ["feeds", "sitemaps"]
    assert source.hosts == ["wire.example"]
    assert source.allows_url("https://wire.example/2024/05/story")
    assert not source.allows_url("https://wire.example/2024/video/clip")
    assert not source.allows_url("https://wire.example/about")
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its own frozen-instance error
        source.name = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("field_lines", "expected"),
    [
        (
            "    country: XX\n",
            "source 'bad': field 'country': 'XX' is not an ISO 3166-1 alpha-2 code",
        ),
        ("    colour: red\n", "source 'bad': field 'colour': unknown field"),
        ("    feed: [https://x.example/]\n", "field 'feed': unknown field (did you mean 'feeds'?)"),
        (
            "    allow: ['(unclosed']\n",
            "source 'bad': field 'allow': '(unclosed' is not a valid regular expression",
        ),
        ("    language: xx\n", "source 'bad': field 'language': 'xx' is not an ISO 639-1"),
        ("    max_pages: ten\n", "source 'bad': field 'max_pages': expected an integer, got 'ten'"),
        ("    sections: [ftp://x.example/]\n", "'ftp://x.example/' is not an http(s) URL"),
        ("    section_depth: -1\n", "source 'bad': field 'section_depth': -1 is too small"),
    ],
)
def test_bad_field_is_named_with_file_and_source(tmp_path: Path, field_lines: str, expected: str) -> None:
    body = "sources:\n  - id: bad\n    name: Bad\n    country: GB\n    feeds: [https://b.example/]\n"
    body = body.replace("    country: GB\n", "") if "country" in field_lines else body
    path = write(tmp_path, body + field_lines)
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: ")
    assert expected in problems[0]


def test_exact_message_for_bad_country(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        sources:
          - id: bbc-vietnamese
            name: BBC
            country: XX
            feeds: [https://feeds.example/rss.xml]
        """,
    )
    assert problems_of(path) == [
        f"{path}: source 'bbc-vietnamese': field 'country': 'XX' is not an ISO 3166-1 alpha-2 code"
    ]


def test_missing_entry_points(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - id: lonely\n    name: Lonely\n    country: DE\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: source 'lonely': no entry points")
    assert "'feeds', 'sitemaps', 'sections'" in problem


def test_missing_required_field(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - id: anon\n    country: DE\n    feeds: [https://a.example/]\n")
    assert problems_of(path) == [f"{path}: source 'anon': field 'name': required field is missing"]


def test_duplicate_id_names_the_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n" + GOOD_SOURCE + GOOD_SOURCE)
    assert problems_of(path) == [f"{path}: source 'good': field 'id': duplicate id, first used at line 2"]


def test_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - id: a\n    name: [unclosed\n    country: GB\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: line ")
    assert "YAML syntax error" in problem
    line = int(problem.split("line ")[1].split(",")[0])
    assert 3 <= line <= 5


def test_duplicate_yaml_key_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n" + GOOD_SOURCE + "    country: FR\n")
    (problem,) = problems_of(path)
    assert "line 6" in problem and "duplicate key 'country'" in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        sources:
          - id: one
            name: One
            country: ZZ
            feeds: [https://one.example/]
          - id: Two_Bad
            name: Two
            country: GB
            sitemaps: [https://two.example/sitemap.xml]
        """,
    )
    problems = problems_of(path)
    assert len(problems) == 2
    assert "source 'one': field 'country'" in problems[0]
    assert "source 'Two_Bad': field 'id': 'Two_Bad' is not a slug" in problems[1]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping with a top-level 'sources:' list"),
        ("sources: {}\n", "'sources' must be a list"),
        ("sources: []\n", "'sources' is empty"),
        ("source: []\n", "unknown top-level key 'source'"),
        ("sources:\n  - just-a-string\n", "source #1: expected a mapping of fields, got a string"),
    ],
)
def test_bad_document_shapes(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, body)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: ") and expected in problem


def test_missing_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such sources file"]


def test_select_sources_orders_and_rejects_unknown() -> None:
    sources = load_sources(STARTER)
    picked = select_sources(sources, ["tass", "reuters"])
    assert [s.id for s in picked] == ["tass", "reuters"]
    assert select_sources(sources, []) == sources
    with pytest.raises(SourcesError) as info:
        select_sources(sources, ["reuters", "nosuch"])
    message = str(info.value)
    assert "unknown source id 'nosuch'" in message and "known ids:" in message
    assert "bbc-vietnamese" in message


def test_resolve_sources_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VNMON_SOURCES", raising=False)
    get_settings.cache_clear()
    try:
        assert resolve_sources_path(None) == Path("config/sources.yaml")
        monkeypatch.setenv("VNMON_SOURCES", str(tmp_path / "env.yaml"))
        get_settings.cache_clear()
        assert resolve_sources_path(None) == tmp_path / "env.yaml"
        assert resolve_sources_path("cli.yaml") == Path("cli.yaml")
    finally:
        get_settings.cache_clear()


def test_source_is_a_model_usable_from_code() -> None:
    source = Source(id="x", name="X", country="VN", sections=["https://x.example/news/"], domestic=True)
    assert source.domestic and source.entry_points == ["https://x.example/news/"]


def test_cli_validate_ok_and_failure(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["sources", "validate", str(STARTER)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith(f"OK: {len(load_sources(STARTER))} sources (")
    bad = write(
        tmp_path, "sources:\n  - id: b\n    name: B\n    country: XX\n    feeds: [https://b.example/]\n"
    )
    failed = runner.invoke(main, ["sources", "validate", str(bad)])
    assert failed.exit_code == 1
    assert "source 'b': field 'country': 'XX' is not an ISO 3166-1 alpha-2 code" in failed.output


def test_cli_list_table_and_json() -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["sources", "list", "--sources", str(STARTER)])
    assert table.exit_code == 0, table.output
    assert "bbc-vietnamese" in table.output and "BBC News Tiếng Việt" in table.output
    as_json = runner.invoke(main, ["sources", "list", "--sources", str(STARTER), "--format", "json"])
    rows = json.loads(as_json.output)
    row = next(r for r in rows if r["id"] == "vnexpress")
    assert row["domestic"] is True and row["country"] == "VN" and row["entry_points"] == ["feeds"]
    assert set(rows[0]) >= {"id", "name", "country", "language", "entry_points", "verified"}


def test_cli_list_reports_bad_file(tmp_path: Path) -> None:
    bad = write(tmp_path, "sources: []\n")
    result = CliRunner().invoke(main, ["sources", "list", "--sources", str(bad)])
    assert result.exit_code == 1
    assert "'sources' is empty" in result.output
