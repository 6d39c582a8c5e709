"""`python -m vnmon.cli`: the same as the `vnmon` command."""

from vnmon.cli import main

main()
