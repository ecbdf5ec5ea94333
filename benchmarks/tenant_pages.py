"""Measure a tenant's pages and the portal as the number of processes grows.

Run with a database reachable through DATABASE_URL (and REDIS_URL set):

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/tenant_pages.py [--sizes 1,50,200]

It builds a scratch database `torget_bench_pages` next to DATABASE_URL's with one tenant,
adds published processes (each with two phases, a page and a news component, an area and a
category, written through the action functions so the portal catalog is filled too), and
for each size prints the number of SQL queries and the median time of 15 requests to each
page. Flat query counts are the target; the scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DB_NAME = "torget_bench_pages"
REPEATS = 15


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,50,200")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = urlunsplit(base._replace(path=f"/{DB_NAME}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django_tenants.utils import schema_context

        from shared_apps.accounts.models import Membership, User
        from shared_apps.vocabularies.city import ensure_city_vocabularies
        from shared_apps.vocabularies.models import Area, Category
        from tenant_apps.spaces.actions import add_component, create_process, set_space_published
        from tenant_apps.spaces.phases import save_phase
        from tenants.actions import ensure_public_tenant, onboard_tenant
        from tenants.roles import grant_role

        settings.ALLOWED_HOSTS = ["*"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()
        ensure_city_vocabularies()
        tenant = onboard_tenant(slug="bench", name_sv="Bänk", name_en="Bench")
        admin_user = User.objects.create_user("bench@example.org", "x", display_name="Bench")
        grant_role(tenant, admin_user, Membership.Role.ADMIN)
        area, category = Area.objects.first(), Category.objects.first()

        def add_processes(count: int, offset: int) -> None:
            with schema_context(tenant.schema_name):
                for number in range(offset, offset + count):
                    starts = date.today() - timedelta(days=number % 30)
                    process = create_process(
                        by=admin_user,
                        data={
                            "slug": f"p-{number}",
                            "title_sv": f"Process {number}",
                            "summary_sv": "En process att mäta sidorna med.",
                            "starts": starts,
                            "ends": starts + timedelta(days=59),
                        },
                        areas=[area],
                        categories=[category],
                    )
                    for half in range(2):
                        save_phase(
                            process,
                            by=admin_user,
                            data={
                                "title_sv": f"Fas {half + 1}",
                                "starts": starts + timedelta(days=30 * half),
                                "ends": starts + timedelta(days=30 * half + 29),
                            },
                        )
                    add_component(process, by=admin_user, type="pages", name_sv="Om")
                    add_component(process, by=admin_user, type="news", name_sv="Nyheter")
                    set_space_published(process, True, by=admin_user)

        anonymous, staff = Client(), Client()
        staff.force_login(admin_user)
        pages = [
            ("portal home", anonymous, "localhost", "/"),
            ("tenant home", anonymous, "bench.localhost", "/"),
            ("process list", anonymous, "bench.localhost", "/processes/"),
            ("process list filtered", anonymous, "bench.localhost",
             f"/processes/?status=active&area={area.slug}"),
            ("api process list", anonymous, "bench.localhost", "/api/processes/"),
            ("admin dashboard", staff, "bench.localhost", "/manage/"),
        ]  # fmt: skip
        print(f"{'page':<24}" + "".join(f"{size:>8} q {size:>6} ms" for size in sizes))
        results: dict[str, list[str]] = {name: [] for name, *_ in pages}
        created = 0
        for size in sizes:
            add_processes(size - created, created)
            created = size
            for name, client, host, path in pages:
                connection.set_schema_to_public()
                queries: list[str] = []

                def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    response = client.get(path, HTTP_HOST=host)
                assert response.status_code == 200, (name, response.status_code)
                timings = []
                for _ in range(REPEATS):
                    started = time.perf_counter()
                    client.get(path, HTTP_HOST=host)
                    timings.append((time.perf_counter() - started) * 1000)
                results[name].append(f"{len(queries):>10} {statistics.median(timings):>9.1f}")
        for name, columns in results.items():
            print(f"{name:<24}" + "".join(columns))
        connection.close()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
