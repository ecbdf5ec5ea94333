"""Migrate many tenant schemas side by side and report each one's outcome.

This drives django-tenants' own per-schema migration (`run_migrations`, what its
executors call) in its fork pool (`get_pool`, sized by
TENANT_MULTIPROCESSING_MAX_PROCESSES). Its multiprocessing executor stops at the first
exception without saying which schema raised it and prints no progress; here every
schema's outcome comes back as it finishes, failures included, so the caller can show
progress and name each schema that failed.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import override_settings
from django_tenants.migration_executors.base import run_migrations
from django_tenants.migration_executors.multiproc import get_pool
from django_tenants.utils import get_tenant_base_migrate_command_class

PARALLEL = "multiprocessing"
IN_PROCESS = "standard"


@dataclass(frozen=True)
class SchemaOutcome:
    """How migrating one schema went."""

    schema: str
    ok: bool
    seconds: float
    error: str = ""


def migrate_options(verbosity: int) -> dict[str, Any]:
    """Return the options of Django's migrate command as its parser makes them."""
    command = get_tenant_base_migrate_command_class()()
    options = vars(command.create_parser("manage.py", "migrate").parse_args([]))
    options.update(
        verbosity=verbosity, interactive=False, skip_checks=True, database=DEFAULT_DB_ALIAS
    )
    return options


def migrate_schemas(
    schemas: list[str],
    *,
    executor: str = PARALLEL,
    processes: int | None = None,
    verbosity: int = 0,
) -> Iterator[SchemaOutcome]:
    """Migrate each schema; yield its outcome as each one finishes (in any order).

    A schema that fails does not stop the others. `standard` migrates one after another
    in this process and connection (inside the caller's transaction, if any).
    """
    options = migrate_options(verbosity)
    count = len(schemas)
    if executor == IN_PROCESS:
        for index, schema in enumerate(schemas):
            yield _migrate_one(options, count, False, (index, schema))
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        return
    if executor != PARALLEL:
        raise ValueError(f"unknown executor {executor!r}")
    # The children are forked: none may inherit this process's database connections.
    connections.close_all()
    size = min(processes or settings.TENANT_MULTIPROCESSING_MAX_PROCESSES, count) or 1
    with override_settings(TENANT_MULTIPROCESSING_MAX_PROCESSES=size):
        pool = get_pool()
    try:
        yield from pool.imap_unordered(
            functools.partial(_migrate_one, options, count, True), enumerate(schemas)
        )
    finally:
        pool.close()
        pool.join()


def _migrate_one(
    options: dict[str, Any], count: int, in_child: bool, item: tuple[int, str]
) -> SchemaOutcome:
    index, schema = item
    started = time.perf_counter()
    try:
        run_migrations(
            (),
            dict(options),
            PARALLEL if in_child else IN_PROCESS,
            schema,
            allow_atomic=not in_child,
            idx=index,
            count=count,
        )
    except Exception as error:  # reported per schema; the others go on
        if in_child:
            # The failed schema's connection is in an unknown state; start afresh.
            connections.close_all()
        else:
            connection.set_schema_to_public()  # type: ignore[attr-defined]
        message = " ".join(str(error).split()) or type(error).__name__
        return SchemaOutcome(
            schema, False, time.perf_counter() - started, f"{type(error).__name__}: {message}"
        )
    return SchemaOutcome(schema, True, time.perf_counter() - started)
