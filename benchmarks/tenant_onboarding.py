"""Measure onboarding a tenant: migrating a new schema versus cloning a template schema.

Run with a database reachable through DATABASE_URL (and REDIS_URL set):

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/tenant_onboarding.py [--n 5]

It creates tenants bench-m-* (migrated) and bench-c-* (cloned) in a scratch database
`torget_bench` next to DATABASE_URL's, prints the mean seconds per tenant, and drops the
scratch database again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5)
    args = parser.parse_args()

    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS torget_bench")
        admin.execute("CREATE DATABASE torget_bench")
    os.environ["DATABASE_URL"] = urlunsplit(base._replace(path="/torget_bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from tenants.actions import ensure_public_tenant, onboard_tenant

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()

        migrated = []
        for number in range(args.n):
            started = time.perf_counter()
            onboard_tenant(slug=f"bench-m-{number}", name_sv="B", name_en="B")
            migrated.append(time.perf_counter() - started)

        with connection.cursor() as cursor:
            cursor.execute("CREATE SCHEMA tenant_template")
        call_command(
            "migrate_schemas",
            schema_name="tenant_template",
            tenant=True,
            interactive=False,
            verbosity=0,
        )
        connection.set_schema_to_public()
        settings.TENANT_BASE_SCHEMA = "tenant_template"
        settings.TENANT_CREATION_FAKES_MIGRATIONS = True
        cloned = []
        for number in range(args.n):
            started = time.perf_counter()
            onboard_tenant(slug=f"bench-c-{number}", name_sv="B", name_en="B")
            cloned.append(time.perf_counter() - started)
        print(f"tenants per method: {args.n}")
        print(
            f"migrate a new schema: mean {statistics.mean(migrated):.3f} s, "
            f"max {max(migrated):.3f} s"
        )
        print(
            f"clone the template:   mean {statistics.mean(cloned):.3f} s, max {max(cloned):.3f} s"
        )
        connection.close()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS torget_bench WITH (FORCE)")


if __name__ == "__main__":
    main()
