"""Every log line names the schema and the request."""

from __future__ import annotations

import logging

import pytest

from config.request_context import LogContextFilter

pytestmark = pytest.mark.django_db


def test_log_lines_carry_schema_and_request_id(client, tenant_a, caplog):
    caplog.handler.addFilter(LogContextFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(
            "/staff/", HTTP_HOST="alfa.localhost", HTTP_X_REQUEST_ID="abc12345-req"
        )
        client.get("/does-not-exist/", HTTP_HOST="alfa.localhost", HTTP_X_REQUEST_ID="abc12345-404")
    assert response["X-Request-ID"] == "abc12345-req"
    record = next(r for r in caplog.records if r.request_id == "abc12345-404")
    assert record.schema == "t_alfa"


def test_a_malformed_request_id_is_replaced(client, portal):
    response = client.get("/", HTTP_HOST="localhost", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32
