"""deploy/ stays in step with the code: every setting in the env example, nginx renders."""

from __future__ import annotations

import ast
import re

import pytest

from devstack import nginx_conf
from tests.conftest import REPO

ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def _variables_settings_read() -> set[str]:
    tree = ast.parse((REPO / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ENV_HELPERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def test_the_env_example_names_every_variable_settings_read():
    read = _variables_settings_read()
    assert {"DATABASE_URL", "SECRET_KEY", "EID_CLAIM_PERSONAL_NUMBER", "LOG_FORMAT"} <= read
    example = (REPO / "deploy" / "torget.env.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert read - named == set()


def test_nginx_templates_render_with_production_defaults(tmp_path):
    files = nginx_conf.write({"PLATFORM_DOMAIN": "torget.goteborg.se"}, tmp_path)
    assert {path.name for path in files} == set(nginx_conf.TEMPLATES)
    site = (tmp_path / "torget.conf").read_text()
    assert "server_name torget.goteborg.se *.torget.goteborg.se;" in site
    assert f"include {tmp_path.resolve()}/torget-proxy.conf;" in site
    for path in files:
        assert not nginx_conf.PLACEHOLDER.search(path.read_text()), path.name


def test_nginx_values_that_would_break_the_syntax_are_refused(tmp_path):
    with pytest.raises(SystemExit):
        nginx_conf.write({"PLATFORM_DOMAIN": "evil.example; include /etc/passwd"}, tmp_path)


def test_the_provisioning_worker_consumes_only_its_queue():
    unit = (REPO / "deploy" / "systemd" / "torget-provisioning.service").read_text()
    assert "Environment=CELERY_PROVISIONING_QUEUE=provisioning" in unit
    assert "-Q ${CELERY_PROVISIONING_QUEUE} --concurrency 1" in unit
