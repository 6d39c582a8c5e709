"""Discovery: URLs of foreign articles about Vietnam found outside the sources file (GDELT, news
searches).

`gkg.py` streams GDELT 2.0 Global Knowledge Graph files and keeps the relevant records,
`gdelt.py` finds the 15-minute files to read and remembers the last one read, `doc.py` asks the
DOC 2.0 API, `news.py` reads search-engine news feeds and follows their links to the
publishers, `fips.py` maps GDELT's FIPS country codes to ISO; the `discover` spider
(`crawler/spiders/discover.py`) then crawls what they found through the ordinary pipeline.
"""
