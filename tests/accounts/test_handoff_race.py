"""Two requests racing to spend one hand-off token: exactly one wins (PostgreSQL row lock)."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

from django.db import connection

from shared_apps.accounts.handoff import consume_handoff
from shared_apps.accounts.models import SignInHandoff
from tests.conftest import LIVE_DB

pytestmark = [LIVE_DB]


def test_a_token_spent_by_two_requests_at_once_works_once(client, tenant_a, alice):
    client.force_login(alice)
    response = client.get(
        "/sign-in/handoff/", {"next": "http://alfa.localhost/"}, HTTP_HOST="localhost"
    )
    token = parse_qs(urlsplit(response["Location"]).query)["token"][0]
    barrier = threading.Barrier(4)
    results: list[str | None] = []

    def spend() -> None:
        barrier.wait()
        try:
            results.append(consume_handoff(token, "alfa.localhost"))
        finally:
            connection.close()

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [key for key in results if key is not None]
    assert len(results) == 4
    assert len(winners) == 1
    assert winners[0] == client.cookies["sessionid"].value
    assert not SignInHandoff.objects.exists()
