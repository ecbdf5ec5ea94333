"""Run `python -m tenant_apps.budgets.outcomes FILE --rule greedy|equal_shares`."""

import sys

from tenant_apps.budgets.outcomes.cli import main

sys.exit(main(prog="python -m tenant_apps.budgets.outcomes"))
