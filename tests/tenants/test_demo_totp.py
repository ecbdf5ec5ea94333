"""Demo staff accounts get an authenticator app with the documented demo secret, and
`demo_totp EMAIL` prints their current code (and refuses any other account)."""

from __future__ import annotations

import io

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tenants.management.commands.seed_demo import DEMO_TOTP_SECRET, _demo_two_factor
from tests.conftest import activate_totp, make_user, totp_code

pytestmark = pytest.mark.django_db


def test_demo_staff_get_the_demo_secret_and_recovery_codes_once(portal):
    ops = make_user("ops@torget.example", "Plattformsdrift", is_staff=True)
    _demo_two_factor(ops)
    _demo_two_factor(ops)
    types = sorted(Authenticator.objects.filter(user=ops).values_list("type", flat=True))
    assert types == ["recovery_codes", "totp"]


def test_it_prints_the_current_code_of_a_demo_account(portal):
    _demo_two_factor(make_user("admin@kultur.torget.example", "Admin"))
    out = io.StringIO()
    with time_machine.travel(timezone.now(), tick=False):
        call_command("demo_totp", "Admin@Kultur.torget.example", stdout=out, stderr=io.StringIO())
        assert out.getvalue().strip() == totp_code(DEMO_TOTP_SECRET)


def test_it_refuses_an_account_with_a_secret_of_its_own(portal):
    user = make_user("real@example.org", "Real Staff")
    activate_totp(user, "MFRGGZDFMZTWQ2LK")
    with pytest.raises(CommandError, match="does not use the demo secret"):
        call_command("demo_totp", user.email, stdout=io.StringIO())


def test_it_says_so_when_the_account_has_no_app(portal):
    make_user("plain@example.org", "Plain")
    with pytest.raises(CommandError, match="no authenticator app"):
        call_command("demo_totp", "plain@example.org", stdout=io.StringIO())
