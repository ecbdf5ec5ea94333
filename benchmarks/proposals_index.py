"""Measure a proposals component's index page with 10,000 proposals and 50,000 comments.

Run with a database reachable through DATABASE_URL (and REDIS_URL set):

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/proposals_index.py [--repeats 100]

It builds a scratch database `torget_bench_proposals` next to DATABASE_URL's with one
tenant, a published process whose active phase opens every resident action and publishes
answers, and 2,000 residents. It bulk-inserts 100 proposals first and counts the SQL
queries of every variant of the page, then grows the component to 10,000 proposals with
50,000 comments and, for each variant (orders, search, an area filter, a far page; signed
in and anonymous), prints the median, p95 and maximum of timed requests through the whole
Django stack and the query count again. The target is a p95 of at most 100 ms and the same
query count at both sizes; the scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DB_NAME = "torget_bench_proposals"
SMALL, PROPOSALS, COMMENTS, RESIDENTS = 100, 10_000, 50_000, 2_000
TARGET_MS = 100.0
WARM_UPS = 3

# Titles are "<subject> <place>", so a search word matches a realistic share of them.
SUBJECTS = [
    "Fler parkbänkar",
    "Cykelbana",
    "Cykelparkering",
    "Belysning",
    "Lekplats",
    "Papperskorgar",
    "Träd och planteringar",
    "Utegym",
    "Hundrastgård",
    "Övergångsställe",
    "Busshållplats med tak",
    "Offentlig toalett",
]
PLACES = ["vid dammen", "på torget", "längs älven", "vid skolan", "i parken", "vid stationen"]
BODY = (
    "{subject} {place} skulle göra vardagen enklare för många. Idag saknas det, och "
    "på kvällarna är det mörkt och otryggt. Förslaget kostar lite men betyder mycket "
    "för barnfamiljer, äldre och alla som cyklar eller går till jobbet."
)
STATES = ["", "", "", "evaluating", "accepted", "rejected"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database (to EXPLAIN queries)"
    )
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

        # The benchmark serves no static files; collectstatic's directory need not exist.
        warnings.filterwarnings("ignore", message="No directory at")
        django.setup()
        from django.conf import settings
        from django.db import connection

        settings.ALLOWED_HOSTS = ["*"]
        measure(args.repeats)
        connection.close()
    finally:
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def measure(repeats: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import Membership, User
    from shared_apps.vocabularies.city import ensure_city_vocabularies
    from shared_apps.vocabularies.models import Area
    from tenants.actions import ensure_public_tenant, onboard_tenant
    from tenants.roles import grant_role

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_city_vocabularies()
    tenant = onboard_tenant(slug="bench", name_sv="Bänk", name_en="Bench")
    admin_user = User.objects.create_user("bench@example.org", "x", display_name="Bench")
    grant_role(tenant, admin_user, Membership.Role.ADMIN)
    residents = add_residents(RESIDENTS)
    resident = residents[0]
    rng = random.Random(1)
    with schema_context(tenant.schema_name):
        component = add_component(admin_user)
    host = "bench.localhost"
    area = Area.objects.order_by("position").first()
    assert area is not None
    variants = [
        ("random (default)", ""),
        ("sort=supported", "?sort=supported"),
        ("sort=newest", "?sort=newest"),
        ("sort=commented", "?sort=commented"),
        ("q=cykel", "?q=cykel"),
        (f"area={area.slug}", f"?area={area.slug}"),
        ("page=200", "?page=200"),
    ]
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(resident)
    clients = [("signed in", signed_in), ("anonymous", anonymous)]
    url = component.get_absolute_url()

    def query_count(client: Client, suffix: str) -> int:
        # One request first, so the count is of a returning visitor whose session (and
        # random-order seed) already exists.
        client.get(url + suffix, HTTP_HOST=host)
        connection.set_schema_to_public()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + suffix, HTTP_HOST=host)
        assert response.status_code == 200, (suffix, response.status_code)
        return len(captured.captured_queries)

    with schema_context(tenant.schema_name):
        fill(component, residents, resident, rng, proposals=SMALL, comments=SMALL * 5)
    small_counts = {
        (who, name): query_count(client, suffix)
        for who, client in clients
        for name, suffix in variants
    }
    started = time.perf_counter()
    with schema_context(tenant.schema_name):
        fill(
            component,
            residents,
            resident,
            rng,
            proposals=PROPOSALS - SMALL,
            comments=COMMENTS - SMALL * 5,
        )
    with schema_context(tenant.schema_name):
        from tenant_apps.comments.models import Comment
        from tenant_apps.proposals.models import Proposal, Support

        totals = (
            Proposal.objects.count(),
            Proposal.objects.listed().count(),
            Comment.objects.count(),
            Comment.objects.countable().count(),
            Support.objects.filter(user=resident).count(),
        )
    print(
        f"data: {totals[0]} proposals ({totals[1]} listed), {totals[2]} comments "
        f"({totals[3]} countable), {RESIDENTS} residents, {totals[4]} supports by the "
        f"signed-in resident; inserted in {time.perf_counter() - started:.1f} s"
    )
    print(f"each variant: {WARM_UPS} warm-up requests, then {repeats} timed ones\n")

    header = (
        f"{'variant':<26}{'who':<11}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}"
        f"{'q@' + str(SMALL):>8}{'q@' + str(PROPOSALS):>10}  p95<={TARGET_MS:.0f}ms"
    )
    print(header)
    print("-" * len(header))
    failures = []
    for name, suffix in variants:
        for who, client in clients:
            count = query_count(client, suffix)
            for _ in range(WARM_UPS):
                client.get(url + suffix, HTTP_HOST=host)
            timings = []
            for _ in range(repeats):
                connection.set_schema_to_public()
                started = time.perf_counter()
                response = client.get(url + suffix, HTTP_HOST=host)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            p95 = statistics.quantiles(timings, n=100, method="inclusive")[94]
            small = small_counts[(who, name)]
            ok = p95 <= TARGET_MS and count == small
            if not ok:
                failures.append(f"{name} ({who})")
            print(
                f"{name:<26}{who:<11}{statistics.median(timings):>10.1f}{p95:>9.1f}"
                f"{max(timings):>9.1f}{small:>8}{count:>10}  {'yes' if ok else 'NO'}"
            )
    print()
    if failures:
        print("missed the target (p95 or a growing query count): " + ", ".join(failures))
    else:
        print(f"every variant: p95 <= {TARGET_MS:.0f} ms and the same query count at both sizes")


def add_residents(count: int) -> list:
    from django.contrib.auth.hashers import make_password

    from shared_apps.accounts.models import User

    unusable = make_password(None)
    return User.objects.bulk_create(
        User(
            email=f"resident-{number}@example.org",
            display_name=f"Invånare {number}",
            password=unusable,
        )
        for number in range(count)
    )


def add_component(admin_user):  # type: ignore[no-untyped-def]
    """Return a published proposals component in a published process whose active phase
    opens every resident action and publishes answers."""
    from datetime import date

    from tenant_apps.spaces.actions import (
        add_component,
        create_process,
        set_component_published,
        set_space_published,
        update_component,
    )
    from tenant_apps.spaces.phases import save_phase

    starts = date.today() - timedelta(days=10)
    process = create_process(
        by=admin_user,
        data={
            "slug": "ideer",
            "title_sv": "Idéer för staden",
            "summary_sv": "Lämna förslag och stöd andras.",
            "starts": starts,
            "ends": starts + timedelta(days=89),
        },
    )
    phase = save_phase(
        process,
        by=admin_user,
        data={"title_sv": "Förslag", "starts": starts, "ends": starts + timedelta(days=89)},
    )
    component = add_component(process, by=admin_user, type="proposals", name_sv="Förslag")
    component = update_component(
        component,
        by=admin_user,
        phase_settings={
            str(phase.pk): {
                "creation_enabled": True,
                "supports_enabled": True,
                "likes_enabled": True,
                "comments_enabled": True,
                "answers_published": True,
            }
        },
    )
    set_component_published(component, True, by=admin_user)
    set_space_published(process, True, by=admin_user)
    return component


def fill(component, residents, resident, rng, *, proposals: int, comments: int) -> None:  # type: ignore[no-untyped-def]
    """Bulk-insert proposals (with their search vectors), comments on them and some of the
    signed-in resident's supports, then VACUUM ANALYZE."""
    from django.contrib.postgres.search import SearchVector
    from django.db import connection
    from django.utils import timezone

    from shared_apps.vocabularies.models import Area, Category
    from tenant_apps.comments.models import Comment
    from tenant_apps.proposals.models import Proposal, Support

    areas = [*Area.objects.all(), None]
    categories = [*Category.objects.all(), None]
    now = timezone.now()
    rows = []
    for _ in range(proposals):
        subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
        created = now - timedelta(minutes=rng.randrange(60 * 24 * 120))
        rows.append(
            Proposal(
                component=component,
                title=f"{subject} {place}",
                body=BODY.format(subject=subject, place=place),
                area=rng.choice(areas),
                category=rng.choice(categories),
                author=rng.choice(residents),
                state=rng.choice(STATES),
                supports_count=int(rng.paretovariate(1.2)) - 1,
                likes_count=rng.randrange(20),
                hidden=rng.random() < 0.01,
                withdrawn_at=created + timedelta(days=1) if rng.random() < 0.02 else None,
                created=created,
            )
        )
    new = Proposal.objects.bulk_create(rows, batch_size=2000)
    Proposal.objects.filter(component=component, search_vector__isnull=True).update(
        search_vector=SearchVector("title", weight="A", config="swedish")
        + SearchVector("body", weight="B", config="swedish")
    )
    # A few proposals draw most of the discussion, as on a real site.
    targets = [proposal.pk for proposal in new]
    weights = [rng.paretovariate(1.0) for _ in targets]
    top_level = int(comments * 0.8)
    parents = Comment.objects.bulk_create(
        (
            Comment(
                component=component,
                target_type="proposal",
                target_id=target,
                author=rng.choice(residents),
                body="Bra förslag, det behövs verkligen här.",
                hidden=rng.random() < 0.02,
                deleted_at=now if rng.random() < 0.03 else None,
            )
            for target in rng.choices(targets, weights, k=top_level)
        ),
        batch_size=5000,
    )
    Comment.objects.bulk_create(
        (
            Comment(
                component=component,
                target_type="proposal",
                target_id=parent.target_id,
                parent=parent,
                depth=1,
                author=rng.choice(residents),
                body="Håller med, men tänk på kostnaden.",
                hidden=rng.random() < 0.02,
                deleted_at=now if rng.random() < 0.03 else None,
            )
            for parent in rng.choices(parents, k=comments - top_level)
        ),
        batch_size=5000,
    )
    Support.objects.bulk_create(
        (
            Support(proposal_id=target, user=resident, component=component)
            for target in rng.sample(targets, k=max(1, proposals // 30))
        ),
        batch_size=2000,
    )
    # VACUUM as well as ANALYZE: autovacuum does both soon after bulk inserts on a live
    # site, and the visibility map it sets is what lets count queries scan indexes only.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
