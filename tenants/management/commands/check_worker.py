"""Check that a Celery worker answers and runs tasks in each tenant's own schema."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from tenants.models import Tenant
from tenants.tasks import probe_worker


class Command(BaseCommand):
    help = "Send a probe task from the public schema and from each ready tenant; report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=20.0)

    def handle(self, *args: Any, **options: Any) -> None:
        schemas = [
            "public",
            *Tenant.objects.filter(status=Tenant.Status.READY)
            .exclude(schema_name="public")
            .values_list("schema_name", flat=True),
        ]
        wrong = []
        for schema in schemas:
            with schema_context(schema):
                result = probe_worker.delay("check_worker").get(timeout=options["timeout"])
            ran_in = result["schema"]
            self.stdout.write(f"{schema:<30} ran in {ran_in}")
            if ran_in != schema:
                wrong.append(schema)
        if wrong:
            raise CommandError(f"tasks ran in the wrong schema for: {', '.join(wrong)}")
        self.stdout.write(self.style.SUCCESS(f"worker OK for {len(schemas)} schemas"))
