"""The rules page: the configured verifications, period, threshold and one section per
decline rule, anchored by the rule's value."""

from __future__ import annotations

import pytest

from shared_apps.eproposals.models import EProposal
from tests.eproposals.factories import settings_row
from tests.eproposals.pages import get, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_states_the_rules_from_the_settings(client, portal, language):
    settings_row(
        support_days=60,
        threshold=150,
        answer_days=45,
        submit_verifications=["in_person"],
        support_verifications=["postal_code"],
    )
    response = get(client, "/e-proposals/rules/", language)
    assert response.status_code == 200
    body = text(response)
    for value in EProposal.DeclineRule.values:
        assert f'id="{value}"' in body
    assert "60" in body and "150" in body and "45" in body
    assert "/account/verify/postal-code/" in body
    if language == "en":
        assert "In person at a service point" in body
        assert "Supporters are never listed publicly" in body
