"""Shared pytest configuration: plugins every test module may use."""

pytest_plugins = ["tests.es_fixture", "tests.vnmon_fixtures", "tests.smtp_fixture"]
