"""Sentry only with SENTRY_DSN: otherwise sentry-sdk is not even imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO

SCRIPT = """
import json, sys, django
django.setup()
loaded = "sentry_sdk" in sys.modules
options = {}
if loaded:
    import sentry_sdk
    client = sentry_sdk.get_client()
    options = {k: client.options[k] for k in (
        "send_default_pii", "environment", "release", "max_request_body_size",
        "include_local_variables")}
    options["active"] = client.is_active()
print(json.dumps({"loaded": loaded, "options": options}))
"""


def _start_django(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**environment, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_dsn_sentry_is_neither_imported_nor_initialised():
    assert _start_django() == {"loaded": False, "options": {}}


def test_with_a_dsn_it_starts_without_personal_data():
    # Nothing is sent: no event happens, and the address is a closed local port.
    started = _start_django(
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="torget@test",
    )
    assert started["loaded"] is True
    assert started["options"] == {
        "active": True,
        "send_default_pii": False,
        "environment": "staging",
        "release": "torget@test",
        "max_request_body_size": "never",
        "include_local_variables": False,
    }
