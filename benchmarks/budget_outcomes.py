"""Measure the budget outcome engine on the shared pabulib elections, against pabutools.

Run from the repository root (no database needed):

    .venv/bin/python benchmarks/budget_outcomes.py [--pabutools /tmp/pabuvenv/bin/python]
        [--timeout 300] [--all]

1. The whole recount command as a subprocess on `poland_wroclaw_2019_local.pb` (80,643
   voters, 144 projects), parsing included, best of 3: greedy (target ≤ 0.5 s) and equal
   shares with add1 (target ≤ 2 s).
2. Per file, in-process timing: our equal shares with the `exhaustive` completion against
   pabutools' `method_of_equal_shares(sat_class=Cost_Sat, voter_budget_increment=1)`
   (its budget-increase completion, which stops when the outcome is exhaustive), run by
   the interpreter of a separate venv that has pabutools (the project never imports it).
   Target: the same outcome on every file, and at least 50× faster on files with more
   than 5,000 voters. pabutools is stopped after `--timeout` seconds per file (the table
   then says "> N s" and a lower bound on the speed-up); it is not run on the two largest
   files unless `--all` is given.

Set PABULIB_DIR when the data are not in ../shared/data/pabulib.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tenant_apps.budgets import pabulib  # noqa: E402
from tenant_apps.budgets.outcomes import election_from_pabulib, equal_shares  # noqa: E402

DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")
WROCLAW = "poland_wroclaw_2019_local.pb"
LARGEST = {WROCLAW, "poland_krakow_2019_.pb"}
BIG = 5_000

# Run by the pabutools interpreter: prints {"seconds": ..., "selected": [...]} as JSON.
PABUTOOLS_SCRIPT = """
import json, sys, time
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares
started = time.perf_counter()
instance, profile = parse_pabulib(sys.argv[1])
outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "selected": sorted(p.name for p in outcome)}))
"""


def time_command(path: Path, *args: str, repeats: int = 3) -> float:
    """Return the best wall time of `manage.py pabulib_outcome` as a fresh process."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["DATABASE_URL"] = ""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "pabulib_outcome", str(path), *args],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
        best = min(best, time.perf_counter() - started)
    return best


def ours(path: Path) -> tuple[float, list[str], int]:
    """Return our in-process time (parsing included), outcome and number of voters."""
    started = time.perf_counter()
    election = election_from_pabulib(pabulib.read(path))
    selected = equal_shares(election, completion="exhaustive")
    seconds = time.perf_counter() - started
    return seconds, sorted(selected), len(election.ballots)


def theirs(python: str, path: Path, timeout: float) -> tuple[float | None, list[str] | None]:
    """Return pabutools' in-process time and outcome, or (None, None) after the timeout."""
    try:
        run = subprocess.run(
            [python, "-c", PABUTOOLS_SCRIPT, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, None
    answer = json.loads(run.stdout)
    return answer["seconds"], answer["selected"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pabutools",
        default="/tmp/pabuvenv/bin/python",  # noqa: S108 - the brief's separate venv
        help="a Python that has pabutools installed",
    )
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--all", action="store_true", help="run pabutools on every file")
    options = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} not found: set PABULIB_DIR")

    wroclaw = DATA / WROCLAW
    print(f"Whole command (subprocess, parsing included, best of 3) on {WROCLAW}:")
    for label, args, target in (
        ("greedy", ("--rule", "greedy"), 0.5),
        ("equal_shares add1", ("--rule", "equal_shares", "--completion", "add1"), 2.0),
    ):
        seconds = time_command(wroclaw, *args)
        verdict = "ok" if seconds <= target else "OVER TARGET"
        print(f"  {label:<18} {seconds:6.3f} s   (target ≤ {target} s: {verdict})")

    has_pabutools = Path(options.pabutools).exists()
    if not has_pabutools:
        print(f"\n{options.pabutools} not found: pabutools columns left empty.")
    print(
        "\nEqual shares, exhaustive stop, in-process (parsing included) vs pabutools "
        f"(timeout {options.timeout:.0f} s):"
    )
    print(f"  {'file':<58} {'voters':>7} {'same':>5} {'ours':>8} {'pabutools':>10} {'speed-up':>9}")
    for path in sorted(DATA.glob("*.pb")):
        our_seconds, our_outcome, voters = ours(path)
        same, their_text, speed = "-", "-", "-"
        if not has_pabutools:
            pass
        elif path.name in LARGEST and not options.all:
            their_text = "skipped"
        else:
            their_seconds, their_outcome = theirs(options.pabutools, path, options.timeout)
            if their_seconds is None:
                their_text = f"> {options.timeout:.0f} s"
                speed = f"> {options.timeout / our_seconds:.0f}×"
            else:
                same = "yes" if their_outcome == our_outcome else "NO"
                their_text = f"{their_seconds:.2f} s"
                speed = f"{their_seconds / our_seconds:.0f}×"
        marker = " *" if voters > BIG else ""
        print(
            f"  {path.name:<58} {voters:>7} {same:>5} {our_seconds:7.2f}s {their_text:>10} "
            f"{speed:>9}{marker}"
        )
    print(f"\n  * more than {BIG:,} voters: target speed-up ≥ 50×.")
    if not options.all:
        print(f"  pabutools skipped on the two largest files ({', '.join(sorted(LARGEST))}).")


if __name__ == "__main__":
    main()
