"""Measure the daily digest for 50,000 residents with activity in 3 tenants.

Run with a database reachable through DATABASE_URL and a Redis at REDIS_URL:

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/digest.py [--residents 50000]

It builds a scratch database `torget_bench_digest` next to DATABASE_URL's (public schema
only: the digest never reads tenant schemas, so the three tenants are rows without
schemas), bulk-inserts residents who chose the daily digest and two inbox entries each in
every tenant, starts one real Celery worker (solo pool) against a counting SMTP server
(aiosmtpd) in this process, queues `send_digests("daily")` and waits until every e-mail
has been received. It prints the sizes, the wall time of the digest, the queries one
chunk costs and the worker's peak resident memory; the scratch database is dropped.
Target: at most 5 minutes for 50,000 residents.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DB_NAME = "torget_bench_digest"
QUEUE = "torget-bench-digest"
ENTRIES_PER_TENANT = 2
TIMEOUT = 1200


class CountingSink:
    """An SMTP handler that only counts messages (parsing them would slow the sink)."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    """Return the process's peak resident set (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fill(residents: int) -> tuple[int, int]:
    """Insert tenants, residents, their daily choice and inbox entries; return counts."""
    from django.db import connection

    from tenants.actions import ensure_public_tenant
    from tenants.models import Domain, Tenant

    ensure_public_tenant()
    tenants = []
    for slug in ("kultur", "miljo", "trafik"):
        tenant = Tenant.objects.create(
            schema_name=Tenant.schema_name_for(slug),
            slug=slug,
            name_sv=f"Förvaltning {slug}",
            name_en=f"Administration {slug}",
        )
        Domain.objects.create(domain=f"{slug}.localhost", tenant=tenant, is_primary=True)
        tenants.append(tenant.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, email, display_name,
                preferred_language, is_active, is_staff, created, modified)
            SELECT '!', false, 'resident' || n || '@example.org', 'Resident ' || n,
                CASE WHEN n %% 4 = 0 THEN 'en' ELSE 'sv' END, true, false, now(), now()
            FROM generate_series(1, %s) AS n
            """,
            [residents],
        )
        cursor.execute(
            """
            INSERT INTO notifications_notificationsettings (user_id, email, modified)
            SELECT id, 'daily', now() FROM accounts_user
            """
        )
        cursor.execute(
            """
            INSERT INTO notifications_notification (user_id, tenant_id, event, title_sv,
                title_en, text_sv, text_en, path, created)
            SELECT u.id, t, CASE WHEN k = 1 THEN 'comment' ELSE 'phase_changed' END,
                'Parken vid ån ' || k, 'The park by the river ' || k,
                'En ny kommentar om bänkarna', 'A new comment about the benches',
                '/processes/parken-' || k || '/', now() - k * interval '1 hour'
            FROM accounts_user u, unnest(%s::int[]) AS t, generate_series(1, %s) AS k
            """,
            [tenants, ENTRIES_PER_TENANT],
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM notifications_notification")
        entries = cursor.fetchone()[0]
    return residents, entries


def queries_per_chunk() -> int:
    """Run the first chunk in this process inside a rolled-back transaction; count SQL."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from shared_apps.notifications.emails import chunk_bounds
    from shared_apps.notifications.models import Notification
    from shared_apps.notifications.tasks import DIGEST_CHUNK, send_digest_chunk

    ids = Notification.objects.order_by("user_id").values_list("user_id", flat=True).distinct()
    first, last = chunk_bounds(ids[:DIGEST_CHUNK], DIGEST_CHUNK)[0]
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            send_digest_chunk("daily", first, last)
        transaction.set_rollback(True)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=50_000)
    args = parser.parse_args()

    import psycopg
    from aiosmtpd.controller import Controller

    base = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = urlunsplit(base._replace(path=f"/{DB_NAME}"))
    os.environ["CELERY_QUEUE"] = QUEUE
    os.environ["PLATFORM_DOMAIN"] = "localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sink = CountingSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    worker = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from config.celery import app as celery_app
        from shared_apps.mail.models import OutgoingMail
        from shared_apps.notifications.tasks import send_digests

        # aiosmtpd logs every SMTP command at INFO: 50,000 mails would flood the output.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        started = time.perf_counter()
        residents, entries = fill(args.residents)
        took = time.perf_counter() - started
        print(f"filled {residents} residents, {entries} entries in {took:.1f} s")
        per_chunk = queries_per_chunk()

        celery_app.control.purge()
        env = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port)}
        name = f"bench-digest-{os.getpid()}@{socket.gethostname()}"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "-Q", QUEUE, "--without-gossip", "--without-mingle", "-l", "warning", "-n", name],
            env=env, cwd=REPO,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=0.5, destination=[name]):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        connection.close()

        started = time.perf_counter()
        send_digests.delay("daily")
        deadline = time.monotonic() + TIMEOUT
        while sink.count < residents and time.monotonic() < deadline:
            time.sleep(0.5)
        wall = time.perf_counter() - started
        # The last rows are marked sent just after their message is accepted.
        time.sleep(1)
        sent = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count()
        print(f"residents             {residents:>10}")
        print(f"notifications         {entries:>10}")
        print(f"e-mails received      {sink.count:>10}  (outbox rows sent: {sent})")
        print(f"digest wall time      {wall:>10.1f} s  (target <= 300 s)")
        print(f"queries per chunk     {per_chunk:>10}  (1,000 residents per chunk)")
        print(f"worker peak RSS       {peak_rss_mib(worker.pid):>10.1f} MiB")
        connection.close()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        smtp.stop()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
