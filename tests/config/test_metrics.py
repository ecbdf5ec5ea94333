"""/metrics: only for allowed addresses, counts requests with bounded labels."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings
from prometheus_client import REGISTRY

from config.celery import app as celery_app
from tenants.tasks import probe_worker
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _requests(**labels: str) -> float:
    return REGISTRY.get_sample_value("torget_http_requests_total", labels) or 0.0


def test_it_serves_metrics_to_loopback_and_private_addresses(client, portal):
    for address in ("127.0.0.1", "10.20.30.40", "192.168.1.9", "::1"):
        response = client.get("/metrics", HTTP_HOST="localhost", REMOTE_ADDR=address)
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith("text/plain")
        assert "torget_http_requests_total" in response.content.decode()


def test_it_answers_404_to_a_public_address(client, portal):
    response = client.get("/metrics", HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 404
    assert "torget_" not in response.content.decode()


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
def test_behind_the_proxy_the_forwarded_client_must_be_allowed_too(client, portal):
    # nginx's own address is loopback; the client it forwards for is public.
    refused = client.get("/metrics", HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert refused.status_code == 404
    allowed = client.get("/metrics", HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR="10.0.0.5")
    assert allowed.status_code == 200


@override_settings(METRICS_ALLOWED_NETWORKS=["10.9.0.0/16"])
def test_the_allowed_networks_come_from_settings(client, portal):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.9.8.7").status_code == 200


def test_it_answers_on_every_host_before_tenant_routing(client, tenant_a):
    for host in ("localhost", host_of(tenant_a), "okand.localhost", "10.1.2.3"):
        assert client.get("/metrics", HTTP_HOST=host).status_code == 200, host


def test_requests_are_counted_by_tenant_method_and_status_class(client, tenant_a):
    before_alfa = _requests(method="GET", status="2xx", tenant="alfa")
    before_portal = _requests(method="GET", status="2xx", tenant="portal")
    before_unknown = _requests(method="GET", status="4xx", tenant="unknown")
    before_missing = _requests(method="GET", status="4xx", tenant="alfa")

    assert client.get("/", HTTP_HOST=host_of(tenant_a)).status_code == 200
    assert client.get("/", HTTP_HOST=host_of(tenant_a)).status_code == 200
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/", HTTP_HOST="okand.localhost").status_code == 404
    assert client.get("/no-such-page/", HTTP_HOST=host_of(tenant_a)).status_code == 404

    assert _requests(method="GET", status="2xx", tenant="alfa") == before_alfa + 2
    assert _requests(method="GET", status="2xx", tenant="portal") == before_portal + 1
    assert _requests(method="GET", status="4xx", tenant="unknown") == before_unknown + 1
    assert _requests(method="GET", status="4xx", tenant="alfa") == before_missing + 1


def test_labels_name_views_never_raw_paths(client, tenant_a):
    marker = f"/no-such-page-{uuid.uuid4().hex}/"
    client.get(marker, HTTP_HOST=host_of(tenant_a))
    client.get("/", HTTP_HOST=host_of(tenant_a))
    client.generic("BREW", "/", HTTP_HOST=host_of(tenant_a))
    text = client.get("/metrics").content.decode()
    assert marker.strip("/") not in text
    assert 'view="unresolved"' in text
    # A resolved page is labelled with its URL name, an odd method with "other".
    assert 'torget_http_request_duration_seconds_count{view="' in text
    assert 'method="other"' in text
    assert 'method="BREW"' not in text


def test_health_checks_are_counted_without_a_tenant(client, portal):
    before = _requests(method="GET", status="2xx", tenant="none")
    client.get("/healthz", HTTP_HOST="okand.localhost")
    assert _requests(method="GET", status="2xx", tenant="none") == before + 1
    assert (
        REGISTRY.get_sample_value("torget_http_request_duration_seconds_count", {"view": "healthz"})
        or 0
    ) >= 1


def test_tasks_are_counted_by_name_and_outcome(portal):
    labels = {"task": "tenants.tasks.probe_worker", "outcome": "success"}
    before = REGISTRY.get_sample_value("torget_celery_tasks_total", labels) or 0.0
    # apply() runs the task here, through the same prerun/postrun signals as a worker.
    assert probe_worker.apply(args=("metrics",)).get() == {"schema": "public"}
    assert REGISTRY.get_sample_value("torget_celery_tasks_total", labels) == before + 1
    assert (
        REGISTRY.get_sample_value(
            "torget_celery_task_duration_seconds_count", {"task": "tenants.tasks.probe_worker"}
        )
        or 0
    ) >= 1


def test_queue_lengths_are_read_from_the_broker_at_scrape_time(client, portal):
    queue = f"torget-test-metrics-{uuid.uuid4().hex[:8]}"
    with override_settings(CELERY_PROVISIONING_QUEUE=queue):
        empty = client.get("/metrics").content.decode()
        assert f'torget_celery_queue_length{{queue="{queue}"}} 0.0' in empty
        probe_worker.apply_async(args=("waiting",), queue=queue)
        probe_worker.apply_async(args=("waiting",), queue=queue)
        try:
            waiting = client.get("/metrics").content.decode()
        finally:
            with celery_app.connection_for_write() as conn:
                conn.default_channel.queue_purge(queue)
    assert f'torget_celery_queue_length{{queue="{queue}"}} 2.0' in waiting
    assert "torget_celery_broker_up 1.0" in waiting
