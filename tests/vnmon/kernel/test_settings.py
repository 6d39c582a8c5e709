"""Every VNMON_* setting is documented once, in docs/settings.md, and bad values fail clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from vnmon.kernel.settings import Settings

DOC = Path(__file__).resolve().parents[3] / "docs" / "settings.md"


def test_documented_settings_match_the_code() -> None:
    documented = set(re.findall(r"^\| `(VNMON_[A-Z_]+)`", DOC.read_text(encoding="utf-8"), re.MULTILINE))
    in_code = {f"VNMON_{name.upper()}" for name in Settings.model_fields}
    assert documented == in_code


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("VNMON_INDEX_PREFIX", "Bad Prefix", "lowercase"),
        ("VNMON_TIMEZONE", "Mars/Olympus", "IANA"),
        ("VNMON_SMTP_SECURITY", "ssl3", "none, starttls or tls"),
        ("VNMON_WORKERS", "many", "auto or a whole number"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=message):
        Settings()
