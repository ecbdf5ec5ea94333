"""Check for the Chromium the browser tests drive, and say loudly when it is missing."""

import os
from pathlib import Path

from devstack.console import banner

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_ENV = "TORGET_REQUIRE_CHROMIUM"
MISSING_ENV = "TORGET_CHROMIUM_MISSING"


def chromium_available() -> bool:
    """Return True if Chromium is installed; warn (or, when required, exit 1) if not."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return True
    required = os.environ.get(REQUIRE_ENV) == "1"
    banner(
        [
            f"{'ERROR' if required else 'WARNING'}: {CHROMIUM} is missing.",
            "The browser tests (Playwright driving Debian's Chromium) cannot run"
            + (", so this run fails now." if required else " and will FAIL."),
            "Install it with:",
            "    sudo apt-get install chromium",
            f"({REQUIRE_ENV}=1 turns this warning into an error; CI sets it.)",
        ]
    )
    if required:
        raise SystemExit(1)
    return False
