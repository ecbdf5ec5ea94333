"""Measure ballot submission through gunicorn: sustained ballots per second, latency, and
that no person ends with two ballots and no ballot breaks the rules.

Target (issue 6): on 2 cores, >= 200 ballots/s sustained for a minute, p95 <= 150 ms,
0 double ballots, 0 rule violations. Run from the repository root with a database and
Redis reachable through DATABASE_URL and REDIS_URL:

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/ballots.py \
        [--rate 220] [--seconds 60] [--workers 2]

It builds a scratch database `torget_bench_ballots` next to DATABASE_URL's with one tenant,
a process in its voting phase and a knapsack budget (1 000 000 kr, 70 % least spend, 12
projects), and for every simulated resident an account, a signed-in session and a draft
ballot (as the add/remove pages leave it). 2 % of the drafts spend too little, and 1 % of
the residents submit twice at the same moment. gunicorn serves `config.wsgi` (gthread
workers, as deploy/gunicorn.conf.py); a small asyncio client sends the final "submit"
POSTs at a fixed rate over keep-alive connections (open loop: a late answer does not slow
the sending) and records each answer's time. Afterwards the database is checked: submitted
ballots per person, every submitted ballot against the rules, and the receipts.

The client runs on the same two cores as the server, so the figures are a lower bound.
The scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "torget_bench_ballots"
HOST = "bench.localhost"
CONNECTIONS = 48
UNUSABLE = "!"  # Django's mark of an unusable password


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_by_role(server_pid: int) -> dict[str, float]:
    """Return the CPU seconds used so far by gunicorn (master and workers), PostgreSQL
    (every process named postgres on the machine) and this client, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {"gunicorn": 0.0, "postgres": 0.0, "client": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                raw = stat.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        pid, ppid, pgid = int(entry), int(fields[1]), int(fields[2])
        seconds = (int(fields[11]) + int(fields[12])) / ticks
        if name.startswith("postgres"):
            # Backends that ended (CONN_MAX_AGE reconnects) count in the postmaster's
            # children's times.
            seconds += (int(fields[13]) + int(fields[14])) / ticks
        if pid == os.getpid():
            used["client"] += seconds
        elif pgid == server_pid or ppid == server_pid:
            used["gunicorn"] += seconds
        elif name.startswith("postgres"):
            used["postgres"] += seconds
    return used


def machine_cpu() -> tuple[float, float]:
    """Return (busy, total) CPU seconds of the whole machine from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    return (sum(values) - idle) / ticks, sum(values) / ticks


def build(residents: int) -> tuple[str, list[tuple[str, str]], set[int]]:
    """Create the tenant, the budget, the residents with sessions and drafts; return the
    submit path, (session key, csrf token) per resident and the indexes of bad drafts."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import Membership, User
    from tenant_apps.budgets.models import Ballot, BallotChoice, Budget, Project
    from tenant_apps.spaces.actions import add_component, create_process, set_space_published
    from tenant_apps.spaces.models import Component
    from tenant_apps.spaces.phases import save_phase
    from tenants.actions import ensure_public_tenant, onboard_tenant
    from tenants.roles import grant_role

    ensure_public_tenant()
    tenant = onboard_tenant(slug="bench", name_sv="Bänkförvaltningen", name_en="Bench")
    admin = User.objects.create_user("admin@bench.example", None, display_name="Admin")
    grant_role(tenant, admin, Membership.Role.ADMIN)
    # Residents sign in through the sessions made below; their passwords are unusable.
    users = User.objects.bulk_create(
        User(email=f"r{n}@bench.example", display_name=f"Resident {n}", password=UNUSABLE)
        for n in range(residents)
    )
    today = timezone.localdate()
    with schema_context(tenant.schema_name):
        process = create_process(
            by=admin,
            data={
                "slug": "mb",
                "title_sv": "Medborgarbudget",
                "summary_sv": "Rösta på projekten.",
                "starts": today - timedelta(5),
                "ends": today + timedelta(30),
            },
        )
        save_phase(
            process,
            by=admin,
            data={
                "title_sv": "Omröstning",
                "starts": today - timedelta(5),
                "ends": today + timedelta(30),
            },
        )
        component = add_component(process, by=admin, type="budgets", name_sv="Omröstning")
        phase = process.phases.get(is_active=True)
        Component.objects.filter(pk=component.pk).update(
            published=True, phase_settings={str(phase.pk): {"votes_enabled": True}}
        )
        set_space_published(process, True, by=admin)
        budget = Budget.objects.create(
            component=component, title_sv="Hela staden", amount=1_000_000, min_share=70
        )
        costs = [
            100_000,
            150_000,
            200_000,
            250_000,
            300_000,
            120_000,
            80_000,
            60_000,
            400_000,
            350_000,
            90_000,
            110_000,
        ]
        projects = [
            Project.objects.create(
                budget=budget, title_sv=f"Projekt {n}", description_sv="x", cost=cost
            )
            for n, cost in enumerate(costs)
        ]
        rng = random.Random(7)
        bad: set[int] = set(rng.sample(range(residents), residents // 50))
        drafts = Ballot.objects.bulk_create(Ballot(budget=budget, user=user) for user in users)
        choices = []
        for index, draft in enumerate(drafts):
            if index in bad:
                picked = [projects[7]]  # 60 000 kr: less than the 700 000 kr to spend
            else:
                while True:
                    picked = rng.sample(projects, rng.randint(3, 6))
                    if 700_000 <= sum(p.cost for p in picked) <= 1_000_000:
                        break
            choices += [BallotChoice(ballot=draft, project=p) for p in picked]
        BallotChoice.objects.bulk_create(choices, batch_size=5000)
        path = f"{budget.get_absolute_url()}review/"
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + timedelta(days=1)
    sessions, credentials = [], []
    for user in users:
        store = SessionStore()
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        credentials.append((key, secrets.token_hex(16)))  # CSRF: letters and digits
    Session.objects.bulk_create(sessions, batch_size=5000)
    return path, credentials, bad


async def send_all(
    port: int, path: str, plan: list[tuple[float, str, str]]
) -> list[tuple[float, float, int, str]]:
    """Send each planned POST at its time; return (planned, latency, status, location),
    the latency counted from the planned time."""
    queue: asyncio.Queue[tuple[float, str, str]] = asyncio.Queue()
    results: list[tuple[float, float, int, str]] = []
    start = time.perf_counter()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while True:
            item = await queue.get()
            if item[0] < 0:
                writer.close()
                return
            at, session, token = item
            body = f"csrfmiddlewaretoken={token}".encode()
            request = (
                f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\n"
                f"Cookie: sessionid={session}; csrftoken={token}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode() + body
            # Open loop: the time counts from when the request was due, so a request
            # that waited here for a free connection is as late as one the server queued.
            sent = start + at
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:])}
            length = int(headers.get("content-length", "0") or 0)
            if length:
                await reader.readexactly(length)
            results.append((at, time.perf_counter() - sent, status, headers.get("location", "")))
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)

    workers = [asyncio.create_task(connection()) for _ in range(CONNECTIONS)]
    for at, session, token in plan:
        delay = at - (time.perf_counter() - start)
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((at, session, token))
    for _ in workers:
        queue.put_nowait((-1.0, "", ""))
    await asyncio.gather(*workers)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=220, help="submissions sent per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument(
        "--worker-class", default="gthread", help="gunicorn worker class (gthread, sync)"
    )
    args = parser.parse_args()
    residents = args.rate * args.seconds

    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = urlunsplit(base._replace(path=f"/{DB_NAME}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate_schemas", "--shared", verbosity=0)
        started = time.perf_counter()
        path, credentials, bad = build(residents)
        print(
            f"built {residents} residents with sessions and drafts in "
            f"{time.perf_counter() - started:.1f} s"
        )
        connection.close()

        port = free_port()
        env = {**os.environ, "DJANGO_DEBUG": "0"}
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "-k",
                args.worker_class,
                "--threads",
                str(args.threads),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        time.sleep(2)

        rng = random.Random(11)
        interval = 1 / args.rate
        plan = [(n * interval, key, token) for n, (key, token) in enumerate(credentials)]
        twice = rng.sample(range(residents), residents // 100)
        plan += [(n * interval + 0.001, *credentials[n]) for n in twice]  # double clicks
        plan.sort()
        cpu_before = cpu_by_role(server.pid)
        machine_before = machine_cpu()
        sending = time.perf_counter()
        results = asyncio.run(send_all(port, path, plan))
        cpu_after = cpu_by_role(server.pid)
        sending = time.perf_counter() - sending
        machine_after = machine_cpu()

        from django_tenants.utils import schema_context

        from tenant_apps.budgets import ballot_rules
        from tenant_apps.budgets.models import Ballot, BallotChoice, Budget

        ok = [r for r in results if r[2] == 302 and r[3].endswith("/receipt/")]
        refused = [r for r in results if r[2] == 302 and r[3].endswith("/review/")]
        other = [r for r in results if r not in ok and r not in refused]
        ok_times = sorted(latency * 1000 for _at, latency, _s, _l in ok)
        all_times = sorted(latency * 1000 for _at, latency, _s, _l in results)
        last_answer = max(at + latency for at, latency, _s, _l in results)
        with schema_context("t_bench"):
            budget = Budget.objects.get()
            submitted = Ballot.objects.filter(status="submitted")
            doubles = (
                submitted.values("voter_key")
                .order_by()
                .annotate(n=django.db.models.Count("pk"))
                .filter(n__gt=1)
                .count()
            )
            by_ballot: dict[int, list[ballot_rules.Choice]] = {}
            for ballot_id, project_id, cost in BallotChoice.objects.filter(
                ballot__status="submitted"
            ).values_list("ballot_id", "project_id", "project__cost"):
                by_ballot.setdefault(ballot_id, []).append(ballot_rules.Choice(project_id, cost))
            violations = sum(
                1
                for choices in by_ballot.values()
                if ballot_rules.problems(budget, choices, final=True)
            )
            receipts = submitted.exclude(receipt_code="").count()
            count = submitted.count()
        print()
        print(
            f"submissions sent        {len(plan)} ({residents} residents, {len(twice)} "
            f"sent twice at once, {len(bad)} drafts spending too little)"
        )
        print(
            f"sending rate            {args.rate}/s for {args.seconds} s "
            f"(gunicorn: {args.workers} {args.worker_class} workers x {args.threads} threads)"
        )
        print(f"accepted (receipt)      {len(ok)}")
        print(f"refused (review page)   {len(refused)}")
        print(f"other answers           {len(other)} {sorted({r[2] for r in other})}")
        print(
            f"sustained accepted      {len(ok) / last_answer:.1f} ballots/s "
            f"(all answers within {last_answer:.1f} s)"
        )
        print(
            f"latency, accepted       median {statistics.median(ok_times):.1f} ms, "
            f"p95 {ok_times[int(len(ok_times) * 0.95)]:.1f} ms, max {ok_times[-1]:.1f} ms"
        )
        print(f"latency, all answers    p95 {all_times[int(len(all_times) * 0.95)]:.1f} ms")
        print(
            "CPU per request         "
            + ", ".join(
                f"{role} {(cpu_after[role] - cpu_before[role]) / len(results) * 1000:.1f} ms"
                for role in cpu_after
            )
            + f" (load average {os.getloadavg()[0]:.2f})"
        )
        busy = machine_after[0] - machine_before[0]
        total = machine_after[1] - machine_before[1]
        print(
            f"machine CPU busy        {busy / total * 100:.0f} % of {total:.0f} CPU-s in "
            f"{sending:.1f} s while sending; {busy / len(results) * 1000:.1f} ms per request, "
            "everything included"
        )
        print(f"submitted ballots       {count} (receipts {receipts})")
        print(f"double ballots          {doubles}")
        print(f"rule violations         {violations}")
        expected = residents - len(bad)
        print(f"expected submitted      {expected}: {'yes' if count == expected else 'NO'}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
