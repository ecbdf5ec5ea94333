"""Create the demo city: the portal, five administrations and companies, and accounts.

Idempotent: running it again changes nothing that exists and fills in what is missing.
The passwords are for the local demo only and are printed so a developer can sign in.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django_tenants.utils import schema_context
from PIL import Image, ImageDraw

from shared_apps.accounts.models import Membership, User
from shared_apps.alerts.actions import set_subscriptions
from shared_apps.alerts.models import AlertSubscription
from shared_apps.designs.library import ensure_city_library
from shared_apps.eproposals.demo import officer_line, seed_eproposals
from shared_apps.opendata.actions import build_city_archive, build_tenant_archive
from shared_apps.opendata.models import OpenDataArchive
from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.budgets.demo import seed_tenant_budgets
from tenant_apps.debates.demo import seed_tenant_debates
from tenant_apps.meetings.demo import seed_tenant_meetings
from tenant_apps.proposals.demo import seed_tenant_proposals
from tenant_apps.spaces.catalog import rebuild_tenant_catalog
from tenant_apps.spaces.demo import seed_tenant_spaces
from tenant_apps.spaces.demo_generated import seed_generated_processes
from tenant_apps.surveys.demo import seed_tenant_surveys
from tenant_apps.verification.demo import seed_identity
from tenants.actions import ensure_public_tenant, onboard_tenant
from tenants.models import Tenant
from tenants.onboarding import provision, request_onboarding
from tenants.roles import grant_role
from tenants.schemas import ensure_template_schema

DEMO_PASSWORD = "torget-demo-2026"  # noqa: S105 - printed demo credential, not a secret
# The authenticator-app secret of every demo staff account (staff need 2FA). Demo only:
# `python manage.py demo_totp EMAIL` prints the current code, or add this key to an app.
DEMO_TOTP_SECRET = "TORGETDEMOTORGETDEMOTORGETDEMOXX"  # noqa: S105 - documented demo value

DEMO_TENANTS: list[dict[str, str]] = [
    {
        "slug": "stadsmiljo",
        "name_sv": "Stadsmiljöförvaltningen",
        "name_en": "Urban Environment Administration",
        "kind": Tenant.Kind.ADMINISTRATION,
        "primary_color": "#1f5f3a",
    },
    {
        "slug": "kultur",
        "name_sv": "Kulturförvaltningen",
        "name_en": "Cultural Affairs Administration",
        "kind": Tenant.Kind.ADMINISTRATION,
        "primary_color": "#7a2048",
    },
    {
        "slug": "idrott",
        "name_sv": "Idrotts- och föreningsförvaltningen",
        "name_en": "Sports and Associations Administration",
        "kind": Tenant.Kind.ADMINISTRATION,
        "primary_color": "#0b4f8a",
    },
    {
        "slug": "sdf-hisingen",
        "name_sv": "Socialförvaltningen Hisingen",
        "name_en": "Social Services Administration Hisingen",
        "kind": Tenant.Kind.ADMINISTRATION,
        "primary_color": "#5b2a86",
    },
    {
        "slug": "bostadsbolaget",
        "name_sv": "Bostadsbolaget",
        "name_en": "Bostadsbolaget Municipal Housing Company",
        "kind": Tenant.Kind.COMPANY,
        "primary_color": "#8a4b08",
    },
]


def _logo_png(text: str, color: str) -> bytes:
    """Draw a simple square monogram logo in the tenant's colour."""
    image = Image.new("RGB", (160, 160), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 12, 147, 147), outline="white", width=6)
    draw.text((80, 80), text[:2].upper(), fill="white", anchor="mm", font_size=64)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _demo_two_factor(user: User) -> None:
    """Give a demo staff account an authenticator app with the demo secret, and codes."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def _account(email: str, display_name: str, **extra: Any) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, display_name=display_name, **extra)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = "Create (or complete) the demo city with its tenants and accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tenants",
            type=int,
            default=0,
            help="Also create this many generated tenants (demo-001 ...) for benchmarks.",
        )
        parser.add_argument(
            "--processes-per-tenant",
            type=int,
            default=0,
            help="Give each generated tenant this many published processes (a third each "
            "running, upcoming and finished) with phases, areas and categories.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_public_tenant()
        tenants = [self._demo_tenant(spec) for spec in DEMO_TENANTS]
        if options["tenants"]:
            started = time.perf_counter()
            tenants += seed_generated_tenants(options["tenants"], options["processes_per_tenant"])
            self.stdout.write(
                f"Generated tenants: {options['tenants']} with "
                f"{options['processes_per_tenant']} processes each "
                f"in {time.perf_counter() - started:.1f} s"
            )

        with transaction.atomic():
            ops = _account(
                "ops@torget.example", "Plattformsdrift", is_staff=True, is_superuser=True
            )
            _demo_two_factor(ops)
            resident = _account("invanare@torget.example", "Alva Invånare")
            admins = []
            for tenant in tenants[: len(DEMO_TENANTS)]:
                admin = _account(f"admin@{tenant.slug}.torget.example", f"Admin {tenant.name_sv}")
                grant_role(tenant, admin, Membership.Role.ADMIN)
                _demo_two_factor(admin)
                admins.append((tenant, admin))

        ensure_city_vocabularies()
        ensure_city_library()
        identity_lines = seed_identity(_account, resident, _demo_two_factor)
        for tenant, admin in admins:
            with schema_context(tenant.schema_name):
                created = seed_tenant_spaces(tenant.slug, admin)
                created += seed_tenant_proposals(admin, _account)
                created += seed_tenant_budgets(admin, _account)
                created += seed_tenant_debates(admin, _account)
                created += seed_tenant_meetings(admin, _account)
                created += seed_tenant_surveys(admin, _account)
            if created:
                self.stdout.write(f"{tenant.slug}: demo processes and assemblies added: {created}")
        if eproposals := seed_eproposals(_account, _demo_two_factor):
            self.stdout.write(f"E-proposals added: {eproposals}")

        # The resident hears of new processes in the city centre and of everything the
        # culture administration opens (/account/alerts/), and the open-data page has
        # today's archives (rebuilt nightly by the beat job).
        if not AlertSubscription.objects.filter(user=resident).exists():
            set_subscriptions(
                resident,
                areas=Area.objects.filter(slug="centrum"),
                categories=[],
                tenants=[tenant for tenant, _admin in admins if tenant.slug == "kultur"],
            )
        if not OpenDataArchive.objects.exists():
            for tenant, _admin in admins:
                build_tenant_archive(tenant)
            build_city_archive()
            self.stdout.write("Open-data archives built (/open-data/).")

        port = settings.PORTAL_URL or "http://{host}:8000"
        self.stdout.write(self.style.SUCCESS("Demo city ready.\n"))
        self.stdout.write(f"  Portal:   {port.format(host=settings.PLATFORM_DOMAIN)}/")
        for tenant in tenants[: len(DEMO_TENANTS)]:
            host = f"{tenant.slug}.{settings.PLATFORM_DOMAIN}"
            self.stdout.write(f"  {tenant.name_sv:<38} {port.format(host=host)}/")
        if options["tenants"]:
            self.stdout.write(f"  … and {options['tenants']} generated tenants demo-001 …")
        self.stdout.write(f"\n  Accounts (password for all: {DEMO_PASSWORD})")
        self.stdout.write("    resident          invanare@torget.example")
        self.stdout.write("    platform ops      ops@torget.example  (ops pages at /ops/)")
        for tenant, admin in admins:
            self.stdout.write(f"    admin {tenant.slug:<16}{admin.email}")
        self.stdout.write(officer_line())
        for line in identity_lines:
            self.stdout.write(line)
        self.stdout.write(
            "\n  Staff sign in with two-factor authentication. The code for a demo staff "
            "account:\n    .venv/bin/python -m devstack manage demo_totp ops@torget.example\n"
            f"  or add the demo secret {DEMO_TOTP_SECRET} to an authenticator app."
        )

    def _demo_tenant(self, spec: dict[str, str], logo: bool = True) -> Tenant:
        tenant = Tenant.objects.filter(slug=spec["slug"]).first()
        if tenant is None:
            tenant = _onboard_demo_tenant(spec)
            self.stdout.write(f"Onboarded tenant {tenant.slug} (see /ops/)")
        if logo and not tenant.logo:
            tenant.logo.save(
                "logo.png", ContentFile(_logo_png(tenant.slug, tenant.primary_color)), save=True
            )
        return tenant


def _onboard_demo_tenant(spec: dict[str, str]) -> Tenant:
    """Onboard a demo tenant the way ops do (a provisioning job, worked here), with its
    demo admin as first administrator, so /ops/ shows the jobs and the audit log."""
    admin = _account(f"admin@{spec['slug']}.torget.example", f"Admin {spec['name_sv']}")
    job = request_onboarding(
        {**spec, "admin_email": admin.email, "domain": ""}, by="seed_demo", channel="command"
    )
    job = provision(job.pk)
    if job.tenant is None:
        raise CommandError(f"onboarding {spec['slug']} failed: {job.error}")
    return job.tenant


def _tenant(spec: dict[str, str]) -> tuple[Tenant, bool]:
    """Return the tenant with the spec's slug, onboarding it first if it is missing."""
    tenant = Tenant.objects.filter(slug=spec["slug"]).first()
    if tenant is not None:
        return tenant, False
    tenant = onboard_tenant(
        contact_email=f"kontakt@{spec['slug']}.torget.example",
        **spec,  # type: ignore[arg-type]
    )
    return tenant, True


def seed_generated_tenants(count: int, per_tenant: int) -> list[Tenant]:
    """Create (or complete) tenants demo-001 … demo-<count> with `per_tenant` published
    processes each, on the portal through the real catalog writer; idempotent."""
    ensure_public_tenant()
    ensure_city_vocabularies()
    areas, categories = list(Area.objects.all()), list(Category.objects.all())
    tenants = []
    with _cloning_template():
        for number in range(1, count + 1):
            tenant, _created = _tenant(
                {
                    "slug": f"demo-{number:03d}",
                    "name_sv": f"Demoförvaltning {number}",
                    "name_en": f"Demo administration {number}",
                    "kind": Tenant.Kind.OTHER,
                    "primary_color": "#1b4f72",
                }
            )
            tenants.append(tenant)
            if number % 50 == 0:
                # A backend that cloned many schemas gets slower with each (its catalog
                # caches grow); a fresh connection keeps the pace (see tests/conftest.py).
                connection.close()
            if per_tenant:
                with schema_context(tenant.schema_name):
                    made = seed_generated_processes(
                        per_tenant, number=number, areas=areas, categories=categories
                    )
                if made:
                    rebuild_tenant_catalog(tenant)
    return tenants


@contextmanager
def _cloning_template() -> Iterator[None]:
    """Bring the template schema up to date once, before the tenants are cloned from it
    (its migration then commits once instead of inside the first tenant's transaction)."""
    ensure_template_schema()
    yield
