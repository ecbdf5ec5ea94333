"""The test e-ID provider starts whatever its client secret looks like."""

from __future__ import annotations

import httpx

from devstack.eid_provider import DEMO_PERSONS, start_provider
from devstack.ports import free_port


def test_a_secret_that_starts_with_a_dash_is_not_taken_for_an_option(tmp_path):
    provider = start_provider(
        port=free_port(),
        client_id="torget-test",
        client_secret="-looks-like-an-option",
        redirect_uris=["http://localhost/account/verify/eid/callback/"],
        persons_file=tmp_path / "persons.json",
        persons=DEMO_PERSONS,
    )
    try:
        discovery = httpx.get(provider.issuer + "/.well-known/openid-configuration").json()
        assert discovery["issuer"] == provider.issuer
    finally:
        provider.stop()
