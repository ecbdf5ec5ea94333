"""Prometheus metrics: HTTP requests, Celery tasks and the broker's queue lengths.

Label values come from small, known sets only (see docs/adr/0017-observability.md): the
HTTP method (or "other"), the status class ("2xx"), the tenant's slug ("portal" for the
public schema, "unknown" for a host no tenant owns, "none" for the health endpoints that
answer before routing), the resolved view name (never the raw path), the Celery task's
registered name. A label fed from a URL would grow without bound and take Prometheus down.

gunicorn and Celery's prefork pool run several processes. With PROMETHEUS_MULTIPROC_DIR
set (deploy/systemd, deploy/compose.yaml), every process writes its values to files in
that folder and a scrape adds them up; deploy/gunicorn.conf.py and the worker's shutdown
signal tidy up after processes that are gone. Without it (development, tests) the values
live in this process.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    make_wsgi_app,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
METRICS_PATH = "/metrics"
# Answered before tenant routing (config/health.py, this module): no tenant, fixed names.
UNROUTED_VIEWS = {"/healthz": "healthz", "/readyz": "readyz"}
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

HTTP_REQUESTS = Counter(
    "torget_http_requests_total",
    "HTTP requests answered, by method, status class and tenant.",
    ["method", "status", "tenant"],
)
HTTP_DURATION = Histogram(
    "torget_http_request_duration_seconds",
    "Time from the first middleware to the response, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
HTTP_IN_FLIGHT = Gauge(
    "torget_http_requests_in_flight",
    "HTTP requests being answered right now.",
    multiprocess_mode="livesum",
)
TASKS = Counter(
    "torget_celery_tasks_total",
    "Celery tasks run by this worker, by task and outcome (success, failure, retry, other).",
    ["task", "outcome"],
)
TASK_DURATION = Histogram(
    "torget_celery_task_duration_seconds",
    "Run time of Celery tasks, by task.",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0),
)


# --- who may read them ------------------------------------------------------------------


def address_allowed(address: str) -> bool:
    """Return True if `address` lies in one of settings.METRICS_ALLOWED_NETWORKS."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


def request_allowed(request: HttpRequest) -> bool:
    """Return True if both the peer and, behind our proxy, the client are allowed.

    Behind nginx REMOTE_ADDR is nginx's own address, so nginx restricts these paths too
    (deploy/nginx/torget.conf). When CLIENT_IP_HEADER names the header nginx writes, the
    client address in it must be allowed as well.
    """
    from config.throttle import client_ip

    peer = str(request.META.get("REMOTE_ADDR", ""))
    return address_allowed(peer) and address_allowed(client_ip(request))


# --- HTTP -------------------------------------------------------------------------------


def _method_label(method: str | None) -> str:
    return method if method in KNOWN_METHODS else "other"


def _tenant_label(request: HttpRequest) -> str:
    if request.path in UNROUTED_VIEWS:
        return "none"
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        return "unknown"
    return "portal" if tenant.schema_name == "public" else str(tenant.slug)


def _view_label(request: HttpRequest) -> str:
    if request.path in UNROUTED_VIEWS:
        return UNROUTED_VIEWS[request.path]
    match = getattr(request, "resolver_match", None)
    if match is not None:
        # "app:name" for named URLs, else the view's dotted path: both come from code.
        return str(match.view_name)
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unresolved"


class MetricsMiddleware:
    """Serve /metrics to allowed addresses (404 to others) and count every other request.

    First in MIDDLEWARE, so it times the whole chain and answers on every host before
    tenant routing, like /healthz.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == METRICS_PATH:
            return metrics_view(request)
        started = time.perf_counter()
        HTTP_IN_FLIGHT.inc()
        try:
            response = self.get_response(request)
        finally:
            HTTP_IN_FLIGHT.dec()
        HTTP_DURATION.labels(_view_label(request)).observe(time.perf_counter() - started)
        HTTP_REQUESTS.labels(
            _method_label(request.method),
            f"{response.status_code // 100}xx",
            _tenant_label(request),
        ).inc()
        return response


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Return every metric in Prometheus' text format, or 404 to a refused address."""
    if not request_allowed(request):
        # The same answer as for a path that does not exist: nothing to learn here.
        return HttpResponse("Not found\n", status=404, content_type="text/plain")
    registry = scrape_registry(with_queues=True)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


# --- scraping -----------------------------------------------------------------------------


class _Collectors:
    """A registry-like object that yields the metrics of several collectors."""

    def __init__(self, *collectors: Any) -> None:
        self.collectors = collectors

    def collect(self) -> Iterator[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def scrape_registry(*, with_queues: bool) -> Any:
    """Return what a scrape reads: every process's values, plus the queues if asked."""
    if os.environ.get(MULTIPROC_ENV):
        registry: Any = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return _Collectors(registry, QueueLengthCollector()) if with_queues else registry


def monitored_queues() -> list[str]:
    """Return the broker queues whose length is reported: the default and provisioning."""
    from config.celery import app

    queues = {
        str(app.conf.task_default_queue),
        str(getattr(settings, "CELERY_PROVISIONING_QUEUE", "provisioning")),
    }
    return sorted(queues)


class QueueLengthCollector:
    """Read the length of each monitored broker queue when Prometheus scrapes."""

    def collect(self) -> Iterable[Metric]:
        from kombu.exceptions import ChannelError

        from config.celery import app

        up = GaugeMetricFamily("torget_celery_broker_up", "1 if the broker answered the scrape.")
        lengths = GaugeMetricFamily(
            "torget_celery_queue_length", "Messages waiting in a broker queue.", labels=["queue"]
        )
        try:
            with app.connection_for_read() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
                channel = conn.default_channel
                for queue in monitored_queues():
                    try:
                        count = channel.queue_declare(queue=queue, passive=True).message_count
                    except ChannelError:
                        count = 0  # the Redis transport has no key for an empty queue
                    lengths.add_metric([queue], count)
        except Exception:  # a scrape must not fail because the broker is down; say so
            up.add_metric([], 0)
            return [up]
        up.add_metric([], 1)
        return [up, lengths]


# --- Celery -------------------------------------------------------------------------------

_task_started: dict[str, float] = {}
_OUTCOMES = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry"}


def task_started(task_id: str | None) -> None:
    """Note when a task started (the task_prerun signal)."""
    if task_id:
        _task_started[task_id] = time.perf_counter()


def task_finished(task_name: str, task_id: str | None, state: str | None) -> None:
    """Count a finished task and observe its run time (the task_postrun signal)."""
    started = _task_started.pop(task_id, None) if task_id else None
    if started is not None:
        TASK_DURATION.labels(task_name).observe(time.perf_counter() - started)
    TASKS.labels(task_name, _OUTCOMES.get(state or "", "other")).inc()


def process_exited(pid: int) -> None:
    """Drop the live gauges of a process that is gone (gunicorn and Celery hooks)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: a scrape every 15 s would drown the worker's log."""


def start_worker_metrics_server(address: str, port: int) -> WSGIServer:
    """Serve the worker's metrics over HTTP on address:port in a background thread.

    A Celery worker has no web server of its own. Its pool processes write to
    PROMETHEUS_MULTIPROC_DIR, and this server in the main process adds them up. Addresses
    outside METRICS_ALLOWED_NETWORKS get 404, as on the web.
    """
    exposition = make_wsgi_app(scrape_registry(with_queues=False))

    def guarded(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != METRICS_PATH or not address_allowed(
            str(environ.get("REMOTE_ADDR", ""))
        ):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found\n"]
        return exposition(environ, start_response)

    server = make_server(address, port, guarded, _ThreadingServer, _QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server
