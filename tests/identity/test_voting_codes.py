"""Voting codes: an admin makes printable single-use codes for a process; redeeming one
gives that process's verification; a code works once, also when two people race."""

from __future__ import annotations

import re
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.identity.models import Verification, VerificationAttempt
from shared_apps.identity.requirements import space_scope
from tenant_apps.actionlog.models import Action
from tenant_apps.verification.codes import create_batch, redeem_code
from tenant_apps.verification.models import VotingCode
from tests.conftest import LIVE_DB, host_of, make_user, sign_in
from tests.spaces.factories import make_process

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture(autouse=True)
def _no_throttle_left_over():
    cache.clear()


def test_an_admin_makes_codes_and_sees_them_once_to_print(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        make_process("val", published=True)
    sign_in(client, bob)
    host = host_of(tenant_a)
    response = client.post(
        "/manage/processes/val/voting-codes/", {"size": "25", "note": "Stadsbiblioteket"},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302
    sheet = client.get(response["Location"], HTTP_HOST=host).content.decode()
    codes = set(CODE.findall(sheet))
    assert len(codes) == 25
    again = client.get(response["Location"], HTTP_HOST=host).content.decode()
    assert CODE.findall(again) == []
    assert "cannot be shown again" in again
    with schema_context(tenant_a.schema_name):
        stored = list(VotingCode.objects.values_list("code_hash", flat=True))
        assert len(stored) == 25
        assert not any(code.replace("-", "") in h for code in codes for h in stored)
        assert Action.objects.filter(verb="voting_codes.created").count() == 1
    listing = client.get("/manage/processes/val/voting-codes/", HTTP_HOST=host).content.decode()
    assert "Stadsbiblioteket" in listing and "0 / 25" in listing


def test_bad_batch_sizes_get_a_message(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        make_process("val", published=True)
    sign_in(client, bob)
    for size in ("0", "5001", "many"):
        response = client.post(
            "/manage/processes/val/voting-codes/", {"size": size}, HTTP_HOST=host_of(tenant_a)
        )
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not VotingCode.objects.exists()


def test_a_code_works_once_and_only_for_its_process(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("val", published=True)
        _batch, (code, spare) = create_batch(process, 2, by=None)
    client.force_login(alice)
    host = host_of(tenant_a)
    response = client.post(
        "/verify/code/", {"code": code.lower().replace("-", " "), "next": "/processes/val/"},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/processes/val/"
    with schema_context(tenant_a.schema_name):
        verification = Verification.objects.get(user=alice)
        assert verification.scope == space_scope(process)
        assert verification.expires is not None
    # The same code again (by anyone) and a second code for the same person: refused.
    bert = make_user("bert@example.org", "Bert")
    client.force_login(bert)
    response = client.post("/verify/code/", {"code": code}, HTTP_HOST=host)
    assert "That code has already been used." in response.content.decode()
    client.force_login(alice)
    response = client.post("/verify/code/", {"code": spare}, HTTP_HOST=host)
    assert "You already have a voting code for this process" in response.content.decode()
    response = client.post("/verify/code/", {"code": "AAAA-BBBB-CCCC"}, HTTP_HOST=host)
    assert "That code does not exist here." in response.content.decode()
    assert Verification.objects.count() == 1
    reasons = sorted(
        VerificationAttempt.objects.filter(outcome="refused").values_list("reason", flat=True)
    )
    assert reasons == ["code_already_held", "code_unknown", "code_used"]


def test_a_code_from_one_tenant_does_not_work_in_another(client, tenant_a, tenant_b, alice):
    with schema_context(tenant_a.schema_name):
        _batch, (code,) = create_batch(make_process("val", published=True), 1, by=None)
    client.force_login(alice)
    response = client.post("/verify/code/", {"code": code}, HTTP_HOST=host_of(tenant_b))
    assert "That code does not exist here." in response.content.decode()
    assert not Verification.objects.exists()


def test_a_withdrawn_batch_stops_its_unused_codes(client, tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        batch, (code,) = create_batch(make_process("val", published=True), 1, by=bob)
    sign_in(client, bob)
    client.post(f"/manage/processes/val/voting-codes/{batch.pk}/void/", HTTP_HOST=host_of(tenant_a))
    client.force_login(alice)
    response = client.post("/verify/code/", {"code": code}, HTTP_HOST=host_of(tenant_a))
    assert "That code has been withdrawn." in response.content.decode()


def test_guessing_codes_is_throttled(client, tenant_a, alice):
    client.force_login(alice)
    for _ in range(10):
        client.post("/verify/code/", {"code": "AAAA-BBBB-CCCC"}, HTTP_HOST=host_of(tenant_a))
    response = client.post("/verify/code/", {"code": "AAAA-BBBB-CCCD"}, HTTP_HOST=host_of(tenant_a))
    assert "Too many tries." in response.content.decode()


@LIVE_DB
def test_two_people_typing_the_same_code_at_once_one_gets_it(tenant_a):
    people = [make_user(f"p{n}@example.org", f"P {n}") for n in range(4)]
    with schema_context(tenant_a.schema_name):
        _batch, (code,) = create_batch(make_process("val", published=True), 1, by=None)
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def redeem(user) -> None:
        try:
            with schema_context(tenant_a.schema_name):
                barrier.wait()
                try:
                    redeem_code(user, code)
                    outcomes.append("ok")
                except Exception as error:
                    outcomes.append(getattr(error, "reason", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["code_used", "code_used", "code_used", "ok"]
    assert Verification.objects.filter(handler="voting_code").count() == 1


def test_the_batch_list_has_a_query_budget(client, tenant_a, bob, django_assert_max_num_queries):
    with schema_context(tenant_a.schema_name):
        process = make_process("val", published=True)
        create_batch(process, 3, by=bob)
    sign_in(client, bob)
    url = "/manage/processes/val/voting-codes/"
    with django_assert_max_num_queries(14):
        client.get(url, HTTP_HOST=host_of(tenant_a))
    with schema_context(tenant_a.schema_name):
        for _ in range(6):
            create_batch(process, 3, by=bob)
    with django_assert_max_num_queries(14):
        response = client.get(url, HTTP_HOST=host_of(tenant_a))
    assert response.content.decode().count("0 / 3") == 7
