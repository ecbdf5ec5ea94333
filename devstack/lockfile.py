"""Regenerate requirements.lock: install pyproject's dependencies afresh and freeze them."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from devstack.console import fail, say
from devstack.paths import REPO_ROOT, local_dir

HEADER = (
    "# Exact pins of every package Torget installs (runtime, tests and lint).\n"
    "# Regenerate with `make lock` after changing pyproject.toml.\n"
)


def declared_requirements(pyproject: Path = REPO_ROOT / "pyproject.toml") -> list[str]:
    """Return the runtime and `dev` requirements that pyproject.toml declares."""
    project = tomllib.loads(pyproject.read_text())["project"]
    extras = project.get("optional-dependencies", {})
    return [*project.get("dependencies", []), *extras.get("dev", [])]


def regenerate(output: Path) -> None:
    """Install the declared requirements into a fresh venv and write `pip freeze` to `output`.

    The requirements are read from pyproject.toml rather than installing `.[dev]`, so the
    project itself needs no build backend or package discovery to be locked.
    """
    venv = local_dir() / "lock-venv"
    shutil.rmtree(venv, ignore_errors=True)
    requirements = local_dir() / "lock-requirements.txt"
    requirements.parent.mkdir(parents=True, exist_ok=True)
    requirements.write_text("\n".join(declared_requirements()) + "\n")
    python = venv / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r",
         str(requirements)],
    ]  # fmt: skip
    for step in steps:
        say(" ".join(step))
        if subprocess.run(step, check=False).returncode != 0:
            fail(f"`{' '.join(step)}` failed; {output} is unchanged")
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    output.write_text(HEADER + frozen)
    shutil.rmtree(venv)
    requirements.unlink()
    say(f"wrote {output} ({len(frozen.splitlines())} packages)")
