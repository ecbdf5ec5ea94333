import pytest
from django.core.exceptions import ValidationError

from config.usertext import clean_user_text, plain_excerpt, render_user_text

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    '"><iframe src="https://evil.example"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_never_renders_markup_from_residents(payload):
    html = render_user_text(payload).lower()
    for tag in ("<script", "<img", "<svg", "<iframe", "<style"):
        assert tag not in html
    assert "<a " not in html


def test_it_renders_the_markdown_subset():
    html = render_user_text(
        "**bold** *it*\n\n- one\n- two\n\n> said\n\n[site](https://goteborg.se)"
    )
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert 'href="https://goteborg.se"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_it_cleans_and_limits_text():
    assert clean_user_text("  hej\x00 du \r\n", max_length=10) == "hej du"
    with pytest.raises(ValidationError) as empty:
        clean_user_text("   ", max_length=10)
    assert empty.value.code == "required"
    with pytest.raises(ValidationError) as long:
        clean_user_text("x" * 11, max_length=10)
    assert long.value.code == "long"
    with pytest.raises(ValidationError) as short:
        clean_user_text("abc", max_length=10, min_length=5)
    assert short.value.code == "short"


def test_it_makes_plain_excerpts():
    assert plain_excerpt("**Hej** på <b>dig</b>", 100) == "Hej på <b>dig</b>"
    assert plain_excerpt("ord " * 50, 20).endswith("…")
