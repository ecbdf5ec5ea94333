"""The search function: stemming, prefixes, typos, ranking, escaping, filters, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shared_apps.search.queries import MAX_TERMS, search, terms
from tenants.models import Tenant
from tests.conftest import tenant_for_module
from tests.search.factories import add_document

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def titles(results: Any) -> list[str]:
    return [hit.document.title_sv for hit in results.hits]


def test_it_finds_swedish_words_by_their_stem(tenant_a):
    add_document(tenant_a, "process:1", "Ny cykelbana längs älven")
    add_document(tenant_a, "process:2", "Fler bänkar i parken")
    assert titles(search("cykelbanor")) == ["Ny cykelbana längs älven"]
    assert titles(search("bänk")) == ["Fler bänkar i parken"]


def test_it_finds_english_words_by_their_stem_whatever_the_ui_language(tenant_a):
    add_document(tenant_a, "process:1", "Lekplats", title_en="New playgrounds for children")
    assert titles(search("playground", language="sv")) == ["Lekplats"]
    assert titles(search("children", language="en")) == ["Lekplats"]


def test_the_last_word_matches_as_a_prefix(tenant_a):
    add_document(tenant_a, "process:1", "Ny cykelbana längs älven")
    assert titles(search("cykelb")) == ["Ny cykelbana längs älven"]
    assert titles(search("älven cyk")) == ["Ny cykelbana längs älven"]
    # Only the last word: earlier words are whole words (what is found then is only
    # a title that looks like the query).
    assert search("cyk älven").fuzzy


def test_a_misspelt_word_finds_titles_that_look_like_it(tenant_a):
    add_document(tenant_a, "process:1", "Ny cykelbana längs älven")
    add_document(tenant_a, "process:2", "Fler bänkar i parken")
    results = search("cykelbna")
    assert results.typo_tolerance
    assert results.fuzzy
    assert titles(results) == ["Ny cykelbana längs älven"]
    assert not search("cykelbana").fuzzy


def test_title_matches_rank_before_body_matches(tenant_a):
    add_document(tenant_a, "process:1", "Kulturnatt", body_sv="Musik i parken hela natten")
    add_document(tenant_a, "process:2", "Parken vid dammen", body_sv="Nya träd")
    add_document(tenant_a, "process:3", "Bibliotek", body_sv="Parken parken parken")
    assert titles(search("parken")) == ["Parken vid dammen", "Bibliotek", "Kulturnatt"]


def test_snippets_and_titles_are_escaped_and_hits_marked(tenant_a):
    add_document(
        tenant_a,
        "proposal:1",
        "<script>alert('titel')</script> Cykelbana",
        body_sv="Bygg <b>cykelbana</b> & <script>alert(1)</script> nu",
        kind="proposal",
    )
    hit = search("cykelbana").hits[0]
    assert hit.title == (
        "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt; <mark>Cykelbana</mark>"
    )
    # ts_headline's fragments leave tag-like text out; whatever it keeps is escaped.
    assert "<script" not in hit.snippet and "<b>" not in hit.snippet
    assert "<mark>cykelbana</mark>" in hit.snippet
    tricky = search("cykelbana").hits[0].snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in tricky


def test_a_document_cannot_fake_a_highlight(tenant_a):
    add_document(tenant_a, "process:1", "Park \x02<img src=x onerror=alert(1)>\x03")
    hit = search("park").hits[0]
    assert "<img" not in hit.title
    assert hit.title.count("<mark>") == 1


def test_the_snippet_is_in_the_ui_language_when_there_is_one(tenant_a):
    add_document(
        tenant_a,
        "process:1",
        "Parkbudget",
        title_en="Park budget",
        body_sv="Rösta om parkerna",
        body_en="Vote on the parks",
    )
    add_document(tenant_a, "process:2", "Parkvandring", body_sv="Bara svenska parker")
    english = {hit.document.key: hit for hit in search("park", language="en").hits}
    assert "Vote on the" in english["process:1"].snippet
    assert english["process:1"].title_language == "en"
    assert english["process:2"].snippet_language == "sv"
    swedish = search("park", language="sv").hits
    assert any("Rösta om" in hit.snippet for hit in swedish)


def test_filters_by_tenant_area_and_kind(tenant_a, make_tenant):
    tenant_b = make_tenant("beta")
    add_document(tenant_a, "process:1", "Park i Angered", areas=["angered"])
    add_document(tenant_a, "proposal:2", "Park i Majorna", areas=["majorna"], kind="proposal")
    add_document(tenant_b, "process:1", "Park i centrum", areas=["centrum"])
    assert set(titles(search("park"))) == {"Park i Angered", "Park i Majorna", "Park i centrum"}
    assert titles(search("park", tenant="beta")) == ["Park i centrum"]
    assert titles(search("park", area="majorna")) == ["Park i Majorna"]
    assert titles(search("park", kind="proposal")) == ["Park i Majorna"]
    assert titles(search("park", tenant="alfa", kind="proposal", area="angered")) == []
    assert titles(search("park", tenant="finns-inte")) == []
    assert titles(search("park", kind="'; DROP TABLE x; --")) == []


def test_documents_of_a_tenant_that_is_not_ready_are_not_found(tenant_a):
    add_document(tenant_a, "process:1", "Park i Angered")
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    assert search("park").count == 0
    assert search("prak").hits == []  # nor by typo tolerance


@pytest.mark.parametrize(
    "query",
    [
        "park & | ! <-> ( ) :* :",
        "'park",
        '"park',
        "park\\",
        "\\\\'\"",
        "-park +park",
        "park:*A",
        "a" * 5000,
        "park " * 500,
        "☃ 🙂 ∑",
        "%_%",
        "och i att",  # only stop words
    ],
)
def test_no_input_makes_the_query_fail(tenant_a, query):
    add_document(tenant_a, "process:1", "Park i Angered")
    results = search(query)
    assert results.count >= 0


def test_terms_are_letters_and_digits_only_and_limited():
    assert terms('Cykel-bana\'s "park" \\x 2027!') == ["cykel", "bana", "s", "park", "x", "2027"]
    assert len(terms("ord " * 100)) == MAX_TERMS
    assert terms("  ") == [] and terms("&|!") == []


def test_pages_past_the_last_are_empty_but_counted(tenant_a):
    for number in range(25):
        add_document(tenant_a, f"process:{number}", f"Park nummer {number}")
    first, second, third = (search("park", page=page) for page in (1, 2, 3))
    assert (len(first.hits), len(second.hits), len(third.hits)) == (20, 5, 0)
    assert first.count == second.count == third.count == 25
    assert first.pages == 2
    assert search("park", page=10**20).hits == []  # no query at all past MAX_PAGE


def test_titles_that_look_like_the_query_are_paged_too(tenant_a):
    for number in range(23):
        add_document(tenant_a, f"process:{number}", f"Cykelbana nummer {number}")
    first, second = search("cykelbna"), search("cykelbna", page=2)
    assert first.fuzzy and second.fuzzy
    assert (len(first.hits), len(second.hits), second.count) == (20, 3, 23)
