"""Every listed spelling of a name finds the same articles; the admin's spellings file is validated;
unknown filter values are named with the closest valid ones (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer.search import make_params, search
from indexer.search.expansion import default_lexicon, forms_of
from indexer.search.known import UnknownFilterError
from indexer.search.spellings import Spellings, SpellingsError, load_spellings
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import article, index

DAY = datetime(2025, 3, 3, tzinfo=UTC)
HANOI = ["Hanoi", "Hà Nội", "Ha Noi", "Ханой", "ハノイ", "Hanói", "Hanoï", "HANOI"]


def _articles() -> list:  # type: ignore[type-arg]
    texts = [
        ("en1", "en", "Traffic in Hanoi", "Hanoi's streets are busy."),
        ("en2", "en", "City plan", "The city of Hanoi announced a plan."),
        ("vi1", "vi", "Hà Nội mới", "Thủ đô Hà Nội hôm nay."),
        ("ru1", "ru", "Новости", "В Ханое прошла встреча."),
        ("ja1", "ja", "ハノイで会議", "ベトナムの首都ハノイで会議が開かれた。"),
        ("pt1", "pt", "Notícias", "Em Hanói, o governo anunciou."),
        ("fr1", "fr", "Actualité", "À Hanoï, le gouvernement a annoncé."),
        # Found through the Hungarian copy: once only by "Hanoi" typed, now by every spelling.
        ("hu1", "hu", "Hírek", "Hanoiban ülést tartottak."),
        ("ja2", "ja", "フエ市の祭り", "ベトナム中部のフエ市で祭りが開かれた。"),
        ("ja3", "ja", "古都", "ベトナム・フエの王宮。"),
        ("other", "en", "Rice", "Rice prices rose in Bangkok."),
    ]
    return [
        article(ident, language=lang, title=title, body=body, published=DAY, source=f"s-{lang}",
                source_name=f"Outlet {lang.upper()}")
        for ident, lang, title, body in texts
    ]  # fmt: skip


@pytest.fixture(scope="module")
def spelled(module_settings, es_client: Elasticsearch) -> Iterator[Env]:  # type: ignore[no-untyped-def]
    alias = index(es_client, module_settings.index_prefix, _articles())
    yield Env(module_settings, alias)
    es_client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)


def _ids(env: Env, es_client: Elasticsearch, q: str) -> list[str]:
    return sorted(h.id for h in search(es_client, make_params(q=q, size=50), alias=env.alias).hits)


def test_every_listed_spelling_of_hanoi_finds_the_same_articles(
    spelled: Env, es_client: Elasticsearch
) -> None:
    found = {spelling: _ids(spelled, es_client, spelling) for spelling in HANOI}
    assert found["Hanoi"] == ["en1", "en2", "fr1", "hu1", "ja1", "pt1", "ru1", "vi1"]
    assert all(ids == found["Hanoi"] for ids in found.values()), found


def test_hue_in_katakana_finds_what_its_listed_form_finds(spelled: Env, es_client: Elasticsearch) -> None:
    assert _ids(spelled, es_client, "フエ") == _ids(spelled, es_client, "フエ市") == ["ja2", "ja3"]
    assert _ids(spelled, es_client, "Huế") == ["ja2", "ja3"]


def test_result_lists_the_spellings_searched(spelled: Env, es_client: Elasticsearch) -> None:
    result = search(es_client, make_params(q="Hanoi rice"), alias=spelled.alias)
    assert [s.term for s in result.spellings] == ["Hanoi"]
    first = result.spellings[0].forms[:12]  # what the page shows
    assert "Hà Nội" in first and "ハノイ" in first and any(f.startswith("Хано") for f in first)
    assert result.to_json()["spellings"][0]["term"] == "Hanoi"
    exact = search(es_client, make_params(q="Hanoi", expand=False), alias=spelled.alias)
    assert exact.spellings == []


def test_unknown_filter_values_name_the_closest(spelled: Env, es_client: Elasticsearch) -> None:
    cases = {
        "lang:russian": "unknown language 'russian'; did you mean ru (Русский / Russian)?",
        "source:s-ruu": "unknown source 's-ruu'; did you mean s-ru (Outlet RU)",
        'source:"Outlet FR"': "'Outlet FR' is the name of a source, not its id: filter with source:s-fr",
        "country:UK": "unknown country 'UK'; did you mean GB (United Kingdom)?",
    }
    for q, message in cases.items():
        with pytest.raises(UnknownFilterError) as caught:
            search(es_client, make_params(q=f"Hanoi {q}"), alias=spelled.alias)
        assert message in str(caught.value), q
    with pytest.raises(UnknownFilterError, match="unknown language 'russian'"):
        search(es_client, make_params(q="Hanoi", langs=["ru", "russian"]), alias=spelled.alias)
    # A valid code the index has no article in is a fair 0, not a mistake.
    assert search(es_client, make_params(q="Hanoi", langs=["th"]), alias=spelled.alias).total == 0


def test_cli_prints_the_unknown_value_message(spelled: Env) -> None:
    result = run_vnmon(spelled.settings, "search", "Hanoi", "--lang", "russian")
    assert result.returncode != 0
    assert "unknown language 'russian'; did you mean ru" in result.stderr + result.stdout


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spellings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "spellings:\n  hanio:\n    en: [Hanoij]\n",
            "spellings.hanio: no lexicon entry 'hanio'; did you mean hanoi?",
        ),
        ("spellings:\n  hanoi:\n    english: [Hanoij]\n", "spellings.hanoi: 'english' is not an ISO 639"),
        ("spellings:\n  hanoi:\n    en: []\n", "spellings.hanoi.en: must be a non-empty list"),
        (
            "spellings:\n  hanoi:\n    en: [Hanoi]\n",
            "spellings.hanoi.en[0]: 'Hanoi' is already a spelling of 'hanoi'",
        ),
        ("spellings:\n  hanoi:\n    en: [Hano*]\n", "spellings.hanoi.en[0]: 'Hano*': plain text only"),
        ("spellings:\n  hanoi:\n    en: [7]\n", "spellings.hanoi.en[0]: must be a non-empty string, got 7"),
        ("spellings: [a, b]\n", "'spellings' must map lexicon entry keys"),
        ("spelling:\n  hanoi: {}\n", "expected one top-level key 'spellings'"),
        ("spellings: {hanoi: [\n", "not valid YAML"),
    ],
)
def test_spellings_file_errors_name_file_entry_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SpellingsError) as caught:
        load_spellings(path, default_lexicon())
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_an_added_spelling_expands_to_its_entry(tmp_path: Path) -> None:
    path = _write(tmp_path, "spellings:\n  hanoi:\n    en: [Hanoij]\n")
    spellings = load_spellings(path, default_lexicon())
    typed = [f.text for f in forms_of("Hanoij", default_lexicon(), spellings)]
    assert "Hà Nội" in typed and "Ханой" in typed
    assert "Hanoij" in [f.text for f in forms_of("Hà Nội", default_lexicon(), spellings)]
    assert load_spellings(tmp_path / "absent.yaml", default_lexicon(), required=False) == Spellings()
    with pytest.raises(SpellingsError, match="no such spellings file"):
        load_spellings(tmp_path / "absent.yaml", default_lexicon())


def test_the_shipped_spellings_file_is_valid() -> None:
    shipped = Path(__file__).resolve().parents[3] / "config" / "spellings.yaml"
    assert load_spellings(shipped, default_lexicon()).by_entry["hue"][0].text == "フエ"


def test_a_chosen_facet_keeps_the_counts_of_its_other_values(spelled: Env, es_client: Elasticsearch) -> None:
    everything = search(es_client, make_params(q="Hanoi"), alias=spelled.alias)
    picked = search(es_client, make_params(q="Hanoi", langs=["ru"]), alias=spelled.alias)
    assert picked.total == 1
    counts = {b.key: b.count for b in picked.facets.languages} if picked.facets else {}
    assert counts == {b.key: b.count for b in everything.facets.languages} if everything.facets else False
    # The other facets follow the chosen languages.
    assert [b.key for b in picked.facets.sources] == ["s-ru"] if picked.facets else False
    both = search(es_client, make_params(q="Hanoi", langs=["ru", "ja"]), alias=spelled.alias)
    assert sorted(h.language for h in both.hits) == ["ja", "ru"]


def test_no_highlight_shows_the_passage_naming_vietnam(spelled: Env, es_client: Elasticsearch) -> None:
    result = search(es_client, make_params(q="source:s-ja", expand=False, size=50), alias=spelled.alias)
    by_id = {h.id: h for h in result.hits}
    assert by_id["ja1"].prominence == "title"
    assert "ハノイで会議が開かれた" in by_id["ja1"].snippet_text
