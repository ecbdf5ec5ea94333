"""Answer /healthz (the process is up) and /readyz (its backing services answer).

They are served by a middleware placed before the tenant middleware, so a load balancer
gets an answer on every host, a bare IP address included, and a suspended tenant does
not look like a dead server.

`/readyz?worker=1` also sends a real task through the broker to a Celery worker and waits
for its answer. It puts work on the queue, so only the addresses allowed to read
/metrics may ask for it; others get 404.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.metrics import request_allowed


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    cache.set("readyz", "1", timeout=10)
    if cache.get("readyz") != "1":
        raise RuntimeError("the cache did not return what was stored")


def _check_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


# How long `/readyz?worker=1` waits for the worker's answer. The probe expires after the
# same time, so a probe that missed its reader is dropped instead of run later.
WORKER_TIMEOUT_SECONDS = 5.0


def _check_worker() -> None:
    from tenants.tasks import probe_worker

    result = probe_worker.apply_async(args=("readyz",), expires=WORKER_TIMEOUT_SECONDS)
    try:
        answer = result.get(timeout=WORKER_TIMEOUT_SECONDS)
    finally:
        result.forget()
    if answer.get("schema") != "public":
        raise RuntimeError(f"the worker answered from the wrong schema: {answer!r}")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
}
WORKER_CHECKS: dict[str, Callable[[], None]] = {"worker": _check_worker}


def readiness(*, worker: bool = False) -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every check (and the worker round trip if asked); return whether all passed
    and each one's outcome and time."""
    results: dict[str, dict[str, object]] = {}
    checks = {**CHECKS, **(WORKER_CHECKS if worker else {})}
    for name, check in checks.items():
        started = time.monotonic()
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; say which and why
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return all(r["ok"] for r in results.values()), results


class HealthCheckMiddleware:
    """Serve /healthz and /readyz before tenant routing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            worker = request.GET.get("worker") == "1"
            if worker and not request_allowed(request):
                return HttpResponse("Not found\n", status=404, content_type="text/plain")
            # The probe task is sent from public, so it runs (and answers) in public.
            connection.set_schema_to_public()  # type: ignore[attr-defined]
            ok, checks = readiness(worker=worker)
            body = {"status": "ok" if ok else "unavailable", "checks": checks}
            if settings.DEBUG is False:
                # Error texts may name internal hosts; keep them for the logs only.
                for result in checks.values():
                    result.pop("error", None)
            return JsonResponse(body, status=200 if ok else 503)
        return self.get_response(request)
