"""Hold the paths devstack uses: the repository root and the git-ignored `.local/` tree."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def local_dir() -> Path:
    """Return the folder for local service data (`<repo>/.local`, or `$TORGET_LOCAL_DIR`)."""
    override = os.environ.get("TORGET_LOCAL_DIR")
    return Path(override).resolve() if override else REPO_ROOT / ".local"


def manage_py() -> Path:
    """Return the path of the project's `manage.py`."""
    return REPO_ROOT / "manage.py"
