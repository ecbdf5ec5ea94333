"""Run child processes: several side by side with prefixed output, or one in the foreground."""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from devstack.console import say
from devstack.paths import REPO_ROOT

COLOURS = ("\033[36m", "\033[33m", "\033[35m", "\033[32m", "\033[34m", "\033[31m")
RESET = "\033[0m"
PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to send SIGTERM to this (forked) child when the supervisor dies.

    Children run in their own sessions, out of reach of the terminal's Ctrl-C, so without
    this a supervisor killed with SIGKILL would leave them running.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:
        # The supervisor died between fork and prctl.
        os.kill(os.getpid(), signal.SIGTERM)


@dataclass
class Child:
    """Hold one supervised program and, once started, its process."""

    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    reader: threading.Thread | None = field(default=None, repr=False)


class Supervisor:
    """Start children together; stop them all on SIGINT/SIGTERM or when any one exits.

    Each child runs in its own session and process group, so a Ctrl-C in the terminal
    reaches only the supervisor, which then stops each child exactly once with SIGTERM
    (Celery treats a second signal as "cold shutdown").
    """

    def __init__(self, env: dict[str, str], cwd: Path = REPO_ROOT, grace: float = 15.0) -> None:
        self.env = env
        self.cwd = cwd
        self.grace = grace
        self.children: list[Child] = []
        self._stop_signal: int | None = None
        self._output_lock = threading.Lock()
        self._width = 0

    def add(self, name: str, argv: list[str]) -> None:
        """Register a child to start in `run()`."""
        self.children.append(Child(name, argv))
        self._width = max(self._width, len(name))

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._stop_signal is None:
            self._stop_signal = signum

    def run(self) -> int:
        """Run every child until a stop signal (return 0) or a child exits (return 1)."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            self._start_all()
            failed = self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 1 if failed else 0

    def _start_all(self) -> None:
        parent = os.getpid()
        # Fork every child before starting any reader thread: preexec_fn is only safe while
        # the process has a single thread.
        for child in self.children:
            child.process = subprocess.Popen(
                child.argv,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=lambda: _die_with_parent(parent),
            )
        for index, child in enumerate(self.children):
            assert child.process is not None and child.process.stdout is not None
            child.reader = threading.Thread(
                target=self._copy_output,
                args=(child.name, COLOURS[index % len(COLOURS)], child.process.stdout),
                daemon=True,
            )
            child.reader.start()

    def _copy_output(self, name: str, colour: str, stream: IO[bytes]) -> None:
        """Copy a child's output line by line, each line prefixed with the child's name."""
        label = f"{name:<{self._width}} |"
        prefix = f"{colour}{label}{RESET} " if _use_colour() else f"{label} "
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            with self._output_lock:
                sys.stdout.write(f"{prefix}{line}\n")
                sys.stdout.flush()
        stream.close()

    def _watch(self) -> bool:
        """Wait for a stop signal or a child's exit; return True if a child exited."""
        while self._stop_signal is None:
            for child in self.children:
                assert child.process is not None
                status = child.process.poll()
                if status is not None:
                    say(f"{child.name} {_describe_exit(status)}; stopping the others")
                    return True
            time.sleep(0.2)
        say(f"got {signal.Signals(self._stop_signal).name}; stopping")
        return False

    def _stop_all(self) -> None:
        """Send SIGTERM to each child, wait, then kill whatever is left of its group."""
        running = [c for c in self.children if c.process is not None]
        for child in running:
            assert child.process is not None
            if child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{child.name} did not stop within {self.grace:.0f}s; killing it")
            # Grandchildren (the runserver reloader's server, stray pool processes) live in
            # the child's process group; nothing of it may outlive us.
            _kill_group(child.process.pid)
            child.process.wait()
        for child in running:
            if child.reader is not None:
                child.reader.join(timeout=2)


def _describe_exit(status: int) -> str:
    if status < 0:
        return f"was killed by {signal.Signals(-status).name}"
    return f"exited with status {status}"


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_foreground(argv: list[str], env: dict[str, str], cwd: Path = REPO_ROOT) -> int:
    """Run one program attached to the terminal and return its exit status (128+N for signal N).

    It stays in our process group, so it can read the terminal (pdb, `manage.py shell`)
    and gets a terminal Ctrl-C directly; we ignore that SIGINT ourselves and wait, so
    the caller can still clean up. A SIGTERM sent to us is passed on.
    """
    started: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGTERM:
            for process in started:
                process.send_signal(signum)

    # Handlers go in before the child starts, so no Ctrl-C can slip in between.
    previous = {sig: signal.signal(sig, forward) for sig in STOP_SIGNALS}
    try:
        started.append(subprocess.Popen(argv, cwd=cwd, env=env))
        status = started[0].wait()
        return 128 - status if status < 0 else status
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
