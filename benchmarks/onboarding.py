"""Measure onboarding tenants (cloned from the template vs migrated) and `make migrate`.

Run with a PostgreSQL server reachable through DATABASE_URL (and REDIS_URL set):

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/onboarding.py \
        [--tenants 50] [--migrated 3] [--total 100] [--keep]

In a scratch database (`torget_bench_schemas` next to DATABASE_URL's; dropped at the
end unless --keep) it migrates the public schema and the template schema, then:

(a) onboards --tenants tenants the way the provisioning worker does: a validated request
    becomes a ProvisioningJob and `tenants.onboarding.provision` works it (the tenant row,
    its schema with every tenant app cloned from the template, its domain, the first
    administrator's account, role and invitation e-mail), and prints median, p90 and
    max seconds per tenant, request to ready;
(b) onboards --migrated tenants the same way with TENANT_BASE_SCHEMA empty (schemas
    migrated from scratch) and prints the ratio of the medians;
(c) onboards more tenants until there are --total, then times `make migrate`'s command
    (`python -m devstack manage migrate_all`, a new process, end to end) with nothing to
    do, and plain `manage.py migrate_schemas` for comparison.

The targets (issue 8): onboarding median <= 2 s over 50 tenants; the no-op `make migrate`
over 100 tenants <= 20 s. The load average is printed at the start and the end: the
figures are CPU-bound and noisy on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCRATCH_DATABASE = "torget_bench_schemas"


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def _figures(label: str, times: list[float]) -> str:
    return (
        f"{label}: n={len(times)} median {statistics.median(times):.3f} s, "
        f"p90 {_p90(times):.3f} s, max {max(times):.3f} s"
    )


def _timed_command(argv: list[str], env: dict[str, str]) -> tuple[float, str, int]:
    started = time.perf_counter()
    completed = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, (completed.stdout + completed.stderr).strip(), completed.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=50, help="cloned tenants to time")
    parser.add_argument("--migrated", type=int, default=3, help="migrated tenants to time")
    parser.add_argument("--total", type=int, default=100, help="tenants for the migrate runs")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {SCRATCH_DATABASE}")
    scratch_url = urlunsplit(base._replace(path=f"/{SCRATCH_DATABASE}"))
    os.environ["DATABASE_URL"] = scratch_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TENANT_BASE_SCHEMA", "tenant_template")
    print(f"load average at start: {_loadavg()}", flush=True)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.test.utils import override_settings

        from tenants.actions import ensure_public_tenant
        from tenants.models import Tenant
        from tenants.onboarding import provision, request_onboarding
        from tenants.schemas import ensure_template_schema, template_schema_name

        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()
        print(f"migrated the public schema in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        ensure_template_schema()
        print(
            f"migrated the template schema {template_schema_name()} "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )

        from tenants import onboarding

        # This process works each job itself, as the provisioning worker would; nothing
        # is sent to the broker.
        onboarding.queue_job = lambda job: None  # type: ignore[assignment]

        def onboard(slug: str) -> float:
            started = time.perf_counter()
            job = request_onboarding(
                {
                    "slug": slug,
                    "name_sv": f"Bänk {slug}",
                    "name_en": f"Bench {slug}",
                    "kind": "forvaltning",
                    "admin_email": f"admin@{slug}.example.org",
                },
                by="benchmark",
                channel="command",
            )
            job = provision(job.pk)
            if job.status != "done":
                raise SystemExit(f"onboarding {slug} failed: {job.error}")
            return time.perf_counter() - started

        cloned = [onboard(f"bench-{number:03d}") for number in range(1, args.tenants + 1)]
        print(_figures("(a) onboard, schema cloned from the template", cloned), flush=True)

        with override_settings(TENANT_BASE_SCHEMA="", TENANT_CREATION_FAKES_MIGRATIONS=False):
            migrated = [onboard(f"bench-m-{number}") for number in range(1, args.migrated + 1)]
        print(_figures("(b) onboard, schema migrated from scratch", migrated))
        ratio = statistics.median(migrated) / statistics.median(cloned)
        print(f"    ratio of medians, migrated / cloned: {ratio:.1f}", flush=True)

        existing = Tenant.objects.exclude(schema_name="public").count()
        for number in range(existing + 1, args.total + 1):
            onboard(f"bench-g-{number:03d}")
        total = Tenant.objects.exclude(schema_name="public").count()
        connections.close_all()

        env = {**os.environ, "DATABASE_URL": scratch_url, "PYTHONUNBUFFERED": "1"}
        seconds, output, status = _timed_command(
            [sys.executable, "-m", "devstack", "manage", "migrate_all"], env
        )
        print(f"(c) make migrate (devstack manage migrate_all), nothing to do, {total} tenants:")
        print(f"    {seconds:.2f} s, exit status {status}")
        print("    " + output.replace("\n", "\n    "))
        seconds, output, status = _timed_command(
            [sys.executable, "manage.py", "migrate_schemas", "--noinput"], env
        )
        print(
            f"    plain manage.py migrate_schemas, nothing to do: {seconds:.2f} s, status {status}"
        )
        if status:
            print("    " + output[-2000:].replace("\n", "\n    "))
    finally:
        print(f"load average at end: {_loadavg()}", flush=True)
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
