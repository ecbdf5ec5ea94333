"""Onboard a tenant from the command line, through the same job as the ops page and API.

    python manage.py onboard_tenant --slug kultur --name-sv "Kulturförvaltningen" \\
        --name-en "Cultural Affairs Administration" --kind forvaltning \\
        --admin-email anna@example.se [--domain kultur.example.se]

By default the job goes to the provisioning queue and the command shows its progress
until it ends; --no-wait returns at once, --here works it in this process (when no
provisioning worker runs, e.g. while restoring a site).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from tenants.models import ProvisioningJob, Tenant
from tenants.onboarding import OnboardingRefused, provision, request_onboarding, step_label


class Command(BaseCommand):
    help = "Onboard a tenant: validate, then create its schema, domains and first admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name-sv", required=True)
        parser.add_argument("--name-en", required=True)
        parser.add_argument(
            "--kind", default=Tenant.Kind.ADMINISTRATION, choices=Tenant.Kind.values
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--domain", default="", help="an extra host name of its own")
        parser.add_argument("--color", default="#1b4f72", help="brand colour, #rrggbb")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--no-wait", action="store_true", help="queue the job and return")
        mode.add_argument("--here", action="store_true", help="work the job in this process")
        parser.add_argument(
            "--timeout", type=float, default=300, help="seconds to wait for the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Command output is in English, like the rest of the ops commands.
        with translation.override("en"):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        data = {
            "slug": options["slug"],
            "name_sv": options["name_sv"],
            "name_en": options["name_en"],
            "kind": options["kind"],
            "admin_email": options["admin_email"],
            "domain": options["domain"],
            "primary_color": options["color"],
        }
        try:
            with transaction.atomic():
                job = request_onboarding(data, by="command", channel="command")
        except OnboardingRefused as refused:
            lines = [
                f"  {field}: {' '.join(messages)}" for field, messages in refused.errors.items()
            ]
            raise CommandError("nothing was created:\n" + "\n".join(lines)) from None
        self.stdout.write(f"job {job.pk}: onboarding {job.slug}")
        if options["no_wait"]:
            self.stdout.write("queued; follow it on /ops/ or with the ops API")
            return
        job = provision(job.pk) if options["here"] else self._follow(job, options["timeout"])
        if job.status == ProvisioningJob.Status.FAILED:
            raise CommandError(f"onboarding {job.slug} failed: {job.error}")
        if job.status != ProvisioningJob.Status.DONE:
            raise CommandError(
                f"job {job.pk} is still {job.status} after {options['timeout']:.0f} s; is a "
                "worker consuming the provisioning queue (torget-provisioning)?"
            )
        tenant = job.tenant
        assert tenant is not None
        hosts = ", ".join(tenant.domains.values_list("domain", flat=True))
        self.stdout.write(self.style.SUCCESS(f"{tenant.slug} is ready at {hosts}"))

    def _follow(self, job: ProvisioningJob, timeout: float) -> ProvisioningJob:
        deadline = time.monotonic() + timeout
        seen = ("", -1)
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if (job.step, job.progress) != seen:
                seen = (job.step, job.progress)
                self.stdout.write(f"  {job.progress:3d}%  {step_label(job)}")
            if job.status in (ProvisioningJob.Status.DONE, ProvisioningJob.Status.FAILED):
                break
            time.sleep(0.2)
        return job
