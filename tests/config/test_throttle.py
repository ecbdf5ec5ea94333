"""config.throttle: attempt counters per account and per address in Redis."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

from config import throttle
from config.throttle import Throttled, client_ip, hit

STRICT = (5, 300)  # five attempts per account in five minutes
GENEROUS = (30, 60)  # thirty per address a minute: a school class behind one address


def attempt(user_id: int | None = 1, ip: str | None = "10.0.0.1", **kwargs) -> Throttled | None:
    kwargs.setdefault("per_user", STRICT)
    kwargs.setdefault("per_ip", GENEROUS)
    return hit("postal_code", user_id=user_id, ip=ip, **kwargs)


def test_it_allows_attempts_up_to_the_account_limit_then_says_how_long_to_wait():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert [attempt() for _ in range(5)] == [None] * 5
        traveller.shift(timedelta(seconds=100))
        blocked = attempt()
    assert blocked == Throttled(retry_after=200, scope="postal_code", keyed_on="user")


def test_a_blocked_account_does_not_block_others_at_the_same_address():
    for _ in range(6):
        attempt(user_id=1)
    assert attempt(user_id=1) is not None
    assert [attempt(user_id=number) for number in range(2, 25)] == [None] * 23


def test_the_address_limit_catches_many_accounts_from_one_address():
    results = [attempt(user_id=number) for number in range(31)]
    assert results[:30] == [None] * 30
    assert results[30] is not None and results[30].keyed_on == "ip"
    assert attempt(user_id=99, ip="10.0.0.2") is None


def test_the_window_ends_and_counting_starts_again():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(6):
            attempt()
        assert attempt() is not None
        traveller.shift(timedelta(seconds=301))
        assert [attempt() for _ in range(5)] == [None] * 5
        assert attempt() is not None


def test_scopes_do_not_share_counters():
    for _ in range(6):
        attempt()
    assert hit("voting_code", user_id=1, ip="10.0.0.1", per_user=STRICT, per_ip=GENEROUS) is None


def test_reset_forgets_the_account_after_a_right_answer():
    for _ in range(6):
        attempt()
    throttle.reset("postal_code", user_id=1)
    assert attempt() is None


def test_the_longer_wait_wins_when_both_limits_are_reached():
    blocked = [attempt(per_user=(1, 600), per_ip=(1, 60)) for _ in range(2)][-1]
    assert blocked is not None
    assert blocked.keyed_on == "user"
    assert 590 <= blocked.retry_after <= 600


def test_a_missing_account_or_address_skips_that_limit():
    assert [attempt(user_id=None, per_ip=(2, 60)) for _ in range(3)][-1] is not None
    assert [attempt(user_id=7, ip=None, per_user=(2, 60)) for _ in range(3)][-1] is not None
    assert [attempt(user_id=None, ip=None) for _ in range(50)] == [None] * 50


def test_concurrent_attempts_are_all_counted():
    results: list[Throttled | None] = []
    lock = threading.Lock()

    def one() -> None:
        outcome = attempt(user_id=5, per_user=(10, 60), per_ip=(1000, 60))
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(outcome is None for outcome in results) == 10


def test_counters_are_city_wide_whatever_schema_the_connection_uses():
    for _ in range(3):
        attempt(per_user=(5, 60))
    connection.set_schema("t_alfa")
    try:
        outcomes = [attempt(per_user=(5, 60)) for _ in range(3)]
    finally:
        connection.set_schema_to_public()
    assert outcomes[:2] == [None, None]
    assert outcomes[2] is not None


def test_a_limit_of_nothing_is_a_programming_error():
    with pytest.raises(ValueError):
        attempt(per_user=(0, 60))


# --- client_ip ------------------------------------------------------------------------


def test_client_ip_is_the_peer_address_and_ignores_headers_by_default():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert client_ip(request) == "192.0.2.10"


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
def test_behind_the_proxy_it_takes_the_address_the_proxy_added_last():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_ip(request) == "203.0.113.5"


@override_settings(CLIENT_IP_HEADER="X-Real-IP")
def test_a_malformed_header_falls_back_to_the_peer_address():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="not-an-ip")
    assert client_ip(request) == "127.0.0.1"


@override_settings(CLIENT_IP_HEADER="X-Real-IP")
def test_an_ipv6_address_is_kept():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="2001:db8::1")
    assert client_ip(request) == "2001:db8::1"
