"""Make, list or revoke ops API tokens.

python manage.py ops_token create --email ops@example.se [--name "CI onboarding"]
python manage.py ops_token list
python manage.py ops_token revoke ID
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shared_apps.accounts.models import User
from tenants import audit
from tenants.models import OpsApiToken
from tenants.ops_api import create_token


class Command(BaseCommand):
    help = "Make, list or revoke bearer tokens for the ops API (/api/ops/v1/)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--email", required=True, help="a platform operator's account")
        create.add_argument("--name", default="ops API", help="what the token is for")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            user = User.objects.filter(email__iexact=options["email"]).first()
            if user is None:
                raise CommandError(f"no account has the address {options['email']}")
            try:
                token, secret = create_token(user, options["name"])
            except ValueError as error:
                raise CommandError(str(error)) from None
            self.stderr.write(f"token {token.pk} for {user.email}; it is shown only now:")
            self.stdout.write(secret)
        elif options["action"] == "list":
            for token in OpsApiToken.objects.select_related("user"):
                state = f"revoked {token.revoked:%Y-%m-%d}" if token.revoked else "active"
                used = f"{token.last_used:%Y-%m-%d %H:%M}" if token.last_used else "never"
                self.stdout.write(
                    f"{token.pk}\t{token.user.email}\t{token.name}\t{state}\tlast used {used}"
                )
        else:
            active = OpsApiToken.objects.filter(pk=options["id"], revoked__isnull=True).first()
            if active is None:
                raise CommandError(f"no active token {options['id']}")
            active.revoked = timezone.now()
            active.save(update_fields=["revoked"])
            token = active
            audit.record("ops_token.revoked", by="command", token=token.pk, name=token.name)
            self.stdout.write(f"token {token.pk} revoked")
