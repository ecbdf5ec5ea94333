"""Write tables as one ZIP: for each table a CSV (UTF-8, header row) and a JSON file, plus
README.txt (what each table holds) and LICENCE.txt."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from django.conf import settings

README = """Open data from Torget, the participation platform of {city}.
{scope}, built {built}.

Each table comes twice, as CSV (UTF-8, comma-separated, header row) and as JSON (a list
of objects with the same names). Texts are in Swedish (_sv) and English (_en) where the
platform has both. `path` is the page on the administration's own site (for the
city-wide e-proposals, on the portal; `responsible` is the administration answering).

Tables:
{tables}

No personal data: no names, e-mail addresses, accounts or voter identities, and no
individual ballots; e-proposals without their proposer or supporters, and only those
that were published. Counts of votes per project appear only once the results are
published. Per-ballot data for recounts is exported per budget in the pabulib format
from each budget's results page.
"""

LICENCE = """{name}
{url}

You may copy, change and reuse this data for any purpose, also commercially, without
asking. Source: {city} (Torget).
"""


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def write_zip(scope: str, tables: dict[str, list[dict[str, Any]]], built: datetime) -> bytes:
    """Return the bytes of a ZIP with the tables as CSV and JSON, a README and a licence."""
    buffer = io.BytesIO()
    city = settings.OPEN_DATA_PUBLISHER
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            columns = list(rows[0]) if rows else []
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_value(row[column]) for column in columns])
            archive.writestr(f"{name}.csv", text.getvalue())
            archive.writestr(
                f"{name}.json",
                json.dumps(
                    [{k: _value(v) for k, v in row.items()} for row in rows],
                    ensure_ascii=False,
                    indent=1,
                ),
            )
        listing = "\n".join(
            f"- {name}: {len(rows)} rows; columns: {', '.join(rows[0]) if rows else '(none)'}"
            for name, rows in tables.items()
        )
        archive.writestr(
            "README.txt",
            README.format(city=city, scope=scope, built=built.isoformat(), tables=listing),
        )
        archive.writestr(
            "LICENCE.txt",
            LICENCE.format(
                name=settings.OPEN_DATA_LICENCE_NAME, url=settings.OPEN_DATA_LICENCE_URL, city=city
            ),
        )
    return buffer.getvalue()
