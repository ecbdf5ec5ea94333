"""Read and write participatory-budget elections in the pabulib `.pb` format.

A `.pb` file (https://pabulib.org/format) has three `;`-separated sections, each a header
line (`META`, `PROJECTS`, `VOTES`) followed by a CSV table whose first row names the
columns. META is a key/value table (some files omit its `key;value` header row); PROJECTS
and VOTES are keyed by their first column, `project_id` and `voter_id`.

This module is pure Python with no Django import: the `pabulib_outcome` command runs it
without a database, and anyone recounting a published result needs nothing else. Values
stay strings here; `tenant_apps.budgets.outcomes.election_from_pabulib` interprets them.
"""

from __future__ import annotations

import csv
import io
from os import PathLike
from pathlib import Path
from typing import NamedTuple

SECTIONS = ("META", "PROJECTS", "VOTES")

Row = dict[str, str]


class PabulibError(ValueError):
    """The text is not a well-formed pabulib file."""


class Pabulib(NamedTuple):
    """The three sections of a `.pb` file, every value as the file spells it.

    `projects` and `votes` keep the file's row order and map the key column (`project_id`,
    `voter_id`) to the whole row, key included, so writing them back loses nothing.
    """

    meta: dict[str, str]
    projects: dict[str, Row]
    votes: dict[str, Row]


def read(source: str | PathLike[str]) -> Pabulib:
    """Parse a `.pb` election from a path or from the text itself.

    A `str` holding a line break is taken as the file's text, any other `str` or a path
    as a file name (read as UTF-8; a byte-order mark is ignored).
    """
    if isinstance(source, str) and "\n" in source:
        text = source
    else:
        text = Path(source).read_text(encoding="utf-8-sig")
    rows_by_section: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        heading = row[0].strip().upper() if len(row) == 1 else ""
        if heading in SECTIONS:
            current = rows_by_section.setdefault(heading, [])
        elif current is None:
            raise PabulibError("The file does not start with a META section.")
        else:
            current.append(row)
    missing = [name for name in SECTIONS if name not in rows_by_section]
    if missing:
        raise PabulibError(f"Missing section(s): {', '.join(missing)}.")
    return Pabulib(
        meta=_read_meta(rows_by_section["META"]),
        projects=_read_table(rows_by_section["PROJECTS"], "PROJECTS"),
        votes=_read_table(rows_by_section["VOTES"], "VOTES"),
    )


def _read_meta(rows: list[list[str]]) -> dict[str, str]:
    if rows and [cell.strip() for cell in rows[0][:2]] == ["key", "value"]:
        rows = rows[1:]
    meta: dict[str, str] = {}
    for row in rows:
        # A value holding `;` unquoted is split by the reader; the format means one value.
        meta[row[0].strip()] = ";".join(row[1:]).strip()
    return meta


def _read_table(rows: list[list[str]], section: str) -> dict[str, Row]:
    if not rows:
        raise PabulibError(f"The {section} section has no header row.")
    header = [cell.strip() for cell in rows[0]]
    table: dict[str, Row] = {}
    for line in rows[1:]:
        if len(line) != len(header):
            raise PabulibError(
                f"{section}: a row has {len(line)} fields where the header has {len(header)}: "
                f"{';'.join(line)[:80]!r}."
            )
        record = dict(zip(header, (cell.strip() for cell in line), strict=True))
        key = record[header[0]]
        if key in table:
            raise PabulibError(f"{section}: the id {key!r} appears twice.")
        table[key] = record
    return table


def write(meta: dict[str, str], projects: dict[str, Row], votes: dict[str, Row]) -> str:
    """Return the `.pb` text of an election; `read` of that text gives the same values.

    Columns are those of the first row of each table (every row must have them; more are
    ignored), so a caller chooses their order. `projects` must lead with `project_id` and
    `votes` with `voter_id`, as the format requires.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    for section, table, key_column in (
        ("PROJECTS", projects, "project_id"),
        ("VOTES", votes, "voter_id"),
    ):
        writer.writerow([section])
        columns = list(next(iter(table.values()))) if table else [key_column]
        if columns[0] != key_column:
            raise PabulibError(f"The {section} table must start with {key_column!r}.")
        writer.writerow(columns)
        for row in table.values():
            writer.writerow([row[column] for column in columns])
    return out.getvalue()
