"""The verification framework: one person, one account; expiry and revocation at the
moment of use; requirements with options; every refusal logged."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.identity.actions import (
    IDENTITY_TAKEN,
    VerificationRefused,
    grant_verification,
    revoke_verification,
)
from shared_apps.identity.keys import identity_key
from shared_apps.identity.models import (
    IdentityConflict,
    PersonIdentity,
    Verification,
    VerificationAttempt,
)
from shared_apps.identity.requirements import clean_permissions
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenant_apps.spaces.permissions import check_action
from tests.conftest import LIVE_DB, activate_totp, make_user, sign_in
from tests.spaces.factories import make_component, make_process

PERSON = ("se-pnr", "198001010019")


def fresh(user: User) -> User:
    """The same account as a new request would load it: nothing cached."""
    return User.objects.get(pk=user.pk)


def test_only_a_keyed_hash_of_the_identifier_is_stored(portal, alice):
    verification = grant_verification(
        alice, "eid", identifier=PERSON, attributes={"area": "centrum"}
    )
    identity = PersonIdentity.objects.get(user=alice)
    assert verification.identity == identity
    assert identity.key == identity_key(*PERSON) != PERSON[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM identity_personidentity p, identity_verification v "
            "WHERE p.key LIKE %s OR v.attributes::text LIKE %s OR v.evidence LIKE %s",
            ["%8001010019%"] * 3,
        )
        assert cursor.fetchone() == (0,)


def test_a_second_account_with_the_same_person_is_refused_and_ops_see_the_conflict(portal, alice):
    grant_verification(alice, "eid", identifier=PERSON)
    mallory = make_user("mallory@example.org", "Mallory")
    with pytest.raises(VerificationRefused) as refused:
        grant_verification(mallory, "in_person", identifier=PERSON, attributes={"area": "centrum"})
    assert refused.value.message == IDENTITY_TAKEN
    assert not Verification.objects.filter(user=mallory).exists()
    conflict = IdentityConflict.objects.get()
    assert (conflict.attempted_by, conflict.identity.user) == (mallory, alice)
    attempt = VerificationAttempt.objects.filter(user=mallory).get()
    assert (attempt.outcome, attempt.reason, attempt.handler) == (
        "refused",
        "identity_taken",
        "in_person",
    )


def test_an_account_verified_as_one_person_cannot_become_another(portal, alice):
    grant_verification(alice, "eid", identifier=PERSON)
    with pytest.raises(VerificationRefused) as refused:
        grant_verification(alice, "eid", identifier=("se-pnr", "199002020031"))
    assert refused.value.reason == "other_person"
    assert Verification.objects.filter(user=alice).valid().count() == 1
    assert PersonIdentity.objects.get(user=alice).key == identity_key(*PERSON)


def test_the_same_person_again_replaces_the_old_verification(portal, alice):
    first = grant_verification(alice, "eid", identifier=PERSON, attributes={"area": "centrum"})
    second = grant_verification(alice, "eid", identifier=PERSON, attributes={"area": "angered"})
    first.refresh_from_db()
    assert first.revoked is not None and first.revoked_reason == "replaced"
    assert list(Verification.objects.filter(user=alice).valid()) == [second]
    assert PersonIdentity.objects.count() == 1


@LIVE_DB
def test_two_accounts_verifying_the_same_person_at_once_one_wins(portal):
    accounts = [make_user(f"twin{n}@example.org", f"Twin {n}") for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def verify(user: User) -> None:
        try:
            barrier.wait()
            grant_verification(user, "eid", identifier=PERSON)
            outcomes.append("verified")
        except VerificationRefused as refusal:
            outcomes.append(refusal.reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=verify, args=(user,)) for user in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["identity_taken", "verified"]
    assert PersonIdentity.objects.count() == 1
    assert Verification.objects.valid().count() == 1
    assert IdentityConflict.objects.count() == 1


def vote_component(tenant, **permissions):
    with schema_context(tenant.schema_name):
        process = make_process("val", published=True)
        return make_component(process, "testballot", permissions={"vote": permissions})


def test_expiry_and_revocation_count_at_the_moment_of_use(tenant_a, alice, ballot_type):
    component = vote_component(tenant_a, verifications=["postal_code"])
    with schema_context(tenant_a.schema_name):
        verification = grant_verification(
            alice, "postal_code", attributes={"area": "centrum", "municipality": "1480"}
        )
        assert verification.expires is not None
        user = fresh(alice)
        assert check_action(user, component, "vote").allowed
        # The same request a year later (the list is cached on the user): expired.
        with time_machine.travel(verification.expires + timedelta(seconds=1)):
            answer = check_action(user, component, "vote")
            assert not answer and answer.fix == "verify:postal_code"
            assert not check_action(fresh(alice), component, "vote")
        revoke_verification(verification, reason="moved away")
        assert not check_action(fresh(alice), component, "vote")


def test_options_areas_age_and_residency(tenant_a, alice, ballot_type):
    ensure_city_vocabularies()
    centrum_only = vote_component(
        tenant_a, verifications=["in_person"], options={"in_person": {"areas": ["centrum"]}}
    )
    with schema_context(tenant_a.schema_name):
        adults = make_component(
            centrum_only.process,
            "testballot",
            permissions={
                "vote": {"verifications": ["in_person"], "options": {"in_person": {"min_age": 18}}}
            },
        )
        residents = make_component(
            centrum_only.process,
            "testballot",
            permissions={
                "vote": {
                    "verifications": ["in_person"],
                    "options": {"in_person": {"resident": True}},
                }
            },
        )
        born = (timezone.localdate() - timedelta(days=17 * 365 + 30)).isoformat()
        grant_verification(
            alice,
            "in_person",
            identifier=PERSON,
            attributes={"area": "angered", "birth_date": born, "municipality": "1480"},
        )
        unmet = check_action(fresh(alice), centrum_only, "vote").unmet
        assert [(r.handler, r.areas) for r in unmet] == [("in_person", ("centrum",))]
        with translation.override("en"):
            assert unmet[0].conditions() == ["lives in City Centre"]
        assert not check_action(fresh(alice), adults, "vote")
        assert check_action(fresh(alice), residents, "vote")
        with time_machine.travel(timezone.now() + timedelta(days=365)):
            assert check_action(fresh(alice), adults, "vote")


def test_a_voting_code_counts_only_in_its_own_process(tenant_a, alice, ballot_type):
    from shared_apps.identity.requirements import space_scope

    first = vote_component(tenant_a, verifications=["voting_code"])
    with schema_context(tenant_a.schema_name):
        other_process = make_process("annat", published=True)
        second = make_component(
            other_process, "testballot", permissions={"vote": {"verifications": ["voting_code"]}}
        )
        grant_verification(alice, "voting_code", scope=space_scope(first.process))
        assert check_action(fresh(alice), first, "vote")
        assert check_action(fresh(alice), second, "vote").fix == "verify:voting_code"


def test_requirements_are_checked_when_saved(portal):
    ensure_city_vocabularies()
    assert clean_permissions(
        ["vote"],
        {
            "vote": {
                "verifications": ["eid", "eid"],
                "options": {"eid": {"min_age": 16, "areas": []}},
            }
        },
    ) == {"vote": {"verifications": ["eid"], "options": {"eid": {"min_age": 16}}}}
    bad = [
        ({"fly": {"verifications": ["eid"]}}, "Unknown action: fly"),
        ({"vote": {"verifications": ["dna"]}}, "Unknown verification: dna"),
        ({"vote": {"verifications": ["voting_code"], "options": {"voting_code": {"min_age": 3}}}},
         "cannot prove"),
        ({"vote": {"verifications": ["eid"], "options": {"eid": {"areas": ["atlantis"]}}}},
         "Unknown area: atlantis"),
        ({"vote": {"verifications": ["eid"], "options": {"eid": {"min_age": 300}}}},
         "The minimum age must be between 1 and 120."),
    ]  # fmt: skip
    for data, message in bad:
        with translation.override("en"), pytest.raises(ValidationError, match=message):
            clean_permissions(["vote"], data)


def test_platform_ops_see_conflicts_in_the_admin(client, portal, alice):
    grant_verification(alice, "eid", identifier=PERSON)
    mallory = make_user("mallory@example.org", "Mallory")
    with pytest.raises(VerificationRefused):
        grant_verification(mallory, "eid", identifier=PERSON)
    ops = make_user("ops@example.org", "Ops", is_staff=True, is_superuser=True)
    activate_totp(ops)
    sign_in(client, ops)
    page = client.get("/ops/admin/identity/identityconflict/", HTTP_HOST="localhost")
    assert page.status_code == 200
    assert "Mallory" in page.content.decode() and "Alice Andersson" in page.content.decode()
    attempts = client.get("/ops/admin/identity/verificationattempt/", HTTP_HOST="localhost")
    assert "identity_taken" in attempts.content.decode()


def test_an_unknown_client_address_is_logged_as_none(portal, alice):
    """Behind a proxy without the header, client_ip() is "": the log keeps NULL, not ""."""
    grant_verification(alice, "postal_code", attributes={"area": "centrum"}, ip="")
    grant_verification(alice, "eid", identifier=PERSON, ip="")
    with pytest.raises(VerificationRefused):
        grant_verification(make_user("m@example.org", "M"), "eid", identifier=PERSON, ip="")
    assert VerificationAttempt.objects.filter(outcome="refused").count() == 1
    assert set(VerificationAttempt.objects.values_list("ip", flat=True)) == {None}
