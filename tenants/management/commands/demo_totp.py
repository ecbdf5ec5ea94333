"""Print the current two-factor code of a demo staff account (local demo only).

Works only for accounts whose authenticator app holds seed_demo's documented demo
secret, so it cannot produce codes for a real account.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands.seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current authenticator-app code of a demo staff account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e.g. admin@kultur.torget.example")

    def handle(self, *args: Any, **options: Any) -> None:
        totp = Authenticator.objects.filter(
            user__email__iexact=options["email"], type=Authenticator.Type.TOTP
        ).first()
        if totp is None:
            raise CommandError(f"{options['email']} has no authenticator app.")
        if get_adapter().decrypt(totp.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(
                f"{options['email']} does not use the demo secret; only demo accounts "
                "made by seed_demo have codes this command can print."
            )
        now = time.time()
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now // period)))
        self.stdout.write(code)
        self.stderr.write(f"(valid for {period - int(now % period)} more seconds)")
