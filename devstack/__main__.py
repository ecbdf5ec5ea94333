"""Run the devstack command line: `python -m devstack <command>`."""

import sys

from devstack.cli import main

sys.exit(main())
