"""Verified residents support in parallel up to and past the threshold: exactly
`threshold` supports are taken, the count matches the rows, the threshold moment (and its
inbox entries) happens once, and the e-proposal lands in its tenant's queue once.
Parallel double supports of one person through two sessions leave one row."""

from __future__ import annotations

from functools import partial

from shared_apps.eproposals import supports
from shared_apps.eproposals.errors import EProposalRefused
from shared_apps.eproposals.models import EProposal, Event, Support
from shared_apps.notifications.models import Notification
from tests.concurrency import run_together as run_concurrently
from tests.conftest import LIVE_DB
from tests.eproposals.factories import make_eproposal, verified_resident

pytestmark = [LIVE_DB]

# A refusal gives its message (in Swedish: threads run in the default language).
run_together = partial(run_concurrently, refused=EProposalRefused, with_reason=True)


def test_parallel_verified_supports_stop_exactly_at_the_threshold(tenant_a, bob):
    eproposal = make_eproposal(threshold=8, tenant=tenant_a)
    people = [verified_resident(f"p{n}@example.org", f"Person {n}") for n in range(12)]

    outcomes = run_together([lambda p=p: supports.support(p, eproposal) for p in people])

    assert outcomes.count("ok") == 8, outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 4
    # Threads run in the default language, Swedish.
    assert all("redan fått de stöd som behövdes" in o for o in refused), refused
    eproposal.refresh_from_db()
    assert eproposal.supports_count == eproposal.final_count == 8
    assert Support.objects.filter(eproposal=eproposal).count() == 8
    assert eproposal.status == EProposal.Status.FORWARDED
    assert eproposal.events.filter(kind=Event.Kind.THRESHOLD).count() == 1
    assert eproposal.events.filter(kind=Event.Kind.FORWARDED).count() == 1
    # Every supporter counted is told once; the admin of the responsible tenant once.
    assert Notification.objects.filter(event="eproposal_threshold").count() == 8
    assert Notification.objects.filter(event="eproposal_forwarded", user=bob).count() == 1


def test_one_person_supporting_twice_at_once_leaves_one_support(tenant_a):
    eproposal = make_eproposal()
    person = verified_resident("twice@example.org")

    outcomes = run_together([lambda: supports.support(person, eproposal)] * 4)

    assert outcomes.count("ok") == 1, outcomes
    eproposal.refresh_from_db()
    assert eproposal.supports_count == 1 == Support.objects.count()


def test_parallel_supports_and_withdrawals_keep_the_count_equal_to_the_rows(tenant_a):
    eproposal = make_eproposal()
    stayers = [verified_resident(f"s{n}@example.org") for n in range(5)]
    leavers = [verified_resident(f"l{n}@example.org") for n in range(5)]
    for person in leavers:
        supports.support(person, eproposal)

    tasks = [lambda p=p: supports.support(p, eproposal) for p in stayers]
    tasks += [lambda p=p: supports.withdraw_support(p, eproposal) for p in leavers]
    assert run_together(tasks) == ["ok"] * 10

    eproposal.refresh_from_db()
    assert eproposal.supports_count == 5 == Support.objects.filter(eproposal=eproposal).count()
