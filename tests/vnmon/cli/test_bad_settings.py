"""A bad VNMON_* value, wherever a command reads it, is one `error:` line naming it — no traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from vnmon.cli import main
from vnmon.kernel.errors import SettingError
from vnmon.kernel.settings import get_settings


@pytest.mark.parametrize(
    ("variable", "value", "args", "said"),
    [
        ("VNMON_WORKERS", "banana", ["sources", "list"], "VNMON_WORKERS 'banana' must be auto"),
        ("VNMON_ES_URL", "http://es2,http://u:s3cret@es3", ["search", "Vietnam"], "'http://es2' needs a"),
        ("VNMON_TIMEZONE", "Mars/Olympus", ["runs", "list"], "VNMON_TIMEZONE"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, args: list[str], said: str
) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingError, match=variable):
            get_settings()
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert result.output.startswith("error: bad setting: ") and said in result.output
    assert "Traceback" not in result.output and "s3cret" not in result.output
