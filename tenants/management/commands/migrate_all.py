"""Migrate everything: the public schema, the template schema, then every tenant schema.

`make migrate` runs this. It first reads, in one process and two queries, which schemas
have migrations to apply; with nothing to do it says so and stops (about a second for
a hundred tenants). Otherwise it migrates the public schema, then the template (a
failure there stops before any tenant: the template is the canary), then the tenant
schemas that are behind, side by side in django-tenants' process pool, printing each
one as it finishes. A tenant that fails does not stop the others; each failure is named
at the end and the command exits with status 1. Run it again after fixing the cause:
schemas already migrated are skipped.

`manage.py migrate_schemas` still works as django-tenants ships it (it does not know the
template schema).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django_tenants.utils import get_public_schema_name

from tenants import schema_migrations, schemas
from tenants.models import Tenant


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Apply pending migrations to the public schema, the template schema and every "
        "tenant schema (in parallel), with progress; only schemas that are behind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="Tenant schemas migrated side by side (default: "
            "TENANT_MULTIPROCESSING_MAX_PROCESSES, from TENANT_MIGRATION_PROCESSES).",
        )
        parser.add_argument(
            "--executor",
            choices=[schema_migrations.PARALLEL, schema_migrations.IN_PROCESS],
            default=schema_migrations.PARALLEL,
            help="multiprocessing (default): a pool of processes; standard: one after "
            "another in this process.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only list the schemas with pending migrations; exit 1 if there are any.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        verbosity = int(options["verbosity"])
        public = get_public_schema_name()
        template = schemas.template_schema_name()
        # The public schema first: the list of tenants lives there (and may not yet).
        public_pending = schemas.pending_migrations(schemas.applied_migrations([public])[public])
        if public_pending and not options["check"]:
            self._migrate_public(verbosity)
        tenants = self._tenant_schemas()
        others = [*([template] if template else []), *tenants]
        applied = schemas.applied_migrations(others)
        existing = schemas.existing_schemas(tenants)
        missing = [name for name in tenants if name not in existing]
        pending = {public: public_pending} | {
            name: schemas.pending_migrations(applied[name])
            for name in others
            if name not in missing
        }
        behind = [name for name, keys in pending.items() if keys]
        self.stdout.write(
            f"Checked {_plural(len(pending), 'schema')} in "
            f"{time.perf_counter() - started:.2f} s: "
            + (f"{len(behind)} with pending migrations." if behind else "all current.")
        )
        for name in missing:
            self.stderr.write(f"Skipped {name}: its tenant has no schema.")
        if options["check"] or verbosity >= 2:
            for name in behind:
                keys = pending[name]
                listed = ", ".join(f"{app}.{migration}" for app, migration in keys[:5])
                more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
                self.stdout.write(f"  {name}: {_plural(len(keys), 'migration')} ({listed}{more})")
        if options["check"]:
            if behind:
                raise CommandError(f"{_plural(len(behind), 'schema')} with pending migrations.")
            return
        if not behind:
            self.stdout.write(f"Nothing to migrate in {_plural(len(pending), 'schema')}.")
            return
        if template and template in behind:
            self._migrate_template(template, verbosity)
        tenants_behind = [name for name in tenants if name in behind]
        failed = self._migrate_tenants(tenants_behind, options, verbosity)
        seconds = time.perf_counter() - started
        done = len(tenants_behind) - len(failed)
        summary = (
            f"Done in {seconds:.1f} s: "
            + ", ".join(
                [
                    *(["the public schema"] if public in behind else []),
                    *([f"the template {template}"] if template in behind else []),
                    f"{done} of {_plural(len(tenants_behind), 'tenant schema')} behind",
                ]
            )
            + f" migrated ({_plural(len(tenants), 'tenant')} in all)"
        )
        if failed:
            self.stderr.write(self.style.ERROR(f"{summary}; {len(failed)} failed:"))
            for outcome in failed:
                self.stderr.write(self.style.ERROR(f"  {outcome.schema}: {outcome.error}"))
            raise CommandError(
                f"{_plural(len(failed), 'tenant schema')} failed to migrate: "
                + ", ".join(outcome.schema for outcome in failed)
                + ". Fix the cause and run it again; migrated schemas are skipped."
            )
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def _tenant_schemas(self) -> list[str]:
        public = get_public_schema_name()
        if "tenants_tenant" not in connection.introspection.table_names():
            return []  # only with --check on an empty database
        return list(
            Tenant.objects.exclude(schema_name=public)
            .order_by("schema_name")
            .values_list("schema_name", flat=True)
        )

    def _migrate_public(self, verbosity: int) -> None:
        self.stdout.write("Migrating the public schema ...")
        started = time.perf_counter()
        try:
            call_command(
                "migrate_schemas",
                shared=True,
                interactive=False,
                verbosity=verbosity,
                executor=schema_migrations.IN_PROCESS,
            )
        except Exception as error:
            raise CommandError(
                f"The public schema failed to migrate ({error}); nothing else was migrated."
            ) from error
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        self.stdout.write(f"Migrated the public schema in {time.perf_counter() - started:.1f} s.")

    def _migrate_template(self, template: str, verbosity: int) -> None:
        self.stdout.write(f"Migrating the template schema {template} ...")
        started = time.perf_counter()
        try:
            applied = schemas.ensure_template_schema(verbosity=max(verbosity - 1, 0))
        except Exception as error:
            raise CommandError(
                f"The template schema {template} failed to migrate ({error}); no tenant "
                "schema was migrated. Every tenant would fail the same way: fix the "
                "migration first."
            ) from error
        self.stdout.write(
            f"Migrated the template schema {template} ({_plural(len(applied), 'migration')}) "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _migrate_tenants(
        self, names: list[str], options: dict[str, Any], verbosity: int
    ) -> list[schema_migrations.SchemaOutcome]:
        if not names:
            return []
        executor = options["executor"]
        processes = min(
            options["processes"] or settings.TENANT_MULTIPROCESSING_MAX_PROCESSES, len(names)
        )
        how = (
            "one after another"
            if executor == schema_migrations.IN_PROCESS
            else f"in {processes} process" + ("" if processes == 1 else "es")
        )
        self.stdout.write(f"Migrating {_plural(len(names), 'tenant schema')} {how} ...")
        self.stdout.flush()
        failed = []
        width = len(str(len(names)))
        outcomes = schema_migrations.migrate_schemas(
            names,
            executor=executor,
            processes=processes,
            verbosity=max(verbosity - 1, 0),
        )
        for number, outcome in enumerate(outcomes, start=1):
            progress = f"[{number:>{width}}/{len(names)}] {outcome.schema}"
            if outcome.ok:
                self.stdout.write(f"{progress} migrated in {outcome.seconds:.1f} s")
            else:
                failed.append(outcome)
                self.stderr.write(
                    self.style.ERROR(
                        f"{progress} FAILED after {outcome.seconds:.1f} s: {outcome.error}"
                    )
                )
            self.stdout.flush()
        return failed
