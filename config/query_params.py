"""Read filter values from the query string safely: a value that cannot be what the
filter expects (junk, a NUL byte PostgreSQL would refuse) is ignored, not an error."""

from __future__ import annotations

import re

from django.http import HttpRequest

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")
DOTTED_NAME = re.compile(r"[a-z0-9_.]{1,100}")


def matching_param(request: HttpRequest, name: str, pattern: re.Pattern[str]) -> str:
    """Return the query parameter when it matches `pattern` entirely, else ""."""
    value = request.GET.get(name, "")
    return value if pattern.fullmatch(value) else ""
