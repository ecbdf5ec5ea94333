"""The gettext catalogues in locale/: complete, compiled and faithful to the source strings.

These tests read files only; they need neither the database nor Redis.
"""

from __future__ import annotations

import re
import runpy
from collections.abc import Iterator
from pathlib import Path

import allauth
import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "locale"
SWEDISH_PO = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
ALLAUTH_MSGIDS_MODULE = REPO / "shared_apps" / "accounts" / "allauth_msgids.py"
ALLAUTH_SOURCE_PO = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# printf-style conversions as Python's % operator reads them: %s, %d, %(name)s, %(ratio).1f
PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
# str.format fields: {email}, {0}, {}
BRACE = re.compile(r"\{\w*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.fixture(autouse=True)
def _public_schema_first() -> Iterator[None]:
    """Replace conftest's fixture of that name: these tests touch no cache and no schema."""
    yield


def swedish() -> polib.POFile:
    return polib.pofile(str(SWEDISH_PO))


def catalogue(mo: polib.MOFile) -> dict[tuple[str | None, str], object]:
    return {
        (entry.msgctxt, entry.msgid): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in mo
    }


def pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry: one, or one per plural form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, text)
        for index, text in sorted(entry.msgstr_plural.items())
    ]


def printf_and_brace_tokens(text: str) -> list[str]:
    tokens = [token for token in PRINTF.findall(text) if token != "%%"]
    return sorted(tokens + BRACE.findall(text))


def test_it_translates_every_swedish_msgid_and_leaves_nothing_fuzzy():
    po = swedish()
    assert not po.metadata_is_fuzzy, "remove '#, fuzzy' from the header entry"
    assert po.metadata.get("Language") == "sv"
    entries = [entry for entry in po if not entry.obsolete]
    assert entries
    fuzzy = [entry.msgid for entry in entries if entry.fuzzy]
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    assert fuzzy == [], f"fuzzy entries in {SWEDISH_PO}: {fuzzy}"
    assert untranslated == [], f"untranslated entries in {SWEDISH_PO}: {untranslated}"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_commits_a_compiled_catalogue_that_matches_the_po(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    committed = folder / "django.mo"
    assert committed.exists(), f"run `make messages`: {committed} is missing"
    compiled = tmp_path / "django.mo"
    polib.pofile(str(folder / "django.po")).save_as_mofile(str(compiled))
    assert catalogue(polib.mofile(str(committed))) == catalogue(polib.mofile(str(compiled))), (
        f"{committed} is out of date: run `make messages`"
    )


def test_it_keeps_the_placeholders_of_every_source_string():
    wrong = [
        (source, text)
        for entry in swedish()
        if not entry.obsolete and entry.translated()
        for source, text in pairs(entry)
        if printf_and_brace_tokens(source) != printf_and_brace_tokens(text)
    ]
    assert wrong == []


def test_it_keeps_the_html_tags_of_every_source_string():
    wrong = [
        (source, text)
        for entry in swedish()
        if not entry.obsolete and entry.translated()
        for source, text in pairs(entry)
        if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text))
    ]
    assert wrong == []


def test_it_words_only_msgids_allauth_still_uses_and_translates_them_all():
    """Our Swedish for allauth's strings only works while the msgids match allauth's."""
    listed = runpy.run_path(str(ALLAUTH_MSGIDS_MODULE))["ALLAUTH_MSGIDS"]
    assert listed
    allauth_msgids = {
        entry.msgid for entry in polib.pofile(str(ALLAUTH_SOURCE_PO)) if not entry.obsolete
    }
    assert [msgid for msgid in listed if msgid not in allauth_msgids] == [], (
        f"allauth no longer uses these msgids; update {ALLAUTH_MSGIDS_MODULE.name}"
    )
    translated = {entry.msgid for entry in swedish().translated_entries()}
    assert [msgid for msgid in listed if msgid not in translated] == [], (
        "makemessages dropped our Swedish for allauth's strings; see docs/translations.md"
    )
