#!/usr/bin/env python
"""Run Django's command-line utility for Torget."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["pabulib_outcome"]:
        # The public recount of a budget needs no settings, database or Redis (and starts
        # in a tenth of the time): run the engine that the command class also calls.
        from tenant_apps.budgets.outcomes.cli import main as pabulib_outcome

        sys.exit(pabulib_outcome(sys.argv[2:], prog="manage.py pabulib_outcome"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
