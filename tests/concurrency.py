"""Run writes at the same moment from several threads, each on its own connection, for
the race tests on PostgreSQL (ballots, supports, registrations)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_together(
    tasks: list[Callable[[], object]],
    *,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    with_reason: bool = False,
) -> list[str]:
    """Start every task at once (a barrier) and return the outcomes in finishing order:
    "ok"; for a `refused` exception "refused", or its message when `with_reason`; for any
    other exception its repr (so a failure shows in the assertion, not only in a log).
    Threads run in the default language, and each closes its own connection."""
    barrier = threading.Barrier(len(tasks))
    outcomes: list[str] = []

    def run(task: Callable[[], object]) -> None:
        barrier.wait()
        try:
            task()
            outcomes.append("ok")
        except refused as error:
            outcomes.append(str(error) if with_reason else "refused")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
