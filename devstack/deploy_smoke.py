"""`make deploy-smoke`: run the production layout of deploy/ on loopback and check it.

nginx on the rendered deploy/nginx/ templates (TLS with a self-signed certificate made
here with openssl), gunicorn with deploy/gunicorn.conf.py and two workers, and a Celery
worker, all with production settings (TORGET_PRODUCTION=1, JSON logs, hashed static
names, media through X-Accel-Redirect), against a scratch database on devstack's
PostgreSQL (or DATABASE_URL's server) and devstack's Redis (or REDIS_URL) with a queue
and cache prefix of their own. Every check prints PASS or FAIL; on failure the logs are
shown. Everything it started, and the scratch database, is gone when it returns.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import redis

from devstack import nginx_conf
from devstack.console import fail, say
from devstack.paths import REPO_ROOT, manage_py
from devstack.ports import LOOPBACK, free_port
from devstack.services import services_session

PLATFORM_DOMAIN = "torget.localhost"
TENANT_SLUG = "smoke"
TENANT_SCHEMA = "t_smoke"
CUSTOM_DOMAIN = "delta.smoke.test"
# A blank and a non-ASCII letter: the name travels URL-encoded in X-Accel-Redirect.
MEDIA_NAME = f"{TENANT_SCHEMA}/smoke/hej då.txt"
MEDIA_TEXT = "Hej från röktestet\n"
START_TIMEOUT = 90.0

# The tenant the checks read, and a platform operator's ops API token (written to the
# file named by SMOKE_TOKEN_FILE) for the onboarding round trip through nginx.
ONBOARDED_SLUG = "smoke-api"
TENANT_SCRIPT = f"""
import os
from pathlib import Path
from shared_apps.accounts.models import User
from tenants.actions import ensure_public_tenant, onboard_tenant
from tenants.models import Domain
from tenants.ops_api import create_token
ensure_public_tenant()
tenant = onboard_tenant(slug={TENANT_SLUG!r}, name_sv="Röktest", name_en="Smoke test")
Domain.objects.create(domain={CUSTOM_DOMAIN!r}, tenant=tenant, is_primary=False)
operator = User.objects.create_user("ops@smoke.test", None, is_staff=True)
Path(os.environ["SMOKE_TOKEN_FILE"]).write_text(create_token(operator, "deploy-smoke")[1])
print("onboarded", tenant.schema_name)
"""


@dataclass
class Smoke:
    """Hold the scratch folder, ports, started processes and results of one run."""

    root: Path
    token: str = field(default_factory=lambda: secrets.token_hex(4))
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    queue: str = ""
    http_port: int = 0
    https_port: int = 0
    web_port: int = 0
    worker_metrics_port: int = 0
    ops_token: str = ""

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        """Print one PASS or FAIL line and remember failures."""
        print(f"{'PASS' if ok else 'FAIL'}  {name}{f'  ({detail})' if detail else ''}", flush=True)
        if not ok:
            self.failures.append(name)
        return ok


# --- HTTP through nginx ----------------------------------------------------------------


class _SNIConnection(http.client.HTTPSConnection):
    """An HTTPS connection to loopback that names `server_name` in the TLS handshake."""

    def __init__(self, port: int, server_name: str) -> None:
        context = ssl.create_default_context()
        # The certificate is self-signed and made for this run; nginx's choice of
        # certificate by name is what we test, not the chain.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        super().__init__(LOOPBACK, port, timeout=30, context=context)
        self.server_name = server_name
        self.tls_context = context

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self.tls_context.wrap_socket(sock, server_hostname=self.server_name)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def fetch(
    port: int,
    host: str,
    path: str,
    *,
    tls: bool = True,
    method: str = "GET",
    body: bytes | None = None,
    extra_headers: dict[str, str] | None = None,
) -> Answer:
    """Send a request for `path` to loopback:`port` as host `host` (over TLS with SNI by
    default); GET unless told otherwise."""
    conn: http.client.HTTPConnection = (
        _SNIConnection(port, host)
        if tls
        else http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    )
    try:
        conn.request(
            method,
            path,
            body=body,
            headers={"Host": host, "Accept-Language": "sv", **(extra_headers or {})},
        )
        response = conn.getresponse()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():
            # A repeated header (two Cache-Control lines) reads as one, comma-separated.
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return Answer(response.status, headers, response.read())
    finally:
        conn.close()


# --- steps --------------------------------------------------------------------------------


def _need_program(name: str, package: str) -> str:
    found = shutil.which(name) or (
        f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else ""
    )
    if not found:
        fail(f"deploy-smoke needs {name}: apt-get install {package}")
    return found


def _database_urls(base_url: str, name: str) -> tuple[str, str]:
    """Return the URL of the server's maintenance connection and of database `name`."""
    parts = urlsplit(base_url)
    return base_url, urlunsplit(parts._replace(path=f"/{name}"))


def _run_step(smoke: Smoke, name: str, argv: list[str], env: dict[str, str]) -> bool:
    """Run one preparation command to completion with its output in a log file."""
    log = smoke.root / "logs" / f"{name}.log"
    smoke.logs[name] = log
    started = time.monotonic()
    with log.open("wb") as out:
        status = subprocess.run(
            argv, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
        ).returncode
    return smoke.check(
        f"{name} ({time.monotonic() - started:.1f}s)",
        status == 0,
        f"exit {status}" if status else "",
    )


def _start(smoke: Smoke, name: str, argv: list[str], env: dict[str, str]) -> None:
    log = smoke.root / "logs" / f"{name}.log"
    smoke.logs[name] = log
    out = log.open("wb")
    smoke.processes[name] = subprocess.Popen(
        argv,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    out.close()


def _wait_for(smoke: Smoke, name: str, probe: Callable[[], bool]) -> bool:
    """Wait until `probe()` is true, or a process died, or the time is up."""
    deadline = time.monotonic() + START_TIMEOUT
    started = time.monotonic()
    while time.monotonic() < deadline:
        dead = [n for n, p in smoke.processes.items() if p.poll() is not None]
        if dead:
            return smoke.check(f"{name} started", False, f"{', '.join(dead)} exited")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if probe():
                return smoke.check(f"{name} started ({time.monotonic() - started:.1f}s)", True)
        time.sleep(0.3)
    return smoke.check(f"{name} started", False, f"not within {START_TIMEOUT:.0f}s")


def _certificate(folder: Path, names: list[str], openssl: str) -> tuple[Path, Path]:
    """Make a self-signed certificate for `names` (one day) with openssl."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    san = ",".join(f"DNS:{n}" for n in names)
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", f"/CN={names[0]}", "-addext", f"subjectAltName={san}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _nginx_main_conf(smoke: Smoke, nginx: str) -> Path:
    """Write the nginx.conf around the rendered site: pid, logs and temp files in our folder."""
    folder = smoke.root / "nginx"
    out = subprocess.run([nginx, "-V"], capture_output=True, text=True, check=False).stderr
    match = re.search(r"--conf-path=(\S+)", out)
    mime = Path(match.group(1)).parent / "mime.types" if match else Path("/etc/nginx/mime.types")
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        "# Written by devstack/deploy_smoke.py around the rendered deploy/nginx files.\n"
        "worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {smoke.root / 'logs' / 'nginx-error.log'} notice;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    include {mime};\n"
        "    default_type application/octet-stream;\n"
        f"    access_log {smoke.root / 'logs' / 'nginx-access.log'};\n"
        f"{temp}\n"
        f"    include {folder / 'torget.conf'};\n"
        "}\n"
    )
    return conf


def _metric(text: str, name: str, **labels: str) -> float:
    """Return the sum of the samples of `name` whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " "):
            found: dict[str, str] = {}
        elif line.startswith(name + "{"):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line[len(name) : line.rindex("}") + 1]))
        else:
            continue
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def _onboarding_round_trip(smoke: Smoke) -> None:
    """Onboard a tenant through the ops API behind nginx; the worker works the job on
    the provisioning queue; the new tenant's host answers through nginx."""
    https, portal = smoke.https_port, PLATFORM_DOMAIN
    auth = {"Authorization": f"Bearer {smoke.ops_token}", "Content-Type": "application/json"}
    request = {
        "slug": ONBOARDED_SLUG,
        "name_sv": "Röktest via API",
        "name_en": "Smoke test through the API",
        "kind": "bolag",
        "admin_email": "admin@smoke.test",
    }
    started = time.monotonic()
    queued = fetch(
        https, portal, "/api/ops/v1/tenants/", method="POST",
        body=json.dumps(request).encode(), extra_headers=auth,
    )  # fmt: skip
    if not smoke.check("ops API accepts an onboarding", queued.status == 202, queued.text[:300]):
        return
    job_url = json.loads(queued.body)["url"]
    job: dict[str, object] = {}
    while time.monotonic() - started < 60:
        job = json.loads(fetch(https, portal, job_url, extra_headers=auth).body)
        if job.get("status") in ("done", "failed"):
            break
        time.sleep(0.3)
    smoke.check(
        f"onboarding job worked on the provisioning queue ({time.monotonic() - started:.1f}s)",
        job.get("status") == "done",
        json.dumps(job)[:300],
    )
    home = fetch(https, f"{ONBOARDED_SLUG}.{portal}", "/")
    smoke.check(
        f"new tenant https://{ONBOARDED_SLUG}.{portal}/", home.status == 200, str(home.status)
    )


def _checks(smoke: Smoke) -> None:
    """Make the requests through nginx and check the answers."""
    https, portal, tenant = smoke.https_port, PLATFORM_DOMAIN, f"{TENANT_SLUG}.{PLATFORM_DOMAIN}"

    redirect = fetch(smoke.http_port, portal, "/processes/", tls=False)
    smoke.check(
        "plain HTTP redirects to HTTPS",
        redirect.status == 301
        and redirect.headers.get("location") == f"https://{portal}/processes/",
        f"{redirect.status} {redirect.headers.get('location')}",
    )
    home = fetch(https, portal, "/")
    smoke.check(f"portal home https://{portal}/", home.status == 200, str(home.status))
    smoke.check(
        "security headers from nginx and Django",
        "max-age" in home.headers.get("strict-transport-security", "")
        and home.headers.get("x-content-type-options") == "nosniff",
    )
    tenant_home = fetch(https, tenant, "/")
    smoke.check(
        f"tenant home https://{tenant}/", tenant_home.status == 200, str(tenant_home.status)
    )
    custom = fetch(https, CUSTOM_DOMAIN, "/")
    smoke.check(
        f"custom domain https://{CUSTOM_DOMAIN}/ (catch-all server, its own certificate)",
        custom.status == 200,
        str(custom.status),
    )
    unknown = fetch(https, f"nobody.{PLATFORM_DOMAIN}", "/")
    smoke.check("unknown host gets 404", unknown.status == 404, str(unknown.status))

    css = re.search(r'/static/[^"\']+\.[0-9a-f]{12}\.css', home.text)
    if smoke.check("portal page links a hashed stylesheet", css is not None):
        assert css is not None
        static = fetch(https, portal, css.group(0))
        cache = static.headers.get("cache-control", "")
        smoke.check(
            f"static file {css.group(0)}",
            static.status == 200
            and static.headers.get("content-type", "").startswith("text/css")
            and "max-age=31536000" in cache
            and "immutable" in cache,
            f"{static.status} {static.headers.get('content-type')}; cache-control: {cache}",
        )

    media = fetch(https, tenant, f"/media/{quote(MEDIA_NAME)}")
    smoke.check(
        "upload served on its tenant's host (X-Accel-Redirect)",
        media.status == 200
        and media.text == MEDIA_TEXT
        and media.headers.get("content-type", "").startswith("text/plain"),
        f"{media.status} {media.headers.get('content-type')}",
    )
    elsewhere = fetch(https, portal, f"/media/{quote(MEDIA_NAME)}")
    smoke.check("upload refused on another host", elsewhere.status == 404, str(elsewhere.status))
    internal = fetch(https, tenant, f"/_media/{quote(MEDIA_NAME)}")
    smoke.check("internal media location refused", internal.status == 404, str(internal.status))

    _onboarding_round_trip(smoke)

    ready = fetch(https, portal, "/readyz?worker=1")
    worker_ok = False
    with contextlib.suppress(ValueError, KeyError, TypeError):
        worker_ok = bool(json.loads(ready.body)["checks"]["worker"]["ok"])
    smoke.check(
        "task round trip: /readyz?worker=1", ready.status == 200 and worker_ok, ready.text.strip()
    )

    metrics = fetch(https, portal, "/metrics")
    tenant_requests = _metric(
        metrics.text, "torget_http_requests_total", method="GET", status="2xx", tenant=TENANT_SLUG
    )
    portal_requests = _metric(
        metrics.text, "torget_http_requests_total", method="GET", status="2xx", tenant="portal"
    )
    smoke.check(
        "/metrics counts the requests just made (multiprocess mode)",
        metrics.status == 200 and tenant_requests >= 2 and portal_requests >= 1,
        f"{metrics.status}; tenant {TENANT_SLUG}: {tenant_requests:.0f}, portal: "
        f"{portal_requests:.0f}",
    )
    smoke.check(
        "/metrics labels carry no raw paths",
        "smoke/hej" not in metrics.text and "/static/" not in metrics.text,
    )
    smoke.check(
        "/metrics reads the broker's queue lengths",
        _metric(metrics.text, "torget_celery_broker_up") == 1
        and f'torget_celery_queue_length{{queue="{smoke.queue}"}}' in metrics.text,
    )
    worker = http.client.HTTPConnection(LOOPBACK, smoke.worker_metrics_port, timeout=10)
    worker.request("GET", "/metrics")
    worker_text = worker.getresponse().read().decode()
    worker.close()
    probes = _metric(
        worker_text,
        "torget_celery_tasks_total",
        task="tenants.tasks.probe_worker",
        outcome="success",
    )
    smoke.check("worker metrics count the probe task", probes >= 1, f"{probes:.0f}")

    json_lines = []
    for raw in smoke.logs["gunicorn"].read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            json_lines.append(json.loads(raw))
    django_lines = [
        line
        for line in json_lines
        if isinstance(line, dict)
        and line.get("logger") == "django.request"
        and line.get("request_id") not in (None, "-")
    ]
    smoke.check(
        "web logs are JSON lines with request_id and schema",
        bool(django_lines) and all("schema" in line for line in django_lines),
        f"{len(json_lines)} JSON lines, {len(django_lines)} from django.request",
    )


def _stop(smoke: Smoke) -> None:
    """SIGTERM every process group we started, then SIGKILL what is left."""
    for process in smoke.processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for process in smoke.processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _show_logs(smoke: Smoke, lines: int = 60) -> None:
    for name, path in [
        *smoke.logs.items(),
        ("nginx-error", smoke.root / "logs" / "nginx-error.log"),
    ]:
        if not path.exists():
            continue
        tail = path.read_text(errors="replace").splitlines()[-lines:]
        print(f"\n----- {name} ({path.name}, last {len(tail)} lines) -----", flush=True)
        print("\n".join(tail), flush=True)


@contextlib.contextmanager
def _scratch_database(base_url: str, name: str) -> Iterator[str]:
    """Create database `name` on the server of `base_url`; drop it on the way out."""
    admin_url, url = _database_urls(base_url, name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _forget_redis_keys(url: str, prefixes: list[str]) -> None:
    """Delete the keys this run wrote under its own prefixes (queue, cache)."""
    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(url)
        for prefix in prefixes:
            for key in client.scan_iter(match=f"{prefix}*", count=500):
                client.delete(key)


def run(args: list[str]) -> int:
    """Run the smoke test; return 0 if every check passed."""
    if args:
        fail("`deploy-smoke` takes no arguments")
    nginx = _need_program("nginx", "nginx")
    openssl = _need_program("openssl", "openssl")
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="torget-smoke-"))
    # nginx's workers run as an unprivileged user when we are root; they read from here.
    root.chmod(0o755)
    smoke = Smoke(root)
    for folder in (
        "logs",
        "static",
        "media",
        "private-media",
        "nginx",
        "metrics-web",
        "metrics-worker",
    ):
        (root / folder).mkdir()
    queue, cache_prefix = f"torget-smoke-{smoke.token}", f"smoke-{smoke.token}"
    smoke.queue = queue
    say(f"deploy-smoke: working in {root}")
    try:
        with (
            services_session() as urls,
            _scratch_database(urls["DATABASE_URL"], f"torget_smoke_{smoke.token}") as database_url,
        ):
            smoke.http_port, smoke.https_port = free_port(), free_port()
            smoke.web_port, smoke.worker_metrics_port = free_port(), free_port()
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": urls["REDIS_URL"],
                "TORGET_PRODUCTION": "1",
                "DJANGO_DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "IDENTITY_HASH_KEY": secrets.token_urlsafe(32),
                "PLATFORM_DOMAIN": PLATFORM_DOMAIN,
                "SECURE_COOKIES": "1",
                "BEHIND_TLS_PROXY": "1",
                "CLIENT_IP_HEADER": "X-Forwarded-For",
                "STATIC_ROOT": str(root / "static"),
                "STATIC_MANIFEST": "1",
                "MEDIA_ROOT": str(root / "media"),
                "MEDIA_ACCEL_REDIRECT": "/_media/",
                "PRIVATE_MEDIA_ROOT": str(root / "private-media"),
                "CELERY_QUEUE": queue,
                "CELERY_PROVISIONING_QUEUE": f"{queue}-provisioning",
                "SMOKE_TOKEN_FILE": str(root / "ops-token"),
                "CACHE_KEY_PREFIX": cache_prefix,
                "CELERY_BEAT_SCHEDULE": str(root / "celerybeat-schedule"),
                # Nothing listens there: no mail leaves a smoke test.
                "EMAIL_HOST": LOOPBACK,
                "EMAIL_PORT": str(free_port()),
                "LOG_FORMAT": "json",
                "PYTHONUNBUFFERED": "1",
            }
            for variable in ("SENTRY_DSN", "PROMETHEUS_MULTIPROC_DIR", "CELERY_METRICS_PORT"):
                env.pop(variable, None)
            manage = [sys.executable, str(manage_py())]
            prepared = (
                _run_step(smoke, "migrate", [*manage, "migrate_all"], env)
                and _run_step(smoke, "collectstatic", [*manage, "collectstatic", "--noinput"], env)
                and _run_step(smoke, "onboard", [*manage, "shell", "-c", TENANT_SCRIPT], env)
            )
            if prepared:
                smoke.ops_token = (root / "ops-token").read_text().strip()
                media = root / "media" / MEDIA_NAME
                media.parent.mkdir(parents=True)
                media.write_text(MEDIA_TEXT)
                _serve_and_check(smoke, env, nginx, openssl)
            _stop(smoke)
            _forget_redis_keys(
                urls["REDIS_URL"],
                [
                    queue,
                    cache_prefix,
                    f"_kombu.binding.{queue}",
                    f"_kombu.binding_permanent.{queue}",
                    f"{queue}-provisioning",
                    f"_kombu.binding.{queue}-provisioning",
                ],
            )
    finally:
        _stop(smoke)
        if smoke.failures:
            _show_logs(smoke)
        shutil.rmtree(root, ignore_errors=True)
    elapsed = time.monotonic() - started
    if smoke.failures:
        print(f"\ndeploy-smoke: FAIL ({len(smoke.failures)} failed) in {elapsed:.0f}s", flush=True)
        return 1
    print(f"\ndeploy-smoke: PASS in {elapsed:.0f}s", flush=True)
    return 0


def _serve_and_check(smoke: Smoke, env: dict[str, str], nginx: str, openssl: str) -> None:
    """Start gunicorn, the worker and nginx from deploy/, wait for them, run the checks."""
    root = smoke.root
    cert, key = _certificate(
        root / "certs" / "platform", [PLATFORM_DOMAIN, f"*.{PLATFORM_DOMAIN}"], openssl
    )
    _, custom_key = _certificate(
        root / "certs" / "domains" / CUSTOM_DOMAIN, [CUSTOM_DOMAIN], openssl
    )
    # nginx reads a certificate named by a variable in its worker process, which runs as
    # an unprivileged user when we are root (docs/operations.md says the same for
    # production). A throwaway key for a one-day certificate may be readable by all.
    custom_key.chmod(0o644)
    nginx_conf.write(
        {
            "PLATFORM_DOMAIN": PLATFORM_DOMAIN,
            "HTTP_LISTEN": f"{LOOPBACK}:{smoke.http_port}",
            "HTTPS_LISTEN": f"{LOOPBACK}:{smoke.https_port}",
            "CERTIFICATE": str(cert),
            "CERTIFICATE_KEY": str(key),
            "CUSTOM_CERTIFICATES": str(root / "certs" / "domains"),
            "UPSTREAM": f"{LOOPBACK}:{smoke.web_port}",
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(root / "media"),
        },
        root / "nginx",
    )
    main_conf = _nginx_main_conf(smoke, nginx)
    nginx_argv = [nginx, "-p", str(root / "nginx"), "-c", str(main_conf)]
    if not _run_step(smoke, "nginx -t", [*nginx_argv, "-t"], env):
        return
    _start(
        smoke,
        "gunicorn",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "config.wsgi:application",
        ],
        {
            **env,
            "GUNICORN_BIND": f"{LOOPBACK}:{smoke.web_port}",
            "GUNICORN_WORKERS": "2",
            "PROMETHEUS_MULTIPROC_DIR": str(root / "metrics-web"),
        },
    )
    _start(
        smoke,
        "worker",
        [
            sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info",
            "-n", f"smoke-{smoke.token}@%h", "--concurrency", "2",
            "-Q", f"{env['CELERY_QUEUE']},{env['CELERY_PROVISIONING_QUEUE']}",
        ],
        {
            **env,
            "PROMETHEUS_MULTIPROC_DIR": str(root / "metrics-worker"),
            "CELERY_METRICS_PORT": str(smoke.worker_metrics_port),
        },
    )  # fmt: skip
    _start(smoke, "nginx", [*nginx_argv, "-g", "daemon off;"], env)

    def web_up() -> bool:
        return fetch(smoke.web_port, PLATFORM_DOMAIN, "/healthz", tls=False).status == 200

    def nginx_up() -> bool:
        return fetch(smoke.https_port, PLATFORM_DOMAIN, "/healthz").status == 200

    def worker_up() -> bool:
        conn = http.client.HTTPConnection(LOOPBACK, smoke.worker_metrics_port, timeout=2)
        try:
            conn.request("GET", "/metrics")
            return conn.getresponse().status == 200
        finally:
            conn.close()

    if (
        _wait_for(smoke, "gunicorn (2 workers)", web_up)
        and _wait_for(smoke, "nginx", nginx_up)
        and _wait_for(smoke, "Celery worker", worker_up)
    ):
        try:
            _checks(smoke)
        except (OSError, http.client.HTTPException, ssl.SSLError) as error:
            smoke.check("the checks ran to the end", False, f"{type(error).__name__}: {error}")
