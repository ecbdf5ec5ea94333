"""Measure the budget outcome engine on the shared pabulib elections, against pabutools.

Run from the repository root (no database needed):

    .venv/bin/python benchmarks/budget_outcomes.py [--pabutools /tmp/pabuvenv/bin/python]
        [--timeout 600] [--all] [--cache FILE] [--skip-command] [--only TEXT ...]

1. The whole recount command as a subprocess on `poland_wroclaw_2019_local.pb` (80,643
   voters, 144 projects), parsing included, best of 3: greedy (target ≤ 0.5 s) and equal
   shares with add1 (target ≤ 2 s).
2. Per file, in-process timing of the rule call alone, parsing timed apart: our
   `equal_shares(election, completion="exhaustive")` against pabutools'
   `method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)`
   (its budget-increase completion, which stops when the outcome is exhaustive). pabutools
   runs in the interpreter of a separate venv (the project never imports it); the script
   there imports and parses first, then times only the rule call with `perf_counter`, as
   we do. The speed-up is rule time over rule time. Target: the same outcome on every
   file, and at least 50× faster on files with more than 5,000 voters. pabutools is
   stopped after `--timeout` seconds per file (the table then says "> N s" and the lower
   bound on the speed-up that implies); files run smallest first, one at a time, ours
   just before pabutools' (the same load on the machine for both), and the
   two largest only with `--all`. `--cache FILE` keeps pabutools' answers between runs
   (they do not depend on our code). `--only TEXT` keeps the files whose name contains
   TEXT (repeatable), e.g. `--only targowek --skip-command`.

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
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tenant_apps.budgets import pabulib  # noqa: E402
from tenant_apps.budgets.outcomes import (  # noqa: E402
    Election,
    election_from_pabulib,
    equal_shares,
)

DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")
WROCLAW = "poland_wroclaw_2019_local.pb"
LARGEST = {WROCLAW, "poland_krakow_2019_.pb"}
BIG = 5_000

# Run by the pabutools interpreter: prints {"parse": s, "seconds": s, "selected": [...]}.
PABUTOOLS_SCRIPT = """
import json, sys, time
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares
started = time.perf_counter()
instance, profile = parse_pabulib(sys.argv[1])
parsed = time.perf_counter()
outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
done = time.perf_counter()
selected = sorted(p.name for p in outcome)
print(json.dumps({"parse": parsed - started, "seconds": done - parsed, "selected": selected}))
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


def parse(path: Path) -> tuple[float, Election]:
    """Return our parse time and the election (in-process)."""
    started = time.perf_counter()
    election = election_from_pabulib(pabulib.read(path))
    return time.perf_counter() - started, election


def ours(election: Election) -> tuple[float, list[str]]:
    """Return our rule time and outcome (in-process)."""
    started = time.perf_counter()
    selected = equal_shares(election, completion="exhaustive")
    return time.perf_counter() - started, sorted(selected)


def theirs(python: str, path: Path, timeout: float) -> dict[str, Any]:
    """Return pabutools' parse and rule times and outcome, or {"timeout": timeout}."""
    try:
        run = subprocess.run(
            [python, "-c", PABUTOOLS_SCRIPT, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    answer: dict[str, Any] = json.loads(run.stdout)
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pabutools",
        default="/tmp/pabuvenv/bin/python",  # noqa: S108 - the brief's separate venv
        help="a Python that has pabutools installed",
    )
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--all", action="store_true", help="run pabutools on every file")
    parser.add_argument("--cache", type=Path, help="JSON file keeping pabutools' answers")
    parser.add_argument("--skip-command", action="store_true", help="skip the command timing")
    parser.add_argument("--only", action="append", help="files whose name contains this")
    options = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} not found: set PABULIB_DIR")

    if not options.skip_command:
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
    cache: dict[str, dict[str, Any]] = {}
    if options.cache and options.cache.exists():
        cache = json.loads(options.cache.read_text())
    print(
        "\nEqual shares, exhaustive stop; in-process seconds of the rule call alone (parsing "
        f"apart); pabutools stopped after {options.timeout:.0f} s:"
    )
    print(
        f"  {'file':<58} {'voters':>7} {'parse':>6} {'ours':>8} {'pabutools':>10} "
        f"{'(parse)':>7} {'speed-up':>9} {'same':>4}"
    )
    paths = sorted(DATA.glob("*.pb"))
    if options.only:
        paths = [path for path in paths if any(text in path.name for text in options.only)]
    rows = [(path, *parse(path)) for path in paths]
    # Smallest first, so the long ones run last and alone; ours just before pabutools on
    # the same file, so both see much the same load on the machine.
    for path, parse_seconds, election in sorted(rows, key=lambda row: len(row[2].ballots)):
        voters = len(election.ballots)
        our_seconds, our_outcome = ours(election)
        same, their_text, their_parse, speed = "-", "-", "-", "-"
        if not has_pabutools:
            pass
        elif path.name in LARGEST and not options.all and path.name not in cache:
            their_text = "skipped"
        else:
            answer = cache.get(path.name)
            if answer is None or answer.get("timeout", options.timeout) < options.timeout:
                answer = theirs(options.pabutools, path, options.timeout)
                cache[path.name] = answer
                if options.cache:
                    options.cache.write_text(json.dumps(cache, indent=1))
            if "timeout" in answer:
                their_text = f"> {answer['timeout']:.0f} s"
                speed = f"> {answer['timeout'] / our_seconds:.0f}×"
            else:
                same = "yes" if answer["selected"] == our_outcome else "NO"
                their_text = f"{answer['seconds']:.2f} s"
                their_parse = f"{answer['parse']:.2f}"
                speed = f"{answer['seconds'] / our_seconds:.0f}×"
        marker = " *" if voters > BIG else ""
        print(
            f"  {path.name:<58} {voters:>7} {parse_seconds:6.2f} {our_seconds:7.3f}s "
            f"{their_text:>10} {their_parse:>7} {speed:>9} {same:>4}{marker}",
            flush=True,
        )
    print(f"\n  * more than {BIG:,} voters: target speed-up ≥ 50×.")
    if not options.all:
        print(f"  pabutools skipped on the two largest files ({', '.join(sorted(LARGEST))}).")


if __name__ == "__main__":
    main()
