"""The real pages the recall world is built from: the shared extraction split and trafilatura's eval pages.

trafilatura's pages are read at run time from the checkout given (a work tree or a bare git
directory such as a mirror); nothing of them is copied into this repository.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import tarfile
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import lxml.html

from vnmon.kernel.lexicon import Lexicon

DATA = Path(os.environ.get("VNMON_BENCH_DATA", "/work/shared/bench-data"))
SHARED = DATA / "article-extraction"
EVAL_FILES = ("tests/evaldata.json", "tests/eval", "tests/cache")


@dataclass(frozen=True)
class RealPage:
    """A real article page with its ground truth: body text (paragraphs, one per line)."""

    set: str
    id: str
    url: str
    html: str
    body: str
    language: str

    @cached_property
    def paragraphs(self) -> list[str]:
        from bench.recall.pages import paragraphs

        return paragraphs(self.body)

    @cached_property
    def names_vietnam(self) -> bool:
        """Whether the real page already names Vietnam (its decoys would not be decoys)."""
        lexicon = _lexicon()
        visible = lxml.html.document_fromstring(self.html).text_content()
        return bool(lexicon.find(self.body) or lexicon.find(visible))


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    from vnmon.kernel.lexicon import load_lexicon

    return load_lexicon()


def _decode(raw: bytes) -> str:
    from crawler.extraction import decode_html

    # lxml refuses text that still carries an XML declaration (XHTML pages of trafilatura's set).
    return _XML_DECLARATION.sub("", decode_html(raw, None), count=1)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _language(text: str, html: str) -> str:
    from crawler.language import detect_language

    declared = lxml.html.document_fromstring(html).get("lang")
    return detect_language(None, None, text, None, declared).code


def shared_pages(folder: Path = SHARED) -> list[RealPage]:
    """The shared split's pages, by id, with the language of their ground-truth text."""
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = []
    for page_id in sorted(truth):
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.exists():
            continue
        html = _decode(gzip.decompress(path.read_bytes()))
        body = truth[page_id]["articleBody"]
        pages.append(RealPage("shared", page_id, truth[page_id]["url"], html, body, _language(body, html)))
    if not pages:
        raise FileNotFoundError(f"no pages of the shared split under {folder} (set VNMON_BENCH_DATA)")
    return pages


def trafilatura_pages(checkout: Path, limit: int | None = None) -> list[RealPage]:
    """trafilatura's evaluation pages: the `with` snippets are the ground truth (the first one
    the opening words); `limit` keeps the first pages by file name."""
    files = _eval_files(checkout)
    data = json.loads(files["tests/evaldata.json"])
    pages = []
    for url, entry in sorted(data.items(), key=lambda item: item[1]["file"]):
        raw = files.get(f"tests/eval/{entry['file']}") or files.get(f"tests/cache/{entry['file']}")
        snippets = [s for s in entry.get("with", []) if s.strip()]
        if raw is None or not snippets:
            continue
        html = _decode(raw)
        body = "\n".join(snippets)
        pages.append(RealPage("trafilatura", entry["file"], url, html, body, _language(body, html)))
        if limit is not None and len(pages) >= limit:
            break
    return pages


def _eval_files(checkout: Path) -> dict[str, bytes]:
    """{repository path: bytes} of trafilatura's evaluation data, from a work tree or a git dir."""
    if (checkout / "tests" / "evaldata.json").exists():
        files = {}
        for name in EVAL_FILES:
            path = checkout / name
            for item in [path] if path.is_file() else sorted(path.glob("*")):
                files[str(item.relative_to(checkout))] = item.read_bytes()
        return files
    git_dir = checkout / ".git" if (checkout / ".git").exists() else checkout
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", "--format=tar", "HEAD", *EVAL_FILES],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {
            member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
            for member in tar.getmembers()
            if member.isfile()
        }
