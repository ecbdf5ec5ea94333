"""Support, withdraw support and withdraw an e-proposal from its page: plain POSTs that
redirect back with a message; refusals said as the action says them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from shared_apps.eproposals.models import EProposal, Support
from tests.eproposals.factories import make_eproposal, settings_row, verified_resident
from tests.eproposals.pages import get, post

pytestmark = pytest.mark.django_db
S = EProposal.Status


def flashed(client, url: str, language: str = "en") -> str:
    return " ".join(str(m) for m in get(client, url, language).context["messages"])


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_verified_resident_supports_then_withdraws_the_support(client, portal, language):
    eproposal = make_eproposal()
    client.force_login(verified_resident("vera@example.org"))
    url = f"/e-proposals/{eproposal.pk}/"
    response = post(client, url + "support/", language=language)
    assert response.status_code == 302
    assert response["Location"] == url + "#support"
    eproposal.refresh_from_db()
    assert eproposal.supports_count == 1
    page = get(client, url, language)
    assert "message--success" in page.content.decode()
    assert f'action="{url}unsupport/"' in page.content.decode()
    assert post(client, url + "unsupport/", language=language).status_code == 302
    eproposal.refresh_from_db()
    assert eproposal.supports_count == 0
    assert not Support.objects.exists()


def test_supporting_twice_says_so_and_counts_once(client, portal):
    eproposal = make_eproposal()
    client.force_login(verified_resident("vera@example.org"))
    url = f"/e-proposals/{eproposal.pk}/"
    post(client, url + "support/")
    post(client, url + "support/", language="en")
    assert "You already support this e-proposal." in flashed(client, url)
    eproposal.refresh_from_db()
    assert eproposal.supports_count == 1


def test_a_support_after_the_deadline_is_refused(client, portal):
    eproposal = make_eproposal(days_left=5)
    client.force_login(verified_resident("vera@example.org"))
    url = f"/e-proposals/{eproposal.pk}/"
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        post(client, url + "support/", language="en")
        assert "The support period ended on" in flashed(client, url)
    assert not Support.objects.exists()


def test_an_unverified_resident_is_told_what_is_needed(client, portal, alice):
    settings_row(support_verifications=["in_person"])
    eproposal = make_eproposal()
    client.force_login(alice)
    url = f"/e-proposals/{eproposal.pk}/"
    post(client, url + "support/", language="en")
    assert "you need to verify yourself with In person" in flashed(client, url)
    assert not Support.objects.exists()


def test_anonymous_posts_go_to_sign_in(client, portal):
    eproposal = make_eproposal()
    response = post(client, f"/e-proposals/{eproposal.pk}/support/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert get(client, f"/e-proposals/{eproposal.pk}/support/").status_code == 405


def test_the_proposer_withdraws_after_a_confirm_step(client, portal):
    author = verified_resident("pia@example.org")
    eproposal = make_eproposal(author)
    client.force_login(author)
    url = f"/e-proposals/{eproposal.pk}/"
    confirm = get(client, url + "withdraw/", "en")
    assert confirm.status_code == 200
    assert "Yes, withdraw it" in confirm.content.decode()
    eproposal.refresh_from_db()
    assert eproposal.status == S.OPEN
    assert post(client, url + "withdraw/", language="en")["Location"] == url
    eproposal.refresh_from_db()
    assert eproposal.status == S.WITHDRAWN
    assert "Your e-proposal is withdrawn." in flashed(client, url)


def test_withdraw_when_not_allowed(client, portal, tenant_a, alice):
    author = verified_resident("pia@example.org")
    forwarded = make_eproposal(author, status=S.FORWARDED, tenant=tenant_a, final_count=200)
    client.force_login(author)
    url = f"/e-proposals/{forwarded.pk}/"
    post(client, url + "withdraw/", language="en")
    assert "can be withdrawn only before it reaches its supports" in flashed(client, url)
    forwarded.refresh_from_db()
    assert forwarded.status == S.FORWARDED
    assert get(client, url + "withdraw/")["Location"] == url
    # Someone else's e-proposal: no such page.
    other = make_eproposal(author)
    client.force_login(alice)
    assert get(client, f"/e-proposals/{other.pk}/withdraw/").status_code == 404
    assert post(client, f"/e-proposals/{other.pk}/withdraw/").status_code == 404
    other.refresh_from_db()
    assert other.status == S.OPEN


def test_writes_on_hidden_or_tenant_hosts_are_404(client, portal, tenant_a, alice):
    pending = make_eproposal(verified_resident("pia@example.org"), status=S.PENDING)
    client.force_login(alice)
    assert post(client, f"/e-proposals/{pending.pk}/support/").status_code == 404
    open_one = make_eproposal()
    response = client.post(f"/e-proposals/{open_one.pk}/support/", HTTP_HOST="alfa.localhost")
    assert response.status_code == 404
