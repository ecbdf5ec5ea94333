"""`manage.py migrate_all` (`make migrate`): public, the template, then the tenant schemas
that are behind, with progress; failures named; nothing run when nothing is pending."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tenants import schema_migrations, schemas
from tests.conftest import LIVE_DB
from tests.tenants.test_schemas import LATEST_ACTIONLOG, TEMPLATE, forget_migration, recorded

APPEND_ONLY = ("actionlog", "0002_append_only")  # CREATE TRIGGER: fails when run again


def migrate_all(*args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("executor", "standard")  # in the test's transaction
    try:
        call_command("migrate_all", *args, stdout=out, stderr=err, **options)
    finally:
        connection.set_schema_to_public()
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_does_nothing_when_every_schema_is_current(tenant_a, tenant_b, monkeypatch):
    def no_migrating(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("nothing should be migrated")

    monkeypatch.setattr(schema_migrations, "run_migrations", no_migrating)
    monkeypatch.setattr("tenants.management.commands.migrate_all.call_command", no_migrating)
    monkeypatch.setattr(schemas, "call_command", no_migrating)

    out, err = migrate_all()

    assert "Checked 4 schemas" in out  # public, the template, alfa and beta
    assert "Nothing to migrate in 4 schemas." in out
    assert err == ""


@pytest.mark.django_db
def test_it_migrates_only_the_tenant_that_is_behind(tenant_a, tenant_b):
    forget_migration(tenant_a.schema_name, LATEST_ACTIONLOG)

    out, _err = migrate_all()

    assert "1 with pending migrations" in out
    assert "Migrating 1 tenant schema one after another" in out
    assert "[1/1] t_alfa migrated in" in out
    assert "t_beta" not in out
    assert "Done in" in out
    assert "1 of 1 tenant schema behind migrated (2 tenants in all)" in out
    assert recorded(tenant_a.schema_name, LATEST_ACTIONLOG)


@pytest.mark.django_db
def test_it_keeps_the_template_current(tenant_a):
    forget_migration(TEMPLATE, LATEST_ACTIONLOG)

    out, _err = migrate_all()

    assert f"Migrated the template schema {TEMPLATE} (1 migration)" in out
    assert recorded(TEMPLATE, LATEST_ACTIONLOG)
    assert "the template tenant_template, 0 of 0 tenant schemas behind migrated" in out


@pytest.mark.django_db
def test_it_names_each_schema_that_failed_and_migrates_the_others(tenant_a, tenant_b):
    forget_migration(tenant_a.schema_name, LATEST_ACTIONLOG)
    forget_migration(tenant_b.schema_name, LATEST_ACTIONLOG)
    forget_migration(tenant_b.schema_name, APPEND_ONLY)

    with pytest.raises(CommandError, match="1 tenant schema failed to migrate: t_beta"):
        migrate_all()

    assert recorded(tenant_a.schema_name, LATEST_ACTIONLOG)
    assert not recorded(tenant_b.schema_name, APPEND_ONLY)


@pytest.mark.django_db
def test_it_reports_failures_with_progress(tenant_a, tenant_b):
    forget_migration(tenant_b.schema_name, LATEST_ACTIONLOG)
    forget_migration(tenant_b.schema_name, APPEND_ONLY)
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError):
        call_command("migrate_all", executor="standard", stdout=out, stderr=err)
    connection.set_schema_to_public()

    assert "[1/1] t_beta FAILED after" in err.getvalue()
    assert 'trigger "actionlog_append_only"' in err.getvalue()
    assert "0 of 1 tenant schema behind migrated (2 tenants in all); 1 failed:" in err.getvalue()


@pytest.mark.django_db
def test_check_lists_what_is_pending_and_migrates_nothing(tenant_a):
    forget_migration(tenant_a.schema_name, LATEST_ACTIONLOG)

    with pytest.raises(CommandError, match="1 schema with pending migrations"):
        migrate_all("--check")

    assert not recorded(tenant_a.schema_name, LATEST_ACTIONLOG)


@LIVE_DB
def test_it_migrates_tenants_side_by_side_in_processes(make_tenant):
    alfa, beta, gamma = make_tenant("alfa"), make_tenant("beta"), make_tenant("gamma")
    for tenant in (alfa, beta, gamma):
        forget_migration(tenant.schema_name, LATEST_ACTIONLOG)

    out, err = migrate_all(executor="multiprocessing", processes=2)

    assert "Migrating 3 tenant schemas in 2 processes" in out
    assert {line.split("] ")[1].split()[0] for line in out.splitlines() if "] t_" in line} == {
        "t_alfa",
        "t_beta",
        "t_gamma",
    }
    assert "[3/3]" in out
    assert err == ""
    for tenant in (alfa, beta, gamma):
        assert recorded(tenant.schema_name, LATEST_ACTIONLOG)
