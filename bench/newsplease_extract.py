"""news-please's extraction over the shared split, run by news-please's own venv's Python.

`NEWSPLEASE_VENV/bin/python bench/newsplease_extract.py DATA_DIR OUT.json [REPEATS]` writes
`{"predictions": {id: {"articleBody": text}}, "ms_per_page": [...per repeat]}`. Standalone
(no vnmon import): news-please's pins conflict with vnmon's, so it cannot share our venv.
"""

from __future__ import annotations

import gzip
import json
import logging
import sys
import time
from pathlib import Path


def main() -> None:
    from newsplease import NewsPlease

    logging.disable(logging.WARNING)
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    split = root / "article-extraction"
    truth = json.loads((split / "ground-truth.json").read_text("utf-8"))
    pages = {key: gzip.decompress((split / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    predictions: dict[str, dict[str, str]] = {}
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        for key, item in truth.items():
            html = pages[key].decode("utf-8", errors="replace")
            article = NewsPlease.from_html(html, url=item["url"], fetch_images=False)
            predictions[key] = {"articleBody": (article.maintext or "") if article else ""}
        timings.append(1000 * (time.perf_counter() - started) / len(truth))
    out.write_text(json.dumps({"predictions": predictions, "ms_per_page": timings}))


if __name__ == "__main__":
    main()
