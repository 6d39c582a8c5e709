"""`python -m bench SECTION`: run one benchmark section (or `all`) and print its markdown table.

Sections: extraction, langid, crawl, index, scaleout, memory, recall, snippets, gdelt, topics,
gazetteer, retag.
Results go to bench/results/*.json;
BENCHMARKS.md at the repository root records them with the context.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys


def _crawl(args: argparse.Namespace) -> None:
    from bench import crawl

    results = crawl.run(
        articles=args.articles,
        outlets=args.outlets,
        repeats=args.repeats,
        run_pages=args.run_pages,
        full_run=not args.no_full,
        newsplease_pages=args.newsplease_pages,
        memory_articles=args.memory_articles,
        profile_pages=args.profile_pages,
    )
    print(crawl.markdown(results))


def _extraction(args: argparse.Namespace) -> None:
    from bench import extraction

    print(extraction.markdown(extraction.run()))


def _langid(args: argparse.Namespace) -> None:
    from bench import langid

    langid.main([])


def _index(args: argparse.Namespace) -> None:
    from bench import index

    levels = tuple(int(level) for level in args.levels.split(","))
    if args.es_url:  # a kept index on a node of one's own: load (resumable) and/or measure
        if args.load:
            print(index.load_kept(args.es_url, levels[-1]), flush=True)
        print(json.dumps(index.measure_kept(args.es_url, searches=args.searches, passes=args.passes)))
        return
    print(index.markdown(index.run(levels=levels, heap=args.heap)))


def _memory(args: argparse.Namespace) -> None:
    from bench import memory

    print(memory.markdown(memory.run(articles=args.articles)))


def _recall(args: argparse.Namespace) -> None:
    from bench.recall import main as recall

    recall.run(args)


def _snippets(args: argparse.Namespace) -> None:
    from bench import snippets

    snippets.main(
        [
            *(["--trafilatura", args.trafilatura] if args.trafilatura else []),
            *(["--base", args.base] if args.base else []),
        ]
    )


def _gdelt(args: argparse.Namespace) -> None:
    from bench import gdelt

    print(gdelt.markdown(gdelt.run(records=args.records)))


def _scaleout(args: argparse.Namespace) -> None:
    from bench import scaleout

    print(
        scaleout.markdown(
            scaleout.run(pages=args.pages, repeats=args.repeats, analysis_workers=args.analysis_workers)
        )
    )


def _topics(args: argparse.Namespace) -> None:
    from bench import topic_tags

    topic_tags.main(["--split", args.split] + (["--errors"] if args.errors else []))


def _retag(args: argparse.Namespace) -> None:
    from bench import retag

    print(retag.markdown(retag.run(documents=args.documents, batch_size=args.batch_size)))


def _gazetteer(args: argparse.Namespace) -> None:
    from bench import gazetteer

    gazetteer.main()


SECTIONS = {
    "extraction": _extraction,
    "langid": _langid,
    "crawl": _crawl,
    "index": _index,
    "scaleout": _scaleout,
    "memory": _memory,
    "recall": _recall,
    "snippets": _snippets,
    "gdelt": _gdelt,
    "topics": _topics,
    "gazetteer": _gazetteer,
    "retag": _retag,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="section", required=True)
    crawl = sub.add_parser("crawl", help="crawl throughput: bare Scrapy, vnmon, news-please")
    crawl.add_argument("--articles", type=int, default=20_000)
    crawl.add_argument("--outlets", type=int, default=25)
    crawl.add_argument("--repeats", type=int, default=3)
    crawl.add_argument("--run-pages", type=int, default=2_500)
    crawl.add_argument("--no-full", action="store_true", help="skip the one crawl of the whole world")
    crawl.add_argument("--newsplease-pages", type=int, default=500, help="0: skip news-please")
    crawl.add_argument("--memory-articles", type=int, default=0, help="a memory run inside (see `memory`)")
    crawl.add_argument("--profile-pages", type=int, default=1_500, help="0: skip the profile")
    sub.add_parser("extraction", help="extraction F1 and ms/page")
    sub.add_parser("langid", help="language ID accuracy and ms/text")
    index = sub.add_parser("index", help="bulk indexing docs/s and search latency")
    index.add_argument("--levels", default="100000,1000000", help="document counts, comma-separated")
    index.add_argument("--heap", default="3g")
    index.add_argument(
        "--es-url",
        help="measure (and with --load, first fill up to the last level) a kept index on this node "
        "instead of a throw-away node",
    )
    index.add_argument("--load", action="store_true", help="with --es-url: load documents first")
    index.add_argument("--searches", type=int, default=200, help="with --es-url: timed searches per pass")
    index.add_argument("--passes", type=int, default=3, help="with --es-url: passes (median taken)")
    scaleout = sub.add_parser("scaleout", help="1 vs 2 crawler processes on a shared frontier")
    scaleout.add_argument("--pages", type=int, default=5_000)
    scaleout.add_argument("--repeats", type=int, default=3)
    scaleout.add_argument(
        "--analysis-workers",
        default="0",
        help="VNMON_WORKERS of each crawler process (default 0: the frontier measured on its own)",
    )
    memory = sub.add_parser("memory", help="RSS of the crawl process over a long crawl")
    memory.add_argument("--articles", type=int, default=50_000)
    recall = sub.add_parser("recall", help="the real-pages recall world of issue 11: kept / should keep")
    recall.add_argument("--fast", action="store_true", help="score in process, no crawl")
    recall.add_argument(
        "--morphology-pages", type=int, default=12, help="English pages per paragraph language"
    )
    recall.add_argument("--trafilatura", help="trafilatura checkout (default: $VNMON_TRAFILATURA_EVAL)")
    recall.add_argument("--trafilatura-pages", type=int, default=150, help="its first N eval pages")
    recall.add_argument("--keep-world", action="store_true", help="leave the built pages in the work dir")
    snippets = sub.add_parser("snippets", help="extraction on trafilatura's eval pages (second dev set)")
    snippets.add_argument("--trafilatura", help="trafilatura checkout (default: $VNMON_TRAFILATURA_EVAL)")
    snippets.add_argument("--base", help="another vnmon checkout (e.g. a worktree of an older commit)")
    gdelt = sub.add_parser("gdelt", help="parsing a real-size GKG 2.1 file: records/s and peak memory")
    gdelt.add_argument("--records", type=int, default=100_000)
    topics = sub.add_parser("topics", help="topic precision/recall on bench/topics/labels.yaml")
    topics.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    topics.add_argument("--errors", action="store_true", help="list the texts tagged wrongly")
    sub.add_parser("gazetteer", help="place names by kind of place and script")
    retag = sub.add_parser("retag", help="vnmon index retag docs/s on the running node (VNMON_ES_URL)")
    retag.add_argument("--documents", type=int, default=50_000)
    retag.add_argument("--batch-size", type=int, default=500)
    sub.add_parser("all", help="every section with its defaults, in order")
    args = parser.parse_args()
    # `kill` of a bench must still stop the Elasticsearch node and world server it started:
    # SystemExit unwinds their context managers, a bare SIGTERM would orphan them.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.section != "all":
        SECTIONS[args.section](args)
        return
    for name, section in SECTIONS.items():
        print(f"\n## {name}\n", flush=True)
        section(parser.parse_args([name]))


if __name__ == "__main__":
    main()
