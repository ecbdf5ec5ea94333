from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def debate_type() -> Iterator[Any]:
    """A stand-in commentable component type (tests/comments/debate.py)."""
    from tests.comments.debate import register_debate_type

    yield from register_debate_type()


@pytest.fixture(autouse=True)
def _english(client):
    """Read the pages in English, whatever the signed-in persona prefers."""
    client.cookies["django_language"] = "en"
