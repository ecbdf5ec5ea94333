"""Sign-up, e-mail confirmation and sign-in on the portal (allauth), and their bad input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.mail.models import OutgoingMail
from tests.conftest import PASSWORD, host_of

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "dana@example.org",
    "display_name": "Dana Dahl",
    "preferred_language": "sv",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def confirmation_path(mail: OutgoingMail) -> str:
    match = re.search(r"http://localhost(/accounts/confirm-email/[^\s/]+/)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def test_sign_up_queues_a_confirmation_mail_sent_after_commit(
    client, portal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/accounts/signup/", SIGNUP, HTTP_HOST="localhost")
    assert response.status_code == 302
    user = User.objects.get(email="dana@example.org")
    assert user.display_name == "Dana Dahl"
    assert not EmailAddress.objects.get(user=user).verified
    mail = OutgoingMail.objects.get()
    assert mail.to == ["dana@example.org"]
    assert mail.kind == "email_confirmation_signup"
    assert len(callbacks) == 1  # the Celery task is enqueued only once the sign-up commits


def test_confirming_then_signing_in_works_and_a_used_link_is_refused(client, portal):
    client.post("/accounts/signup/", SIGNUP, HTTP_HOST="localhost")
    path = confirmation_path(OutgoingMail.objects.get())
    page = client.get(path, HTTP_HOST="localhost")
    assert page.status_code == 200
    assert client.post(path, HTTP_HOST="localhost").status_code == 302
    assert EmailAddress.objects.get(email="dana@example.org").verified

    client.cookies["django_language"] = "en"
    reused = client.get(path, HTTP_HOST="localhost")
    assert "This email confirmation link expired or is invalid" in reused.content.decode()
    assert client.post(path, HTTP_HOST="localhost").status_code == 404
    client.logout()
    signed_in = client.post(
        "/accounts/login/",
        {"login": "dana@example.org", "password": PASSWORD},
        HTTP_HOST="localhost",
    )
    assert signed_in.status_code == 302
    assert client.get("/account/profile/", HTTP_HOST="localhost").status_code == 200


def test_an_expired_confirmation_link_shows_a_clear_page_and_verifies_nothing(client, portal):
    client.post("/accounts/signup/", SIGNUP, HTTP_HOST="localhost")
    path = confirmation_path(OutgoingMail.objects.get())
    client.cookies["django_language"] = "en"
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200
        assert "This email confirmation link expired or is invalid" in response.content.decode()
        assert client.post(path, HTTP_HOST="localhost").status_code == 404
    assert not EmailAddress.objects.get(email="dana@example.org").verified


def test_a_garbage_confirmation_key_shows_a_page_not_an_error(client, portal):
    client.cookies["django_language"] = "en"
    response = client.get("/accounts/confirm-email/not-a-key/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "This email confirmation link expired or is invalid" in response.content.decode()


def test_a_second_sign_up_with_the_same_address_creates_nothing(client, portal, alice):
    data = {**SIGNUP, "email": "Alice@Example.org"}
    response = client.post("/accounts/signup/", data, HTTP_HOST="localhost")
    # Same answer as a new sign-up, so nobody can probe which addresses have accounts;
    # the owner is told by mail instead.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    mail = OutgoingMail.objects.get()
    assert mail.kind == "account_already_exists"
    assert mail.to == ["Alice@Example.org"] or mail.to == ["alice@example.org"]


def test_bad_sign_up_input_keeps_what_was_typed_and_says_why(client, portal):
    data = {**SIGNUP, "display_name": "   ", "password2": "something-else"}
    response = client.post("/accounts/signup/", data, HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="dana@example.org"' in body
    errors = response.context["form"].errors
    assert set(errors) == {"display_name", "password2"}
    for messages in errors.values():
        for message in messages:
            assert message in body
    assert not User.objects.exists()


def test_many_wrong_passwords_lock_sign_in_for_that_account(client, alice):
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/", {"login": alice.email, "password": "wrong"}, HTTP_HOST="localhost"
        )
        assert response.status_code == 200
    locked = client.post(
        "/accounts/login/", {"login": alice.email, "password": PASSWORD}, HTTP_HOST="localhost"
    )
    assert locked.status_code == 200
    assert "För många misslyckade inloggningsförsök" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unverified_account_cannot_sign_in(client, portal):
    from tests.conftest import make_user

    make_user("eve@example.org", "Eve", verified=False)
    response = client.post(
        "/accounts/login/",
        {"login": "eve@example.org", "password": PASSWORD},
        HTTP_HOST="localhost",
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_sign_in_pages_are_not_served_on_tenant_hosts(client, tenant_a):
    response = client.get("/accounts/login/?next=/x/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    assert response["Location"].startswith("http://localhost/sign-in/handoff/")
