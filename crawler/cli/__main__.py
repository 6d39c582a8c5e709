"""`python -m crawler.cli`: the same as the `vnmon` command."""

from crawler.cli import main

main()
