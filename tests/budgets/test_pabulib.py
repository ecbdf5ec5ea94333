"""The pabulib reader and writer, and the recount command without a database."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tenant_apps.budgets import pabulib
from tenant_apps.budgets.outcomes import election_from_pabulib, greedy
from tests.budgets.data import REPO, pabulib_file

SMALL = '''META
key;value
description;"A district; with a semicolon"
budget;10.5
vote_type;cumulative
PROJECTS
project_id;cost;name;selected
1;6;Benches;1
2;4.5;"Trees, ""many""";1
10;5;Lights;0
VOTES
voter_id;vote;points
v1;1,2;2,1
v2;10;3
v3;;
'''


def test_it_reads_the_three_sections():
    meta, projects, votes = pabulib.read(SMALL)
    assert meta["description"] == "A district; with a semicolon"
    assert projects["2"]["name"] == 'Trees, "many"'
    assert list(votes) == ["v1", "v2", "v3"]
    assert votes["v1"] == {"voter_id": "v1", "vote": "1,2", "points": "2,1"}


def test_it_round_trips_write_and_read():
    data = pabulib.read(SMALL)
    again = pabulib.read(pabulib.write(*data))
    assert again == data
    assert pabulib.write(*again) == pabulib.write(*data)


def test_it_makes_an_exact_election_from_a_file():
    election = election_from_pabulib(pabulib.read(SMALL))
    assert election.budget * 2 == 21
    assert election.ballots == [{"1": 2, "2": 1}, {"10": 3}, {}]
    # 10 has the most points (3) and fits; 1 (cost 6) no longer fits in 5.5; 2 does.
    assert greedy(election) == ["10", "2"]


def test_it_refuses_a_file_without_votes():
    with pytest.raises(pabulib.PabulibError, match="VOTES"):
        pabulib.read("META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\n1;1\n")


def test_it_round_trips_a_real_file():
    path = pabulib_file("poland_warszawa_2019_radosc.pb")
    data = pabulib.read(path)
    assert pabulib.read(pabulib.write(*data)) == data


def _recount(*args: str) -> subprocess.CompletedProcess[str]:
    # No DATABASE_URL or REDIS_URL: a recount must work on anyone's machine.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DATABASE_URL"] = ""
    return subprocess.run(
        [sys.executable, "manage.py", "pabulib_outcome", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_recounts_a_file_in_a_subprocess_without_a_database():
    path = pabulib_file("poland_warszawa_2019_radosc.pb")
    greedy_run = _recount(str(path), "--rule", "greedy")
    assert greedy_run.returncode == 0, greedy_run.stderr
    official = [p for p, row in pabulib.read(path).projects.items() if row["selected"] == "1"]
    assert greedy_run.stdout.split() == sorted(official, key=int)
    mes_run = _recount(str(path), "--rule", "equal_shares", "--completion", "exhaustive")
    assert mes_run.returncode == 0, mes_run.stderr
    assert mes_run.stdout.splitlines() == ["257", "1318", "2391", "2397", "2407"]


def test_it_recounts_a_file_given_as_the_module_entry_point(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    run = subprocess.run(
        [sys.executable, "-m", "tenant_apps.budgets.outcomes", str(path), "--rule", "greedy"],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "2\n10\n"


def test_it_reports_a_broken_file_with_status_2(tmp_path):
    path = tmp_path / "broken.pb"
    path.write_text("META\nkey;value\nbudget;1\n")
    run = _recount(str(path), "--rule", "greedy")
    assert run.returncode == 2
    assert "Missing section" in run.stderr
