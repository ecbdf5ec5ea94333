"""What residents see on a tenant host: the home page, the process list with its filters,
a process with its timeline and components, pages, news and bilingual fallbacks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.vocabularies.models import Area, Category
from tenant_apps.news.models import Post
from tenant_apps.pages.models import Page
from tenant_apps.spaces.models import Assembly, Phase
from tenants.models import Tenant
from tests.conftest import host_of, sign_in_with_two_factor, tenant_for_module
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    """Tenant A, onboarded once for this module (see `tenant_for_module`)."""
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def section(body: str, heading_id: str) -> str:
    """Return the HTML of the <section> labelled by `heading_id` ('' when absent)."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>', body, flags=re.DOTALL
    )
    return match.group(1) if match else ""


def listed_slugs(response) -> list[str]:
    return [process.slug for process in response.context["page"].object_list]


def make_post(component, title: str, *, hours_ago: float = 1, **fields) -> Post:
    fields.setdefault("body_sv", f"<p>{title}</p>")
    return Post.objects.create(
        component=component,
        title_sv=title,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )


# --- home ---------------------------------------------------------------------------


def test_it_shows_active_upcoming_and_finished_processes_news_and_assemblies_on_the_home_page(
    client, tenant_a
):
    today = timezone.localdate()
    with schema_context(tenant_a.schema_name):
        active = make_process("nu", title_sv="Pågående parken", starts=today - timedelta(days=3))
        make_process("snart", title_sv="Kommande torget", starts=today + timedelta(days=10))
        make_process("forr", title_sv="Avslutade badet", starts=today - timedelta(days=200))
        draft = make_process("dold", title_sv="Hemlig process", published=False, starts=today)
        make_post(make_component(draft, "news"), "Nyhet i utkast")
        news = make_component(active, "news")
        make_post(news, "Parken öppnar")
        make_post(news, "Framtida nyhet", hours_ago=-48)
        hidden_news = make_component(active, "news", published=False)
        make_post(hidden_news, "Dold nyhet")
        Assembly.objects.create(slug="rad", title_sv="Ungdomsrådet", purpose_sv="S", published=True)
        Assembly.objects.create(slug="utkast", title_sv="Hemligt råd", purpose_sv="S")

    response = client.get("/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    body = response.content.decode()
    now, upcoming, past = (
        section(body, "now-heading"),
        section(body, "upcoming-heading"),
        section(body, "past-heading"),
    )
    assert "Pågående parken" in now and "Kommande torget" not in now
    assert "Kommande</h2>" in upcoming and "Kommande torget" in upcoming
    assert "Pågående parken" not in upcoming
    assert "Avslutade badet" in past and "Pågående parken" not in past
    news_section = section(body, "news-heading")
    assert "Parken öppnar" in news_section
    assert "Framtida nyhet" not in body
    assert "Dold nyhet" not in body
    assert "Nyhet i utkast" not in body
    assert "Ungdomsrådet" in section(body, "assemblies-heading")
    assert "Hemligt råd" not in body
    assert "Hemlig process" not in body


def test_the_home_page_says_so_when_nothing_is_open(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        make_process("dold", published=False)
    body = client.get("/", HTTP_HOST=host_of(tenant_a)).content.decode()
    now = section(body, "now-heading")
    assert "card" not in now
    assert "upcoming-heading" not in body and "past-heading" not in body


# --- the process list -----------------------------------------------------------------


def test_the_process_list_filters_by_status_area_and_category(client, tenant_a, portal):
    today = timezone.localdate()
    hisingen = Area.objects.create(slug="hisingen", name_sv="Hisingen")
    centrum = Area.objects.create(slug="centrum", name_sv="Centrum")
    parker = Category.objects.create(slug="parker", name_sv="Parker")
    trafik = Category.objects.create(slug="trafik", name_sv="Trafik")
    with schema_context(tenant_a.schema_name):
        active = make_process("aktiv", starts=today - timedelta(days=3))
        active.areas.add(hisingen, centrum)
        active.categories.add(parker)
        upcoming = make_process("kommande", starts=today + timedelta(days=30))
        upcoming.areas.add(centrum)
        upcoming.categories.add(trafik)
        past = make_process("avslutad", starts=today - timedelta(days=300))
        past.areas.add(hisingen)
        past.categories.add(parker, trafik)
        hidden = make_process("dold", published=False, starts=today - timedelta(days=3))
        hidden.areas.add(hisingen)
    host = host_of(tenant_a)

    def slugs(query: str) -> set[str]:
        response = client.get(f"/processes/{query}", HTTP_HOST=host)
        assert response.status_code == 200
        return set(listed_slugs(response))

    assert slugs("") == {"aktiv", "kommande", "avslutad"}
    assert slugs("?status=active") == {"aktiv"}
    assert slugs("?status=upcoming") == {"kommande"}
    assert slugs("?status=past") == {"avslutad"}
    assert slugs("?area=hisingen") == {"aktiv", "avslutad"}
    assert slugs("?area=centrum") == {"aktiv", "kommande"}
    assert slugs("?category=trafik") == {"kommande", "avslutad"}
    assert slugs("?status=active&area=hisingen&category=parker") == {"aktiv"}
    assert slugs("?status=past&area=centrum") == set()
    # A process in two areas and a category is listed once.
    response = client.get("/processes/?category=parker", HTTP_HOST=host)
    assert listed_slugs(response).count("aktiv") == 1
    assert response.context["page"].paginator.count == 2


def test_the_process_list_ignores_junk_filter_values(client, tenant_a, portal):
    with schema_context(tenant_a.schema_name):
        make_process("en")
        make_process("tva", starts=timezone.localdate() + timedelta(days=40))
    host = host_of(tenant_a)
    for query in ("?status=bogus", "?status=", "?status=ACTIVE", "?page=abc", "?page=-1", "?x=1"):
        response = client.get(f"/processes/{query}", HTTP_HOST=host)
        assert response.status_code == 200, query
        assert set(listed_slugs(response)) == {"en", "tva"}, query
        assert response.context["filters"]["status"] == ""
    # A well-formed slug that names no area matches nothing.
    response = client.get("/processes/?area=finns-inte", HTTP_HOST=host)
    assert listed_slugs(response) == []
    # A value that cannot be a slug is ignored like a bogus status.
    for query in ("?category=<script>", f"?area={'x' * 500}"):
        response = client.get(f"/processes/{query}", HTTP_HOST=host)
        assert response.status_code == 200, query
        assert set(listed_slugs(response)) == {"en", "tva"}, query


@pytest.mark.parametrize("query", ["?area=%00", "?category=park%00"])
def test_the_process_list_ignores_a_nul_byte_in_a_filter(client, tenant_a, query):
    with schema_context(tenant_a.schema_name):
        make_process("en")
    response = client.get(f"/processes/{query}", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    assert "page" in response.context


def test_the_process_list_paginates_after_12_and_keeps_the_filters(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        for number in range(13):
            make_process(f"process-{number:02d}")
    host = host_of(tenant_a)
    first = client.get("/processes/?status=active", HTTP_HOST=host)
    assert len(listed_slugs(first)) == 12
    assert 'href="?status=active&amp;page=2" rel="next"' in first.content.decode()
    second = client.get("/processes/?status=active&page=2", HTTP_HOST=host)
    assert second.status_code == 200
    assert len(listed_slugs(second)) == 1
    assert set(listed_slugs(first)).isdisjoint(listed_slugs(second))
    assert 'rel="prev"' in second.content.decode()
    # A page past the end shows the last page rather than an error.
    beyond = client.get("/processes/?page=99", HTTP_HOST=host)
    assert beyond.status_code == 200
    assert beyond.context["page"].number == 2


# --- a process ------------------------------------------------------------------------


def test_the_process_page_marks_the_active_phase_in_the_timeline(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", phases=3, days=90, phase_mode="manual")
        phases = list(process.phases.order_by("position"))
        Phase.objects.filter(process=process).update(is_active=False)
        Phase.objects.filter(pk=phases[1].pk).update(is_active=True)
    body = client.get("/processes/parken/", HTTP_HOST=host_of(tenant_a)).content.decode()
    steps = re.findall(r'<li class="timeline__phase[^"]*"([^>]*)>\s*<h3>([^<]*)', body)
    assert [title.strip() for _attrs, title in steps] == ["Fas 1", "Fas 2", "Fas 3"]
    assert [bool('aria-current="step"' in attrs) for attrs, _title in steps] == [
        False,
        True,
        False,
    ]
    assert body.count('aria-current="step"') == 1


def test_the_process_page_lists_hidden_components_to_its_admin_only(client, tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        make_component(process, "pages", name_sv="Synlig sida")
        make_component(process, "news", name_sv="Dolda nyheter", published=False)
    host = host_of(tenant_a)
    client.force_login(alice)
    response = client.get("/processes/parken/", HTTP_HOST=host)
    names = [c.name_sv for c in response.context["components"]]
    assert names == ["Synlig sida"]
    assert "Dolda nyheter" not in response.content.decode()
    sign_in_with_two_factor(client, bob)
    response = client.get("/processes/parken/", HTTP_HOST=host)
    assert [c.name_sv for c in response.context["components"]] == ["Synlig sida", "Dolda nyheter"]
    assert "Dold</strong>" in response.content.decode()


@pytest.mark.parametrize(
    "how",
    [{"HTTP_ACCEPT_LANGUAGE": "en"}, {"cookie": "en"}],
    ids=["accept-language", "language-cookie"],
)
def test_an_untranslated_title_is_shown_in_swedish_and_marked_in_english(client, tenant_a, how):
    with schema_context(tenant_a.schema_name):
        make_process("parken", title_sv="Parken vid ån", title_en="", summary_en="About the park")
    headers = {key: value for key, value in how.items() if key.startswith("HTTP_")}
    if "cookie" in how:
        client.cookies["django_language"] = how["cookie"]
    body = client.get("/processes/parken/", HTTP_HOST=host_of(tenant_a), **headers).content.decode()
    assert '<html lang="en">' in body
    fallback = (
        '<span lang="sv">Parken vid ån</span> <span class="fallback-note">(in Swedish)</span>'
    )
    assert f"<h1>{fallback}</h1>" in body
    assert "<p>About the park</p>" in body  # translated texts are not marked


def test_a_translated_title_has_no_fallback_note(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        make_process(
            "parken",
            title_sv="Parken vid ån",
            title_en="The park by the river",
            summary_en="About the park",
        )
    host = host_of(tenant_a)
    swedish = client.get("/processes/parken/", HTTP_HOST=host).content.decode()
    assert "<h1>Parken vid ån</h1>" in swedish
    english = client.get(
        "/processes/parken/", HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h1>The park by the river</h1>" in english
    assert "fallback-note" not in swedish + english


# --- components -----------------------------------------------------------------------


def test_a_page_component_renders_its_html(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        page = make_component(process, "pages", name_sv="Regler")
        Page.objects.filter(component=page).update(
            body_sv='<h2>Så går det till</h2><p>Läs <a href="/processes/">mer</a>.</p>'
        )
    response = client.get(f"/processes/parken/pages/{page.pk}/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h2>Så går det till</h2><p>Läs <a href="/processes/">mer</a>.</p>' in body
    assert "&lt;h2&gt;" not in body


def test_the_phase_announcement_shows_only_during_its_phase(client, tenant_a, bob):
    host = host_of(tenant_a)
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", phases=2)
        first, second = process.phases.order_by("position")
        page = make_component(
            process,
            "pages",
            phase_settings={str(second.pk): {"announcement_sv": "Nu röstar vi!"}},
        )
        news = make_component(
            process,
            "news",
            phase_settings={str(first.pk): {"announcement_sv": "Lämna idéer nu!"}},
        )
    page_url = f"/processes/parken/pages/{page.pk}/"
    news_url = f"/processes/parken/news/{news.pk}/"
    assert "Nu röstar vi!" not in client.get(page_url, HTTP_HOST=host).content.decode()
    assert (
        '<div class="notice" role="note">Lämna idéer nu!</div>'
        in client.get(news_url, HTTP_HOST=host).content.decode()
    )

    admin = Client()
    sign_in_with_two_factor(admin, bob)
    response = admin.post(
        f"/manage/processes/parken/phases/{second.pk}/do/", {"action": "activate"}, HTTP_HOST=host
    )
    assert response.status_code == 302

    assert (
        '<div class="notice" role="note">Nu röstar vi!</div>'
        in client.get(page_url, HTTP_HOST=host).content.decode()
    )
    assert "Lämna idéer nu!" not in client.get(news_url, HTTP_HOST=host).content.decode()


def test_the_news_list_paginates_by_the_components_posts_per_page(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        news = make_component(process, "news", settings={"posts_per_page": 3})
        for number in range(7):
            make_post(news, f"Nyhet {number}", hours_ago=number + 1)
        make_post(news, "Schemalagd nyhet", hours_ago=-24)
    host = host_of(tenant_a)
    url = f"/processes/parken/news/{news.pk}/"
    first = client.get(url, HTTP_HOST=host)
    assert [post.title_sv for post in first.context["posts"]] == ["Nyhet 0", "Nyhet 1", "Nyhet 2"]
    assert first.context["posts"].paginator.num_pages == 3
    assert 'href="?page=2" rel="next"' in first.content.decode()
    last = client.get(f"{url}?page=3", HTTP_HOST=host)
    assert [post.title_sv for post in last.context["posts"]] == ["Nyhet 6"]
    assert "Schemalagd nyhet" not in first.content.decode() + last.content.decode()


def test_a_post_of_a_hidden_component_gives_404(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        news = make_component(process, "news")
        visible = make_post(news, "Synlig")
        scheduled = make_post(news, "Schemalagd", hours_ago=-24)
        hidden = make_component(process, "news", published=False)
        secret = make_post(hidden, "Hemlig")
    host = host_of(tenant_a)
    base = "/processes/parken/news"
    assert client.get(f"{base}/{news.pk}/{visible.pk}/", HTTP_HOST=host).status_code == 200
    client.force_login(alice)
    for url in (
        f"{base}/{hidden.pk}/{secret.pk}/",
        f"{base}/{hidden.pk}/",
        f"{base}/{news.pk}/{secret.pk}/",  # the post under a visible component's address
        f"{base}/{news.pk}/{scheduled.pk}/",  # not published yet
        f"/processes/parken/pages/{news.pk}/",  # a news component under the pages type
    ):
        assert client.get(url, HTTP_HOST=host).status_code == 404, url


def test_the_api_answers_404_to_a_nul_byte_in_the_slug(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        make_process("parken")
    assert client.get("/api/v1/processes/parken/", HTTP_HOST=host_of(tenant_a)).status_code == 200
    response = client.get("/api/v1/processes/%00/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 404
