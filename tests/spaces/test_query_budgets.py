"""Query budgets: list pages cost the same number of queries for 1 row as for 200.

Each test measures a page with one row, adds many more rows (in bulk), measures again and
asserts the two counts are equal and under a fixed ceiling. The ceilings are the counts
measured when these tests were written plus a little room; a page that grows with its
rows (an N+1) fails the equality long before it reaches the ceiling.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.vocabularies.models import Area, Category
from tenant_apps.actionlog.actions import log_action
from tenant_apps.news.models import Post
from tenant_apps.spaces.models import Assembly, AssemblyMember, Component, Phase, Process
from tenants.models import Tenant
from tests.conftest import host_of, make_user, sign_in_with_two_factor, tenant_for_module
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    """Tenant A, onboarded once for this module (see `tenant_for_module`)."""
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


# Fixed ceilings, a few queries above what the pages cost when measured.
HOME_CEILING = 18
PROCESS_LIST_CEILING = 15
DETAIL_CEILING = 12
DASHBOARD_CEILING = 12
API_CEILING = 12
POST_LIST_CEILING = 12
LOG_CEILING = 10


def count_queries(client: Client, url: str, host: str) -> int:
    """Return how many queries one GET of `url` makes (asserting it answers 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return len(captured)


def add_processes(
    count: int,
    *,
    area: Area,
    category: Category,
    starts: date | None = None,
    prefix: str = "bulk",
) -> None:
    """Bulk-create `count` published processes of 60 days (active unless `starts` says
    otherwise) with 2 phases, an area, a category and a news component (run inside the
    tenant's schema)."""
    starts = starts or date.today() - timedelta(days=5)
    processes = Process.objects.bulk_create(
        [
            Process(
                slug=f"{prefix}-{number:03d}",
                title_sv=f"Massprocess {prefix} {number:03d}",
                summary_sv="Sammanfattning",
                starts=starts,
                ends=starts + timedelta(days=59),
                published=True,
            )
            for number in range(count)
        ]
    )
    Phase.objects.bulk_create(
        [
            Phase(
                process=process,
                title_sv=f"Fas {index + 1}",
                starts=starts + timedelta(days=30 * index),
                ends=starts + timedelta(days=30 * index + 29),
                position=index,
                is_active=index == 0,
            )
            for process in processes
            for index in range(2)
        ]
    )
    Component.objects.bulk_create(
        [Component(process=p, type="news", name_sv="Nyheter", published=True) for p in processes]
    )
    Process.areas.through.objects.bulk_create(
        [Process.areas.through(process_id=p.pk, area_id=area.pk) for p in processes]
    )
    Process.categories.through.objects.bulk_create(
        [Process.categories.through(process_id=p.pk, category_id=category.pk) for p in processes]
    )


@pytest.fixture
def vocabulary(portal: Any) -> tuple[Area, Category]:
    area = Area.objects.create(slug="hisingen", name_sv="Hisingen", name_en="Hisingen")
    Area.objects.create(slug="centrum", name_sv="Centrum")
    category = Category.objects.create(slug="parker", name_sv="Parker", name_en="Parks")
    Category.objects.create(slug="trafik", name_sv="Trafik")
    return area, category


def test_home_process_list_and_dashboard_cost_the_same_for_1_and_200_processes(
    tenant_a, bob, vocabulary, django_assert_max_num_queries
):
    area, category = vocabulary
    host = host_of(tenant_a)
    anonymous = Client()
    staff = Client()
    sign_in_with_two_factor(staff, bob)
    pages = [
        (anonymous, "/", HOME_CEILING),
        (anonymous, "/processes/", PROCESS_LIST_CEILING),
        (staff, "/manage/", DASHBOARD_CEILING),
        (anonymous, "/api/v1/processes/", API_CEILING),
    ]
    with schema_context(tenant_a.schema_name):
        first = make_process("parken", phases=2)
        make_component(first, "news")
        first.areas.add(area)
        first.categories.add(category)
    for client, url, _ceiling in pages:
        client.get(url, HTTP_HOST=host)  # warm up: session, language, first-use lookups
    with_one = {url: count_queries(client, url, host) for client, url, _ceiling in pages}

    with schema_context(tenant_a.schema_name):
        add_processes(199, area=area, category=category)
        assert Process.objects.count() == 200
    with_200 = {}
    for client, url, ceiling in pages:
        with django_assert_max_num_queries(ceiling):
            with_200[url] = count_queries(client, url, host)
    print("queries with 1 / 200 processes:", with_one, with_200)
    assert with_200 == with_one


def test_the_filtered_process_list_and_its_page_2_stay_flat(
    tenant_a, vocabulary, django_assert_max_num_queries
):
    area, category = vocabulary
    host = host_of(tenant_a)
    client = Client()
    filtered = f"/processes/?status=active&area={area.slug}&category={category.slug}"
    with schema_context(tenant_a.schema_name):
        first = make_process("parken", phases=2)
        first.areas.add(area)
        first.categories.add(category)
        make_process("annan", phases=2)  # no area: filtered out
    client.get(filtered, HTTP_HOST=host)
    with_one = count_queries(client, filtered, host)
    assert "Process parken" in client.get(filtered, HTTP_HOST=host).content.decode()

    with schema_context(tenant_a.schema_name):
        add_processes(199, area=area, category=category)
    with django_assert_max_num_queries(PROCESS_LIST_CEILING):
        with_200 = count_queries(client, filtered, host)
    with django_assert_max_num_queries(PROCESS_LIST_CEILING):
        page_2 = count_queries(client, f"{filtered}&page=2", host)
    response = client.get(f"{filtered}&page=2", HTTP_HOST=host)
    assert response.context["page"].number == 2
    assert response.context["page"].paginator.count == 200
    print("filtered list, 1 / 200 processes / page 2:", with_one, with_200, page_2)
    assert with_one == with_200 == page_2


def test_the_news_post_list_stays_flat_with_60_posts(tenant_a, django_assert_max_num_queries):
    host = host_of(tenant_a)
    client = Client()
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        news = make_component(process, "news")
        earlier = timezone.now() - timedelta(hours=1)
        Post.objects.create(
            component=news, title_sv="Nyhet 0", body_sv="<p>x</p>", published_at=earlier
        )
    url = f"/processes/parken/news/{news.pk}/"
    client.get(url, HTTP_HOST=host)
    with_one = count_queries(client, url, host)
    home_with_one = count_queries(client, "/", host)

    with schema_context(tenant_a.schema_name):
        Post.objects.bulk_create(
            [
                Post(
                    component=news,
                    title_sv=f"Nyhet {number}",
                    body_sv="<p>x</p>",
                    published_at=earlier - timedelta(minutes=number),
                )
                for number in range(1, 60)
            ]
        )
    with django_assert_max_num_queries(POST_LIST_CEILING):
        with_60 = count_queries(client, url, host)
    page_3 = count_queries(client, f"{url}?page=3", host)
    home_with_60 = count_queries(client, "/", host)
    print(
        "post list 1 / 60 posts / page 3; home:",
        with_one,
        with_60,
        page_3,
        home_with_one,
        home_with_60,
    )
    assert with_one == with_60 == page_3
    assert home_with_one == home_with_60


def test_the_action_log_stays_flat_with_200_actions(tenant_a, bob, django_assert_max_num_queries):
    host = host_of(tenant_a)
    client = Client()
    sign_in_with_two_factor(client, bob)
    others = [make_user(f"staff{number}@example.org", f"Staff {number}") for number in range(5)]
    with schema_context(tenant_a.schema_name):
        log_action(bob, "process.updated", target="parken", changes={"title_sv": ["A", "B"]})
    client.get("/manage/log/", HTTP_HOST=host)
    with_few = count_queries(client, "/manage/log/", host)

    with schema_context(tenant_a.schema_name):
        for number in range(200):
            actor = [bob, None, *others][number % 7]
            log_action(
                actor, "process.updated", target=f"p{number}", changes={"title_sv": ["A", "B"]}
            )
    with django_assert_max_num_queries(LOG_CEILING):
        with_200 = count_queries(client, "/manage/log/", host)
    page_3 = count_queries(client, "/manage/log/?page=3", host)
    print("log with few / 200 actions / page 3:", with_few, with_200, page_3)
    assert with_few == with_200 == page_3


def test_the_home_stays_flat_when_every_section_is_full(tenant_a, vocabulary):
    area, category = vocabulary
    host = host_of(tenant_a)
    client = Client()
    today = date.today()
    with schema_context(tenant_a.schema_name):
        for slug, starts in (("nu", None), ("snart", today + timedelta(days=10)),
                             ("forr", today - timedelta(days=100))):  # fmt: skip
            process = make_process(slug, starts=starts)
            process.areas.add(area)
        Assembly.objects.create(slug="rad-0", title_sv="Råd 0", purpose_sv="S", published=True)
        news = make_component(process, "news")
        earlier = timezone.now() - timedelta(hours=1)
        Post.objects.create(
            component=news, title_sv="Nyhet", body_sv="<p>x</p>", published_at=earlier
        )
    client.get("/", HTTP_HOST=host)
    with_one_each = count_queries(client, "/", host)

    with schema_context(tenant_a.schema_name):
        add_processes(30, area=area, category=category, prefix="nu")
        add_processes(30, area=area, category=category, prefix="snart",
                      starts=today + timedelta(days=20))  # fmt: skip
        add_processes(30, area=area, category=category, prefix="forr",
                      starts=today - timedelta(days=200))  # fmt: skip
        Assembly.objects.bulk_create(
            [Assembly(slug=f"rad-{n}", title_sv=f"Råd {n}", purpose_sv="S", published=True)
             for n in range(1, 20)]
        )  # fmt: skip
        Post.objects.bulk_create(
            [Post(component=news, title_sv=f"Nyhet {n}", body_sv="<p>x</p>", published_at=earlier)
             for n in range(20)]
        )  # fmt: skip
    response = client.get("/", HTTP_HOST=host)
    assert len(response.context["active"]) == 12
    assert len(response.context["upcoming"]) == len(response.context["past"]) == 6
    with_many = count_queries(client, "/", host)
    print("home with 1 / many of each section:", with_one_each, with_many)
    assert with_one_each == with_many <= HOME_CEILING


def test_the_process_and_assembly_pages_stay_flat(tenant_a, vocabulary):
    area, category = vocabulary
    host = host_of(tenant_a)
    client = Client()
    with schema_context(tenant_a.schema_name):
        small = make_process("liten", phases=1)
        small.areas.add(area)
        small.categories.add(category)
        make_component(small, "pages")
        big = make_process("stor", phases=12, days=120)
        big.areas.add(area)
        big.categories.add(category)
        for number in range(20):
            make_component(big, "news" if number % 2 else "pages")
        one = Assembly.objects.create(slug="ett", title_sv="Ett", purpose_sv="S", published=True)
        AssemblyMember.objects.create(assembly=one, name="Eva")
        many = Assembly.objects.create(
            slug="many", title_sv="Många", purpose_sv="S", published=True
        )
        AssemblyMember.objects.bulk_create(
            [AssemblyMember(assembly=many, name=f"Medlem {n}", position=n) for n in range(30)]
        )
    client.get("/processes/liten/", HTTP_HOST=host)
    counts = {url: count_queries(client, url, host) for url in (
        "/processes/liten/", "/processes/stor/", "/assemblies/ett/", "/assemblies/many/",
    )}  # fmt: skip
    print("process 1 vs 12 phases/20 components; assembly 1 vs 30 members:", counts)
    assert counts["/processes/liten/"] == counts["/processes/stor/"] <= DETAIL_CEILING
    assert counts["/assemblies/ett/"] == counts["/assemblies/many/"] <= DETAIL_CEILING
