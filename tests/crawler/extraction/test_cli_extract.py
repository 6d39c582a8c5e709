"""`vnmon extract`: JSON lines for saved pages, .gz accepted, unreadable files reported."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from vnmon.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_extract_prints_one_json_object_per_file(tmp_path: Path) -> None:
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "cp1251_ru.html").read_bytes()))
    plain = FIXTURES / "jsonld_graph.html"
    result = CliRunner().invoke(
        main, ["extract", str(plain), str(gz), "--url", "https://example.org/uk/news/x"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in lines] == [str(plain), str(gz)]
    first, second = lines
    assert set(first) == {
        "path", "title", "body", "published", "authors", "canonical_url", "language",
    }
    assert first["published"] == "2024-03-05T08:30:00+07:00"
    assert first["canonical_url"] == "https://example.org/uk/news/2024/coast-guard-vessels"
    assert first["language"] == "uk"
    assert first["authors"] == ["Olena Kovalenko", "Tran Van Minh"]
    assert second["title"] == "Вьетнам и Россия подписали соглашение"
    assert second["body"].startswith("Вьетнам и Россия подписали соглашение о сотрудничестве")


def test_unreadable_file_is_named_and_others_still_processed(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8bnot really gzip")
    good = FIXTURES / "meta_only.html"
    result = CliRunner().invoke(main, ["extract", str(missing), str(broken), str(good)])
    assert result.exit_code == 1
    assert f"cannot read {missing}" in result.stderr
    assert f"cannot read {broken}" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(good)]
    assert records[0]["title"] == "Exports rise again"
