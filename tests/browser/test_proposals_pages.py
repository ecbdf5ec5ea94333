"""Every proposals page passes axe in Swedish and English, for residents and staff."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area
from tenant_apps.proposals.models import CustomState
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, assert_accessible, sign_in, sign_in_with_two_factor
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = [LIVE_DB, pytest.mark.browser]


def session(client, live_server, user, *, staff: bool = False) -> list[dict[str, str]]:
    (sign_in_with_two_factor if staff else sign_in)(client, user)
    value = client.cookies["sessionid"].value
    return [{"name": "sessionid", "value": value, "url": tenant_url(live_server, "alfa", "/")}]


def test_the_proposals_pages_pass_axe(live_server, browser, client, tenant_a, alice, bob):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"support_threshold": 10})
        CustomState.objects.create(component=component, slug="planerad", label_sv="Planerad")
        mine = make_proposal(
            component, alice, "Bänkar vid dammen", area=Area.objects.first(),
            body="Fler **bänkar**, tack.\n\n- vid dammen\n- vid lekplatsen",
            address="Slottsskogen", latitude="57.686", longitude="11.943",
        )  # fmt: skip
        answered = make_proposal(
            component, None, "Träd på torget", state="accepted", answer_sv="Vi planterar.",
            answer_cost=450000,
        )  # fmt: skip
        hidden = make_proposal(component, None, "Dold", hidden=True, hidden_reason="Reklam")
    base = component.get_absolute_url()
    resident = session(client, live_server, alice)
    for language in ("sv", "en"):
        for path in (base, f"{base}new/", f"{base}{mine.pk}/", f"{base}{answered.pk}/",
                     f"{base}{hidden.pk}/", f"{base}{mine.pk}/edit/", f"{base}{mine.pk}/withdraw/",
                     f"{base}?withdrawn=1"):  # fmt: skip
            assert_accessible(
                browser, tenant_url(live_server, "alfa", path), cookies=resident, language=language
            )
        assert_accessible(browser, tenant_url(live_server, "alfa", base), language=language)
    staff = session(client, live_server, bob, staff=True)
    manage = component.get_content_manage_url()
    for language in ("sv", "en"):
        for path in (manage, f"{manage}{answered.pk}/", f"{manage}states/"):
            assert_accessible(
                browser, tenant_url(live_server, "alfa", path), cookies=staff, language=language
            )
