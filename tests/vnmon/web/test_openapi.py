"""The OpenAPI document is true: a bounded schemathesis run against the app with a real index.

Every JSON operation gets generated requests (valid and invalid); each answer must have a
documented status, content type and body shape, and no answer may be a 5xx other than a
documented 503. Two heuristics are left out on purpose: query values are strings on the wire
(`country=false` is a country code to us), pydantic coerces form-style values (`0` for false),
and business rules (a frequency, a date range) are finer than any JSON schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.vnmon.web.conftest import PASSWORD, Web
from vnmon.auth.roles import Role
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings
from vnmon.web.app import create_app


def _spec() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        return create_app(Settings(data_dir=Path(data_dir))).openapi()


schema = schemathesis.openapi.from_dict(_spec())


@pytest.fixture
def api_key(web: Web) -> str:
    web.users.add("boss", PASSWORD, Role.ADMIN)
    key, _ = web.users.create_api_key("boss", "schemathesis")
    return key


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same requests every run: a failure here is the code's, not luck's
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_every_answer_is_documented(case: Any, web: Web, corpus: list[Article], api_key: str) -> None:
    case.call_and_validate(
        app=web.app,
        headers={"Authorization": f"ApiKey {api_key}"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )


def test_errors_are_documented_as_they_are_answered(web: Web, api_key: str) -> None:
    spec = web.app.openapi()
    detail = spec["components"]["schemas"]["HTTPValidationError"]["properties"]["detail"]
    assert detail["type"] == "string"
    search = spec["paths"]["/api/search"]["get"]["responses"]
    assert {"400", "401", "403", "422", "503"} <= set(search)
    answer = web.client().get("/api/search?size=0", headers={"Authorization": f"ApiKey {api_key}"})
    assert answer.status_code == 422 and isinstance(answer.json()["detail"], str)
    assert "/exports" not in spec["paths"]  # a browser page, whose errors are pages
