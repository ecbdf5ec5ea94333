"""Onboarding through its three entry points (ops page, command, ops API), the checks
made before anything is created, and the provisioning job itself."""

from __future__ import annotations

import json
import threading

import pytest
from django.core import mail as django_mail  # noqa: F401 - the suite sends real SMTP
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import translation
from django_tenants.utils import schema_exists

from shared_apps.accounts.models import Membership, User
from shared_apps.mail.models import OutgoingMail
from tenants import onboarding
from tenants.models import Domain, OpsApiToken, PlatformEvent, ProvisioningJob, Tenant
from tenants.onboarding import OnboardingRefused, provision, request_onboarding, validate_request
from tenants.ops_api import create_token
from tests.conftest import (
    LIVE_DB,
    PASSWORD,
    activate_totp,
    host_of,
    make_user,
    sign_in_with_two_factor,
    wait_for_mail,
)

GOOD = {
    "slug": "idrott",
    "name_sv": "Idrotts- och föreningsförvaltningen",
    "name_en": "Sports and Associations Administration",
    "kind": "forvaltning",
    "admin_email": "Anna.Admin@Example.org",
    "domain": "",
    "primary_color": "#1b4f72",
}


@pytest.fixture
def operator(portal):
    """A platform operator with an authenticator app."""
    user = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(user)
    return user


@pytest.fixture
def drop_committed_schema(django_db_blocker):
    """Tests with committed data (LIVE_DB) leave the schema behind; the flush does not
    drop schemas."""
    yield
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS t_idrott CASCADE")


def _nothing_created(slug: str) -> None:
    assert not Tenant.objects.filter(slug=slug).exists()
    assert not ProvisioningJob.objects.filter(slug=slug).exists()
    assert not schema_exists(Tenant.schema_name_for(slug))


# --- validation -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "Kultur"}, "slug", "lowercase"),
        ({"slug": "ku"}, "slug", "3–42"),
        ({"slug": "kultur--x"}, "slug", "single hyphens"),
        ({"slug": "-kultur"}, "slug", "starting with a letter"),
        ({"slug": "kultur-"}, "slug", "single hyphens"),
        ({"slug": "kul_tur"}, "slug", "single hyphens"),
        ({"slug": "kultür"}, "slug", "lowercase"),
        ({"slug": "www"}, "slug", "reserved"),
        ({"slug": "api"}, "slug", "reserved"),
        ({"slug": "admin"}, "slug", "reserved"),
        ({"slug": "static"}, "slug", "reserved"),
        ({"slug": "media"}, "slug", "reserved"),
        ({"slug": "mail"}, "slug", "reserved"),
        ({"slug": ""}, "slug", "required"),
        ({"name_sv": "  "}, "name_sv", "required"),
        ({"name_en": ""}, "name_en", "required"),
        ({"kind": "kommun"}, "kind", "valid choice"),
        ({"admin_email": "anna@"}, "admin_email", "valid email"),
        ({"admin_email": "anna example.org"}, "admin_email", "valid email"),
        ({"domain": "not a host"}, "domain", "host name"),
        ({"domain": "localhost"}, "domain", "Subdomains of localhost"),
        ({"domain": "x.localhost"}, "domain", "Subdomains of localhost"),
        ({"domain": "-bad.example.org"}, "domain", "host name"),
        ({"primary_color": "#ffdd00"}, "primary_color", "4.5:1"),
        ({"primary_color": "blue"}, "primary_color", "#rrggbb"),
    ],
)
def test_bad_input_is_refused_before_anything_is_created(portal, changes, field, message):
    with translation.override("en"), pytest.raises(OnboardingRefused) as refused:
        request_onboarding({**GOOD, **changes}, by="command", channel="command")
    assert field in refused.value.errors
    assert message in " ".join(refused.value.errors[field])
    _nothing_created(changes.get("slug", GOOD["slug"]) or "idrott")


@pytest.mark.django_db
def test_a_taken_slug_domain_or_open_job_is_refused(portal, tenant_a):
    with translation.override("en"):
        with pytest.raises(OnboardingRefused) as refused:
            validate_request({**GOOD, "slug": tenant_a.slug})
        assert "exists already" in refused.value.errors["slug"][0]

        Domain.objects.create(domain="idrott.example.org", tenant=tenant_a)
        with pytest.raises(OnboardingRefused) as refused:
            validate_request({**GOOD, "domain": "Idrott.Example.org."})
        assert "belongs to another tenant" in refused.value.errors["domain"][0]

        request_onboarding(GOOD, by="command", channel="command")
        with pytest.raises(OnboardingRefused) as refused:
            request_onboarding(GOOD, by="command", channel="command")
        assert "being onboarded already" in refused.value.errors["slug"][0]
    assert ProvisioningJob.objects.filter(slug="idrott").count() == 1


@pytest.mark.django_db
def test_a_schema_left_without_a_tenant_is_refused(portal):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA t_idrott")
    with translation.override("en"), pytest.raises(OnboardingRefused) as refused:
        validate_request(GOOD)
    assert "t_idrott exists without a tenant" in refused.value.errors["slug"][0]


@pytest.mark.django_db
def test_the_messages_are_in_swedish_too(portal):
    with translation.override("sv"), pytest.raises(OnboardingRefused) as refused:
        validate_request({**GOOD, "slug": "www"})
    assert "reserverat" in refused.value.errors["slug"][0]


# --- the job -------------------------------------------------------------------------


@pytest.mark.django_db
def test_provisioning_makes_a_ready_tenant_with_its_admin_and_invitation(portal):
    job = request_onboarding(
        {**GOOD, "domain": "idrott.example.org"}, by="command", channel="command"
    )
    assert job.status == ProvisioningJob.Status.QUEUED
    job = provision(job.pk)
    assert (job.status, job.progress, job.step, job.error) == ("done", 100, "done", "")
    tenant = Tenant.objects.get(slug="idrott")
    assert tenant.status == Tenant.Status.READY
    assert job.tenant == tenant
    assert schema_exists("t_idrott")
    assert set(tenant.domains.values_list("domain", "is_primary")) == {
        ("idrott.localhost", True),
        ("idrott.example.org", False),
    }
    admin = User.objects.get(email="anna.admin@example.org")
    assert not admin.has_usable_password()
    assert Membership.objects.filter(user=admin, tenant=tenant, role="admin").exists()
    invitation = OutgoingMail.objects.get(kind="tenant_admin_invitation")
    assert invitation.to == ["anna.admin@example.org"]
    assert "http://localhost/accounts/password/reset/key/" in invitation.body_text
    assert "http://idrott.localhost/manage/" in invitation.body_text
    verbs = list(PlatformEvent.objects.filter(tenant_slug="idrott").values_list("verb", flat=True))
    assert verbs == ["tenant.onboarded", "tenant.onboarding_requested"]
    # Working the same job again changes nothing.
    again = provision(job.pk)
    assert again.status == "done"
    assert Tenant.objects.filter(slug="idrott").count() == 1
    assert OutgoingMail.objects.filter(kind="tenant_admin_invitation").count() == 1


@pytest.mark.django_db
def test_an_existing_account_becomes_admin_without_a_password_link(portal, alice):
    job = provision(
        request_onboarding({**GOOD, "admin_email": alice.email}, by="command", channel="command").pk
    )
    assert job.status == "done"
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    body = OutgoingMail.objects.get(kind="tenant_admin_invitation").body_text
    assert "/password/reset/key/" not in body


@pytest.mark.django_db
def test_a_failed_step_leaves_no_half_made_tenant_and_a_retry_finishes(portal, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the mail relay is down")

    monkeypatch.setattr(onboarding, "grant_role", broken)
    job = provision(request_onboarding(GOOD, by="command", channel="command").pk)
    assert job.status == "failed"
    assert job.error == "RuntimeError: the mail relay is down"
    assert not Tenant.objects.filter(slug="idrott").exists()
    assert not schema_exists("t_idrott")
    assert not Domain.objects.filter(domain="idrott.localhost").exists()
    assert not User.objects.filter(email="anna.admin@example.org").exists()
    assert PlatformEvent.objects.filter(
        verb="tenant.onboarding_failed", tenant_slug="idrott"
    ).exists()

    monkeypatch.undo()
    job = onboarding.retry_job(job, by="command")
    assert job.status == "queued"
    job = provision(job.pk)
    assert job.status == "done"
    assert Tenant.objects.get(slug="idrott").status == Tenant.Status.READY


@pytest.mark.django_db
def test_a_job_stopped_after_the_schema_step_continues_where_it_stopped(portal, monkeypatch):
    """A worker killed between the steps redelivers the task; the job goes on."""
    calls = []

    def stop_once(*args, **kwargs):
        calls.append(1)
        raise SystemExit("worker killed")

    monkeypatch.setattr(onboarding, "_first_admin", stop_once)
    job = request_onboarding(GOOD, by="command", channel="command")
    with pytest.raises(SystemExit):
        provision(job.pk)
    job.refresh_from_db()
    assert (job.status, job.step) == ("running", "admin")
    assert Tenant.objects.get(slug="idrott").status == Tenant.Status.PROVISIONING
    monkeypatch.undo()
    job = provision(job.pk)
    assert job.status == "done"
    assert Tenant.objects.get(slug="idrott").status == Tenant.Status.READY


@pytest.mark.django_db
def test_a_tenant_being_set_up_answers_503(client, portal, monkeypatch):
    monkeypatch.setattr(onboarding, "_first_admin", lambda *a: (_ for _ in ()).throw(SystemExit()))
    job = request_onboarding(GOOD, by="command", channel="command")
    with pytest.raises(SystemExit):
        provision(job.pk)
    response = client.get("/", HTTP_HOST="idrott.localhost")
    assert response.status_code == 503
    assert "håller på att byggas" in response.content.decode()


# --- the command ----------------------------------------------------------------------


def _command_args(**changes: str) -> list[str]:
    data = {**GOOD, **changes}
    return [
        "--slug", data["slug"], "--name-sv", data["name_sv"], "--name-en", data["name_en"],
        "--kind", data["kind"], "--admin-email", data["admin_email"],
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_command_refuses_bad_input_naming_each_problem(portal):
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("onboard_tenant", *_command_args(slug="www", admin_email="nope"), "--here")
    assert "nothing was created" in str(error.value)
    assert "slug: “www” is reserved" in str(error.value)
    assert "admin_email:" in str(error.value)
    _nothing_created("www")


@pytest.mark.django_db
def test_the_command_works_the_job_here_when_asked(portal, capsys):
    call_command("onboard_tenant", *_command_args(), "--domain", "idrott.example.org", "--here")
    out = capsys.readouterr().out
    assert "idrott is ready at idrott.example.org, idrott.localhost" in out
    assert ProvisioningJob.objects.get(slug="idrott").channel == "command"


@LIVE_DB
def test_the_command_follows_the_job_through_the_worker_and_the_admin_sets_a_password(
    portal, celery_worker, mail_sink, client, drop_committed_schema
):
    from io import StringIO

    out = StringIO()
    call_command("onboard_tenant", *_command_args(), "--timeout", "120", stdout=out)
    assert "100%  Done: the tenant is open" in out.getvalue()
    assert "idrott is ready at idrott.localhost" in out.getvalue()
    message = wait_for_mail(mail_sink, "anna.admin@example.org")
    assert "Idrotts- och föreningsförvaltningen" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    link = next(line for line in body.splitlines() if "/password/reset/key/" in line)
    path = link.split("localhost", 1)[1]
    # allauth moves the key out of the URL into the session, then shows the form.
    response = client.get(path, HTTP_HOST="localhost", follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    new_password = "ett-nytt-langt-losenord-2026"
    response = client.post(
        form_path,
        {"password1": new_password, "password2": new_password},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    assert User.objects.get(email="anna.admin@example.org").check_password(new_password)


# --- the ops API ----------------------------------------------------------------------


@pytest.fixture
def token(operator):
    return create_token(operator, "test")[1]


def _api(
    client, method: str, path: str, token: str | None, body: dict | None = None, host="localhost"
):
    headers = {"HTTP_HOST": host}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if method == "post":
        return client.post(path, json.dumps(body or {}), content_type="application/json", **headers)
    return client.get(path, **headers)


@pytest.mark.django_db
def test_the_api_queues_a_job_and_reports_its_progress(client, operator, token):
    response = _api(client, "post", "/api/ops/v1/tenants/", token, GOOD)
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    assert response["Location"] == f"/api/ops/v1/jobs/{job_id}/"
    assert response.json()["status"] == "queued"
    provision(job_id)
    job = _api(client, "get", f"/api/ops/v1/jobs/{job_id}/", token).json()
    assert (job["status"], job["progress"], job["tenant"], job["channel"]) == (
        "done",
        100,
        "idrott",
        "api",
    )
    tenants = _api(client, "get", "/api/ops/v1/tenants/", token).json()["results"]
    assert [t["slug"] for t in tenants] == ["idrott"]
    assert PlatformEvent.objects.filter(verb="tenant.onboarding_requested", actor=operator).exists()


@pytest.mark.django_db
def test_the_api_names_every_problem_and_creates_nothing(client, token):
    response = _api(
        client, "post", "/api/ops/v1/tenants/", token, {**GOOD, "slug": "www", "admin_email": "x"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"slug", "admin_email"}
    response = _api(client, "post", "/api/ops/v1/tenants/", token, {**GOOD, "colour": "#000000"})
    assert response.status_code == 400
    assert "Unknown field" in response.json()["errors"]["colour"][0]
    _nothing_created("www")
    _nothing_created("idrott")


@pytest.mark.django_db
def test_the_api_needs_an_operators_valid_token(client, operator, token, alice, tenant_a):
    assert _api(client, "get", "/api/ops/v1/tenants/", None).status_code == 401
    assert _api(client, "get", "/api/ops/v1/tenants/", "torget_ops_wrong").status_code == 401
    # A token whose owner is no longer an operator stops working.
    User.objects.filter(pk=operator.pk).update(is_staff=False)
    assert _api(client, "get", "/api/ops/v1/tenants/", token).status_code == 401
    User.objects.filter(pk=operator.pk).update(is_staff=True)
    assert _api(client, "get", "/api/ops/v1/tenants/", token).status_code == 200
    # A session does not count, not even an operator's.
    client.force_login(operator)
    assert _api(client, "get", "/api/ops/v1/tenants/", None).status_code == 401
    # Revoked.
    call_command("ops_token", "revoke", str(OpsApiToken.objects.get().pk))
    assert _api(client, "get", "/api/ops/v1/tenants/", token).status_code == 401
    with pytest.raises(CommandError):
        call_command("ops_token", "create", "--email", alice.email)


@pytest.mark.django_db
def test_the_api_does_not_exist_on_a_tenant_host(client, token, tenant_a):
    assert (
        _api(client, "get", "/api/ops/v1/tenants/", token, host=host_of(tenant_a)).status_code
        == 404
    )
    response = _api(client, "post", "/api/ops/v1/tenants/", token, GOOD, host=host_of(tenant_a))
    assert response.status_code == 404
    _nothing_created("idrott")


# --- the ops page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_onboards_and_shows_the_job(client, operator):
    sign_in_with_two_factor(client, operator)
    response = client.post("/ops/tenants/new/", GOOD, HTTP_HOST="localhost")
    job = ProvisioningJob.objects.get(slug="idrott")
    assert response.status_code == 302
    assert response["Location"] == f"/ops/jobs/{job.pk}/"
    page = client.get(f"/ops/jobs/{job.pk}/", HTTP_HOST="localhost").content.decode()
    assert "Väntar på provisioneringsarbetaren" in page
    provision(job.pk)
    page = client.get(f"/ops/jobs/{job.pk}/", HTTP_HOST="localhost").content.decode()
    assert 'value="100"' in page
    assert "/ops/tenants/idrott/" in page


@pytest.mark.django_db
def test_the_page_shows_every_problem_and_keeps_what_was_typed(client, operator):
    sign_in_with_two_factor(client, operator)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/ops/tenants/new/", {**GOOD, "slug": "www", "domain": "bad host"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“www” is reserved by the platform." in page
    assert "Give a host name such as" in page
    assert 'value="Idrotts- och föreningsförvaltningen"' in page
    _nothing_created("www")


@pytest.mark.django_db
def test_operators_need_two_factor_and_others_get_404(client, operator, alice, bob, tenant_a):
    client.force_login(operator)  # signed in without the code
    response = client.get("/ops/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert "/accounts/2fa/reauthenticate/" in response["Location"]
    for user in (alice, bob):
        client.logout()
        client.force_login(user) if user is alice else sign_in_with_two_factor(client, user)
        for path in ("/ops/", "/ops/tenants/new/", "/ops/audit/", f"/ops/tenants/{tenant_a.slug}/"):
            assert client.get(path, HTTP_HOST="localhost").status_code == 404, (user, path)
        assert client.post("/ops/tenants/new/", GOOD, HTTP_HOST="localhost").status_code == 404
    _nothing_created("idrott")


@pytest.mark.django_db
def test_the_ops_pages_do_not_exist_on_a_tenant_host(client, operator, tenant_a):
    sign_in_with_two_factor(client, operator)
    for path in ("/ops/", "/ops/tenants/new/", "/ops/audit/", "/ops/jobs/1/"):
        assert client.get(path, HTTP_HOST=host_of(tenant_a)).status_code == 404


# --- parallel requests -----------------------------------------------------------------


@LIVE_DB
def test_parallel_requests_for_one_slug_make_one_job(portal, drop_committed_schema, monkeypatch):
    # Only the race on the job row is tested here: no worker works the job afterwards.
    queued: list[int] = []
    monkeypatch.setattr(onboarding, "queue_job", lambda job: queued.append(job.pk))
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def attempt() -> None:
        try:
            barrier.wait()
            request_onboarding(GOOD, by="command", channel="api")
            outcomes.append("queued")
        except OnboardingRefused as refused:
            outcomes.append(refused.errors["slug"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("queued") == 1, outcomes
    assert ProvisioningJob.objects.filter(slug="idrott").count() == 1
    assert len(queued) == 1
