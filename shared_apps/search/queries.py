"""Search the city-wide index: one function for the portal page and the API alike.

Safety first: the visitor's text never reaches PostgreSQL's query parser as syntax. It is
cut into words of letters and digits (operators, quotes and backslashes are dropped), each
word is passed as a bound parameter and quoted, so no input can raise a tsquery syntax
error. Snippets are escaped before the hits are marked (see `_mark`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils.safestring import SafeString, mark_safe

from shared_apps.search.extensions import trigram_installed
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import MARK_END, MARK_START
from tenants.models import Tenant

PAGE_SIZE = 20
# Deeper pages are refused by the page (400): nobody reads them, and OFFSET costs grow.
MAX_PAGE = 50
MAX_TERMS = 8
# At most this many titles are compared when no word matched (see _similar_titles).
FUZZY_CANDIDATES = 500
MAX_TERM_LENGTH = 40
# Weights of D, C, B, A lexemes for ts_rank: a title hit (A) outweighs any number of
# hits in a body (B), so titles come first without a second ordering term.
# ts_rank, not ts_rank_cd, and no separate "title matched" term: on 100 000 documents a
# common word matches 12 000 of them, and every row is ranked (benchmarks/search.py).
RANK_WEIGHTS = "{0.01, 0.02, 0.1, 1.0}"
_WORD = re.compile(r"[^\W_]+")
_HEADLINE = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxFragments=2, MaxWords=28, '
    'MinWords=10, FragmentDelimiter=" … "'
)
_TITLE_HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", HighlightAll=true'


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    title: SafeString  # escaped, hits in <mark>
    snippet: SafeString  # escaped, hits in <mark>
    # The languages the title and the snippet are written in ("sv" or "en").
    title_language: str
    snippet_language: str


@dataclass(frozen=True)
class Results:
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    page: int = 1
    page_size: int = PAGE_SIZE
    # True when no word matched and the hits are titles that look like the query.
    fuzzy: bool = False
    # False where pg_trgm is missing: no typo tolerance (the page says so).
    typo_tolerance: bool = True

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.count // self.page_size)))


def terms(q: str) -> list[str]:
    """Return the words of the visitor's query: letters and digits only, lower case."""
    words = _WORD.findall((q or "").lower())
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_TERMS]]


def _tsquery(words: list[str]) -> tuple[str, list[str]]:
    """Return SQL for a tsquery matching every word (the last one as a prefix) in Swedish
    or English, with its parameters. Words are letters and digits only, so quoting them
    makes each one lexeme whatever it contains."""
    parts, params = [], []
    for index, word in enumerate(words):
        operand = f"'{word}'" + (":*" if index == len(words) - 1 else "")
        parts.append("(to_tsquery('swedish', %s) || to_tsquery('english', %s))")
        params += [operand, operand]
    return " && ".join(parts), params


def _filters(tenant: str | None, area: str | None, kind: str | None) -> tuple[str, list[Any]]:
    # Ready tenants' ids as an array computed once (an InitPlan): joining the tenants
    # table instead let the planner run the full-text index scan once per tenant.
    tenants = "SELECT id FROM tenants_tenant WHERE status = %s"
    params: list[Any] = [Tenant.Status.READY]
    if tenant:
        tenants += " AND slug = %s"
        params.append(tenant)
    sql = [f"d.tenant_id = ANY(ARRAY({tenants}))"]
    if area:
        # Containment, so the GIN index on areas can serve it.
        sql.append("d.areas @> ARRAY[%s]::varchar[]")
        params.append(area)
    if kind:
        sql.append("d.kind = %s")
        params.append(kind)
    return " AND ".join(sql), params


def _mark(text: str) -> SafeString:
    """Escape the text, then turn ts_headline's markers into <mark> elements.

    The markers are control characters removed from every indexed text
    (shared_apps/search/text.py), so only ts_headline can have put them there."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


def search(
    q: str,
    *,
    tenant: str | None = None,
    area: str | None = None,
    kind: str | None = None,
    language: str = "sv",
    page: int = 1,
) -> Results:
    """Return one page of documents matching `q`, best first, from ready tenants only.

    Both languages are searched whatever `language` is; `language` picks the title and
    snippet shown when a document has both. Words are stemmed (Swedish and English), the
    last word matches as a prefix ("cykelb" finds "cykelbana"), and when no document
    matches, titles that look like the query (pg_trgm) are returned instead, marked
    `fuzzy`. `tenant` and `area` are slugs, `kind` a SearchDocument.Kind value; unknown
    values simply match nothing, and pages past MAX_PAGE are empty.
    """
    typo_tolerance = trigram_installed()
    words = terms(q)
    page = max(1, page)
    if not words or page > MAX_PAGE:
        # Past MAX_PAGE nothing is looked up: an API caller's page 10**20 costs nothing.
        return Results(page=page, typo_tolerance=typo_tolerance)
    where, filter_params = _filters(tenant, area, kind)
    tsquery, query_params = _tsquery(words)
    offset = (page - 1) * PAGE_SIZE
    # One query ranks the matches and counts them; only the page's rows leave the
    # database. The matches are materialised narrow (id, rank, date): a window count over
    # the wide rows spilled to disk and doubled the time of common words.
    sql = f"""
        WITH query AS (SELECT {tsquery} AS q),
        matches AS MATERIALIZED (
            SELECT d.id, ts_rank('{RANK_WEIGHTS}', d.search_vector, query.q) AS rank, d.updated
            FROM search_searchdocument d, query
            WHERE d.search_vector @@ query.q AND {where}
        )
        SELECT id, (SELECT count(*) FROM matches) AS total
        FROM matches
        ORDER BY rank DESC, updated DESC NULLS LAST, id
        LIMIT %s OFFSET %s
    """  # noqa: S608 - fixed SQL fragments; the visitor's words are bound parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query_params, *filter_params, PAGE_SIZE, offset])
        rows = cursor.fetchall()
        fuzzy = False
        if rows:
            count = rows[0][1]
        else:
            # Past the last page, or no word matched at all.
            count = _count(cursor, tsquery, query_params, where, filter_params) if page > 1 else 0
            if count == 0 and typo_tolerance:
                rows = _similar_titles(cursor, " ".join(words), where, filter_params, offset)
                fuzzy = bool(rows)
                count = rows[0][1] if rows else 0
    hits = _hits([row[0] for row in rows], tsquery, query_params, language)
    return Results(hits, count, page, fuzzy=fuzzy, typo_tolerance=typo_tolerance)


def _similar_titles(
    cursor: CursorWrapper, text: str, where: str, filter_params: list[Any], offset: int
) -> list[tuple[int, int]]:
    # `title_words %> text` is word_similarity(text, title_words) above the threshold
    # (pg_trgm.word_similarity_threshold, 0.6), served by the trigram GIN index. A typo of
    # a common word looks like thousands of titles, and comparing each costs: the best
    # FUZZY_CANDIDATES of the first that qualify are ordered (benchmarks/search.py).
    sql = f"""
        SELECT c.id, count(*) OVER () AS total
        FROM (
            SELECT d.id, d.title_words FROM search_searchdocument d
            WHERE d.title_words %%> %s AND {where}
            LIMIT {FUZZY_CANDIDATES}
        ) c
        ORDER BY word_similarity(%s, c.title_words) DESC, c.id
        LIMIT %s OFFSET %s
    """  # noqa: S608 - fixed SQL fragments; the visitor's words are bound parameters
    cursor.execute(sql, [text, *filter_params, text, PAGE_SIZE, offset])
    return list(cursor.fetchall())


def _count(
    cursor: CursorWrapper,
    tsquery: str,
    query_params: list[str],
    where: str,
    filter_params: list[Any],
) -> int:
    """Count the matches when the asked-for page is past the last one."""
    sql = f"""
        SELECT count(*) FROM search_searchdocument d
        WHERE d.search_vector @@ ({tsquery}) AND {where}
    """  # noqa: S608 - fixed SQL fragments; the visitor's words are bound parameters
    cursor.execute(sql, [*query_params, *filter_params])
    return int(cursor.fetchone()[0])


def _english(language: str, sv: str, en: str) -> bool:
    """Return whether to show the English text: asked for and present, or the only one."""
    return bool(en) and (language == "en" or not sv)


def _hits(ids: list[int], tsquery: str, query_params: list[str], language: str) -> list[Hit]:
    """Load the page's documents with highlighted titles and snippets.

    ts_headline is costly (it re-parses the text), so it runs for these rows only, each
    text with the configuration of its own language."""
    if not ids:
        return []
    table = SearchDocument._meta.db_table

    def headline(name: str, options: str) -> tuple[str, list[str]]:
        # Mirrors _english(): the same choice in SQL, so only one text is parsed per row.
        sql = f"""CASE WHEN {table}.{name}_en <> '' AND (%s = 'en' OR {table}.{name}_sv = '')
            THEN ts_headline('english', {table}.{name}_en, ({tsquery}), %s)
            ELSE ts_headline('swedish', {table}.{name}_sv, ({tsquery}), %s) END"""
        return sql, [language, *query_params, options, *query_params, options]

    title_sql, title_params = headline("title", _TITLE_HEADLINE)
    body_sql, body_params = headline("body", _HEADLINE)
    documents = (
        SearchDocument.objects.filter(pk__in=ids)
        .select_related("tenant")
        .extra(  # noqa: S610 - fixed SQL; the query words are bound parameters
            select={"title_marked": title_sql, "snippet_marked": body_sql},
            select_params=[*title_params, *body_params],
        )
    )
    by_id = {document.pk: document for document in documents}
    hits = []
    for pk in ids:
        document = by_id.get(pk)
        if document is None:
            continue
        hits.append(
            Hit(
                document=document,
                title=_mark(document.title_marked),
                snippet=_mark(document.snippet_marked),
                title_language="en"
                if _english(language, document.title_sv, document.title_en)
                else "sv",
                snippet_language="en"
                if _english(language, document.body_sv, document.body_en)
                else "sv",
            )
        )
    return hits
