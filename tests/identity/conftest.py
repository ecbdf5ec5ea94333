import pytest


@pytest.fixture(autouse=True)
def _english(client):
    """Read the pages in English, whatever the signed-in persona prefers."""
    client.cookies["django_language"] = "en"
