"""Password rules (OWASP ASVS 5.0 V6.2, see docs/security.md): long passphrases and any
composition are fine; short, common and context-word passwords are refused; a signed-in
user changes their password with the current one."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from shared_apps.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PORTAL = {"HTTP_HOST": "localhost"}


@pytest.mark.parametrize(
    "password",
    [
        "a quiet river under the old stone bridge near the harbour, 1923 " * 2,  # > 64
        "4829173650192837",  # digits only: no composition rules
        "correct horse battery staple",
        "torget is our square, 1923",  # a context word inside a longer passphrase
        "ÅÄÖ och emoji 🌲 fungerar",
    ],
)
def test_it_accepts(password):
    user = User(email="alice@example.org", display_name="Alice Andersson")
    validate_password(password, user)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort-ord9", "password_too_short"),
        ("1234567890", "password_too_common"),
        ("Torget2026!", "password_context_word"),
        ("Göteborg-1621", "password_context_word"),
        ("alice@example.org", "password_too_similar"),
    ],
)
def test_it_refuses(password, code):
    user = User(email="alice@example.org", display_name="Alice Andersson")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert code in [item.code for item in error.value.error_list]


def test_a_user_changes_the_password_with_the_current_one(client, alice):
    client.force_login(alice)
    new = "a new and much longer passphrase"
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-my-password", "password1": new, "password2": new},
        **PORTAL,
    )
    assert wrong.status_code == 200
    assert "oldpassword" in wrong.context["form"].errors
    right = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
        **PORTAL,
    )
    assert right.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
