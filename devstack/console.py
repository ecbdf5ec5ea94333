"""Print devstack's own messages.

They go to stderr, so `eval "$(python -m devstack env)"` sees only the export lines.
"""

import sys
from typing import NoReturn


def say(message: str) -> None:
    """Print a status line."""
    print(f"devstack: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> NoReturn:
    """Print an error and exit with status 1."""
    print(f"devstack: error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def banner(lines: list[str]) -> None:
    """Print a block that is hard to miss in a long CI log."""
    rule = "!" * 78
    print("\n".join(["", rule, *(f"!! {line}" for line in lines), rule, ""]), file=sys.stderr)
    sys.stderr.flush()
