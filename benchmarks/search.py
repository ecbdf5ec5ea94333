"""Measure city-wide search on 100 000 documents: median and p95 of the search function
and of the /search/ page for typical queries.

Target (the portal issue): p95 <= 100 ms. Run from the repository root with a database and
Redis reachable through DATABASE_URL and REDIS_URL:

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/search.py \
        [--documents 100000] [--tenants 60] [--repeats 15]

It builds a scratch database `torget_bench_search` next to DATABASE_URL's (public schema
only: search reads nothing else), with tenant rows and documents spread over them: 70 %
proposals (Swedish only, as residents write them), 15 % budget projects, 10 % pages and
5 % processes (Swedish and English). Titles and bodies are generated from word lists of
city topics, so common words ("park") match tens of thousands of documents and rare ones
a few. Documents are written through shared_apps.search.index (the same rows and vectors
as the tenant actions write). Each query is run `--repeats` times after one warm-up run.
The scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "torget_bench_search"
TARGET_MS = 100.0

AREAS = [
    ("angered", "Angered", "Angered"), ("majorna", "Majorna", "Majorna"),
    ("hisingen", "Hisingen", "Hisingen"), ("centrum", "centrum", "the city centre"),
    ("frolunda", "Frölunda", "Frölunda"), ("lundby", "Lundby", "Lundby"),
    ("orgryte", "Örgryte", "Örgryte"), ("askim", "Askim", "Askim"),
    ("backa", "Backa", "Backa"), ("kortedala", "Kortedala", "Kortedala"),
]  # fmt: skip
# (Swedish singular, Swedish plural or definite, English) of city things.
THINGS = [
    ("cykelbana", "cykelbanor", "cycle path"), ("park", "parken", "park"),
    ("lekplats", "lekplatser", "playground"), ("bibliotek", "biblioteket", "library"),
    ("bänk", "bänkar", "bench"), ("gatubelysning", "belysningen", "street lighting"),
    ("busshållplats", "busshållplatser", "bus stop"), ("utegym", "utegymmet", "outdoor gym"),
    ("hundrastgård", "hundrastgårdar", "dog park"), ("badplats", "badplatsen", "bathing place"),
    ("fritidsgård", "fritidsgårdar", "youth centre"), ("odlingslott", "odlingslotter", "allotment"),
    ("konstgräsplan", "konstgräsplaner", "artificial pitch"),
    ("skolgård", "skolgårdar", "schoolyard"),
    ("träd", "träden", "trees"), ("återvinningsstation", "återvinningen", "recycling station"),
    ("övergångsställe", "övergångsställen", "pedestrian crossing"), ("torg", "torget", "square"),
    ("konsthall", "konsten", "art gallery"), ("simhall", "simhallen", "swimming pool"),
    ("skatepark", "skateparken", "skate park"), ("grillplats", "grillplatser", "barbecue area"),
    ("laddstolpe", "laddstolpar", "charging point"), ("gångväg", "gångvägar", "footpath"),
]  # fmt: skip
ADJECTIVES_SV = ["Ny", "Fler", "Bättre", "Tryggare", "Renovera", "Bygg", "Upprusta", "Grönare"]
ADJECTIVES_EN = ["New", "More", "Better", "Safer", "Renovate", "Build", "Upgrade", "Greener"]
PLACES = ["vid älven", "i centrum", "nära skolan", "vid dammen", "längs kajen", "på torget"]
SENTENCES_SV = [
    "Många barn och äldre använder {plural} varje dag.",
    "Vi föreslår att staden satsar på {thing} i {area}.",
    "Det saknas {plural} och belysning på kvällarna.",
    "En {thing} skulle göra området tryggare och mer levande.",
    "Grannar har samlat namn för att få {plural} till stadsdelen.",
    "Kostnaden bör rymmas i stadsdelens budget för nästa år.",
    "Underhållet av {plural} har varit eftersatt länge.",
]
SENTENCES_EN = [
    "Many children and older people use the {thing} every day.",
    "We suggest the city invests in a {thing} in {area}.",
    "There is no {thing} and little lighting in the evenings.",
    "Neighbours have collected signatures for a {thing} in the district.",
]


def generate(rng: random.Random, tenants: list, count: int) -> list:
    """Return `count` (tenant, space_key, Document) triples."""
    from shared_apps.search.index import Document

    rows = []
    for number in range(count):
        tenant = tenants[number % len(tenants)]
        area_slug, area_sv, area_en = rng.choice(AREAS)
        singular, plural, english = rng.choice(THINGS)
        other = rng.choice(THINGS)
        roll = rng.random()
        kind = (
            "proposal" if roll < 0.70 else "project" if roll < 0.85 else "page" if roll < 0.95
            else "process"
        )  # fmt: skip
        adjective = rng.randrange(len(ADJECTIVES_SV))
        noun, place = rng.choice([singular, plural]), rng.choice(PLACES)
        title_sv = f"{ADJECTIVES_SV[adjective]} {noun} {place} i {area_sv}"
        body_sv = " ".join(
            rng.choice(SENTENCES_SV).format(
                thing=rng.choice([singular, other[0]]),
                plural=rng.choice([plural, other[1]]),
                area=area_sv,
            )
            for _ in range(rng.randint(3, 7))
        )
        bilingual = kind != "proposal"
        title_en = f"{ADJECTIVES_EN[adjective]} {english} in {area_en}" if bilingual else ""
        body_en = (
            " ".join(
                rng.choice(SENTENCES_EN).format(thing=rng.choice([english, other[2]]), area=area_en)
                for _ in range(rng.randint(3, 6))
            )
            if bilingual
            else ""
        )
        space = f"process:{number % 400}"
        rows.append(
            (
                tenant,
                space,
                Document(
                    key=f"{kind}:{number}",
                    kind=kind,
                    title_sv=title_sv,
                    title_en=title_en,
                    body_sv=body_sv,
                    body_en=body_en,
                    path=f"/processes/p{number % 400}/{kind}/{number}/",
                    areas=[area_slug],
                ),
            )
        )
    return rows


QUERIES = [
    ("single word", "cykelbana", {}),
    ("single word, common", "park", {}),
    ("single word", "bibliotek", {}),
    ("stem", "cykelbanor", {}),
    ("stem", "lekplatserna", {}),
    ("prefix", "cykelb", {}),
    ("prefix, short", "bi", {}),
    ("prefix", "hundrast", {}),
    ("typo", "cykelbna", {}),
    ("typo", "bibliotk", {}),
    ("typo", "lekplast", {}),
    ("two words", "ny lekplats", {}),
    ("two words", "belysning park", {}),
    ("English", "playgrounds", {}),
    ("English", "library", {}),
    ("tenant filter", "park", {"tenant": "bench-3"}),
    ("area filter", "cykelbana", {"area": "majorna"}),
    ("type filter", "park", {"kind": "project"}),
    ("all filters", "bänkar", {"tenant": "bench-7", "area": "angered", "kind": "proposal"}),
    ("page 5", "park", {"page": 5}),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--tenants", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    args = parser.parse_args()

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
        from django.db import connection, transaction
        from django.test import Client

        from shared_apps.search.index import _row, _write_vectors
        from shared_apps.search.models import SearchDocument
        from shared_apps.search.queries import search
        from shared_apps.vocabularies.city import ensure_city_vocabularies
        from shared_apps.vocabularies.models import Area
        from tenants.actions import ensure_public_tenant
        from tenants.models import Tenant

        settings.ALLOWED_HOSTS = ["*"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()
        ensure_city_vocabularies()
        for slug, name_sv, name_en in AREAS:
            Area.objects.get_or_create(slug=slug, defaults={"name_sv": name_sv, "name_en": name_en})
        # Tenant rows only: search reads no tenant schema, so none is created.
        tenants = Tenant.objects.bulk_create(
            Tenant(
                slug=f"bench-{number}",
                schema_name=f"bench_{number}",
                name_sv=f"Förvaltning {number}",
                name_en=f"Administration {number}",
            )
            for number in range(args.tenants)
        )
        started = time.perf_counter()
        rows = generate(random.Random(2026), tenants, args.documents)
        with transaction.atomic():
            for start in range(0, len(rows), 5000):
                SearchDocument.objects.bulk_create(
                    _row(tenant, space, document)
                    for tenant, space, document in rows[start : start + 5000]
                )
            _write_vectors(SearchDocument.objects.all())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchdocument'))")
            size = cursor.fetchone()[0]
        print(
            f"{args.documents} documents in {args.tenants} tenants, indexed in "
            f"{time.perf_counter() - started:.0f} s; table with indexes: {size}"
        )

        def timed(run) -> list[float]:
            run()  # warm-up
            timings = []
            for _ in range(args.repeats):
                begun = time.perf_counter()
                run()
                timings.append((time.perf_counter() - begun) * 1000)
            return timings

        client = Client()
        client.get("/search/", HTTP_HOST="localhost")
        every_function: list[float] = []
        every_page: list[float] = []
        header = f"{'query':<44}{'matches':>9}{'fn med':>9}{'fn p95':>9}"
        print(f"\n{header}{'page med':>10}{'page p95':>10}")
        for label, q, filters in QUERIES:
            kind = filters.get("kind")
            page = filters.get("page", 1)
            results = search(
                q, tenant=filters.get("tenant"), area=filters.get("area"), kind=kind, page=page
            )
            arguments = {
                "tenant": filters.get("tenant"),
                "area": filters.get("area"),
                "kind": kind,
                "page": page,
            }
            function = timed(partial(search, q, **arguments))
            params = {"q": q, **{("type" if k == "kind" else k): v for k, v in filters.items()}}
            url = "/search/?" + urlencode(params)
            assert client.get(url, HTTP_HOST="localhost").status_code == 200, url
            page_timings = timed(partial(client.get, url, HTTP_HOST="localhost"))
            every_function += function
            every_page += page_timings
            matches = f"{results.count}{'~' if results.fuzzy else ''}"
            print(
                f"{label + ': ' + q + (' ' + str(filters) if filters else ''):<44}{matches:>9}"
                f"{statistics.median(function):>9.1f}{percentile(function, 0.95):>9.1f}"
                f"{statistics.median(page_timings):>10.1f}{percentile(page_timings, 0.95):>10.1f}"
            )
        print("\n(~ : no word matched; titles that look like the query, by pg_trgm)")
        for name, values in (("search function", every_function), ("/search/ page", every_page)):
            p95 = percentile(values, 0.95)
            verdict = "holds" if p95 <= TARGET_MS else "MISSED"
            print(
                f"{name}: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
                f"over {len(values)} runs; p95 <= {TARGET_MS:.0f} ms {verdict}"
            )
        connection.close()
    finally:
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
