"""Rich text written by staff: a safe subset is kept, anything else is refused by name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import schema_context

from config.richtext import clean_rich_text
from tenant_apps.actionlog.models import Action
from tenant_apps.pages.actions import update_page
from tenant_apps.pages.models import Page
from tests.spaces.factories import make_component, make_process


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(html: str) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_rich_text(html)
    assert caught.value.code == "unsafe_html"
    return caught.value.messages[0]


def test_it_keeps_safe_html_and_adds_rel_to_links():
    html = (
        "<h2>Rubrik</h2><p>Text med <strong>fetstil</strong> och "
        '<a href="https://example.org/a" title="Mer">en länk</a>.</p>'
        '<ul><li lang="en">one</li></ul>'
        '<table><tr><th scope="col">A</th></tr><tr><td colspan="2">1</td></tr></table>'
        '<img src="https://example.org/x.png" alt="En bild">'
    )
    cleaned = clean_rich_text(html)
    assert "<h2>Rubrik</h2>" in cleaned
    assert "<strong>fetstil</strong>" in cleaned
    assert 'href="https://example.org/a"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert '<li lang="en">one</li>' in cleaned
    assert '<th scope="col">A</th>' in cleaned
    assert 'alt="En bild"' in cleaned


def test_it_accepts_mail_phone_and_relative_links():
    cleaned = clean_rich_text(
        '<p><a href="mailto:info@example.org">post</a> <a href="tel:+4631000">tel</a> '
        '<a href="/processes/parken/">park</a></p>'
    )
    assert 'href="mailto:info@example.org"' in cleaned
    assert 'href="tel:+4631000"' in cleaned
    assert 'href="/processes/parken/"' in cleaned


def test_empty_text_is_empty():
    assert clean_rich_text("") == ""
    assert clean_rich_text(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("html", "offender"),
    [
        ("<p>Hej</p><script>alert(1)</script>", "<script>"),
        ("<style>p { color: red }</style><p>Hej</p>", "<style>"),
        ('<iframe src="https://example.org"></iframe>', "<iframe>"),
        ('<p onclick="alert(1)">Hej</p>', 'onclick="…" on <p>'),
        ('<p style="color: red">Hej</p>', 'style="…" on <p>'),
        ('<img src="x.png" alt="x" onerror="alert(1)">', 'onerror="…" on <img>'),
        ('<a href="javascript:alert(1)">klicka</a>', "javascript: in href"),
        ('<a href="  JavaScript:alert(1)">klicka</a>', "javascript: in href"),
        ('<a href="javascript&colon;alert(1)">klicka</a>', "javascript: in href"),
        ('<img src="data:image/png;base64,AAAA" alt="x">', "data: in src"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
    ],
)
def test_it_refuses_unsafe_html_and_names_the_offender(html, offender):
    message = refusal(html)
    assert offender in message
    assert message.startswith("This HTML is not allowed:")


def test_it_names_each_offender_once():
    message = refusal('<p style="a">1</p><p style="b">2</p><script>x</script><script>y</script>')
    assert message.count('style="…" on <p>') == 1
    assert message.count("<script>") == 1


def test_a_relative_link_with_a_colon_in_its_query_is_accepted():
    cleaned = clean_rich_text('<p><a href="/search/?q=park:north">results</a></p>')
    assert 'href="/search/?q=park:north"' in cleaned


@pytest.mark.django_db
def test_update_page_saves_clean_text_and_nothing_when_one_language_is_unsafe(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process()
        component = make_component(process, "pages")
        page = component.page
        update_page(
            page,
            by=bob,
            body_sv='<p><a href="https://example.org">Gammal</a></p>',
            body_en="<p>Old</p>",
        )
        stored = Page.objects.get(pk=page.pk)
        assert 'rel="noopener noreferrer nofollow"' in stored.body_sv  # saved cleaned
        assert stored.body_en == "<p>Old</p>"
        saved = Action.objects.get(verb="page.updated")
        assert set(saved.data["changes"]) == {"body_sv", "body_en"}
        before = (stored.body_sv, stored.body_en)

        with pytest.raises(ValidationError) as caught:
            update_page(
                page,
                by=bob,
                body_sv="<p>Ny text</p>",
                body_en='<p>New <a href="javascript:steal()">text</a></p>',
            )

        assert set(caught.value.message_dict) == {"body_en"}
        assert "javascript: in href" in caught.value.message_dict["body_en"][0]
        stored = Page.objects.get(pk=page.pk)
        assert (stored.body_sv, stored.body_en) == before
        assert Action.objects.filter(verb="page.updated").count() == 1
