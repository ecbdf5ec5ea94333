"""/readyz?worker=1 makes a real round trip through the broker to a Celery worker."""

from __future__ import annotations

import pytest

from config import health
from tests.conftest import LIVE_DB

pytestmark = [LIVE_DB, pytest.mark.worker]


def test_it_reports_the_worker_ready_after_a_round_trip(client, portal, celery_worker):
    response = client.get("/readyz?worker=1", HTTP_HOST="localhost")
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert set(checks) == {"database", "cache", "broker", "worker"}
    assert checks["worker"]["ok"] is True


def test_plain_readyz_sends_no_task(client, portal, monkeypatch):
    def must_not_run() -> None:
        raise AssertionError("plain /readyz must not send a task")

    monkeypatch.setitem(health.WORKER_CHECKS, "worker", must_not_run)
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "worker" not in response.json()["checks"]


def test_a_public_address_cannot_make_it_send_a_task(client, portal, monkeypatch):
    def must_not_run() -> None:
        raise AssertionError("a refused address must not send a task")

    monkeypatch.setitem(health.WORKER_CHECKS, "worker", must_not_run)
    response = client.get("/readyz?worker=1", HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 404


def test_a_worker_that_does_not_answer_makes_it_503(client, portal, monkeypatch):
    def silent() -> None:
        raise TimeoutError("no answer within 5 s")

    monkeypatch.setitem(health.WORKER_CHECKS, "worker", silent)
    response = client.get("/readyz?worker=1", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False
