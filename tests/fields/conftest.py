"""Fixtures for the column-type tests: no app and no database, only a fake workspace."""
from __future__ import annotations

import pytest

from tests.fields.cases import FakeContext


@pytest.fixture
def context() -> FakeContext:
    return FakeContext()
