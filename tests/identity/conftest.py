from collections.abc import Iterator

import pytest

from tenant_apps.spaces.registry import ComponentType
from tests.identity.ballot import register_ballot_type


@pytest.fixture
def ballot_type() -> Iterator[ComponentType]:
    yield from register_ballot_type()


@pytest.fixture(autouse=True)
def _english(client):
    """Read the pages in English, whatever the signed-in persona prefers."""
    client.cookies["django_language"] = "en"
