"""Staff roles and the action log in the tenant admin (/manage/roles/, /manage/log/);
the old /staff/ page now redirects there for good."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.models import Process
from tenants.models import Tenant
from tenants.roles import grant_role
from tests.conftest import host_of, make_user, sign_in_with_two_factor, tenant_for_module
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    """Tenant A, onboarded once for this module (see `tenant_for_module`)."""
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def swedish(message: str) -> str:
    """Return a message as the (Swedish by default) pages show it."""
    with translation.override("sv"):
        return translation.gettext(message)


def actions(tenant, verb: str) -> list[Action]:
    with schema_context(tenant.schema_name):
        return list(Action.objects.filter(verb=verb).select_related("actor"))


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_the_old_staff_page_redirects_permanently_to_manage(client, tenant_a, bob, signed_in):
    if signed_in:
        sign_in_with_two_factor(client, bob)
    response = client.get("/staff/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 301
    assert response["Location"] == "/manage/"


def test_the_admin_grants_the_moderator_role_to_an_account_by_e_mail(client, tenant_a, bob):
    mona = make_user("mona@example.org", "Mona Moderator")
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    response = client.post(
        "/manage/roles/", {"email": "Mona@Example.ORG", "role": "moderator"}, HTTP_HOST=host
    )
    assert response.status_code == 302
    assert response["Location"] == "/manage/roles/"
    assert Membership.objects.filter(user=mona, tenant=tenant_a, role="moderator").exists()
    (granted,) = [a for a in actions(tenant_a, "membership.granted") if a.target == mona.email]
    assert granted.actor == bob
    assert granted.data == {"role": "moderator"}

    page = client.get("/manage/roles/", HTTP_HOST=host).content.decode()
    assert "mona@example.org" in page
    assert swedish("%(name)s has the role now.") % {"name": "Mona Moderator"} in page


def test_an_unknown_e_mail_gets_a_form_error_and_nothing_is_created(client, tenant_a, bob):
    sign_in_with_two_factor(client, bob)
    memberships = Membership.objects.count()
    logged = len(actions(tenant_a, "membership.granted"))
    response = client.post(
        "/manage/roles/",
        {"email": "nobody@example.org", "role": "moderator"},
        HTTP_HOST=host_of(tenant_a),
    )
    assert response.status_code == 200
    error = swedish(
        "No account has this address. Ask the person to create an account on Torget first."
    )
    assert response.context["form"].errors["email"] == [error]
    assert error in response.content.decode()
    assert Membership.objects.count() == memberships
    assert len(actions(tenant_a, "membership.granted")) == logged


def test_the_roles_page_shows_this_tenants_staff_only(client, tenant_a, bob, charlie):
    sign_in_with_two_factor(client, bob)
    page = client.get("/manage/roles/", HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "bob@example.org" in page
    assert "charlie@example.org" not in page


def test_revoking_a_role_removes_it_and_is_logged(client, tenant_a, bob):
    mona = make_user("mona@example.org", "Mona Moderator")
    membership = grant_role(tenant_a, mona, Membership.Role.MODERATOR, by=bob)
    sign_in_with_two_factor(client, bob)
    response = client.post(
        f"/manage/roles/{membership.pk}/revoke/", HTTP_HOST=host_of(tenant_a), follow=True
    )
    assert response.status_code == 200
    assert swedish("The role is removed.") in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    (revoked,) = actions(tenant_a, "membership.revoked")
    assert (revoked.actor, revoked.target, revoked.data) == (
        bob,
        "mona@example.org",
        {"role": "moderator"},
    )


def test_revoking_needs_a_post(client, tenant_a, bob):
    mona = make_user("mona@example.org", "Mona Moderator")
    membership = grant_role(tenant_a, mona, Membership.Role.MODERATOR, by=bob)
    sign_in_with_two_factor(client, bob)
    response = client.get(f"/manage/roles/{membership.pk}/revoke/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 405
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_admin_cannot_be_removed(client, tenant_a, bob):
    membership = Membership.objects.get(user=bob, tenant=tenant_a, role="admin")
    sign_in_with_two_factor(client, bob)
    response = client.post(
        f"/manage/roles/{membership.pk}/revoke/", HTTP_HOST=host_of(tenant_a), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain == [("/manage/roles/", 302)]
    assert swedish("The last administrator cannot be removed.") in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert actions(tenant_a, "membership.revoked") == []


def test_an_admin_can_be_removed_while_another_remains(client, tenant_a, bob):
    ada = make_user("ada@example.org", "Ada Admin")
    membership = grant_role(tenant_a, ada, Membership.Role.ADMIN, by=bob)
    sign_in_with_two_factor(client, bob)
    response = client.post(f"/manage/roles/{membership.pk}/revoke/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.objects.filter(user=bob, tenant=tenant_a, role="admin").exists()


def test_an_admin_cannot_revoke_a_role_in_another_tenant_by_its_id(client, tenant_a, bob, charlie):
    theirs = Membership.objects.get(user=charlie, role="admin")
    sign_in_with_two_factor(client, bob)
    response = client.post(f"/manage/roles/{theirs.pk}/revoke/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


# --- the action log -----------------------------------------------------------------


def test_the_log_shows_the_verb_and_the_before_and_after_values_of_a_change(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", title_sv="Parken", title_en="The park")
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    response = client.post(
        "/manage/processes/parken/",
        {
            "title_sv": "Parken vid ån",
            "title_en": "The park",
            "slug": "parken",
            "summary_sv": process.summary_sv,
            "starts": process.starts.isoformat(),
            "ends": process.ends.isoformat(),
            "phase_mode": "dates",
        },
        HTTP_HOST=host,
    )
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(tenant_a.schema_name):
        assert Process.objects.get(pk=process.pk).title_sv == "Parken vid ån"

    page = client.get("/manage/log/", HTTP_HOST=host).content.decode()
    assert "<code>process.updated</code> parken" in page
    assert "<dt>title_sv</dt><dd><del>Parken</del> → <ins>Parken vid ån</ins></dd>" in page
    assert "title_en" not in page  # unchanged fields are not listed
    assert "Bob Berg" in page


def test_the_log_filters_by_the_beginning_of_the_verb(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        make_process("parken")
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    client.post("/manage/processes/parken/preview-link/", HTTP_HOST=host)
    response = client.get("/manage/log/?verb=process.", HTTP_HOST=host)
    verbs = {action.verb for action in response.context["page"].object_list}
    assert verbs == {"process.preview_link_rotated"}
    everything = client.get("/manage/log/", HTTP_HOST=host).context["page"].object_list
    assert {"membership.granted", "process.preview_link_rotated"} <= {a.verb for a in everything}


def test_the_log_ignores_a_nul_byte_in_the_verb_filter(client, tenant_a, bob):
    sign_in_with_two_factor(client, bob)
    response = client.get("/manage/log/?verb=process%00", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
