"""Where the tests find the real pabulib elections (see /work/shared/data/pabulib)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The data sit next to the repository in the project's shared folder; PABULIB_DIR points
# elsewhere on another machine.
PABULIB_DIR = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")


def pabulib_file(name: str) -> Path:
    """Return the path of a shared election, skipping the test when it is missing."""
    path = PABULIB_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} not found: set PABULIB_DIR to pabulib's .pb files to run this test")
    return path
