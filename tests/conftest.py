"""Shared pytest configuration: plugins every test module may use."""

import os

pytest_plugins = ["tests.es_fixture", "tests.vnmon_fixtures", "tests.smtp_fixture"]

# Every test site is served on loopback: the suite is an intranet deployment of vnmon. Tests of the
# address rules themselves set VNMON_ALLOW_PRIVATE_ADDRESSES=0 for their crawl.
os.environ.setdefault("VNMON_ALLOW_PRIVATE_ADDRESSES", "1")
