"""The demo debates the lead's seed_demo calls: an open debate argued on both sides and a
concluded one, made through the actions, and not made twice."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenant_apps.comments.models import Comment
from tenant_apps.debates.demo import PROCESS, seed_tenant_debates
from tenant_apps.debates.models import Debate
from tests.conftest import make_user
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def account(email: str, name: str) -> User:
    return User.objects.filter(email=email).first() or make_user(email, name)


def test_the_demo_has_an_open_and_a_concluded_debate(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        make_process(PROCESS)
        assert seed_tenant_debates(bob, account) == 2
        assert seed_tenant_debates(bob, account) == 0
        open_one, concluded = Debate.objects.order_by("position")
        assert open_one.state == Debate.State.OPEN and open_one.published
        assert concluded.state == Debate.State.CONCLUDED and concluded.conclusion_en
        positions = set(
            Comment.objects.filter(target_id=open_one.pk).values_list("alignment", flat=True)
        )
        assert positions == {-1, 0, 1}
