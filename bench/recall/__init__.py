"""The "real pages" recall world of issue 11: real pages given a paragraph naming Vietnam, and decoys.

`pages` builds one test page from a real one (pure), `cases` lists what is built from the
shared split and trafilatura's evaluation pages, `fast` scores them in process, `crawl` serves
them as outlets and counts what `vnmon crawl` indexed, `report` prints the tables.
`python -m bench recall [--fast]` runs it.
"""
