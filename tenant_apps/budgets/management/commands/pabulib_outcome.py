"""`manage.py pabulib_outcome FILE --rule greedy|equal_shares`: recount a .pb election.

The work is done by `tenant_apps.budgets.outcomes.cli`, which needs neither Django nor a
database; `manage.py` runs it directly for this command (so `DATABASE_URL=` is fine), and
this class makes it listed by `manage.py help` and callable with `call_command`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tenant_apps.budgets.outcomes import cli


class Command(BaseCommand):
    help = cli.DESCRIPTION
    # Reading a file needs no migrations, models or system checks.
    requires_migrations_checks = False
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lines = cli.outcome_lines(options["file"], options["rule"], options["completion"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        for line in lines:
            self.stdout.write(line)
