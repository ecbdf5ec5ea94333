"""LOG_FORMAT=json: one JSON object per line, with the schema and the request id."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from config.log_format import JsonFormatter
from config.request_context import LogContextFilter
from tests.conftest import REPO, host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Capture django.request's records through the production handler set-up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(LogContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_each_line_is_json_with_schema_and_request_id(client, tenant_a, json_lines):
    client.get("/no-such-page/", HTTP_HOST=host_of(tenant_a), HTTP_X_REQUEST_ID="json-req-0001")
    (entry,) = [e for e in json_lines() if e["request_id"] == "json-req-0001"]
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["schema"] == "t_alfa"
    assert entry["message"] == "Not Found: /no-such-page/"
    assert entry["time"].endswith("+00:00")


def test_an_exception_stays_on_one_line():
    logger = logging.getLogger("tests.json")
    record = None
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logger.makeRecord("tests.json", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert "ValueError: broken\nacross lines" in entry["exception"]
    assert entry["schema"] == "-"  # no filter ran: the fields are still there


def test_settings_pick_the_json_formatter_from_the_environment():
    env = {**os.environ, "LOG_FORMAT": "json"}
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('torget.check').warning('hello %s', 'json')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hello json"
    assert entry["logger"] == "torget.check"
    assert entry["schema"] == "public" and entry["request_id"] == "-"
