"""Ask about processes that are not our children: are they alive, are they the same one."""

import time

import psutil


def pid_is_live(pid: int, started_at: float | None = None, tolerance: float = 1.0) -> bool:
    """Return True if process `pid` runs (and, given `started_at`, is that same process).

    Pids are reused, so a recorded start time tells a new process from the one we saw. An
    unreaped zombie does not count as running.
    """
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        actual = process.create_time()
    except psutil.Error:
        return False
    return started_at is None or abs(actual - started_at) < tolerance


def started_at(pid: int) -> float | None:
    """Return when process `pid` started (seconds since the epoch), or None if it is gone."""
    try:
        return float(psutil.Process(pid).create_time())
    except psutil.Error:
        return None


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait until process `pid` has exited; return False if it still runs after `timeout`."""
    deadline = time.monotonic() + timeout
    while pid_is_live(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
