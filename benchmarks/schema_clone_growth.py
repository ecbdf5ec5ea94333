"""Measure how the time to clone a tenant schema grows with the number of schemas.

Run with a PostgreSQL server reachable through DATABASE_URL (and REDIS_URL set):

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/schema_clone_growth.py \
        [--levels 0,50,100,150] [--samples 5] [--methods django-tenants,torget]

In a scratch database (`torget_bench_schemas_clone` next to DATABASE_URL's; dropped at the end
unless --keep) it migrates the public schema and the template schema, then at each level
of existing schemas clones --samples schemas with each method, each method on a new
database connection, and prints the median and the maximum seconds per clone. Between
levels it adds schemas with the fastest method.

- `django-tenants`: the PL/pgSQL `clone_schema` function django-tenants ships (what
  `Tenant.create_schema` runs when TENANT_BASE_SCHEMA is set), then the faked
  `migrate_schemas` that follows it there.
- `torget`: `tenants.schemas.clone_template`, the DDL read once from the catalogs and
  replayed in one round trip.

Each clone runs in a transaction that is committed, as onboarding does. The load average
is printed at the start and at the end: the figures are CPU-bound and noisy on a busy
machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCRATCH_DATABASE = "torget_bench_schemas_clone"


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="0,50,100,150")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--methods", default="django-tenants,torget")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    methods = [method.strip() for method in args.methods.split(",") if method.strip()]

    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {SCRATCH_DATABASE}")
    os.environ["DATABASE_URL"] = urlunsplit(base._replace(path=f"/{SCRATCH_DATABASE}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TENANT_BASE_SCHEMA"] = "tenant_template"
    print(f"load average at start: {_loadavg()}", flush=True)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections, transaction
        from django_tenants.clone import CloneSchema

        from tenants import schemas

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        schemas.ensure_template_schema()

        def django_tenants_clone(name: str) -> None:
            with transaction.atomic():
                CloneSchema().clone_schema(schemas.template_schema_name(), name)
                call_command(
                    "migrate_schemas",
                    tenant=True,
                    fake=True,
                    schema_name=name,
                    interactive=False,
                    verbosity=0,
                )
                connection.set_schema_to_public()

        def torget_clone(name: str) -> None:
            with transaction.atomic():
                schemas.create_tenant_schema(name)

        clone_by_method: dict[str, Callable[[str], None]] = {
            "django-tenants": django_tenants_clone,
            "torget": torget_clone,
        }
        fastest = clone_by_method["torget" if "torget" in methods else methods[0]]
        existing = 0
        counter = 0
        results: list[tuple[int, str, float, float]] = []
        for level in levels:
            while existing < level:
                counter += 1
                fastest(f"fill_{counter:04d}")
                existing += 1
            for method in methods:
                # A new backend per method and level: django-tenants' function swells the
                # backend that runs it (hundreds of MB), which slows whatever runs next
                # on that connection.
                connections.close_all()
                times = []
                for _ in range(args.samples):
                    counter += 1
                    started = time.perf_counter()
                    clone_by_method[method](f"sample_{counter:04d}")
                    times.append(time.perf_counter() - started)
                    existing += 1
                results.append((level, method, statistics.median(times), max(times)))
                print(
                    f"{level:4d} schemas before: {method:15s} median "
                    f"{statistics.median(times):6.3f} s, max {max(times):6.3f} s "
                    f"(load {_loadavg().split()[0]})",
                    flush=True,
                )
        print()
        print("schemas before | method          | median s | max s")
        for level, method, median, maximum in results:
            print(f"{level:14d} | {method:15s} | {median:8.3f} | {maximum:5.3f}")
        connection.close()
    finally:
        print(f"load average at end: {_loadavg()}", flush=True)
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
