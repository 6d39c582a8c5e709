"""What the discovery tests share: the project's lexicon, loaded once."""

from __future__ import annotations

import pytest

from vnmon.kernel.lexicon import Lexicon, load_lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()
