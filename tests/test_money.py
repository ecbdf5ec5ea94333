"""Money reads the same in messages and on pages, in each language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from config.money import kronor


def test_kronor_groups_digits_by_language_and_keeps_the_unit_on_the_line():
    with translation.override("sv"):
        assert kronor(450_000) == "450\u00a0000\u00a0kr"
        assert kronor(999) == "999\u00a0kr"
    with translation.override("en"):
        assert kronor(2_000_000) == "2,000,000\u00a0kr"


def test_the_template_filter_writes_what_messages_write():
    template = Template("{% load usertext %}{{ amount|sek }}")
    for language in ("sv", "en"):
        with translation.override(language):
            assert template.render(Context({"amount": 450_000})) == kronor(450_000)
    assert Template("{% load usertext %}{{ amount|sek }}").render(Context({"amount": ""})) == ""
